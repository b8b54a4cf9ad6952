import type { Db } from '../../db/client.js';
import { GROUP_LIMITS, GroupInput, type LifecycleState } from '../../../schemas/group.js';
import { parseForm, readForm, type FormFailure } from '../../forms.js';
import type { GroupRow } from './groups.repository.js';
import { addTopic, loadVocabulary } from '../topics/topics.service.js';
import { associationOptions } from '../tenants/tenants.service.js';
import { resolveLabels, suggestTopics } from '../topics/vocabulary.js';
import type { GroupRecord, UserActor } from './groups.service.js';

export const splitList = (text: string) =>
	text
		.split(/[,;\n]/)
		.map((part) => part.trim())
		.filter(Boolean);

export type TopicProblem = { label: string; suggestions: string[] };

/**
 * Turns the group form into a record: typed topics are matched to the thesaurus by label or
 * synonym. An unknown word is refused with the nearest topics — unless the user chose to keep it
 * as a free keyword, which also proposes it as a new topic to the thesaurus editors.
 */
export async function groupRecordFromInput(
	{ db, actor }: { db: Db; actor: UserActor },
	input: GroupInput
): Promise<{ ok: true; record: GroupRecord } | { ok: false; issues: Record<string, string>; unknownTopics: TopicProblem[] }> {
	const vocabulary = await loadVocabulary(db, actor.tenantId);
	const { topicIds, unknown } = resolveLabels(vocabulary, splitList(input.topics));
	const keywords = splitList(input.keywords);
	if (unknown.length && !input.proposeUnknown) {
		return {
			ok: false,
			issues: { topics: 'group_topic_unknown' },
			unknownTopics: unknown.map((label) => ({ label, suggestions: suggestTopics(vocabulary, label).map((topic) => topic.labelDe) }))
		};
	}
	if (topicIds.length > GROUP_LIMITS.topics) return { ok: false, issues: { topics: 'group_topics_too_many' }, unknownTopics: [] };
	// only an office of kind "association" can be a group's association (and an unknown id is no office)
	if (input.associationId && !(await associationOptions(db)).some((option) => option.value === input.associationId))
		return { ok: false, issues: { associationId: 'error_invalid_choice' }, unknownTopics: [] };
	for (const label of unknown) {
		if (!keywords.includes(label)) keywords.push(label);
		await addTopic({ db, actor }, { labelDe: label, labelEn: '', category: 'social_situation', synonyms: [] }, { propose: true }).catch(
			() => undefined
		);
	}
	return {
		ok: true,
		record: {
			name: input.name,
			description: input.description,
			firstVisit: input.firstVisit,
			audiences: input.audiences,
			languages: input.languages.length ? input.languages : ['de'],
			keywords: keywords.slice(0, GROUP_LIMITS.keywords),
			topicIds,
			format: input.format,
			acceptingMembers: input.acceptingMembers,
			contactMode: input.contactMode,
			addressVisibility: input.addressVisibility,
			website: input.website,
			estimatedSize: input.estimatedSize ? Number(input.estimatedSize) : null,
			associationId: input.associationId || null
		}
	};
}

export const GROUP_FORM_OPTIONS = { lists: ['audiences', 'languages'], flags: ['acceptingMembers', 'proposeUnknown'] } as const;

/** The group form's parse step for every route that takes it (new, edit, propose). */
export async function parseGroupForm(
	ctx: { db: Db; actor: UserActor },
	form: FormData
): Promise<
	{ ok: true; record: GroupRecord; lifecycle: LifecycleState } | { ok: false; failure: FormFailure & { topicProblems: TopicProblem[] } }
> {
	const parsed = parseForm(GroupInput, form, GROUP_FORM_OPTIONS);
	if (!parsed.ok) return { ok: false, failure: { ...parsed.failure, topicProblems: [] } };
	const result = await groupRecordFromInput(ctx, parsed.data);
	if (!result.ok)
		return {
			ok: false,
			failure: { values: readForm(form, GROUP_FORM_OPTIONS).values, issues: result.issues, topicProblems: result.unknownTopics }
		};
	return { ok: true, record: result.record, lifecycle: parsed.data.lifecycle };
}

/** A group's current record as form values (lists joined by newlines, ticked boxes as "on"). */
export function groupFormValues(group: GroupRow, topicLabels: string[]): Record<string, string> {
	return {
		name: group.name,
		topics: topicLabels.join(', '),
		keywords: group.keywords.join(', '),
		description: group.description,
		firstVisit: group.firstVisit,
		audiences: group.audiences.join('\n'),
		languages: group.languages.join('\n'),
		format: group.format,
		...(group.acceptingMembers ? { acceptingMembers: 'on' } : {}),
		contactMode: group.contactMode,
		addressVisibility: group.addressVisibility,
		website: group.website,
		estimatedSize: group.estimatedSize === null ? '' : String(group.estimatedSize),
		associationId: group.associationId ?? ''
	};
}

export const NEW_GROUP_VALUES: Record<string, string> = {
	languages: 'de',
	format: 'in_person',
	acceptingMembers: 'on',
	contactMode: 'office',
	addressVisibility: 'approximate'
};
