import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { topicBroader, topics } from './topics.table.js';
import { buildVocabulary, normalizeTerm, type Vocabulary, type VocabularyTopic } from './vocabulary.js';

import { TOPIC_CATEGORIES, type TopicCategory } from '../../../schemas/topic.js';

export { TOPIC_CATEGORIES, type TopicCategory };

/** The office and its ancestors, nearest first: an office inherits the topics of the offices above it. */
export async function officeLineage(tx: Queryable, tenantId: string): Promise<string[]> {
	const rows = await tx.execute(sql`
		with recursive up(id, parent_id, depth) as (
			select id, parent_id, 0 from ${tenants} where id = ${tenantId}
			union all select t.id, t.parent_id, up.depth + 1 from ${tenants} t join up on t.id = up.parent_id where up.depth < 10
		) select id from up order by depth`);
	return rowsOf<{ id: string }>(rows).map((row) => row.id);
}

const topicColumns = {
	id: topics.id,
	key: topics.key,
	labelDe: topics.labelDe,
	labelEn: topics.labelEn,
	category: topics.category,
	synonyms: topics.synonyms
};

/** The active topics an office works with: the national set, its ancestors' and its own. */
export async function visibleTopics(tx: Queryable, tenantId: string): Promise<VocabularyTopic[]> {
	const lineage = await officeLineage(tx, tenantId);
	return tx
		.select(topicColumns)
		.from(topics)
		.where(and(eq(topics.status, 'active'), or(isNull(topics.tenantId), inArray(topics.tenantId, lineage))))
		.orderBy(asc(topics.labelDe));
}

export async function loadVocabulary(db: Db, tenantId: string): Promise<Vocabulary> {
	return buildVocabulary(await inScope(db, { kind: 'tenant', tenantId }, (tx) => visibleTopics(tx, tenantId)));
}

export type TopicRow = VocabularyTopic & {
	tenantId: string | null;
	status: string;
	broader: string[];
	broaderIds: string[];
	narrowerCount: number;
};

/** The thesaurus as the topics page shows it, optionally filtered by a typed word or a category. */
export async function listTopics(db: Db, actor: Actor & { kind: 'user' }, filter: { q?: string; category?: string }): Promise<TopicRow[]> {
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const lineage = await officeLineage(tx, actor.tenantId);
		// an editor also sees the topics proposed by the offices below her
		const below = (await thesaurusEditableIn(tx, actor)) ? await officeDescendants(tx, actor.tenantId) : [];
		const rows = await tx
			.select({ ...topicColumns, tenantId: topics.tenantId, status: topics.status })
			.from(topics)
			.where(
				and(
					or(
						isNull(topics.tenantId),
						inArray(topics.tenantId, lineage),
						below.length ? and(inArray(topics.tenantId, below), eq(topics.status, 'proposed')) : undefined
					),
					filter.category ? eq(topics.category, filter.category) : undefined
				)
			)
			.orderBy(asc(topics.labelDe));
		const relations = await tx.select().from(topicBroader);
		const labelOf = new Map(rows.map((row) => [row.id, row.labelDe]));
		const wanted = normalizeTerm(filter.q ?? '');
		return rows
			.filter((row) => !wanted || [row.labelDe, row.labelEn, ...row.synonyms].some((term) => normalizeTerm(term).includes(wanted)))
			.map((row) => ({
				...row,
				broader: relations.filter((r) => r.topicId === row.id).map((r) => labelOf.get(r.broaderId) ?? ''),
				broaderIds: relations.filter((r) => r.topicId === row.id).map((r) => r.broaderId),
				narrowerCount: relations.filter((r) => r.broaderId === row.id).length
			}));
	});
}

/** State offices, associations and the top-level office may add topics and synonyms for everyone below them. */
export function mayEditThesaurus(officeKind: string, hasParent: boolean, role: string): boolean {
	return role === 'admin' && (officeKind === 'state_office' || officeKind === 'association' || !hasParent);
}

async function thesaurusEditableIn(tx: Queryable, actor: Actor & { kind: 'user' }): Promise<boolean> {
	const [office] = await tx.select({ kind: tenants.kind, parentId: tenants.parentId }).from(tenants).where(eq(tenants.id, actor.tenantId));
	return !!office && mayEditThesaurus(office.kind, office.parentId !== null, actor.role);
}

async function assertThesaurusEditor(tx: Queryable, actor: Actor & { kind: 'user' }) {
	if (!(await thesaurusEditableIn(tx, actor))) throw new AppError('forbidden', 'thesaurus is read-only here');
}

/** The offices below an office (its children, their children …). */
export async function officeDescendants(tx: Queryable, tenantId: string): Promise<string[]> {
	const rows = await tx.execute(sql`
		with recursive down(id, depth) as (
			select id, 0 from ${tenants} where parent_id = ${tenantId}
			union all select t.id, down.depth + 1 from ${tenants} t join down on t.parent_id = down.id where down.depth < 10
		) select id from down`);
	return rowsOf<{ id: string }>(rows).map((row) => row.id);
}

/**
 * An editor of the thesaurus (a state office's administrator) accepts a topic proposed by an office
 * below hers: it becomes her office's topic, so every office below inherits it.
 */
export async function acceptProposedTopic({ db, actor }: { db: Db; actor: Actor & { kind: 'user' } }, topicId: string): Promise<void> {
	assertId(topicId, 'topic');
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) => assertThesaurusEditor(tx, actor));
	await inScope(db, { kind: 'system' }, async (tx) => {
		const below = await officeDescendants(tx, actor.tenantId);
		const [topic] = await tx.select().from(topics).where(eq(topics.id, topicId));
		if (!topic || topic.status !== 'proposed' || !topic.tenantId || ![actor.tenantId, ...below].includes(topic.tenantId))
			throw new AppError('not_found', 'proposed topic not found');
		await tx
			.update(topics)
			.set({ tenantId: actor.tenantId, status: 'active', revision: topic.revision + 1, updatedAt: new Date() })
			.where(eq(topics.id, topicId));
		await recordAudit(tx, actor, {
			tenantId: actor.tenantId,
			action: 'update',
			entity: 'topic',
			entityId: topicId,
			changes: { status: ['proposed', 'active'], proposedBy: topic.tenantId }
		});
	});
}

export type TopicInput = { labelDe: string; labelEn: string; category: TopicCategory; synonyms: string[]; broaderId?: string };

/**
 * Adds a topic owned by the actor's office (its child offices inherit it). A staff member of any
 * office may instead propose one (status "proposed"), which an editor of the thesaurus accepts.
 */
export async function addTopic(
	{ db, actor }: { db: Db; actor: Actor & { kind: 'user' } },
	input: TopicInput,
	options: { propose?: boolean } = {}
): Promise<{ id: string; status: string }> {
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		if (!options.propose) await assertThesaurusEditor(tx, actor);
		const normal = normalizeTerm(input.labelDe);
		if (!normal) throw new AppError('invalid', 'label without letters', { field: 'labelDe', code: 'error_invalid_choice' });
		const vocabulary = buildVocabulary(await visibleTopics(tx, actor.tenantId));
		const key = `${normal.replace(/ /g, '-').slice(0, 50)}-${actor.tenantId.slice(0, 8)}`;
		// an active topic with this label or synonym, or the office's own topic (also a proposed one)
		const [sameKey] = await tx.select({ id: topics.id }).from(topics).where(eq(topics.key, key));
		if (vocabulary.byTerm.has(normal) || sameKey)
			throw new AppError('conflict', 'topic exists', { field: 'labelDe', code: 'topic_exists' });
		const status = options.propose ? 'proposed' : 'active';
		const [row] = await tx
			.insert(topics)
			.values({
				tenantId: actor.tenantId,
				key,
				labelDe: input.labelDe,
				labelEn: input.labelEn,
				category: input.category,
				synonyms: input.synonyms,
				status
			})
			.returning({ id: topics.id });
		if (!row) throw new Error('insert failed');
		if (input.broaderId) await tx.insert(topicBroader).values({ topicId: row.id, broaderId: input.broaderId });
		await recordAudit(tx, actor, {
			tenantId: actor.tenantId,
			action: 'create',
			entity: 'topic',
			entityId: row.id,
			changes: { ...input, status }
		});
		return { id: row.id, status };
	});
}

/** Changes the synonyms (and labels) of a topic the actor's office owns; accepts a proposed one. */
export async function updateTopic(
	{ db, actor }: { db: Db; actor: Actor & { kind: 'user' } },
	id: string,
	input: { labelDe: string; labelEn: string; synonyms: string[]; category?: TopicCategory; broaderId?: string | null; accept?: boolean }
): Promise<void> {
	assertId(id, 'topic');
	if (input.broaderId) assertId(input.broaderId, 'topic');
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		await assertThesaurusEditor(tx, actor);
		const [before] = await tx
			.select()
			.from(topics)
			.where(and(eq(topics.id, id), eq(topics.tenantId, actor.tenantId)));
		if (!before) throw new AppError('not_found', 'topic not found or not owned by this office');
		if (input.broaderId !== undefined) {
			if (input.broaderId) {
				const lineage = await officeLineage(tx, actor.tenantId);
				const [broader] = await tx
					.select({ id: topics.id })
					.from(topics)
					.where(and(eq(topics.id, input.broaderId), or(isNull(topics.tenantId), inArray(topics.tenantId, lineage))));
				// the broader topic must be visible here and must not lie below this topic (no cycles)
				const below = rowsOf<{ id: string }>(
					await tx.execute(sql`
						with recursive down(id, depth) as (
							select ${id}::uuid, 0
							union all select tb.topic_id, down.depth + 1 from ${topicBroader} tb join down on tb.broader_id = down.id where down.depth < 20
						) select id from down`)
				).map((row) => row.id);
				if (!broader || below.includes(input.broaderId))
					throw new AppError('invalid', 'bad broader topic', { field: 'broaderId', code: 'topics_broader_invalid' });
			}
			await tx.delete(topicBroader).where(eq(topicBroader.topicId, id));
			if (input.broaderId) await tx.insert(topicBroader).values({ topicId: id, broaderId: input.broaderId });
		}
		await tx
			.update(topics)
			.set({
				labelDe: input.labelDe,
				labelEn: input.labelEn,
				synonyms: input.synonyms,
				category: input.category ?? before.category,
				status: input.accept ? 'active' : before.status,
				revision: before.revision + 1,
				updatedAt: new Date()
			})
			.where(eq(topics.id, id));
		await recordAudit(tx, actor, {
			tenantId: actor.tenantId,
			action: 'update',
			entity: 'topic',
			entityId: id,
			changes: {
				labelDe: [before.labelDe, input.labelDe],
				synonyms: [before.synonyms, input.synonyms],
				category: [before.category, input.category ?? before.category],
				...(input.broaderId !== undefined ? { broaderId: input.broaderId } : {})
			}
		});
	});
}

/** Topics as select options: only ids and labels, for the filters of long lists. */
export async function visibleTopicOptions(db: Db, tenantId: string): Promise<{ value: string; labelDe: string; labelEn: string }[]> {
	return inScope(db, { kind: 'tenant', tenantId }, async (tx) => {
		const lineage = await officeLineage(tx, tenantId);
		return tx
			.select({ value: topics.id, labelDe: topics.labelDe, labelEn: topics.labelEn })
			.from(topics)
			.where(and(eq(topics.status, 'active'), or(isNull(topics.tenantId), inArray(topics.tenantId, lineage))))
			.orderBy(asc(topics.labelDe));
	});
}

/** Whether the actor may add and edit topics directly (otherwise she proposes them). */
export async function thesaurusEditable(db: Db, actor: Actor & { kind: 'user' }): Promise<boolean> {
	return inScope(db, { kind: 'system' }, (tx) => thesaurusEditableIn(tx, actor));
}
