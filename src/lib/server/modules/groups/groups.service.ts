import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { assertId, isUuid } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { instantToWall } from '../../../recurrence/index.js';
import { diff, recordAudit } from '../audit/audit.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { isPublicGroup } from '../directory/public-group.js';
import { normalizeTerm } from '../topics/vocabulary.js';
import type { AddressVisibility, Audience, ContactMode, GroupFormat, LifecycleState, ModerationState } from '../../../schemas/group.js';
import { groupHistory, groups, outdatedReports, supportEntries } from './groups.table.js';
import {
	contactsOf,
	findGroup,
	historyOf,
	listGroupRows,
	openReportsOf,
	proposalsOf,
	replaceGroupTopics,
	seriesOf,
	supportOf,
	takenSlugs,
	topicIdsOf,
	topicsOf,
	type GroupListFilter,
	type GroupRow
} from './groups.repository.js';
import { changeProposals } from './groups.table.js';

export type UserActor = Actor & { kind: 'user' };
export type GroupContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };

/** The editable part of a group's record (the form, a proposal and an import row all produce one). */
export type GroupRecord = {
	name: string;
	description: string;
	firstVisit: string;
	audiences: Audience[];
	languages: string[];
	keywords: string[];
	topicIds: string[];
	format: GroupFormat;
	acceptingMembers: boolean;
	contactMode: ContactMode;
	addressVisibility: AddressVisibility;
	website: string;
	estimatedSize: number | null;
	associationId: string | null;
};

export const emptyGroupRecord = (name: string): GroupRecord => ({
	name,
	description: '',
	firstVisit: '',
	audiences: [],
	languages: ['de'],
	keywords: [],
	topicIds: [],
	format: 'in_person',
	acceptingMembers: true,
	contactMode: 'office',
	addressVisibility: 'approximate',
	website: '',
	estimatedSize: null,
	associationId: null
});

const NAME_NOISE = /\b(selbsthilfegruppe|selbsthilfe|shg|gruppe|e v|ev)\b/g;

/** Two records with the same key are probably the same group (import duplicate detection). */
export function dedupeKey(name: string): string {
	const key = normalizeTerm(name).replace(NAME_NOISE, ' ').replace(/\s+/g, ' ').trim();
	return key || normalizeTerm(name);
}

/** The calendar date in Berlin ("2026-11-30") of an instant. */
export const today = (now: Date) => instantToWall(now).date;

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** Slugs for new groups, unique across all offices: "name-ort", then "name-ort-2" … */
export async function uniqueGroupSlugs(tx: Tx, bases: string[]): Promise<string[]> {
	const result: string[] = [];
	const used = new Set<string>();
	const candidatesOf = (base: string) => [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
	const taken = await takenSlugs(tx, [...new Set(bases.flatMap(candidatesOf))]);
	for (const base of bases) {
		let slug = candidatesOf(base).find((candidate) => !taken.has(candidate) && !used.has(candidate));
		while (!slug) {
			const candidate = `${base}-${Math.random().toString(36).slice(2, 7)}`;
			if (!used.has(candidate) && !(await takenSlugs(tx, [candidate])).size) slug = candidate;
		}
		used.add(slug);
		result.push(slug);
	}
	return result;
}

function groupValues(record: GroupRecord) {
	const { topicIds: _topicIds, ...values } = record;
	return { ...values, dedupeKey: dedupeKey(record.name) };
}

async function history(
	tx: Tx,
	actor: Actor,
	group: { id: string; tenantId: string },
	entry: { kind: 'lifecycle' | 'moderation' | 'confirmation'; from: string | null; to: string; on: string; note?: string }
) {
	await tx.insert(groupHistory).values({
		tenantId: group.tenantId,
		groupId: group.id,
		kind: entry.kind,
		fromState: entry.from,
		toState: entry.to,
		effectiveOn: entry.on,
		note: entry.note ?? '',
		actorLabel: actor.label
	});
}

/**
 * Creates a group inside an open tenant transaction. Staff's own entries and staff imports publish
 * directly (the review step is for changes proposed from outside the office) unless saved as draft.
 */
export async function insertGroup(
	tx: Tx,
	actor: Actor,
	tenantId: string,
	record: GroupRecord,
	options: { moderation: ModerationState; lifecycle: LifecycleState; slug: string; now: Date; reviewNote?: string; confirmed?: boolean }
): Promise<{ id: string; slug: string }> {
	const on = today(options.now);
	const [row] = await tx
		.insert(groups)
		.values({
			...groupValues(record),
			tenantId,
			slug: options.slug,
			lifecycle: options.lifecycle,
			lifecycleSince: on,
			moderation: options.moderation,
			reviewNote: options.reviewNote ?? '',
			publishedAt: options.moderation === 'published' ? options.now : null,
			confirmedAt: options.confirmed === false ? null : options.now,
			createdAt: options.now,
			updatedAt: options.now
		})
		.returning({ id: groups.id, slug: groups.slug });
	if (!row) throw new Error('insert failed');
	await replaceGroupTopics(tx, tenantId, row.id, record.topicIds);
	await history(tx, actor, { id: row.id, tenantId }, { kind: 'lifecycle', from: null, to: options.lifecycle, on });
	await history(tx, actor, { id: row.id, tenantId }, { kind: 'moderation', from: null, to: options.moderation, on });
	return row;
}

export async function createGroup(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	record: GroupRecord,
	options: { draft?: boolean; lifecycle?: LifecycleState; city?: string } = {}
): Promise<{ id: string; slug: string }> {
	assertCan(actor, 'groups.edit');
	return inScope(db, tenantScope(actor), async (tx) => {
		const [slug] = await uniqueGroupSlugs(tx, [slugify(options.city ? `${record.name} ${options.city}` : record.name)]);
		const created = await insertGroup(tx, actor, actor.tenantId, record, {
			moderation: options.draft ? 'draft' : 'published',
			lifecycle: options.lifecycle ?? 'active',
			slug: slug ?? slugify(record.name),
			now
		});
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'group', entityId: created.id, changes: { ...record } },
			requestId
		);
		return created;
	});
}

/** Loads a group to change it: its row stays locked until the transaction ends (see findGroup). */
async function loadForChange(tx: Tx, actor: UserActor, id: string, expectedVersion?: number): Promise<GroupRow> {
	const group = await findGroup(tx, actor.tenantId, id, { forUpdate: true });
	if (!group) throw new AppError('not_found', 'group not found');
	if (expectedVersion !== undefined && group.version !== expectedVersion)
		throw new AppError('conflict', 'group changed meanwhile', { version: group.version });
	return group;
}

/** Applies an edited record; `expectedVersion` refuses to overwrite a change made meanwhile. */
export async function applyGroupRecord(tx: Tx, actor: UserActor, group: GroupRow, record: GroupRecord, now: Date, requestId?: string) {
	// topics are a set: the same topics in another order (the form lists them by label) are no change
	const beforeTopics = (await topicIdsOf(tx, group.id)).sort();
	const changes: Record<string, unknown> = diff({ ...group, topicIds: beforeTopics } as Record<string, unknown>, {
		...record,
		topicIds: [...record.topicIds].sort()
	});
	if (!Object.keys(changes).length) return changes;
	await tx
		.update(groups)
		.set({ ...groupValues(record), version: group.version + 1, updatedAt: now })
		.where(eq(groups.id, group.id));
	if ('topicIds' in changes) await replaceGroupTopics(tx, group.tenantId, group.id, record.topicIds);
	await recordAudit(tx, actor, { tenantId: group.tenantId, action: 'update', entity: 'group', entityId: group.id, changes }, requestId);
	return changes;
}

export async function updateGroup(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	id: string,
	record: GroupRecord,
	expectedVersion?: number
): Promise<{ changed: string[] }> {
	assertCan(actor, 'groups.edit');
	return inScope(db, tenantScope(actor), async (tx) => {
		const group = await loadForChange(tx, actor, id, expectedVersion);
		const changes = await applyGroupRecord(tx, actor, group, record, now, requestId);
		return { changed: Object.keys(changes) };
	});
}

/** interest → founding → active → paused → dissolved; any step may be taken back (a paused group resumes). */
export async function changeLifecycle(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	id: string,
	change: { status: LifecycleState; since: string; note?: string }
): Promise<void> {
	assertCan(actor, 'groups.edit');
	if (change.since > today(now)) throw new AppError('invalid', 'date in the future', { field: 'since', code: 'group_since_future' });
	await inScope(db, tenantScope(actor), async (tx) => {
		const group = await loadForChange(tx, actor, id);
		if (group.lifecycle === change.status) return;
		await tx
			.update(groups)
			.set({ lifecycle: change.status, lifecycleSince: change.since, version: group.version + 1, updatedAt: now })
			.where(eq(groups.id, id));
		await history(tx, actor, group, {
			kind: 'lifecycle',
			from: group.lifecycle,
			to: change.status,
			on: change.since,
			note: change.note ?? ''
		});
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'group',
				entityId: id,
				changes: { lifecycle: [group.lifecycle, change.status] }
			},
			requestId
		);
	});
}

async function setModeration(tx: Tx, actor: Actor, group: GroupRow, state: ModerationState, now: Date, note = '', requestId?: string) {
	if (group.moderation === state) return;
	await tx
		.update(groups)
		.set({
			moderation: state,
			publishedAt: state === 'published' ? now : group.publishedAt,
			// publishing again after a stale entry was hidden counts as a confirmation by staff
			// (and ends the last round of requests, so the group is asked again in a year)
			...(state === 'published' ? { staleSince: null, confirmedAt: now, confirmationRequestedAt: null } : {}),
			version: group.version + 1,
			updatedAt: now
		})
		.where(eq(groups.id, group.id));
	await history(tx, actor, group, { kind: 'moderation', from: group.moderation, to: state, on: today(now), note });
	await recordAudit(
		tx,
		actor,
		{ tenantId: group.tenantId, action: 'update', entity: 'group', entityId: group.id, changes: { moderation: [group.moderation, state] } },
		requestId
	);
}

/** At most this many groups in one bulk action (the list shows 50 per page). */
export const MAX_BULK = 200;

/** The ids of a bulk action, once each and sorted (rows are locked in one order, so two bulk actions cannot deadlock). */
function bulkIds(ids: string[]): string[] {
	const unique = [...new Set(ids)].sort();
	if (unique.length > MAX_BULK) throw new AppError('invalid', 'too many groups', { code: 'error_invalid_choice' });
	return unique;
}

/** Publishes, hides or returns to draft one or several groups of the office (all or none). */
export async function changeModeration(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	ids: string[],
	state: ModerationState,
	note = ''
): Promise<number> {
	assertCan(actor, 'groups.edit');
	const unique = bulkIds(ids);
	return inScope(db, tenantScope(actor), async (tx) => {
		let changed = 0;
		for (const id of unique) {
			const group = await loadForChange(tx, actor, id);
			if (group.moderation !== state) changed++;
			await setModeration(tx, actor, group, state, now, note, requestId);
		}
		return changed;
	});
}

/** Staff confirm that the entries are still correct (GRP-3). */
export async function confirmGroups(ctx: GroupContext, ids: string[]): Promise<void> {
	assertCan(ctx.actor, 'groups.edit');
	await confirmEntries(ctx, ids);
}

/** Marks entries confirmed; the caller has checked that the actor may (staff, or the group's contact person). */
export async function confirmEntries({ db, actor, now = new Date(), requestId }: GroupContext, ids: string[]): Promise<void> {
	const unique = bulkIds(ids);
	await inScope(db, tenantScope(actor), async (tx) => {
		for (const id of unique) {
			const group = await loadForChange(tx, actor, id);
			await tx
				.update(groups)
				.set({ confirmedAt: now, staleSince: null, confirmationRequestedAt: null, updatedAt: now })
				.where(eq(groups.id, id));
			await history(tx, actor, group, { kind: 'confirmation', from: null, to: 'confirmed', on: today(now) });
			await recordAudit(
				tx,
				actor,
				{ tenantId: actor.tenantId, action: 'update', entity: 'group', entityId: id, changes: { confirmedAt: now } },
				requestId
			);
		}
	});
}

export async function listGroups(db: Db, actor: UserActor, filter: GroupListFilter) {
	assertCan(actor, 'groups.read');
	return inScope(db, tenantScope(actor), async (tx) => {
		const list = await listGroupRows(tx, actor.tenantId, filter);
		const ids = list.rows.map((row) => row.id);
		// one query after another: a transaction is one connection
		const series = await seriesOf(tx, ids);
		const groupTopics = await topicsOf(tx, ids);
		return {
			...list,
			rows: list.rows.map((row) => ({
				...row,
				topics: groupTopics.filter((topic) => topic.groupId === row.id),
				places: [
					...new Set(series.filter((s) => s.groupId === row.id).map((s) => (s.locationKind === 'address' ? s.city : s.locationKind)))
				]
			}))
		};
	});
}

/** Everything about one group on one screen (GRP-1 … GRP-4). */
export async function getGroupDetail(db: Db, actor: UserActor, id: string) {
	assertCan(actor, 'groups.read');
	assertId(id, 'group');
	return inScope(db, tenantScope(actor), async (tx) => {
		const group = await findGroup(tx, actor.tenantId, id);
		if (!group) throw new AppError('not_found', 'group not found');
		const series = await seriesOf(tx, [id]);
		const topicRows = await topicsOf(tx, [id]);
		// volunteers may read a group's record, but not how to reach its people (need to know)
		const mayReach = can(actor.role, 'groups.edit');
		const contacts = (await contactsOf(tx, id)).map((c) => (mayReach ? c : { ...c, email: '', phone: '' }));
		const historyRows = await historyOf(tx, id);
		const support = await supportOf(tx, id);
		const proposals = await proposalsOf(tx, eq(changeProposals.groupId, id));
		const reports = await openReportsOf(tx, eq(outdatedReports.groupId, id));
		return { group, series, topics: topicRows, contacts, history: historyRows, support, proposals, reports };
	});
}

export async function addSupportEntry(
	{ db, actor, requestId }: GroupContext,
	groupId: string,
	entry: { kind: string; on: string; minutes: number; note: string }
): Promise<void> {
	assertCan(actor, 'groups.edit');
	await inScope(db, tenantScope(actor), async (tx) => {
		await loadForChange(tx, actor, groupId);
		const [row] = await tx
			.insert(supportEntries)
			.values({ tenantId: actor.tenantId, groupId, ...entry, staffLabel: actor.label })
			.returning({ id: supportEntries.id });
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'support_entry', entityId: row?.id ?? null, changes: { groupId, ...entry } },
			requestId
		);
	});
}

/** The open review queue of the office: proposals from group contacts and "outdated" reports. */
export async function reviewQueue(db: Db, actor: UserActor) {
	assertCan(actor, 'groups.read');
	return inScope(db, tenantScope(actor), async (tx) => {
		const proposals = await proposalsOf(
			tx,
			and(eq(changeProposals.tenantId, actor.tenantId), eq(changeProposals.status, 'pending')) ?? sql`true`
		);
		const reports = await openReportsOf(
			tx,
			and(eq(outdatedReports.tenantId, actor.tenantId), sql`${outdatedReports.resolvedAt} is null`) ?? sql`true`
		);
		return { proposals, reports };
	});
}

/** Anyone can report a public entry as outdated (the form on the group page). */
export async function reportOutdated(db: Db, groupSlug: string, message: string): Promise<void> {
	await inScope(db, { kind: 'system' }, async (tx) => {
		const [group] = await tx
			.select({
				id: groups.id,
				tenantId: groups.tenantId,
				moderation: groups.moderation,
				lifecycle: groups.lifecycle,
				officePublished: tenants.published
			})
			.from(groups)
			.innerJoin(tenants, eq(tenants.id, groups.tenantId))
			.where(eq(groups.slug, groupSlug));
		if (!group || !isPublicGroup(group, group.officePublished)) throw new AppError('not_found', 'group not found');
		await tx.insert(outdatedReports).values({ tenantId: group.tenantId, groupId: group.id, message });
	});
}

export async function resolveReport(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	reportId: string,
	resolution: string
): Promise<void> {
	assertCan(actor, 'groups.edit');
	assertId(reportId, 'report');
	await inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.update(outdatedReports)
			.set({ resolvedAt: now, resolvedByLabel: actor.label, resolution })
			.where(
				and(eq(outdatedReports.id, reportId), eq(outdatedReports.tenantId, actor.tenantId), sql`${outdatedReports.resolvedAt} is null`)
			)
			.returning({ id: outdatedReports.id, groupId: outdatedReports.groupId });
		if (!row) throw new AppError('not_found', 'report not found');
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'outdated_report', entityId: reportId, changes: { resolution } },
			requestId
		);
	});
}

export async function groupNames(db: Db, actor: UserActor, candidates: string[]): Promise<Map<string, string>> {
	const ids = candidates.filter(isUuid);
	if (!ids.length) return new Map();
	return inScope(db, tenantScope(actor), async (tx) => {
		const rows = await tx
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.where(and(eq(groups.tenantId, actor.tenantId), inArray(groups.id, ids)));
		return new Map(rows.map((row) => [row.id, row.name]));
	});
}

/** The figures on the back-office start page: what is there and what needs someone's attention. */
export async function groupOverview(db: Db, actor: UserActor) {
	assertCan(actor, 'groups.read');
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.select({
				published: sql<number>`count(*) filter (where ${groups.moderation} = 'published')::int`,
				drafts: sql<number>`count(*) filter (where ${groups.moderation} = 'draft')::int`,
				founding: sql<number>`count(*) filter (where ${groups.lifecycle} = 'founding')::int`,
				unconfirmed: sql<number>`count(*) filter (where ${groups.moderation} = 'published' and (${groups.confirmedAt} is null or ${groups.confirmedAt} < now() - interval '12 months'))::int`,
				stale: sql<number>`count(*) filter (where ${groups.staleSince} is not null)::int`
			})
			.from(groups)
			.where(eq(groups.tenantId, actor.tenantId));
		const [proposals] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(changeProposals)
			.where(and(eq(changeProposals.tenantId, actor.tenantId), eq(changeProposals.status, 'pending')));
		const [reports] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(outdatedReports)
			.where(and(eq(outdatedReports.tenantId, actor.tenantId), sql`${outdatedReports.resolvedAt} is null`));
		return {
			...(row ?? { published: 0, drafts: 0, founding: 0, unconfirmed: 0, stale: 0 }),
			toReview: (proposals?.n ?? 0) + (reports?.n ?? 0)
		};
	});
}
