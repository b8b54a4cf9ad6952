import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { asMigrationUser, personIn, recordOf, seriesInput, setGroupColumns, topicId, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import {
	changeLifecycle,
	changeModeration,
	confirmGroups,
	createGroup,
	emptyGroupRecord,
	getGroupDetail,
	listGroups,
	updateGroup,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { groupRecordFromInput } from '../../src/lib/server/modules/groups/groups.input.js';
import { GroupInput } from '../../src/lib/schemas/group.js';
import { topicBroader, topics } from '../../src/lib/server/modules/topics/topics.table.js';
import { seedStarterThesaurus } from '../../src/lib/server/modules/topics/topics.seed.js';

const JUNE = new Date('2026-06-01T08:00:00Z');
const at = (iso: string) => new Date(iso);

/** The group form as it arrives after parsing (defaults for everything not given). */
const formInput = (fields: Record<string, unknown>) =>
	v.parse(GroupInput, { format: 'in_person', acceptingMembers: true, contactMode: 'office', addressVisibility: 'approximate', ...fields });

describe('groups: record, status, confirmation, list and thesaurus (GRP-1, GRP-3, DIR-7)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let southStaff: UserActor;

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		staff = await personIn(db.get(), first.office.id, 'team@example.org');
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'sued@example.org');
	});

	const ctx = (now: Date, actor = staff) => ({ db: db.get().db, actor, now });
	const groupAudit = async (actor: UserActor, groupId: string) => {
		const page = await inScope(db.get().db, { kind: 'tenant', tenantId: actor.tenantId }, (tx) =>
			listAudit(tx, actor.tenantId, { limit: 200 })
		);
		return page.rows.filter((row) => row.entity === 'group' && row.entityId === groupId).reverse();
	};

	it('publishes a group staff create at once and gives it a slug that is unique across offices', async () => {
		const created = await createGroup(ctx(JUNE), emptyGroupRecord('Angehörige von Menschen mit Demenz'));
		expect(created.slug).toBe('angehoerige-von-menschen-mit-demenz');
		const sameName = await createGroup(ctx(JUNE, southStaff), emptyGroupRecord('Angehörige von Menschen mit Demenz'));
		expect(sameName.slug).toBe('angehoerige-von-menschen-mit-demenz-2');
		const withCity = await createGroup(ctx(JUNE), emptyGroupRecord('Angehörige von Menschen mit Demenz'), { city: 'Buchholz' });
		expect(withCity.slug).toBe('angehoerige-von-menschen-mit-demenz-buchholz');
		const third = await createGroup(ctx(JUNE), emptyGroupRecord('Angehörige von Menschen mit Demenz'));
		expect(third.slug).toBe('angehoerige-von-menschen-mit-demenz-3');

		const { group, history } = await getGroupDetail(db.get().db, staff, created.id);
		expect(group).toMatchObject({ moderation: 'published', lifecycle: 'active', lifecycleSince: '2026-06-01', version: 1 });
		expect(group.publishedAt).toEqual(JUNE);
		expect(group.confirmedAt).toEqual(JUNE);
		expect(history.map((h) => [h.kind, h.fromState, h.toState]).sort()).toEqual([
			['lifecycle', null, 'active'],
			['moderation', null, 'published']
		]);

		const draft = await createGroup(ctx(JUNE), emptyGroupRecord('Entwurf einer Gruppe'), { draft: true });
		expect((await getGroupDetail(db.get().db, staff, draft.id)).group).toMatchObject({ moderation: 'draft', publishedAt: null });
		expect((await groupAudit(staff, created.id)).map((row) => row.action)).toEqual(['create']);
	});

	it('records only the changed fields of an edit and refuses to overwrite a change made meanwhile', async () => {
		const { id } = await createGroup(ctx(JUNE), { ...emptyGroupRecord('Frauen nach Krebs'), description: 'Wir treffen uns monatlich.' });
		const before = await getGroupDetail(db.get().db, staff, id);
		const edited = { ...recordOf(before.group, []), description: 'Wir treffen uns jeden ersten Montag.', acceptingMembers: false };
		const result = await updateGroup(ctx(at('2026-06-02T08:00:00Z')), id, edited, before.group.version);
		expect(result.changed.sort()).toEqual(['acceptingMembers', 'description']);

		const after = await getGroupDetail(db.get().db, staff, id);
		expect(after.group).toMatchObject({ description: 'Wir treffen uns jeden ersten Montag.', acceptingMembers: false, version: 2 });
		expect(after.group.updatedAt).toEqual(at('2026-06-02T08:00:00Z'));
		const update = (await groupAudit(staff, id)).find((row) => row.action === 'update');
		expect(update?.changes).toEqual({
			description: ['Wir treffen uns monatlich.', 'Wir treffen uns jeden ersten Montag.'],
			acceptingMembers: [true, false]
		});

		// someone who opened the form before that edit still has version 1
		await expect(updateGroup(ctx(JUNE), id, { ...edited, name: 'Frauen nach Brustkrebs' }, before.group.version)).rejects.toMatchObject({
			code: 'conflict'
		});
		expect((await getGroupDetail(db.get().db, staff, id)).group).toMatchObject({ name: 'Frauen nach Krebs', version: 2 });

		// saving the form unchanged changes nothing and writes no audit entry
		expect(await updateGroup(ctx(JUNE), id, edited, 2)).toEqual({ changed: [] });
		expect((await groupAudit(staff, id)).filter((row) => row.action === 'update')).toHaveLength(1);
	});

	it('records no change when the form is saved with the same topics in another order', async () => {
		const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
		const depression = await topicId(db.get(), 'depression');
		const { id } = await createGroup(ctx(JUNE), { ...emptyGroupRecord('Sucht und Stimmung'), topicIds: [depression, alcohol] });
		const detail = await getGroupDetail(db.get().db, staff, id);
		// the edit form lists a group's topics by label: "Alkoholabhängigkeit, Depression"
		const formOrder = detail.topics.map((topic) => topic.id);
		expect(formOrder).toEqual([alcohol, depression]);
		expect(await updateGroup(ctx(JUNE), id, recordOf(detail.group, formOrder), detail.group.version)).toEqual({ changed: [] });
		expect((await getGroupDetail(db.get().db, staff, id)).group.version).toBe(1);
		expect((await groupAudit(staff, id)).map((row) => row.action)).toEqual(['create']);
	});

	it('publishes and hides a group with a history entry for each change', async () => {
		const { id } = await createGroup(ctx(JUNE), emptyGroupRecord('Tinnitus-Gesprächskreis'), { draft: true });
		expect(await changeModeration(ctx(at('2026-06-03T08:00:00Z')), [id], 'published')).toBe(1);
		expect(await changeModeration(ctx(at('2026-06-04T08:00:00Z')), [id], 'hidden', 'Gruppe meldet sich nicht')).toBe(1);
		// hiding a hidden group again is no change
		expect(await changeModeration(ctx(at('2026-06-05T08:00:00Z')), [id], 'hidden')).toBe(0);

		const { group, history } = await getGroupDetail(db.get().db, staff, id);
		expect(group.moderation).toBe('hidden');
		expect(group.publishedAt).toEqual(at('2026-06-03T08:00:00Z'));
		const moderation = history.filter((h) => h.kind === 'moderation').reverse();
		expect(moderation.map((h) => ({ from: h.fromState, to: h.toState, on: h.effectiveOn, note: h.note, by: h.actorLabel }))).toEqual([
			{ from: null, to: 'draft', on: '2026-06-01', note: '', by: 'team@example.org' },
			{ from: 'draft', to: 'published', on: '2026-06-03', note: '', by: 'team@example.org' },
			{ from: 'published', to: 'hidden', on: '2026-06-04', note: 'Gruppe meldet sich nicht', by: 'team@example.org' }
		]);
		const audit = await groupAudit(staff, id);
		expect(audit.map((row) => row.changes)).toEqual([
			expect.objectContaining({ name: 'Tinnitus-Gesprächskreis' }),
			{ moderation: ['draft', 'published'] },
			{ moderation: ['published', 'hidden'] }
		]);
	});

	it('pauses and dissolves a group from a date in the past and refuses a date in the future', async () => {
		const { id } = await createGroup(ctx(JUNE), emptyGroupRecord('Parkinson-Treff'));
		const now = at('2026-07-10T10:00:00Z');
		await changeLifecycle(ctx(now), id, { status: 'paused', since: '2026-06-20', note: 'Sommerpause der Leitung' });
		await expect(changeLifecycle(ctx(now), id, { status: 'dissolved', since: '2026-07-11' })).rejects.toMatchObject({ code: 'invalid' });
		expect((await getGroupDetail(db.get().db, staff, id)).group.lifecycle).toBe('paused');
		await changeLifecycle(ctx(now), id, { status: 'dissolved', since: '2026-07-10' });

		const { group, history } = await getGroupDetail(db.get().db, staff, id);
		expect(group).toMatchObject({ lifecycle: 'dissolved', lifecycleSince: '2026-07-10', version: 3 });
		const lifecycle = history.filter((h) => h.kind === 'lifecycle').reverse();
		expect(lifecycle.map((h) => ({ from: h.fromState, to: h.toState, on: h.effectiveOn, note: h.note }))).toEqual([
			{ from: null, to: 'active', on: '2026-06-01', note: '' },
			{ from: 'active', to: 'paused', on: '2026-06-20', note: 'Sommerpause der Leitung' },
			{ from: 'paused', to: 'dissolved', on: '2026-07-10', note: '' }
		]);
		expect((await groupAudit(staff, id)).map((row) => row.changes)).toEqual([
			expect.objectContaining({ name: 'Parkinson-Treff' }),
			{ lifecycle: ['active', 'paused'] },
			{ lifecycle: ['paused', 'dissolved'] }
		]);
	});

	it('confirms a stale entry: confirmed now, no longer stale, with history and audit entry', async () => {
		const { id } = await createGroup(ctx(at('2025-01-10T10:00:00Z')), emptyGroupRecord('Morbus Crohn Gruppe'));
		await setGroupColumns(db.get(), id, { staleSince: at('2026-04-10T10:00:00Z'), confirmationRequestedAt: at('2026-01-10T10:00:00Z') });
		const now = at('2026-06-15T09:30:00Z');
		await confirmGroups(ctx(now), [id]);

		const { group, history } = await getGroupDetail(db.get().db, staff, id);
		expect(group.confirmedAt).toEqual(now);
		expect(group.staleSince).toBeNull();
		expect(history[0]).toMatchObject({
			kind: 'confirmation',
			toState: 'confirmed',
			effectiveOn: '2026-06-15',
			actorLabel: 'team@example.org'
		});
		const audit = await groupAudit(staff, id);
		expect(audit.map((row) => row.action)).toEqual(['create', 'update']);
		expect(audit[1]?.changes).toEqual({ confirmedAt: now.toISOString() });
		expect(audit[1]?.actorLabel).toBe('team@example.org');
	});

	describe('the list of an office', () => {
		let lister: UserActor;
		const ids: Record<string, string> = {};
		const names = (rows: { name: string }[]) => rows.map((row) => row.name);
		const list = (filter: Parameters<typeof listGroups>[2]) => listGroups(db.get().db, lister, filter);

		beforeAll(async () => {
			const office = await otherOffice(db.get(), 'Kontaktstelle Listenhausen', 'liste@example.org', 'staff');
			lister = userActor(office.userId, office.office.id, 'staff', 'liste@example.org');
			const now = new Date();
			const c = (actor: UserActor) => ({ db: db.get().db, actor, now });
			const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
			const depression = await topicId(db.get(), 'depression');
			ids.aa = (await createGroup(c(lister), { ...emptyGroupRecord('Anonyme Alkoholiker Buchholz'), topicIds: [alcohol] })).id;
			await saveSeries(c(lister), ids.aa, null, seriesInput({ postalCode: '21244' }));
			ids.depression = (await createGroup(c(lister), { ...emptyGroupRecord('Depression Selbsthilfe'), topicIds: [depression] })).id;
			await saveSeries(c(lister), ids.depression, null, seriesInput({ postalCode: '21335' }));
			await changeLifecycle(c(lister), ids.depression, { status: 'paused', since: '2026-01-01' });
			ids.parents = (await createGroup(c(lister), emptyGroupRecord('eltern-Treff'), { draft: true })).id;
			ids.borderline = (await createGroup(c(lister), emptyGroupRecord('Borderline Gesprächskreis'))).id;
			await saveSeries(c(lister), ids.borderline, null, seriesInput({ locationKind: 'online', postalCode: '' }));
			await changeModeration(c(lister), [ids.borderline], 'hidden');
			// confirmed 16 months ago and flagged as stale since
			const longAgo = new Date(now.getTime() - 487 * 24 * 3600_000);
			ids.clowns = (
				await createGroup({ db: db.get().db, actor: lister, now: longAgo }, emptyGroupRecord('Clowns für Kinder im Krankenhaus'))
			).id;
			await setGroupColumns(db.get(), ids.clowns, { staleSince: new Date(now.getTime() - 30 * 24 * 3600_000) });
		});

		it('shows only the groups of the office, with topics and meeting places', async () => {
			const all = await list({});
			expect(all.total).toBe(5);
			expect(names(all.rows)).toEqual([
				'Anonyme Alkoholiker Buchholz',
				'Borderline Gesprächskreis',
				'Clowns für Kinder im Krankenhaus',
				'Depression Selbsthilfe',
				'eltern-Treff'
			]);
			const aa = all.rows.find((row) => row.id === ids.aa);
			expect(aa?.topics.map((topic) => topic.labelDe)).toEqual(['Alkoholabhängigkeit']);
			expect(aa?.places).toEqual(['Buchholz in der Nordheide']);
			expect(all.rows.find((row) => row.id === ids.borderline)?.places).toEqual(['online']);
		});

		it('finds groups by name, by the postal code or town of a meeting series, and by topic', async () => {
			expect(names((await list({ q: 'alkohol' })).rows)).toEqual(['Anonyme Alkoholiker Buchholz']);
			expect(names((await list({ q: '212' })).rows)).toEqual(['Anonyme Alkoholiker Buchholz']);
			expect(names((await list({ q: '21335' })).rows)).toEqual(['Depression Selbsthilfe']);
			expect(names((await list({ q: 'Lüneb' })).rows)).toEqual(['Depression Selbsthilfe']);
			expect(names((await list({ q: 'buchholz in' })).rows)).toEqual(['Anonyme Alkoholiker Buchholz']);
			// a percent sign or an underscore is a character to look for, not a wildcard
			expect((await list({ q: '%' })).total).toBe(0);
			expect((await list({ q: '_' })).total).toBe(0);
			expect(names((await list({ topic: await topicId(db.get(), 'depression') })).rows)).toEqual(['Depression Selbsthilfe']);
		});

		it('filters by lifecycle, moderation and what needs attention', async () => {
			expect(names((await list({ lifecycle: 'paused' })).rows)).toEqual(['Depression Selbsthilfe']);
			expect(names((await list({ moderation: 'draft' })).rows)).toEqual(['eltern-Treff']);
			expect(names((await list({ moderation: 'hidden' })).rows)).toEqual(['Borderline Gesprächskreis']);
			expect((await list({ moderation: 'published' })).total).toBe(3);
			expect(names((await list({ attention: 'stale' })).rows)).toEqual(['Clowns für Kinder im Krankenhaus']);
			expect(names((await list({ attention: 'unconfirmed' })).rows)).toEqual(['Clowns für Kinder im Krankenhaus']);
			expect(names((await list({ lifecycle: 'active', moderation: 'published' })).rows)).toEqual([
				'Anonyme Alkoholiker Buchholz',
				'Clowns für Kinder im Krankenhaus'
			]);
		});

		it('sorts and pages the list', async () => {
			const second = await list({ sort: 'name', pageSize: 2, page: 2 });
			expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
			expect(names(second.rows)).toEqual(['Clowns für Kinder im Krankenhaus', 'Depression Selbsthilfe']);
			expect(names((await list({ sort: 'name', pageSize: 2, page: 3 })).rows)).toEqual(['eltern-Treff']);
			expect(names((await list({ sort: 'name', dir: 'desc', pageSize: 2 })).rows)).toEqual(['eltern-Treff', 'Depression Selbsthilfe']);
			const confirmed = await list({ sort: 'confirmed' });
			expect(confirmed.rows[0]?.name).toBe('Clowns für Kinder im Krankenhaus');
			const updated = (await list({ sort: 'updated', dir: 'desc' })).rows.map((row) => row.updatedAt.getTime());
			expect(updated).toEqual([...updated].sort((a, b) => b - a));
			expect(names((await list({ sort: 'lifecycle' })).rows)[0]).not.toBe('Depression Selbsthilfe');
		});
	});

	describe('topics typed into the group form', () => {
		it('matches a synonym and a preferred label to the same thesaurus topic', async () => {
			const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
			const result = await groupRecordFromInput(ctx(JUNE), formInput({ name: 'Trockene Tage', topics: 'trinken, Alkohol' }));
			expect(result).toMatchObject({ ok: true, record: { name: 'Trockene Tage', topicIds: [alcohol], keywords: [] } });
		});

		it('refuses an unknown word and suggests the nearest topics', async () => {
			const result = await groupRecordFromInput(ctx(JUNE), formInput({ name: 'Stimmungstief', topics: 'Depresion' }));
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.issues).toEqual({ topics: 'group_topic_unknown' });
			expect(result.unknownTopics).toHaveLength(1);
			expect(result.unknownTopics[0]?.label).toBe('Depresion');
			expect(result.unknownTopics[0]?.suggestions[0]).toBe('Depression');
		});

		it('keeps an unknown word as a keyword when asked and proposes it as a topic of the office', async () => {
			const word = 'Schlafwandeln im Erwachsenenalter';
			const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
			const result = await groupRecordFromInput(
				ctx(JUNE),
				formInput({ name: 'Nachtwache', topics: `Alkohol, ${word}`, keywords: 'Nacht', proposeUnknown: true })
			);
			expect(result).toMatchObject({ ok: true, record: { topicIds: [alcohol], keywords: ['Nacht', word] } });
			const proposed = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
				tx
					.select({ tenantId: topics.tenantId, status: topics.status, labelDe: topics.labelDe })
					.from(topics)
					.where(eq(topics.labelDe, word))
			);
			expect(proposed).toEqual([{ tenantId: staff.tenantId, status: 'proposed', labelDe: word }]);
			// a proposed topic is not yet part of the vocabulary: the word is still unknown to the form
			const again = await groupRecordFromInput(ctx(JUNE), formInput({ name: 'Nachtwache', topics: word }));
			expect(again.ok).toBe(false);
		});
	});

	describe('the starter thesaurus', () => {
		const snapshot = () =>
			inScope(db.get().db, { kind: 'system' }, async (tx) => ({
				topics: await tx
					.select({
						id: topics.id,
						key: topics.key,
						labelDe: topics.labelDe,
						synonyms: topics.synonyms,
						status: topics.status,
						revision: topics.revision
					})
					.from(topics)
					.orderBy(asc(topics.key)),
				relations: await tx.select().from(topicBroader).orderBy(asc(topicBroader.topicId), asc(topicBroader.broaderId)),
				updated: await tx.select({ at: sql<string>`max(${topics.updatedAt})::text` }).from(topics)
			}));

		it('is seeded with at least 300 active national topics and their broader topics', async () => {
			const [national] = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
				tx
					.select({ n: count() })
					.from(topics)
					.where(and(isNull(topics.tenantId), eq(topics.status, 'active')))
			);
			expect(national?.n).toBeGreaterThanOrEqual(300);
			const depression = await topicId(db.get(), 'depression');
			const broaderOfDepression = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
				tx
					.select({ key: topics.key })
					.from(topicBroader)
					.innerJoin(topics, eq(topics.id, topicBroader.broaderId))
					.where(eq(topicBroader.topicId, depression))
			);
			expect(broaderOfDepression.map((row) => row.key)).toEqual(['psychische-erkrankungen']);
		});

		it('changes nothing when it is seeded a second time', async () => {
			const before = await snapshot();
			await asMigrationUser(db.get(), (client) => seedStarterThesaurus(client));
			expect(await snapshot()).toEqual(before);
			// even when the version mark is gone, seeding again yields the same topics and relations
			await asMigrationUser(db.get(), async (client) => {
				await client.query(`delete from reference_versions where name = 'starter_thesaurus'`);
				await seedStarterThesaurus(client);
			});
			const after = await snapshot();
			expect(after.topics).toEqual(before.topics);
			expect(after.relations).toEqual(before.relations);
		});
	});
});
