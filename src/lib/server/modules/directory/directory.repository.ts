import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../../db/client.js';
import { groups, groupTopics, meetingSeries } from '../groups/groups.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { topicBroader, topics } from '../topics/topics.table.js';
import { seriesColumns } from '../groups/groups.repository.js';
import { accessibilityOf, PUBLIC_LIFECYCLES, publicPlace } from './public-group.js';
import type { DirectoryGroup } from './search-index.js';

/** Queries of the directory's search index: public groups in bulk, the thesaurus, the change feed. */

/**
 * The SQL form of `isPublicGroup` for queries over many groups (paging, counting, sitemaps):
 * published by staff, in a public lifecycle state, of a published office. The rows listed with it
 * are checked again with `isPublicGroup` itself (counts rely on the SQL alone), and the tests
 * compare the pages and the sitemap against `isPublicGroup`, so the two cannot drift apart unnoticed.
 */
export function publicGroupWhere(): SQL {
	return sql`${groups.moderation} = 'published' and ${groups.lifecycle} in (${sql.join(
		PUBLIC_LIFECYCLES.map((state) => sql`${state}`),
		sql`, `
	)}) and exists (select 1 from ${tenants} o where o.id = ${groups.tenantId} and o.published)`;
}

const publicWhere = publicGroupWhere();

/** Public groups, all (`ids` undefined) or the given ones; with their series and topics. */
export async function loadPublicGroups(tx: Queryable, ids?: string[]): Promise<DirectoryGroup[]> {
	const rows = await tx
		.select({
			id: groups.id,
			slug: groups.slug,
			name: groups.name,
			description: groups.description,
			firstVisit: groups.firstVisit,
			keywords: groups.keywords,
			audiences: groups.audiences,
			languages: groups.languages,
			format: groups.format,
			acceptingMembers: groups.acceptingMembers,
			lifecycle: groups.lifecycle,
			addressVisibility: groups.addressVisibility,
			officeId: tenants.id,
			officeSlug: tenants.slug,
			officeName: tenants.name,
			officePhone: tenants.phone,
			federalState: tenants.federalState,
			confirmedAt: groups.confirmedAt,
			updatedAt: groups.updatedAt
		})
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(ids ? and(publicWhere, inArray(groups.id, ids)) : publicWhere);
	if (!rows.length) return [];
	const wanted = ids ? rows.map((r) => r.id) : undefined;
	const seriesRows = await tx
		.select(seriesColumns)
		.from(meetingSeries)
		.innerJoin(groups, eq(groups.id, meetingSeries.groupId))
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(wanted ? and(publicWhere, inArray(meetingSeries.groupId, wanted)) : publicWhere)
		.orderBy(asc(meetingSeries.position), asc(meetingSeries.createdAt));
	const topicRows = await tx
		.select({ groupId: groupTopics.groupId, topicId: groupTopics.topicId })
		.from(groupTopics)
		.innerJoin(groups, eq(groups.id, groupTopics.groupId))
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(wanted ? and(publicWhere, inArray(groupTopics.groupId, wanted)) : publicWhere);

	const byGroup = new Map<string, DirectoryGroup>();
	for (const { addressVisibility: _visibility, ...row } of rows) {
		byGroup.set(row.id, {
			...row,
			topicIds: [],
			confirmedAt: row.confirmedAt ? row.confirmedAt.toISOString() : null,
			updatedAt: row.updatedAt.toISOString(),
			series: []
		});
	}
	const visibility = new Map(rows.map((r) => [r.id, r.addressVisibility]));
	for (const s of seriesRows) {
		const group = byGroup.get(s.groupId);
		if (!group) continue;
		group.series.push({
			recurrence: s.recurrence,
			scheduleText: s.scheduleText,
			place: publicPlace(s, visibility.get(s.groupId) ?? 'hidden'),
			lat: s.locationKind === 'address' ? s.lat : null,
			lon: s.locationKind === 'address' ? s.lon : null,
			accessibility: accessibilityOf(s)
		});
	}
	for (const t of topicRows) byGroup.get(t.groupId)?.topicIds.push(t.topicId);
	return [...byGroup.values()];
}

/** Ids of public groups after `afterId` in id order: the full load reads the directory in batches. */
export async function publicGroupIds(tx: Queryable, afterId: string | null, limit: number): Promise<string[]> {
	const rows = await tx
		.select({ id: groups.id })
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(afterId ? and(publicWhere, sql`${groups.id} > ${afterId}`) : publicWhere)
		.orderBy(asc(groups.id))
		.limit(limit);
	return rows.map((row) => row.id);
}

/** Active topics of every office (the public search understands all of them) and their hierarchy. */
export async function loadThesaurus(tx: Queryable) {
	const topicRows = await tx
		.select({
			id: topics.id,
			key: topics.key,
			labelDe: topics.labelDe,
			labelEn: topics.labelEn,
			category: topics.category,
			synonyms: topics.synonyms
		})
		.from(topics)
		.where(eq(topics.status, 'active'));
	const broader = await tx.select({ topicId: topicBroader.topicId, broaderId: topicBroader.broaderId }).from(topicBroader);
	return { topics: topicRows, broader };
}

/** The oldest transaction still running: every change of an older transaction is visible now. */
export async function changeHorizon(tx: Queryable): Promise<string> {
	const [row] = rowsOf<{ horizon: string }>(await tx.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`));
	return row!.horizon;
}

export type ChangeRow = { id: string; xid: string; kind: 'group' | 'topics'; groupId: string | null };

/**
 * Changes of transactions from `horizon` on, after change id `afterId`, in id order (some may have
 * been read before: callers skip the ids they know).
 */
export async function changesSince(tx: Queryable, horizon: string, afterId: string, limit: number): Promise<ChangeRow[]> {
	return rowsOf<ChangeRow>(
		await tx.execute(
			sql`select id::text as id, xid::text as xid, kind, group_id::text as "groupId" from directory_changes where xid >= ${horizon}::xid8 and id > ${afterId}::bigint order by id limit ${limit}`
		)
	);
}

/** Forgets changes older than `before` (every process has read them by then). */
export async function pruneChanges(tx: Queryable, before: Date): Promise<void> {
	await tx.execute(sql`delete from directory_changes where created_at < ${before.toISOString()}::timestamptz`);
}

/** The long texts of a public group (the index keeps only a summary). */
export async function publicGroupTexts(tx: Queryable, id: string): Promise<{ description: string; firstVisit: string } | null> {
	const [row] = await tx
		.select({ description: groups.description, firstVisit: groups.firstVisit })
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(and(publicWhere, eq(groups.id, id)));
	return row ?? null;
}
