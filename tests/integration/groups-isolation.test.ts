import { beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { useDatabase, setupOffice, otherOffice, PASSWORD } from './fixtures.js';
import { MAIL, personIn, recordOf, seriesInput, topicId, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { rowsOf, type Tx } from '../../src/lib/server/db/client.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { addUser } from '../../src/lib/server/modules/accounts/accounts.service.js';
import {
	addSupportEntry,
	changeLifecycle,
	changeModeration,
	confirmGroups,
	createGroup,
	emptyGroupRecord,
	getGroupDetail,
	groupNames,
	listGroups,
	reportOutdated,
	resolveReport,
	reviewQueue,
	updateGroup,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { removeSeries, saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { addContactPerson, groupsOfContact, withdrawConsent } from '../../src/lib/server/modules/groups/contacts.service.js';
import { decideProposal, proposeChange } from '../../src/lib/server/modules/groups/proposals.service.js';
import { addTopic, updateTopic } from '../../src/lib/server/modules/topics/topics.service.js';
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
} from '../../src/lib/server/modules/groups/groups.table.js';
import { topicBroader, topics } from '../../src/lib/server/modules/topics/topics.table.js';

const NOW = new Date('2026-06-01T08:00:00Z');

/** The tables of the groups module that belong to one office. */
const OFFICE_TABLES: Record<string, PgTable> = {
	groups,
	group_topics: groupTopics,
	meeting_series: meetingSeries,
	contact_persons: contactPersons,
	consents,
	change_proposals: changeProposals,
	support_entries: supportEntries,
	group_history: groupHistory,
	outdated_reports: outdatedReports
};

/** The database's reason for refusing a statement, or 'allowed' when it ran. */
async function outcome(work: Promise<unknown>): Promise<string> {
	try {
		await work;
		return 'allowed';
	} catch (error) {
		const message = String((error as { cause?: Error }).cause?.message ?? error);
		if (/row-level security/i.test(message)) return 'row-level security';
		if (/permission denied/i.test(message)) return 'permission denied';
		throw error;
	}
}

describe('tenant isolation of groups, their people and the thesaurus (PLAT-3, GRP-1 … GRP-4)', () => {
	const db = useDatabase();
	let north: UserActor;
	let northAdmin: UserActor;
	let south: UserActor;
	let southAdmin: UserActor;
	let northGroup: string;
	const b: { group: string; slug: string; series: string; person: string; proposal: string; report: string; topic: string } = {
		group: '',
		slug: '',
		series: '',
		person: '',
		proposal: '',
		report: '',
		topic: ''
	};
	/** The same person is a group contact in both offices. */
	let contactNorth: UserActor;

	const inNorth = <T>(fn: (tx: Tx) => Promise<T>) =>
		inScope(db.get().db, { kind: 'tenant', tenantId: north.tenantId, userId: north.userId }, fn);
	const southRows = () =>
		inScope(db.get().db, { kind: 'system' }, async (tx) => {
			const counts: Record<string, number> = {};
			for (const [name, table] of Object.entries(OFFICE_TABLES)) {
				const [row] = rowsOf<{ n: number }>(
					await tx.execute(sql`select count(*)::int as n from ${table} where tenant_id = ${south.tenantId}`)
				);
				counts[name] = row?.n ?? 0;
			}
			return counts;
		});

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		northAdmin = userActor(first.userId, first.office.id, 'admin', 'leitung@example.org');
		north = await personIn(db.get(), first.office.id, 'team@example.org');
		const second = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org');
		southAdmin = userActor(second.userId, second.office.id, 'admin', 'sued@example.org');
		south = await personIn(db.get(), second.office.id, 'team-sued@example.org');

		const ctx = { db: db.get().db, actor: south, now: NOW };
		northGroup = (await createGroup({ db: db.get().db, actor: north, now: NOW }, emptyGroupRecord('Nordgruppe'))).id;
		const created = await createGroup(ctx, { ...emptyGroupRecord('Südgruppe'), topicIds: [await topicId(db.get(), 'depression')] });
		b.group = created.id;
		b.slug = created.slug;
		b.series = await saveSeries(ctx, b.group, null, seriesInput({ postalCode: '80331' }));
		b.person = await addContactPerson(ctx, b.group, {
			name: 'Gabi Gruppe',
			email: 'gabi@example.org',
			phone: '',
			consent: { source: 'form', givenOn: '2026-05-01' }
		});
		await addSupportEntry(ctx, b.group, { kind: 'founding', on: '2026-05-20', minutes: 90, note: 'Gründungstreffen' });
		const { userId } = await addUser(db.get().db, systemActor('test'), {
			officeId: second.office.id,
			email: 'gabi@example.org',
			name: 'Gabi Gruppe',
			role: 'group_contact',
			password: PASSWORD
		});
		await addUser(db.get().db, systemActor('test'), {
			officeId: first.office.id,
			email: 'gabi@example.org',
			name: 'Gabi Gruppe',
			role: 'group_contact',
			password: PASSWORD
		});
		contactNorth = userActor(userId, first.office.id, 'group_contact', 'gabi@example.org');
		const contactSouth = userActor(userId, second.office.id, 'group_contact', 'gabi@example.org');
		const detail = await getGroupDetail(db.get().db, south, b.group);
		const proposed = await proposeChange({ db: db.get().db, actor: contactSouth, now: NOW }, b.group, {
			...recordOf(
				detail.group,
				detail.topics.map((t) => t.id)
			),
			description: 'Vorschlag aus dem Süden'
		});
		b.proposal = proposed.id!;
		// the public report form exists only for groups of published offices
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.update(tenants).set({ published: true }).where(eq(tenants.id, second.office.id))
		);
		await reportOutdated(db.get().db, b.slug, 'Die Gruppe trifft sich nicht mehr.');
		b.report = (await reviewQueue(db.get().db, south)).reports[0]!.id;
		b.topic = (
			await addTopic({ db: db.get().db, actor: southAdmin }, { labelDe: 'Südhang-Thema', labelEn: '', category: 'family', synonyms: [] })
		).id;
	});

	it('has rows of the other office in every table of the module (so the checks below are not vacuous)', async () => {
		const counts = await southRows();
		for (const [name, n] of Object.entries(counts)) expect(n, name).toBeGreaterThan(0);
	});

	it('shows one office none of the other office’s rows, even without a tenant filter', async () => {
		await inNorth(async (tx) => {
			for (const [name, table] of Object.entries(OFFICE_TABLES)) {
				const rows = rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from ${table}`));
				expect(
					rows.every((row) => row.tenant_id === north.tenantId),
					name
				).toBe(true);
				const foreign = rowsOf(await tx.execute(sql`select 1 from ${table} where tenant_id = ${south.tenantId}`));
				expect(foreign, name).toEqual([]);
			}
			expect(await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, b.group))).toEqual([]);
			expect(await tx.select({ id: contactPersons.id }).from(contactPersons).where(eq(contactPersons.id, b.person))).toEqual([]);
		});
	});

	it('changes and deletes nothing of the other office', async () => {
		const before = await southRows();
		for (const [name, table] of Object.entries(OFFICE_TABLES)) {
			// started only when awaited: a rejection must never be left without a handler
			const take = () =>
				inNorth(async (tx) =>
					rowsOf(
						await tx.execute(sql`update ${table} set tenant_id = ${north.tenantId} where tenant_id = ${south.tenantId} returning tenant_id`)
					)
				);
			const remove = () =>
				inNorth(async (tx) => rowsOf(await tx.execute(sql`delete from ${table} where tenant_id = ${south.tenantId} returning tenant_id`)));
			if (name === 'group_history') {
				expect(await outcome(take()), name).toBe('permission denied');
				expect(await outcome(remove()), name).toBe('permission denied');
			} else {
				expect(await take(), name).toEqual([]);
				expect(await remove(), name).toEqual([]);
			}
		}
		const renamed = await inNorth((tx) =>
			tx.update(groups).set({ name: 'Gekapert' }).where(eq(groups.id, b.group)).returning({ id: groups.id })
		);
		expect(renamed).toEqual([]);
		const erased = await inNorth((tx) =>
			tx.update(contactPersons).set({ email: '' }).where(eq(contactPersons.id, b.person)).returning({ id: contactPersons.id })
		);
		expect(erased).toEqual([]);
		expect(await southRows()).toEqual(before);
		expect((await getGroupDetail(db.get().db, south, b.group)).group.name).toBe('Südgruppe');
	});

	it('refuses to write rows into the other office', async () => {
		expect(
			await outcome(
				inNorth((tx) =>
					tx.insert(groups).values({ tenantId: south.tenantId, slug: 'untergeschoben', name: 'Untergeschoben', dedupeKey: 'x' })
				)
			)
		).toBe('row-level security');
		expect(
			await outcome(
				inNorth((tx) =>
					tx.insert(contactPersons).values({ tenantId: south.tenantId, groupId: b.group, name: 'Fremd', email: 'x@example.org' })
				)
			)
		).toBe('row-level security');
		expect(
			await outcome(
				inNorth((tx) =>
					tx.insert(groupHistory).values({
						tenantId: south.tenantId,
						groupId: b.group,
						kind: 'moderation',
						toState: 'hidden',
						effectiveOn: '2026-06-01',
						actorLabel: 'x'
					})
				)
			)
		).toBe('row-level security');
	});

	it('refuses the other office’s group, series, contact person, proposal and report in every service', async () => {
		const ctx = { db: db.get().db, actor: north, now: NOW };
		const detail = await getGroupDetail(db.get().db, south, b.group);
		const record = recordOf(detail.group, []);
		const attempts: [string, () => Promise<unknown>][] = [
			['getGroupDetail', () => getGroupDetail(db.get().db, north, b.group)],
			['updateGroup', () => updateGroup(ctx, b.group, { ...record, name: 'Gekapert' })],
			['changeLifecycle', () => changeLifecycle(ctx, b.group, { status: 'dissolved', since: '2026-05-01' })],
			['changeModeration', () => changeModeration(ctx, [b.group], 'hidden')],
			['confirmGroups', () => confirmGroups(ctx, [b.group])],
			['addSupportEntry', () => addSupportEntry(ctx, b.group, { kind: 'other', on: '2026-05-01', minutes: 10, note: '' })],
			['saveSeries (new)', () => saveSeries(ctx, b.group, null, seriesInput())],
			['saveSeries (change)', () => saveSeries(ctx, northGroup, b.series, seriesInput())],
			['removeSeries', () => removeSeries(ctx, b.group, b.series)],
			[
				'addContactPerson',
				() =>
					addContactPerson(ctx, b.group, {
						name: 'X',
						email: 'x@example.org',
						phone: '',
						consent: { source: 'verbal', givenOn: '2026-05-01' }
					})
			],
			['withdrawConsent', () => withdrawConsent(ctx, b.person)],
			['decideProposal', () => decideProposal({ ...ctx, mail: MAIL, locale: 'de' }, b.proposal, { approve: true })],
			['resolveReport', () => resolveReport(ctx, b.report, 'erledigt')]
		];
		for (const [name, attempt] of attempts) await expect(attempt(), name).rejects.toMatchObject({ code: 'not_found' });

		expect((await listGroups(db.get().db, north, {})).rows.map((row) => row.id)).toEqual([northGroup]);
		expect((await listGroups(db.get().db, north, { q: '80331' })).total).toBe(0);
		expect(await groupNames(db.get().db, north, [b.group])).toEqual(new Map());
		expect(await reviewQueue(db.get().db, north)).toEqual({ proposals: [], reports: [] });

		const after = await getGroupDetail(db.get().db, south, b.group);
		expect(after.group).toMatchObject({ name: 'Südgruppe', lifecycle: 'active', moderation: 'published', version: detail.group.version });
		expect(after.series.map((s) => s.id)).toEqual([b.series]);
		expect(after.contacts).toMatchObject([{ id: b.person, email: 'gabi@example.org', consentWithdrawnAt: null }]);
		expect(after.proposals).toMatchObject([{ id: b.proposal, status: 'pending' }]);
		expect(after.support).toHaveLength(1);
	});

	it('does not let a group contact of one office act for a group of another office with her address', async () => {
		expect(await groupsOfContact(db.get().db, contactNorth)).toEqual([]);
		const detail = await getGroupDetail(db.get().db, south, b.group);
		await expect(
			proposeChange({ db: db.get().db, actor: contactNorth, now: NOW }, b.group, { ...recordOf(detail.group, []), name: 'Gekapert' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('lets an office read the national topics but not change them, nor another office’s topics', async () => {
		const depression = await topicId(db.get(), 'depression');
		const national = await inNorth((tx) => tx.select({ id: topics.id }).from(topics).where(isNull(topics.tenantId)));
		expect(national.length).toBeGreaterThanOrEqual(300);

		for (const id of [depression, b.topic]) {
			const renamed = await inNorth((tx) =>
				tx.update(topics).set({ labelDe: 'Gekapert' }).where(eq(topics.id, id)).returning({ id: topics.id })
			);
			expect(renamed).toEqual([]);
			expect(await inNorth((tx) => tx.delete(topics).where(eq(topics.id, id)).returning({ id: topics.id }))).toEqual([]);
			await expect(
				updateTopic({ db: db.get().db, actor: northAdmin }, id, { labelDe: 'Gekapert', labelEn: '', synonyms: [] })
			).rejects.toMatchObject({
				code: 'not_found'
			});
		}
		expect(
			await outcome(inNorth((tx) => tx.insert(topics).values({ key: 'untergeschoben', labelDe: 'Untergeschoben', category: 'family' })))
		).toBe('row-level security');
		expect(
			await outcome(
				inNorth((tx) =>
					tx.insert(topics).values({ tenantId: south.tenantId, key: 'untergeschoben', labelDe: 'Untergeschoben', category: 'family' })
				)
			)
		).toBe('row-level security');
		const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
		expect(await outcome(inNorth((tx) => tx.insert(topicBroader).values({ topicId: depression, broaderId: alcohol })))).toBe(
			'row-level security'
		);
		expect(await inNorth((tx) => tx.delete(topicBroader).where(eq(topicBroader.topicId, depression)).returning())).toEqual([]);

		const [unchanged] = await inNorth((tx) =>
			tx.select({ labelDe: topics.labelDe, revision: topics.revision }).from(topics).where(eq(topics.id, depression))
		);
		expect(unchanged).toEqual({ labelDe: 'Depression', revision: 1 });
		const [theirs] = await inNorth((tx) => tx.select({ labelDe: topics.labelDe }).from(topics).where(eq(topics.id, b.topic)));
		expect(theirs).toEqual({ labelDe: 'Südhang-Thema' });
	});

	it('keeps the group history append-only for the application, even for the office’s own rows and in system scope', async () => {
		const own = async (scope: 'tenant' | 'system', fn: 'update' | 'delete') =>
			outcome(
				inScope(db.get().db, scope === 'system' ? { kind: 'system' } : { kind: 'tenant', tenantId: north.tenantId }, (tx) =>
					fn === 'update'
						? tx.update(groupHistory).set({ note: 'umgeschrieben' }).where(eq(groupHistory.groupId, northGroup))
						: tx.delete(groupHistory).where(eq(groupHistory.groupId, northGroup))
				)
			);
		expect(await own('tenant', 'update')).toBe('permission denied');
		expect(await own('tenant', 'delete')).toBe('permission denied');
		expect(await own('system', 'update')).toBe('permission denied');
		expect(await own('system', 'delete')).toBe('permission denied');
		const history = (await getGroupDetail(db.get().db, north, northGroup)).history;
		expect(history).toHaveLength(2);
		expect(history.every((h) => h.note === '')).toBe(true);
		// appending stays possible: a change of status writes a new row
		await changeModeration({ db: db.get().db, actor: north, now: NOW }, [northGroup], 'hidden');
		expect((await getGroupDetail(db.get().db, north, northGroup)).history).toHaveLength(3);
	});
});
