import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { assertCan } from '../../auth/permissions.js';
import { describeRecurrence } from '../../../recurrence/index.js';
import { topics } from '../topics/topics.table.js';
import { writeCsv, writeXlsx, type GroupRowFields } from './spreadsheet/index.js';
import { listGroupRows, type GroupListFilter } from './groups.repository.js';
import { consents, contactPersons, groups, groupTopics, meetingSeries } from './groups.table.js';
import type { LifecycleState } from '../../../schemas/group.js';
import type { UserActor } from './groups.service.js';

/**
 * Export (GRP-6): the office's groups — all, or those matching the list's filters — in the same
 * columns the import reads, so that an export can be edited and imported again (matched by ID).
 * Contact data goes out only for persons whose consent is active.
 */
export async function exportGroupRows(db: Db, actor: UserActor, filter: GroupListFilter, locale: 'de' | 'en'): Promise<GroupRowFields[]> {
	assertCan(actor, 'groups.import');
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const { rows } = await listGroupRows(tx, actor.tenantId, { ...filter, page: 1, pageSize: 200_000 });
		const ids = rows.map((row) => row.id);
		if (!ids.length) return [];
		const records = new Map<string, GroupRowFields>();
		for (let i = 0; i < ids.length; i += 5000) {
			const chunk = ids.slice(i, i + 5000);
			// one query after another: a transaction is one connection
			const groupRows = await tx.select().from(groups).where(inArray(groups.id, chunk));
			const topicRows = await tx
				.select({ groupId: groupTopics.groupId, label: topics.labelDe })
				.from(groupTopics)
				.innerJoin(topics, eq(topics.id, groupTopics.topicId))
				.where(inArray(groupTopics.groupId, chunk));
			const seriesRows = await tx
				.select()
				.from(meetingSeries)
				.where(inArray(meetingSeries.groupId, chunk))
				.orderBy(asc(meetingSeries.position), asc(meetingSeries.createdAt));
			const contactRows = await tx
				.select({ groupId: contactPersons.groupId, name: contactPersons.name, email: contactPersons.email, phone: contactPersons.phone })
				.from(contactPersons)
				.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
				.where(inArray(contactPersons.groupId, chunk))
				.orderBy(asc(contactPersons.createdAt));
			const firstOf = <T extends { groupId: string }>(list: T[]) => {
				const byGroup = new Map<string, T>();
				for (const item of list) if (!byGroup.has(item.groupId)) byGroup.set(item.groupId, item);
				return byGroup;
			};
			const seriesOf = firstOf(seriesRows);
			const contactOf = firstOf(contactRows);
			const topicsOf = new Map<string, string[]>();
			for (const t of topicRows) topicsOf.set(t.groupId, [...(topicsOf.get(t.groupId) ?? []), t.label]);
			for (const group of groupRows) {
				const series = seriesOf.get(group.id);
				const contact = contactOf.get(group.id);
				records.set(group.id, {
					id: group.id,
					name: group.name,
					topics: [...(topicsOf.get(group.id) ?? []), ...group.keywords],
					description: group.description,
					firstVisit: group.firstVisit,
					audience: group.audiences as GroupRowFields['audience'],
					street: series?.street ?? '',
					postalCode: series?.postalCode ?? '',
					city: series?.city ?? '',
					format: group.format as GroupRowFields['format'],
					meeting: series ? (series.recurrence ? describeRecurrence(series.recurrence, locale) : series.scheduleText) : '',
					languages: group.languages,
					accessibility: (series?.stepFree ?? 'unknown') as GroupRowFields['accessibility'],
					email: contact?.email ?? '',
					phone: contact?.phone ?? '',
					website: group.website,
					contactName: contact?.name ?? '',
					contactMode: group.contactMode as GroupRowFields['contactMode'],
					status: group.lifecycle as LifecycleState,
					acceptingMembers: group.acceptingMembers,
					addressVisibility: group.addressVisibility as GroupRowFields['addressVisibility']
				});
			}
		}
		return ids.flatMap((id) => records.get(id) ?? []);
	});
}

export async function exportGroups(
	db: Db,
	actor: UserActor,
	filter: GroupListFilter,
	format: 'csv' | 'xlsx',
	locale: 'de' | 'en'
): Promise<Uint8Array> {
	const rows = await exportGroupRows(db, actor, filter, locale);
	return format === 'csv' ? writeCsv(rows, locale) : writeXlsx(rows, locale);
}
