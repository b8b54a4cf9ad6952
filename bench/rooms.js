// `npm run bench` (part 4): room bookings (issue 5, ROOM-2 … ROOM-4). One office with 10 rooms and
// 10 years of recurring bookings (weekly, biweekly, 2nd/4th and last weekday of the month; about
// 70,000 occurrences), written straight into the database with a few SQL statements; then, through
// the built server and one request at a time over HTTP, as a logged-in staff member:
//   - the booking form `POST /verwaltung/raeume/buchen` with a new weekly series of one year
//     (about 52 dates), "Prüfen" (intent=check, 200) and "Buchen" (intent=save, 303), each on a
//     slot that is still free, so every save succeeds;
//   - the month view of all rooms `GET /verwaltung/raeume/kalender?ansicht=monat&datum=…`;
//   - `GET /healthz` in the same run, as the baseline for the ratios.
// Runs on the embedded PGlite, and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL
// server (whose user may create databases; a fresh database is created and dropped), at office scale
// and at national scale (300 offices, 3,000 rooms; the other offices' rooms with BENCH_ROOMS_OTHER_YEARS,
// default 1, years of bookings around today). Needs a build (`npm run build`).
// BENCH_ROOMS_REQUESTS: measured requests per figure (default 200); for a quick look BENCH_ROOMS_PGLITE=0
// and BENCH_ROOMS_NATIONAL=0 leave out the PGlite or the national run.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';
import { cli, percentiles, request, root, startServer } from './lib.js';

const ROOMS = 10;
const YEARS = 10;
const OFFICES = 300;
const OTHER_YEARS = Number(process.env.BENCH_ROOMS_OTHER_YEARS ?? 1);
const REQUESTS = Number(process.env.BENCH_ROOMS_REQUESTS ?? 200);
const WARMUP = 10;
const BUDGET = {
	postgres: { saveP50: 5, saveP99: 20, monthP50: 30 },
	pglite: { saveP50: 10, saveP99: 40, monthP50: null }
};

if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) {
	console.error('No build found: run `npm run build` first.');
	process.exit(1);
}

// ---------------------------------------------------------------- the dataset

/**
 * The regular bookings of every room: ISO weekday, wall time in Europe/Berlin, the pattern, and
 * whether a group (or the office, or an event) holds it. No two overlap within a room; 06:00–09:00,
 * 12:00–14:00 and 21:00–23:00 stay free for the benchmark's new series.
 * pattern: 'weekly' | 'biweekly' | 'nth:2,4' | 'nth:1,3' | 'last'
 */
const SLOTS = [
	{ weekday: 1, from: '09:00', to: '12:00', pattern: 'weekly', owner: 'internal', title: 'Teamsitzung' },
	{ weekday: 1, from: '17:00', to: '19:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 1, from: '19:00', to: '21:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 2, from: '10:00', to: '12:00', pattern: 'biweekly', owner: 'group' },
	{ weekday: 2, from: '17:00', to: '19:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 2, from: '19:00', to: '21:00', pattern: 'nth:2,4', owner: 'group' },
	{ weekday: 2, from: '19:00', to: '21:00', pattern: 'nth:1,3', owner: 'group' },
	{ weekday: 3, from: '14:00', to: '16:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 3, from: '19:00', to: '21:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 4, from: '10:00', to: '12:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 4, from: '17:00', to: '19:00', pattern: 'biweekly', owner: 'group' },
	{ weekday: 4, from: '19:00', to: '21:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 5, from: '15:00', to: '17:00', pattern: 'weekly', owner: 'group' },
	{ weekday: 5, from: '18:00', to: '20:00', pattern: 'last', owner: 'event', title: 'Infoabend' },
	{ weekday: 6, from: '10:00', to: '12:00', pattern: 'nth:2,4', owner: 'group' },
	{ weekday: 6, from: '14:00', to: '17:00', pattern: 'last', owner: 'event', title: 'Fortbildung' }
];
const BOOKABLE = JSON.stringify(Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { from: '06:00', to: '23:00' }])));

/** The free slots the benchmark books, one-hour weekly series: room × weekday × hour. */
const freeSlots = (/** @type {number[]} */ hours) => {
	/** @type {{ room: number, weekday: number, hour: number }[]} */
	const out = [];
	for (const hour of hours)
		for (let weekday = 1; weekday <= 7; weekday++) for (let room = 0; room < ROOMS; room++) out.push({ room, weekday, hour });
	return out;
};

/** @typedef {{ query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }> }} Queryable */

const isoDate = (/** @type {Date} */ d) => d.toISOString().slice(0, 10);
const addDays = (/** @type {string} */ date, /** @type {number} */ n) =>
	isoDate(new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000));
const todayBerlin = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

/**
 * Rooms, groups and the recurring bookings of the given offices, over [from, to], with SQL alone
 * (the dates are expanded by generate_series, the wall times converted by the database).
 * @param {Queryable} db @param {string[]} tenantIds @param {string} from @param {string} to
 */
async function populate(db, tenantIds, from, to) {
	await db.query(
		`insert into rooms (tenant_id, name, capacity, step_free, accessible_toilet, hearing_loop, bookable_hours)
		 select t, 'Raum ' || lpad(r::text, 2, '0'), 8 + r * 3, r % 3 <> 0, r % 3 = 1, r % 4 = 0, $2::jsonb
		 from unnest($1::uuid[]) t cross join generate_series(1, ${ROOMS}) r`,
		[tenantIds, BOOKABLE]
	);
	const groupSlots = SLOTS.map((s, i) => ({ ...s, i })).filter((s) => s.owner === 'group');
	// one group per room and group slot (slugs are unique across offices)
	await db.query(
		`insert into groups (tenant_id, slug, name, dedupe_key)
		 select r.tenant_id, 'bench-' || r.tenant_id || '-' || r.name_key || '-' || s, 'Gesprächskreis ' || r.name || ' ' || s,
		        'gespraechskreis ' || r.name_key || ' ' || s
		 from (select tenant_id, name, replace(lower(name), ' ', '-') as name_key from rooms where tenant_id = any($1::uuid[])) r
		 cross join unnest($2::int[]) s`,
		[tenantIds, groupSlots.map((s) => s.i)]
	);
	const patternSql = (/** @type {string} */ pattern) =>
		pattern === 'weekly'
			? 'true'
			: pattern === 'biweekly'
				? `((d - date '2000-01-03') / 7) % 2 = 0`
				: pattern === 'last'
					? `extract(month from d + 7) <> extract(month from d)`
					: `((extract(day from d)::int - 1) / 7 + 1) in (${pattern.slice(4)})`;
	for (const [i, slot] of SLOTS.entries()) {
		await db.query(
			`insert into room_bookings (tenant_id, room_id, series_id, owner_kind, group_id, title, status, starts_at, ends_at, attendees, created_at, updated_at)
			 select r.tenant_id, r.id, md5(r.id::text || '-' || $4::int)::uuid, $5::text, g.id, coalesce(g.name, $6::text), 'confirmed',
			        (d + $7::time) at time zone 'Europe/Berlin', (d + $8::time) at time zone 'Europe/Berlin', 8, now(), now()
			 from rooms r
			 left join groups g on $5::text = 'group' and g.tenant_id = r.tenant_id
			   and g.slug = 'bench-' || r.tenant_id || '-' || replace(lower(r.name), ' ', '-') || '-' || $4::int
			 cross join lateral (select day::date as d from generate_series($2::date, $3::date, interval '1 day') day) days
			 where r.tenant_id = any($1::uuid[]) and extract(isodow from d) = $9 and ${patternSql(slot.pattern)}`,
			[tenantIds, from, to, i, slot.owner, slot.title ?? '', slot.from, slot.to, slot.weekday]
		);
	}
	await db.query('analyze');
}

/**
 * A logged-in staff session (second factor done) for the first office's administrator, as the login writes it.
 * @param {Queryable} db
 */
async function staffSession(db) {
	const token = randomBytes(32).toString('base64url');
	const { rows } = await db.query(
		`insert into sessions (id, user_id, tenant_id, second_factor_done, expires_at)
		 select $1, m.user_id, m.tenant_id, true, now() + interval '1 day' from memberships m where m.role = 'admin' limit 1
		 returning tenant_id, user_id`,
		[createHash('sha256').update(token).digest('hex')]
	);
	const tenantId = /** @type {string} */ (rows[0].tenant_id);
	const userId = /** @type {string} */ (rows[0].user_id);
	const rooms = (await db.query(`select id from rooms where tenant_id = $1 order by name`, [tenantId])).rows.map(
		(r) => /** @type {string} */ (r.id)
	);
	return { cookie: `tp_session=${token}`, tenantId, userId, rooms };
}

// ---------------------------------------------------------------- server and client

/**
 * The measurements of one run on a started server.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 * @param {{ cookie: string, rooms: string[] }} session
 * @param {{ room: number, weekday: number, hour: number }[]} slots free slots, at least WARMUP + REQUESTS
 * @param {string} monthDate
 */
async function measure(server, session, slots, monthDate) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	// a browser's form post: without \`accept: text/html\` SvelteKit answers a form action with JSON
	const staff = { cookie: session.cookie, accept: 'text/html,application/xhtml+xml' };
	const timed = async (
		/** @type {() => Promise<{ status: number, body: string, location: string }>} */ send,
		/** @type {number} */ expected
	) => {
		const t = performance.now();
		const r = await send();
		const ms = performance.now() - t;
		if (r.status !== expected)
			throw new Error(`HTTP ${r.status} instead of ${expected}: ${r.location || r.body.replace(/\s+/g, ' ').slice(0, 600)}`);
		return { ms, response: r };
	};
	const get = (/** @type {string} */ urlPath) => () => request(agent, server.port, 'GET', urlPath, staff);
	/** @param {number} times @param {() => Promise<any>} send @param {number} expected */
	const repeat = async (times, send, expected) => {
		const runs = [];
		for (let i = 0; i < times; i++) runs.push((await timed(send, expected)).ms);
		return runs;
	};

	await repeat(50, get('/healthz'), 200);
	const healthz = percentiles(await repeat(REQUESTS, get('/healthz'), 200));

	const monthPath = `/verwaltung/raeume/kalender?ansicht=monat&datum=${monthDate}`;
	const sample = await timed(get(monthPath), 200);
	const entries = (sample.response.body.match(/\/verwaltung\/raeume\/buchung\//g) ?? []).length;
	const pageKb = Buffer.byteLength(sample.response.body) / 1024;
	const dataKb = Buffer.byteLength(/<script\b[^>]*>([\s\S]*?__sveltekit[\s\S]*?)<\/script>/.exec(sample.response.body)?.[1] ?? '') / 1024;
	await repeat(WARMUP, get(monthPath), 200);
	const month = percentiles(await repeat(REQUESTS, get(monthPath), 200));

	const start = addDays(todayBerlin(), 1);
	const end = addDays(start, 364);
	const form = (/** @type {{ room: number, weekday: number, hour: number }} */ slot, /** @type {string} */ intent) =>
		new URLSearchParams({
			roomId: /** @type {string} */ (session.rooms[slot.room]),
			ownerKind: 'internal',
			groupId: '',
			title: `Benchmark ${slot.room}-${slot.weekday}-${slot.hour}`,
			attendees: '6',
			note: '',
			frequency: 'weekly',
			interval: '1',
			weekdays: String(slot.weekday),
			startDate: start,
			endDate: end,
			startTime: `${String(slot.hour).padStart(2, '0')}:00`,
			endTime: `${String(slot.hour + 1).padStart(2, '0')}:00`,
			breakFrom: '',
			breakTo: '',
			intent
		}).toString();
	const post = (/** @type {string} */ body) => () =>
		request(
			agent,
			server.port,
			'POST',
			'/verwaltung/raeume/buchen',
			{
				...staff,
				origin: server.base,
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': String(Buffer.byteLength(body))
			},
			body
		);
	/** @type {number[]} */
	const checks = [];
	/** @type {number[]} */
	const saves = [];
	let dates = 0;
	let skipped = 0;
	for (let i = 0; i < WARMUP + REQUESTS; i++) {
		const slot = slots[i];
		if (!slot) throw new Error('not enough free slots for the requests');
		const check = await timed(post(form(slot, 'check')), 200);
		const save = await timed(post(form(slot, 'save')), 303);
		// the calendar the form sends to says how many dates were booked and skipped
		const saved = new URL(save.response.location, server.base).searchParams;
		if (!save.response.location.includes('/verwaltung/raeume/kalender') || !(Number(saved.get('gebucht')) > 0))
			throw new Error(`saved, but sent to ${save.response.location}`);
		dates += Number(saved.get('gebucht'));
		skipped += Number(saved.get('ausgelassen') ?? 0);
		if (i >= WARMUP) {
			checks.push(check.ms);
			saves.push(save.ms);
		}
	}
	agent.destroy();
	if (server.errors().length) throw new Error(`the server logged errors:\n${server.errors().slice(0, 5).join('\n')}`);
	return {
		healthz,
		month,
		entries,
		pageKb,
		dataKb,
		check: percentiles(checks),
		save: percentiles(saves),
		dates: dates / (WARMUP + REQUESTS),
		skipped,
		rssMb: server.rss()
	};
}

/**
 * The database's own share of a save, without HTTP and without the application: on one connection,
 * BEGIN, the scope (role and settings, as `inScope` sets them), the INSERT of a year's weekly series
 * (52 rows, as the service writes them; its audit entry rides in the same statement and is left out here) and COMMIT, on the same data. No implementation of the
 * save can be faster than this on this machine. The series lie in 2090 and are removed afterwards.
 * @param {Queryable} db @param {{ tenantId: string, userId: string, rooms: string[] }} session
 */
async function databaseFloor(db, session) {
	/** @type {number[]} */
	const times = [];
	const week = 7 * 86_400_000;
	for (let i = 0; i < WARMUP + REQUESTS; i++) {
		// a new minute of the week for every series: no two overlap
		const first = Date.UTC(2090, 0, 2, 5, 0) + i * 60_000;
		const starts = Array.from({ length: 52 }, (_, k) => new Date(first + k * week).toISOString());
		const ends = starts.map((start) => new Date(Date.parse(start) + 60_000).toISOString());
		const t = performance.now();
		await db.query('begin');
		await db.query(
			`select set_config('role', 'treffpunkt_app', true), set_config('app.system', '', true), set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`,
			[session.tenantId, session.userId]
		);
		await db.query(
			`insert into room_bookings (tenant_id, room_id, series_id, owner_kind, group_id, title, status, starts_at, ends_at,
				attendees, note, created_by, created_at, updated_at)
			 select $1::uuid, $2::uuid, $3::uuid, 'internal', null, 'Untergrenze', 'confirmed', o.s, o.e, 6, '', $4::uuid, now(), now()
			 from unnest($5::timestamptz[], $6::timestamptz[]) as o(s, e)`,
			[session.tenantId, session.rooms[0], randomUUID(), session.userId, `{${starts.join(',')}}`, `{${ends.join(',')}}`]
		);
		await db.query('commit');
		if (i >= WARMUP) times.push(performance.now() - t);
	}
	await db.query(`delete from room_bookings where title = 'Untergrenze'`);
	return percentiles(times);
}

// ---------------------------------------------------------------- report

/** Ends a run early on purpose (not a failure). */
class Skip extends Error {}

let over = 0;
/** @type {string[]} */
const report = [];
const say = (/** @type {string} */ text) => report.push(text);
const ms = (/** @type {number} */ v) => `${v.toFixed(1)} ms`;
/** @param {string} label @param {number} value @param {number | null} budget @param {number} baseline */
function figure(label, value, budget, baseline) {
	const ok = budget === null || value <= budget;
	if (!ok) over++;
	say(
		`${label.padEnd(44)} ${ms(value).padStart(10)} ${(budget === null ? '' : `≤ ${budget} ms`).padStart(10)} ${`${(value / baseline).toFixed(1)}×`.padStart(10)}${ok ? '' : '  OVER BUDGET'}`
	);
}
/** @param {Awaited<ReturnType<typeof measure>>} m @param {{ saveP50: number, saveP99: number, monthP50: number | null }} budget */
function table(m, budget) {
	say(`${''.padEnd(44)} ${'value'.padStart(10)} ${'budget'.padStart(10)} ${'÷ healthz'.padStart(10)}`);
	figure('GET /healthz p50', m.healthz.p50, null, m.healthz.p50);
	figure('GET /healthz p99', m.healthz.p99, null, m.healthz.p99);
	figure('POST /verwaltung/raeume/buchen check p50', m.check.p50, budget.saveP50, m.healthz.p50);
	figure('POST /verwaltung/raeume/buchen check p99', m.check.p99, budget.saveP99, m.healthz.p99);
	figure('POST /verwaltung/raeume/buchen save p50', m.save.p50, budget.saveP50, m.healthz.p50);
	figure('POST /verwaltung/raeume/buchen save p99', m.save.p99, budget.saveP99, m.healthz.p99);
	figure('POST … save max', m.save.max, null, m.healthz.max);
	figure(`GET /verwaltung/raeume/kalender month p50`, m.month.p50, budget.monthP50, m.healthz.p50);
	figure(`GET /verwaltung/raeume/kalender month p99`, m.month.p99, null, m.healthz.p99);
	say(
		`(each save booked ${m.dates.toFixed(1)} dates on average, ${m.skipped} skipped; the month view lists ${m.entries} bookings of ${ROOMS} rooms in ${m.pageKb.toFixed(0)} KB of HTML, ${m.dataKb.toFixed(0)} KB of it the page's data for hydration; server RSS after the run ${m.rssMb.toFixed(0)} MB)`
	);
}
/** @param {ReturnType<typeof percentiles>} floor @param {number} healthzP50 */
function floorTable(floor, healthzP50) {
	figure('database alone: BEGIN, scope, INSERT, COMMIT p50', floor.p50, null, healthzP50);
	figure('database alone: BEGIN, scope, INSERT, COMMIT p99', floor.p99, null, healthzP50);
	say("(the save's own rows written by SQL on one connection, without HTTP or the application: the floor under the save figures)");
}
/** @param {string} label @param {unknown} error */
function failed(label, error) {
	over++;
	say(`${label} FAILED: ${error instanceof Error ? error.message : String(error)}`);
}

const today = todayBerlin();
const officeFrom = addDays(today, -Math.round((YEARS / 2) * 365.25));
const officeTo = addDays(today, Math.round((YEARS / 2) * 365.25));
say(
	`requests: ${REQUESTS} measured (after ${WARMUP} for warm-up) per figure, one at a time on one keep-alive connection; each booking a new weekly series of one year (52–53 dates) on a free slot: "Prüfen" (intent=check) then "Buchen" (intent=save, answered by 303 to the calendar)`
);

// 1. office scale on the embedded PGlite (BENCH_ROOMS_PGLITE=0 skips it)
if (process.env.BENCH_ROOMS_PGLITE !== '0') {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-bench-rooms-'));
	const env = { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, DATABASE_URL: '' };
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	try {
		cli(env, ['migrate']);
		cli(env, ['setup', '--office', 'Kontaktstelle Raumbenchmark', '--email', 'raeume@example.org', '--password', 'bench-passwort-123']);
		const db = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { btree_gist } });
		const written = performance.now();
		const tenants = (await db.query(`select id from tenants`)).rows.map((r) => /** @type {{ id: string }} */ (r).id);
		await populate(db, tenants, officeFrom, officeTo);
		const count = /** @type {{ n: number }} */ ((await db.query(`select count(*)::int as n from room_bookings`)).rows[0]).n;
		const session = await staffSession(db);
		await db.close();
		say(
			`\nOffice scale on PGlite: ${ROOMS} rooms, ${count.toLocaleString('en')} bookings from ${officeFrom} to ${officeTo}, written in ${((performance.now() - written) / 1000).toFixed(1)} s; server started as npm start starts it`
		);
		server = await startServer(env);
		const measured = await measure(server, session, freeSlots([7, 8, 12]), today);
		table(measured, BUDGET.pglite);
		// the data directory is the server's while it runs
		await server.stop();
		server = undefined;
		const direct = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { btree_gist } });
		try {
			floorTable(await databaseFloor(direct, session), measured.healthz.p50);
		} finally {
			await direct.close();
		}
	} catch (error) {
		failed('PGlite run', error);
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

// 2., 3. office and national scale on the PostgreSQL server (BENCH_ROOMS_NATIONAL=0: office scale only)
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const national = process.env.BENCH_ROOMS_NATIONAL !== '0';
if (serverUrl) {
	const name = `treffpunkt_bench_rooms_${process.pid}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const db = new pg.Client({ connectionString: url.toString() });
	const env = { ...process.env, DATABASE_URL: url.toString() };
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	try {
		const version = (await admin.query('show server_version')).rows[0].server_version;
		cli(env, ['migrate']);
		cli(env, ['setup', '--office', 'Kontaktstelle Raumbenchmark', '--email', 'raeume@example.org', '--password', 'bench-passwort-123']);
		await db.connect();
		let written = performance.now();
		const first = (await db.query(`select id from tenants`)).rows.map((r) => /** @type {string} */ (r.id));
		await populate(db, first, officeFrom, officeTo);
		const count = (await db.query(`select count(*)::int as n from room_bookings`)).rows[0].n;
		const session = await staffSession(db);
		say(
			`\nOffice scale on PostgreSQL ${version}: ${ROOMS} rooms, ${count.toLocaleString('en')} bookings from ${officeFrom} to ${officeTo}, written in ${((performance.now() - written) / 1000).toFixed(1)} s`
		);
		server = await startServer(env);
		const measured = await measure(server, session, freeSlots([7, 8, 12]), today);
		table(measured, BUDGET.postgres);
		floorTable(await databaseFloor(db, session), measured.healthz.p50);
		if (!national) throw new Skip();

		// national: 299 more offices with 10 rooms each, their bookings OTHER_YEARS around today; the
		// office's data as before (the series saved above removed, so the month view shows the same)
		await db.query(`delete from room_bookings where title like 'Benchmark %'`);
		written = performance.now();
		const states = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];
		const others = (
			await db.query(
				`insert into tenants (kind, name, slug, street, postal_code, city, federal_state, phone, email, published)
				 select 'contact_point', 'Kontaktstelle Beispielort ' || i, 'kontaktstelle-beispielort-' || i, 'Musterweg ' || i,
				        lpad((10000 + i * 37)::text, 5, '0'), 'Beispielort ' || i, ($1::text[])[1 + i % 16], '01234 ' || (500000 + i), 'kontakt' || i || '@example.org', true
				 from generate_series(2, ${OFFICES}) i returning id`,
				[states]
			)
		).rows.map((r) => /** @type {string} */ (r.id));
		await populate(
			db,
			others,
			addDays(today, -Math.round((OTHER_YEARS / 2) * 365.25)),
			addDays(today, Math.round((OTHER_YEARS / 2) * 365.25))
		);
		const totals = (
			await db.query(`select (select count(*) from rooms)::int as rooms, (select count(*) from room_bookings)::int as bookings`)
		).rows[0];
		say(
			`\nNational scale on PostgreSQL ${version}: ${OFFICES} offices, ${totals.rooms.toLocaleString('en')} rooms, ${totals.bookings.toLocaleString('en')} bookings (the other offices' ${OTHER_YEARS} year(s) around today), written in ${((performance.now() - written) / 1000).toFixed(1)} s; the same office measured`
		);
		const nationally = await measure(server, session, freeSlots([13, 21, 22]), today);
		table(nationally, BUDGET.postgres);
		floorTable(await databaseFloor(db, session), nationally.healthz.p50);
	} catch (error) {
		if (!(error instanceof Skip)) failed('PostgreSQL run', error);
	} finally {
		await server?.stop();
		await db.end().catch(() => {});
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
} else say('\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server for the office and national runs on PostgreSQL)');

console.log(
	`\nTreffpunkt room booking benchmark (ROOM-2 … ROOM-4) — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
);
console.log(report.join('\n'));
console.log(over ? `\n${over} budget(s) missed` : '\nall budgets met');
process.exitCode = over > 0 ? 1 : 0;
