import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { asMigrationUser, personIn, seriesInput, topicId } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { APP_ROLE } from '../../src/lib/server/db/client.js';
import {
	changeModeration,
	createGroup,
	emptyGroupRecord,
	type GroupRecord,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { groups } from '../../src/lib/server/modules/groups/groups.table.js';
import { directoryIndex, pruneDirectoryChanges, searchDirectory } from '../../src/lib/server/modules/directory/directory.service.js';
import { searchPage, searchPublicGroups } from '../../src/lib/server/modules/directory/directory.public.js';
import { resolvePlace } from '../../src/lib/server/geo/places.js';
import type { SearchQuery } from '../../src/lib/server/modules/directory/search-index.js';

const NOW = new Date('2026-06-01T08:00:00Z');
const place = (text: string) => {
	const found = resolvePlace(text);
	if (!found) throw new Error(`unknown place ${text}`);
	return { lat: found.lat, lon: found.lon };
};

describe('public directory search (DIR-1, DIR-2)', () => {
	const db = useDatabase();
	let staff: UserActor;
	const ids: Record<string, string> = {};

	const group = async (
		key: string,
		record: Partial<GroupRecord> & { name: string },
		series: Parameters<typeof seriesInput>[0] | null = {},
		options: { draft?: boolean } = {}
	) => {
		const created = await createGroup(
			{ db: db.get().db, actor: staff, now: NOW },
			{ ...emptyGroupRecord(record.name), ...record },
			options
		);
		if (series) await saveSeries({ db: db.get().db, actor: staff, now: NOW }, created.id, null, seriesInput(series));
		ids[key] = created.id;
		return created.id;
	};
	const search = async (query: SearchQuery) => {
		await directoryIndex(db.get().db, { fresh: true });
		return searchDirectory(db.get().db, query, NOW);
	};
	const names = (result: { items: { group: { name: string } }[] }) => result.items.map((hit) => hit.group.name);

	beforeAll(async () => {
		const { officeId } = await setupOffice(db.get()).then((r) => ({ officeId: r.office.id }));
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.update(tenants)
				.set({ published: true, postalCode: '21244', city: 'Buchholz', phone: '04181 0000' })
				.where(eq(tenants.id, officeId))
		);
		staff = await personIn(db.get(), officeId, 'team@example.org');
		const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
		const addiction = await topicId(db.get(), 'sucht');
		const depression = await topicId(db.get(), 'depression');
		const parkinson = await topicId(db.get(), 'parkinson-krankheit');
		const gambling = await topicId(db.get(), 'gluecksspielsucht');

		await group('relatives', { name: 'Angehörige von Alkoholkranken', topicIds: [alcohol], audiences: ['relatives'] }, { weekdays: ['2'] });
		await group(
			'aa',
			{ name: 'Trockene Runde', description: 'Wir sprechen offen über das Trinken.', topicIds: [alcohol] },
			{ weekdays: ['4'], startTime: '10:00', endTime: '12:00' }
		);
		await group('general', { name: 'Suchtgesprächskreis', topicIds: [addiction] }, { weekdays: ['1'] });
		await group('gambling', { name: 'Spieler-Runde', topicIds: [gambling] }, { weekdays: ['3'], stepFree: 'no', accessibleToilet: false });
		await group('compound', { name: 'Alkoholkranke Eltern im Gespräch', keywords: ['Familie'] }, { weekdays: ['5'] });
		await group(
			'depression',
			{ name: 'Lichtblick', topicIds: [depression], languages: ['de', 'tr'], audiences: ['affected'] },
			{ weekdays: ['2'], hearingLoop: true }
		);
		await group(
			'parkinson',
			{ name: 'Zitterpartie', topicIds: [parkinson], acceptingMembers: false },
			{ weekdays: ['6'], startTime: '14:00', endTime: '16:00' }
		);
		await group('online', { name: 'Depression online', topicIds: [depression], format: 'online' }, { locationKind: 'online' });
		await group('munich', { name: 'Depression München', topicIds: [depression] }, { postalCode: '80331', street: 'Marienplatz 1' });
		await group('draft', { name: 'Alkohol Entwurf', topicIds: [alcohol] }, {}, { draft: true });
		await group('hidden-address', { name: 'Verborgene Runde', topicIds: [alcohol], addressVisibility: 'hidden' }, {});
	}, 60_000);

	it('finds groups by topic, synonym and narrower topic, broader topics only after them', async () => {
		expect(names(await search({ q: 'trinken' }))).toEqual(expect.arrayContaining(['Angehörige von Alkoholkranken', 'Trockene Runde']));
		const addiction = names(await search({ q: 'Sucht' }));
		// "Sucht" takes in every addiction group: alcohol and gambling are narrower topics
		expect(addiction).toEqual(expect.arrayContaining(['Suchtgesprächskreis', 'Angehörige von Alkoholkranken', 'Spieler-Runde']));
		const alcohol = names(await search({ q: 'Alkohol' }));
		expect(alcohol).toContain('Angehörige von Alkoholkranken');
		// the general addiction group (broader topic) comes, but after every alcohol group
		expect(alcohol).toContain('Suchtgesprächskreis');
		expect(alcohol.indexOf('Suchtgesprächskreis')).toBeGreaterThan(alcohol.indexOf('Trockene Runde'));
		expect(alcohol.indexOf('Suchtgesprächskreis')).toBeGreaterThan(alcohol.indexOf('Alkoholkranke Eltern im Gespräch'));
	});

	it('finds compounds by their beginning, words in either spelling and with typos, and says what it corrected', async () => {
		// no topic, only the name: "Alkohol" finds "Alkoholkranke"
		expect(names(await search({ q: 'Alkohol' }))).toContain('Alkoholkranke Eltern im Gespräch');
		expect(names(await search({ q: 'Angehoerige Alkohol' }))).toContain('Angehörige von Alkoholkranken');
		const typo = await search({ q: 'Depresion' });
		expect(names(typo)).toEqual(expect.arrayContaining(['Lichtblick', 'Depression online']));
		expect(typo.corrections[0]).toMatchObject({ typed: 'depresion' });
		expect(names(await search({ q: 'Parkinsen' }))).toEqual(['Zitterpartie']);
	});

	it('never shows drafts; the place only as the group allows', async () => {
		expect(names(await search({ q: 'Entwurf' }))).toEqual([]);
		const hidden = (await search({ q: 'Verborgene' })).items[0]!;
		expect(hidden.group.series[0]!.place).toEqual({ kind: 'on_request' });
		const approximate = (await search({ q: 'Lichtblick' })).items[0]!;
		expect(approximate.group.series[0]!.place).toMatchObject({ kind: 'address', street: null, postalCode: '21244' });
	});

	it('searches around a place with a radius, shows online groups everywhere and the nearest beyond the radius', async () => {
		const nearBuchholz = await search({ q: 'Depression', place: place('21244'), radiusKm: 25 });
		expect(names(nearBuchholz)).toEqual(['Lichtblick', 'Depression online']);
		expect(nearBuchholz.items[0]!.distanceKm).toBeLessThan(1);
		expect(nearBuchholz.items[1]!.distanceKm).toBeNull();
		// fewer than 5 groups with a place inside: the nearest beyond, set apart
		expect(nearBuchholz.beyondRadius.map((hit) => hit.group.name)).toEqual(['Depression München']);
		expect(nearBuchholz.beyondRadius[0]!.distanceKm).toBeGreaterThan(500);

		const rural = await search({ q: 'Depression', place: place('94078'), radiusKm: 10 });
		expect(names(rural)).toEqual(['Depression online']);
		expect(rural.beyondRadius.map((hit) => hit.group.name)[0]).toBe('Depression München');

		const munich = await search({ place: place('München'), radiusKm: 200 });
		expect(names(munich)[0]).toBe('Depression München');
	});

	it('filters by weekday, time of day, accessibility, language, format and new members, with counts', async () => {
		expect(names(await search({ weekdays: [4] }))).toEqual(['Trockene Runde']);
		expect(names(await search({ timesOfDay: ['afternoon'] }))).toEqual(['Zitterpartie']);
		expect(names(await search({ accessible: ['hearing_loop'] }))).toEqual(['Lichtblick']);
		expect(names(await search({ languages: ['tr'] }))).toEqual(['Lichtblick']);
		expect(names(await search({ formats: ['online'] }))).toEqual(['Depression online']);
		expect(names(await search({ q: 'Parkinson', newMembers: true }))).toEqual([]);
		const all = await search({});
		expect(all.facets.formats).toMatchObject({ online: 1 });
		expect(all.facets.languages.tr).toBe(1);
		expect(all.total).toBe(10);
	});

	it('treats SQL and HTML as words', async () => {
		const result = await search({ q: "'; DELETE FROM groups; -- <script>xqzv(1)</script>" });
		expect(result.total).toBe(0);
		expect(result.unmatched).toEqual(expect.arrayContaining(['delete', 'script', 'xqzv']));
		const still = await search({ q: 'Lichtblick' });
		expect(still.total).toBe(1);
	});

	it('shows a change from another connection within a second, also when its transaction commits late', async () => {
		const database = db.get();
		// a change written outside this process's services (as a CLI import or another server would)
		await asMigrationUser(database, (client) => client.query(`update groups set moderation = 'hidden' where id = $1`, [ids.parkinson]));
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect(names(await searchDirectory(database.db, { q: 'Parkinson' }, NOW))).toEqual([]);

		if (database.kind === 'postgres') {
			// transaction A starts writing first but commits after B: the feed must not skip A
			const pool = (database.db as unknown as { $client: import('pg').Pool }).$client;
			const a = await pool.connect();
			const b = await pool.connect();
			try {
				// as the migration user, like another program writing to the database
				await a.query('RESET ROLE');
				await b.query('RESET ROLE');
				await a.query('BEGIN');
				await a.query(`update groups set moderation = 'published' where id = $1`, [ids.parkinson]);
				await b.query(`update groups set name = 'Lichtblick Buchholz' where id = $1`, [ids.depression]);
				await directoryIndex(database.db, { fresh: true });
				expect(names(await searchDirectory(database.db, { q: 'Lichtblick' }, NOW))).toEqual(['Lichtblick Buchholz']);
				expect(names(await searchDirectory(database.db, { q: 'Parkinson' }, NOW))).toEqual([]);
				await a.query('COMMIT');
			} finally {
				await a.query(`SET ROLE ${APP_ROLE}`);
				await b.query(`SET ROLE ${APP_ROLE}`);
				a.release();
				b.release();
			}
		} else {
			await asMigrationUser(database, async (client) => {
				await client.query(`update groups set moderation = 'published' where id = $1`, [ids.parkinson]);
				await client.query(`update groups set name = 'Lichtblick Buchholz' where id = $1`, [ids.depression]);
			});
		}
		await directoryIndex(database.db, { fresh: true });
		expect(names(await searchDirectory(database.db, { q: 'Parkinson' }, NOW))).toEqual(['Zitterpartie']);
	});

	it('drops a group that staff hide and brings back one they publish', async () => {
		await changeModeration({ db: db.get().db, actor: staff, now: NOW }, [ids.gambling!], 'hidden');
		expect(names(await search({ q: 'Spieler' }))).toEqual([]);
		await changeModeration({ db: db.get().db, actor: staff, now: NOW }, [ids.gambling!], 'published');
		expect(names(await search({ q: 'Spieler' }))).toEqual(['Spieler-Runde']);
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.update(groups).set({ lifecycle: 'dissolved' }).where(eq(groups.id, ids.gambling!))
		);
		expect(names(await search({ q: 'Spieler' }))).toEqual([]);
	});

	it('answers bad parameters with a message per parameter and never a result for something else', async () => {
		const api = (query: string) => searchPublicGroups(db.get().db, new URLSearchParams(query), 'de', NOW);
		const issuesOf = async (query: string) => {
			const outcome = await api(query);
			return outcome.ok ? {} : outcome.issues;
		};
		expect(await issuesOf('near=00000')).toEqual({ near: 'directory_error_postal_code' });
		expect(await issuesOf('near=Xyzqwv')).toEqual({ near: 'directory_error_near' });
		expect(await issuesOf('near=21244&radiusKm=-5')).toEqual({ radiusKm: 'directory_error_radiusKm' });
		expect(await issuesOf('near=21244&radiusKm=10000')).toEqual({ radiusKm: 'directory_error_radiusKm' });
		expect(await issuesOf(`q=${'a'.repeat(201)}`)).toEqual({ q: 'directory_error_q' });
		expect(await issuesOf('accessible=step_free,lift')).toEqual({ accessible: 'directory_error_accessible' });
		expect(await issuesOf('weekday=8')).toEqual({ weekday: 'directory_error_weekday' });
		expect(await issuesOf('format=walking')).toEqual({ format: 'directory_error_format' });
		expect(await issuesOf('audience=cats')).toEqual({ audience: 'directory_error_audience' });
		expect(await issuesOf('timeOfDay=night')).toEqual({ timeOfDay: 'directory_error_timeOfDay' });
		expect(await issuesOf('language=Deutsch')).toEqual({ language: 'directory_error_language' });
		expect(await issuesOf('topic=Nichtsdergleichen')).toEqual({ topic: 'directory_error_topic' });
		expect(await issuesOf('newMembers=vielleicht')).toEqual({ newMembers: 'directory_error_newMembers' });
		expect(await issuesOf('pageSize=51')).toEqual({ pageSize: 'directory_error_pageSize' });
		expect(await issuesOf('page=0')).toEqual({ page: 'directory_error_page' });
		expect(await issuesOf('q=Depression&page=9')).toEqual({ page: 'directory_error_page_beyond' });
		expect(await issuesOf('page=100000&pageSize=50')).toEqual({ page: 'directory_error_page_beyond' });
		// pages follow one order: the second never repeats the first
		const first = await api('q=Depression&pageSize=1&page=1');
		const second = await api('q=Depression&pageSize=1&page=2');
		expect(first.ok && second.ok && second.body.items.length === 1 && first.body.items[0]!.id !== second.body.items[0]!.id).toBe(true);

		const ok = await api(
			'q=Depression&near=21244&radiusKm=25&topic=Depression&language=de&format=in_person&accessible=hearing_loop&weekday=2&timeOfDay=evening&newMembers=true&audience=affected&page=1&pageSize=5'
		);
		expect(ok.ok).toBe(true);
		if (ok.ok) {
			expect(ok.body.items.map((item) => item.name)).toEqual(['Lichtblick Buchholz']);
			expect(ok.body).toMatchObject({ total: 1, page: 1, pageSize: 5, place: '21244 Buchholz in der Nordheide' });
			expect(ok.body.items[0]).toMatchObject({ format: 'in_person', languages: ['de', 'tr'], place: { street: null } });
			expect(ok.body.items[0]!.distanceKm).toBeLessThan(1);
			expect(ok.body.items[0]!.nextMeetings[0]!.start).toBe('2026-06-02T17:00:00.000Z');
		}
	});

	it('answers a repeated API search from its cache, and never an answer from before a change', async () => {
		const api = async () => {
			const outcome = await searchPublicGroups(db.get().db, new URLSearchParams('q=Zitterpartie'), 'de', NOW);
			return outcome.ok ? outcome : null;
		};
		const first = await api();
		expect(first?.body.items.map((item) => item.name)).toEqual(['Zitterpartie']);
		expect(await api()).toBe(first);
		await asMigrationUser(db.get(), (client) => client.query(`update groups set accepting_members = true where id = $1`, [ids.parkinson]));
		await directoryIndex(db.get().db, { fresh: true });
		const after = await api();
		expect(after).not.toBe(first);
		expect(after?.body.items[0]?.acceptingMembers).toBe(true);
		expect(JSON.parse(after!.json())).toEqual(after!.body);
	});

	it('explains an unknown place at the field and offers places with a similar name on the page', async () => {
		const page = await searchPage(db.get().db, new URLSearchParams('q=Depression&ort=Buchholtz'), 'de', NOW);
		expect(page.issues.near).toBe('directory_error_near');
		expect(page.items).toEqual([]);
		expect(page.values.near).toBe('Buchholtz');
		expect(page.placeSuggestions.some((name) => name.startsWith('Buchholz'))).toBe(true);
		const empty = await searchPage(db.get().db, new URLSearchParams('q=Schluckauf&ort=21244'), 'de', NOW);
		expect(empty.total).toBe(0);
		expect(empty.nearestOffice).toMatchObject({ name: 'Kontaktstelle Nordheide', phone: '04181 0000' });
	});

	it('forgets feed entries after a day without losing anything from the index', async () => {
		const count = async () =>
			(
				(await inScope(db.get().db, { kind: 'system' }, (tx) =>
					tx.execute(sql`select count(*)::int as n from directory_changes`)
				)) as unknown as {
					rows: { n: number }[];
				}
			).rows[0]!.n;
		expect(await count()).toBeGreaterThan(0);
		await pruneDirectoryChanges(db.get().db, new Date(Date.now() + 2 * 86_400_000));
		expect(await count()).toBe(0);
		expect(names(await search({ q: 'Lichtblick' }))).toEqual(['Lichtblick Buchholz']);
	});
});
