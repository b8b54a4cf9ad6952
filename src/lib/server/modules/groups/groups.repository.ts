import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../../db/client.js';
import { isUuid } from '../../ids.js';
import { topics } from '../topics/topics.table.js';
import {
	changeProposals,
	consents,
	contactPersons,
	groupHistory,
	groups,
	groupTopics,
	meetingSeries,
	outdatedReports,
	supportEntries
} from './groups.table.js';

export const groupColumns = {
	id: groups.id,
	tenantId: groups.tenantId,
	slug: groups.slug,
	name: groups.name,
	description: groups.description,
	firstVisit: groups.firstVisit,
	audiences: groups.audiences,
	languages: groups.languages,
	keywords: groups.keywords,
	format: groups.format,
	acceptingMembers: groups.acceptingMembers,
	lifecycle: groups.lifecycle,
	lifecycleSince: groups.lifecycleSince,
	moderation: groups.moderation,
	contactMode: groups.contactMode,
	addressVisibility: groups.addressVisibility,
	associationId: groups.associationId,
	estimatedSize: groups.estimatedSize,
	website: groups.website,
	reviewNote: groups.reviewNote,
	confirmedAt: groups.confirmedAt,
	staleSince: groups.staleSince,
	confirmationRequestedAt: groups.confirmationRequestedAt,
	publishedAt: groups.publishedAt,
	version: groups.version,
	createdAt: groups.createdAt,
	updatedAt: groups.updatedAt
};

export type GroupRow = {
	id: string;
	tenantId: string;
	slug: string;
	name: string;
	description: string;
	firstVisit: string;
	audiences: string[];
	languages: string[];
	keywords: string[];
	format: string;
	acceptingMembers: boolean;
	lifecycle: string;
	lifecycleSince: string | null;
	moderation: string;
	contactMode: string;
	addressVisibility: string;
	associationId: string | null;
	estimatedSize: number | null;
	website: string;
	reviewNote: string;
	confirmedAt: Date | null;
	staleSince: Date | null;
	confirmationRequestedAt: Date | null;
	publishedAt: Date | null;
	version: number;
	createdAt: Date;
	updatedAt: Date;
};

/**
 * One group of the office. `forUpdate` locks its row until the transaction ends, so that a change
 * that checks the version it read (optimistic concurrency) cannot interleave with another change.
 */
export async function findGroup(
	tx: Queryable,
	tenantId: string,
	id: string,
	options: { forUpdate?: boolean } = {}
): Promise<GroupRow | undefined> {
	if (!isUuid(id)) return undefined;
	const query = tx
		.select(groupColumns)
		.from(groups)
		.where(and(eq(groups.tenantId, tenantId), eq(groups.id, id)));
	const [row] = options.forUpdate ? await query.for('update') : await query;
	return row;
}

export async function topicIdsOf(tx: Queryable, groupId: string): Promise<string[]> {
	const rows = await tx.select({ id: groupTopics.topicId }).from(groupTopics).where(eq(groupTopics.groupId, groupId));
	return rows.map((row) => row.id);
}

export async function replaceGroupTopics(tx: Queryable, tenantId: string, groupId: string, topicIds: string[]): Promise<void> {
	await tx.delete(groupTopics).where(eq(groupTopics.groupId, groupId));
	if (topicIds.length) await tx.insert(groupTopics).values(topicIds.map((topicId) => ({ tenantId, groupId, topicId })));
}

export async function takenSlugs(tx: Queryable, candidates: string[]): Promise<Set<string>> {
	if (!candidates.length) return new Set();
	const result = await tx.execute(sql`select treffpunkt_group_slugs_taken(${`{${candidates.join(',')}}`}::text[]) as slug`);
	return new Set(rowsOf<{ slug: string }>(result).map((row) => row.slug));
}

export const seriesColumns = {
	id: meetingSeries.id,
	groupId: meetingSeries.groupId,
	recurrence: meetingSeries.recurrence,
	scheduleText: meetingSeries.scheduleText,
	locationKind: meetingSeries.locationKind,
	street: meetingSeries.street,
	postalCode: meetingSeries.postalCode,
	city: meetingSeries.city,
	district: meetingSeries.district,
	lat: meetingSeries.lat,
	lon: meetingSeries.lon,
	stepFree: meetingSeries.stepFree,
	accessibleToilet: meetingSeries.accessibleToilet,
	hearingLoop: meetingSeries.hearingLoop,
	signLanguage: meetingSeries.signLanguage,
	position: meetingSeries.position
};

export async function seriesOf(tx: Queryable, groupIds: string[]) {
	if (!groupIds.length) return [];
	return tx
		.select(seriesColumns)
		.from(meetingSeries)
		.where(inArray(meetingSeries.groupId, groupIds))
		.orderBy(asc(meetingSeries.position), asc(meetingSeries.createdAt));
}

export async function topicsOf(tx: Queryable, groupIds: string[]) {
	if (!groupIds.length) return [];
	return tx
		.select({ groupId: groupTopics.groupId, id: topics.id, labelDe: topics.labelDe, labelEn: topics.labelEn, category: topics.category })
		.from(groupTopics)
		.innerJoin(topics, eq(topics.id, groupTopics.topicId))
		.where(inArray(groupTopics.groupId, groupIds))
		.orderBy(asc(topics.labelDe));
}

export async function contactsOf(tx: Queryable, groupId: string) {
	return tx
		.select({
			id: contactPersons.id,
			name: contactPersons.name,
			email: contactPersons.email,
			phone: contactPersons.phone,
			userId: contactPersons.userId,
			consentId: consents.id,
			consentSource: consents.source,
			consentGivenOn: consents.givenOn,
			consentRecordedBy: consents.recordedBy,
			consentWithdrawnAt: consents.withdrawnAt
		})
		.from(contactPersons)
		.leftJoin(consents, eq(consents.contactPersonId, contactPersons.id))
		.where(eq(contactPersons.groupId, groupId))
		.orderBy(asc(contactPersons.createdAt));
}

export async function historyOf(tx: Queryable, groupId: string) {
	return tx
		.select({
			id: groupHistory.id,
			kind: groupHistory.kind,
			fromState: groupHistory.fromState,
			toState: groupHistory.toState,
			effectiveOn: groupHistory.effectiveOn,
			note: groupHistory.note,
			actorLabel: groupHistory.actorLabel,
			at: groupHistory.at
		})
		.from(groupHistory)
		.where(eq(groupHistory.groupId, groupId))
		.orderBy(desc(groupHistory.at), desc(groupHistory.id));
}

export async function supportOf(tx: Queryable, groupId: string) {
	return tx
		.select({
			id: supportEntries.id,
			kind: supportEntries.kind,
			on: supportEntries.on,
			minutes: supportEntries.minutes,
			staffLabel: supportEntries.staffLabel,
			note: supportEntries.note
		})
		.from(supportEntries)
		.where(eq(supportEntries.groupId, groupId))
		.orderBy(desc(supportEntries.on));
}

export async function proposalsOf(tx: Queryable, where: SQL) {
	return tx
		.select({
			id: changeProposals.id,
			groupId: changeProposals.groupId,
			groupName: groups.name,
			proposedByLabel: changeProposals.proposedByLabel,
			baseVersion: changeProposals.baseVersion,
			changes: changeProposals.changes,
			status: changeProposals.status,
			comment: changeProposals.comment,
			decidedByLabel: changeProposals.decidedByLabel,
			decidedAt: changeProposals.decidedAt,
			createdAt: changeProposals.createdAt
		})
		.from(changeProposals)
		.innerJoin(groups, eq(groups.id, changeProposals.groupId))
		.where(where)
		.orderBy(desc(changeProposals.createdAt));
}

export async function openReportsOf(tx: Queryable, where: SQL) {
	return tx
		.select({
			id: outdatedReports.id,
			groupId: outdatedReports.groupId,
			groupName: groups.name,
			message: outdatedReports.message,
			createdAt: outdatedReports.createdAt,
			resolvedAt: outdatedReports.resolvedAt,
			resolution: outdatedReports.resolution
		})
		.from(outdatedReports)
		.innerJoin(groups, eq(groups.id, outdatedReports.groupId))
		.where(where)
		.orderBy(desc(outdatedReports.createdAt));
}

export type GroupListFilter = {
	q?: string;
	topic?: string;
	lifecycle?: string;
	moderation?: string;
	format?: string;
	attention?: '' | 'stale' | 'review' | 'unconfirmed';
	sort?: 'name' | 'updated' | 'confirmed' | 'lifecycle';
	dir?: 'asc' | 'desc';
	page?: number;
	pageSize?: number;
};

function listConditions(tenantId: string, filter: GroupListFilter): SQL | undefined {
	const q = filter.q?.trim().replace(/[%_\\]/g, '\\$&');
	return and(
		eq(groups.tenantId, tenantId),
		q
			? or(
					ilike(groups.name, `%${q}%`),
					sql`exists (select 1 from ${meetingSeries} ms where ms.group_id = ${groups.id} and (ms.postal_code like ${`${q}%`} or ms.city ilike ${`${q}%`}))`
				)
			: undefined,
		filter.topic && isUuid(filter.topic)
			? sql`exists (select 1 from ${groupTopics} gt where gt.group_id = ${groups.id} and gt.topic_id = ${filter.topic})`
			: undefined,
		filter.lifecycle ? eq(groups.lifecycle, filter.lifecycle) : undefined,
		filter.moderation ? eq(groups.moderation, filter.moderation) : undefined,
		filter.format ? eq(groups.format, filter.format) : undefined,
		filter.attention === 'stale' ? isNotNull(groups.staleSince) : undefined,
		filter.attention === 'review' ? or(eq(groups.moderation, 'review'), sql`${groups.reviewNote} <> ''`) : undefined,
		filter.attention === 'unconfirmed'
			? sql`(${groups.confirmedAt} is null or ${groups.confirmedAt} < now() - interval '12 months')`
			: undefined
	);
}

export async function listGroupRows(tx: Queryable, tenantId: string, filter: GroupListFilter) {
	const where = listConditions(tenantId, filter);
	const pageSize = filter.pageSize ?? 50;
	const page = Math.max(1, filter.page ?? 1);
	const direction = filter.dir === 'desc' ? desc : asc;
	const order =
		filter.sort === 'updated'
			? [direction(groups.updatedAt)]
			: filter.sort === 'confirmed'
				? [sql`${groups.confirmedAt} ${sql.raw(filter.dir === 'desc' ? 'desc nulls last' : 'asc nulls first')}`]
				: filter.sort === 'lifecycle'
					? [direction(groups.lifecycle), asc(groups.name)]
					: [direction(sql`lower(${groups.name})`)];
	const rows = await tx
		.select({
			id: groups.id,
			slug: groups.slug,
			name: groups.name,
			lifecycle: groups.lifecycle,
			moderation: groups.moderation,
			format: groups.format,
			confirmedAt: groups.confirmedAt,
			staleSince: groups.staleSince,
			reviewNote: groups.reviewNote,
			updatedAt: groups.updatedAt
		})
		.from(groups)
		.where(where)
		.orderBy(...order, asc(groups.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	const [total] = await tx.select({ n: count() }).from(groups).where(where);
	return { rows, total: total?.n ?? 0, page, pageSize };
}
