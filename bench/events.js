// `npm run bench` (part 5): events (issue 6, EVT-5 and EVT-2). Invented data written straight into
// the database with SQL: 200 upcoming published events of 20 offices (talks, workshops, training
// series of four sessions, self-help days; in person, online, hybrid; 1–2 topics each) plus drafts,
// and the history of every office (12 past events each, with registrations, attendance and feedback).
// Then, through the built server:
//   - the programme page `GET /veranstaltungen` (20 of the 200 events, soonest first), one request at
//     a time on one keep-alive connection, and the same page filtered by place (`?ort=10115&umkreis=50`);
//   - `GET /healthz` in the same run, as the baseline for the ratios;
//   - on the PostgreSQL server only: 200 people registering at the same moment for the last 10 places of
//     one event, each through the public form as a browser sends it (the event page fetched for the
//     form's signed stamp and proof-of-work challenge, the challenge solved, the form posted after
//     the minimum fill time), each from its own client address (the server runs with
//     ADDRESS_HEADER=x-forwarded-for as behind a proxy, so the per-address limit applies per person);
//     then exactly 10 must be confirmed and 190 waitlisted, each with one confirmation e-mail.
// Runs on the embedded PGlite (20 offices) and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
// PostgreSQL server (whose user may create databases; a fresh database is created and dropped), at
// national scale (300 offices). Needs a build (`npm run build`).
// BENCH_EVENTS_REQUESTS: measured requests per figure (default 300); BENCH_EVENTS_PGLITE=0 leaves out the PGlite run.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';
import { cli, percentiles, request, root, startServer } from './lib.js';

const UPCOMING = 200;
const HOSTS = 20;
const PAST_PER_OFFICE = 12;
const NATIONAL_OFFICES = 300;
const REQUESTS = Number(process.env.BENCH_EVENTS_REQUESTS ?? 300);
const WARMUP = 20;
const RUSH = { people: 200, capacity: 40, taken: 30 };
const BUDGET = { postgres: { pageP50: 15 }, pglite: { pageP50: null } };

if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) {
	console.error('No build found: run `npm run build` first.');
	process.exit(1);
}

// ---------------------------------------------------------------- the dataset

/** @typedef {{ query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }> }} Queryable */

const isoDate = (/** @type {Date} */ d) => d.toISOString().slice(0, 10);
const addDays = (/** @type {string} */ date, /** @type {number} */ n) =>
	isoDate(new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000));
const todayBerlin = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

const PLACES = [
	['10115', 'Berlin'],
	['10245', 'Berlin'],
	['14467', 'Potsdam'],
	['20095', 'Hamburg'],
	['30159', 'Hannover'],
	['99084', 'Erfurt'],
	['04109', 'Leipzig'],
	['01067', 'Dresden'],
	['50667', 'Köln'],
	['80331', 'München']
];
const KINDS = ['talk', 'workshop', 'training_series', 'self_help_day', 'talk'];
const FORMATS = ['in_person', 'in_person', 'online', 'hybrid', 'in_person'];
const AUDIENCES = ['public', 'group_members,group_leaders', 'group_leaders', 'public,group_members', 'staff'];
const TITLES = [
	'Selbsthilfe im Gespräch',
	'Gruppen gut leiten',
	'Konflikte in der Gruppe',
	'Neue Mitglieder gewinnen',
	'Öffentlichkeitsarbeit für Gruppen',
	'Datenschutz in der Selbsthilfe',
	'Online-Treffen sicher gestalten',
	'Trauer und Abschied',
	'Angst verstehen',
	'Selbsthilfetag der Region'
];

/**
 * Events of the given offices with sessions, topics and registrations, as the services write them.
 * @param {Queryable} db
 * @param {{ hosts: string[], offices: string[], today: string }} plan hosts: the offices with upcoming events
 */
async function populate(db, { hosts, offices, today }) {
	const topicIds = (await db.query(`select id from topics where status = 'active' and tenant_id is null order by key`)).rows.map(
		(r) => /** @type {string} */ (r.id)
	);
	/** @type {{ id: string, tenant: string, slug: string, title: string, kind: string, audiences: string, format: string, venue: string, postal: string, city: string, url: string, capacity: number | null, status: string }[]} */
	const events = [];
	/** @type {{ event: string, tenant: string, title: string, date: string, from: string, to: string }[]} */
	const sessions = [];
	/** @type {{ event: string, tenant: string, topic: string }[]} */
	const topics = [];
	const add = (
		/** @type {string} */ tenant,
		/** @type {number} */ i,
		/** @type {string} */ prefix,
		/** @type {string} */ firstDate,
		/** @type {string} */ status
	) => {
		const id = randomUUID();
		const kind = /** @type {string} */ (KINDS[i % KINDS.length]);
		const format = /** @type {string} */ (FORMATS[(i >> 1) % FORMATS.length]);
		const [postal, city] = /** @type {[string, string]} */ (PLACES[i % PLACES.length]);
		const title = `${TITLES[i % TITLES.length]} (${prefix} ${i})`;
		events.push({
			id,
			tenant,
			slug: `bench-${prefix}-${i}-${firstDate}`,
			title,
			kind,
			audiences: /** @type {string} */ (AUDIENCES[i % AUDIENCES.length]),
			format,
			venue: format === 'online' ? '' : `Gemeindehaus, Beispielstraße ${1 + (i % 40)}`,
			postal: format === 'online' ? '' : postal,
			city: format === 'online' ? '' : city,
			url: format === 'in_person' ? '' : `https://video.example.org/raum-${i}`,
			capacity: i % 3 === 0 ? null : 12 + (i % 5) * 6,
			status
		});
		const count = kind === 'training_series' ? 4 : 1;
		for (let s = 0; s < count; s++)
			sessions.push({
				event: id,
				tenant,
				title: count > 1 ? `Teil ${s + 1}` : '',
				date: addDays(firstDate, s * 7),
				from: kind === 'self_help_day' ? '10:00' : '18:00',
				to: kind === 'self_help_day' ? '16:00' : '20:00'
			});
		topics.push({ event: id, tenant, topic: /** @type {string} */ (topicIds[(i * 7) % topicIds.length]) });
		if (i % 2) topics.push({ event: id, tenant, topic: /** @type {string} */ (topicIds[(i * 7 + 3) % topicIds.length]) });
	};
	// 200 upcoming published events over the next year, and two drafts per host that nobody sees
	for (let i = 0; i < UPCOMING; i++)
		add(/** @type {string} */ (hosts[i % hosts.length]), i, 'v', addDays(today, 2 + Math.floor((i * 360) / UPCOMING)), 'published');
	hosts.forEach((tenant, h) => {
		add(tenant, 1000 + 2 * h, 'e', addDays(today, 20 + h), 'draft');
		add(tenant, 1001 + 2 * h, 'e', addDays(today, 40 + h), 'draft');
	});
	// the history: 12 events per office over the past year
	offices.forEach((tenant, o) => {
		for (let p = 0; p < PAST_PER_OFFICE; p++)
			add(tenant, o * PAST_PER_OFFICE + p, 'a', addDays(today, -30 * (p + 1) - (o % 20)), 'published');
	});

	for (let start = 0; start < events.length; start += 2000) {
		const chunk = events.slice(start, start + 2000);
		const col = (/** @type {(e: (typeof events)[number]) => unknown} */ f) => chunk.map(f);
		await db.query(
			`insert into events (id, tenant_id, slug, title, description, kind, audiences, format, venue, postal_code, city, online_url, capacity, status, fee, created_at, updated_at)
			 select id, tenant_id, slug, title, 'Ein Abend zum Kennenlernen und Austauschen, mit Zeit für Fragen.', kind, string_to_array(audiences, ','),
			        format, venue, postal_code, city, url, capacity, status, case when kind = 'workshop' then '5 €' else '' end, now(), now()
			 from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[])
			   as t(id, tenant_id, slug, title, kind, audiences, format, venue, postal_code, city, url, capacity, status)`,
			[
				col((e) => e.id),
				col((e) => e.tenant),
				col((e) => e.slug),
				col((e) => e.title),
				col((e) => e.kind),
				col((e) => e.audiences),
				col((e) => e.format),
				col((e) => e.venue),
				col((e) => e.postal),
				col((e) => e.city),
				col((e) => e.url),
				col((e) => e.capacity),
				col((e) => e.status)
			]
		);
	}
	for (let start = 0; start < sessions.length; start += 5000) {
		const chunk = sessions.slice(start, start + 5000);
		await db.query(
			`insert into event_sessions (tenant_id, event_id, title, starts_at, ends_at)
			 select tenant_id, event_id, title, (d + f) at time zone 'Europe/Berlin', (d + t) at time zone 'Europe/Berlin'
			 from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::time[], $6::time[]) as s(tenant_id, event_id, title, d, f, t)`,
			[
				chunk.map((s) => s.tenant),
				chunk.map((s) => s.event),
				chunk.map((s) => s.title),
				chunk.map((s) => s.date),
				chunk.map((s) => s.from),
				chunk.map((s) => s.to)
			]
		);
	}
	for (let start = 0; start < topics.length; start += 5000) {
		const chunk = topics.slice(start, start + 5000);
		await db.query(
			`insert into event_topics (tenant_id, event_id, topic_id) select * from unnest($1::uuid[], $2::uuid[], $3::uuid[]) on conflict do nothing`,
			[chunk.map((t) => t.tenant), chunk.map((t) => t.event), chunk.map((t) => t.topic)]
		);
	}
	// registrations: 8 for each upcoming event, 15 for each past one (present or not), a third of those gave feedback
	await db.query(
		`insert into event_registrations (tenant_id, event_id, name, email, status, token_hash, attended, created_at, updated_at)
		 select e.tenant_id, e.id, 'Teilnehmerin ' || n, 'person' || n || '.' || left(e.id::text, 8) || '@example.org', 'confirmed',
		        md5(e.id::text || '-' || n), case when e.slug like 'bench-a-%' then n % 5 <> 0 end, now(), now()
		 from events e cross join lateral generate_series(1, case when e.slug like 'bench-a-%' then 15 else 8 end) n
		 where e.status = 'published'`
	);
	await db.query(
		`insert into event_feedback (tenant_id, event_id, registration_id, overall, content, organisation, comment)
		 select r.tenant_id, r.event_id, r.id, 3 + r.seq % 3, 2 + r.seq % 4, 4, case when r.seq % 2 = 0 then 'Hilfreich, gern wieder.' else '' end
		 from event_registrations r join events e on e.id = r.event_id
		 where e.slug like 'bench-a-%' and r.attended and r.seq % 3 = 0`
	);
	await db.query('analyze');
	const [counts] = (
		await db.query(
			`select (select count(*) from events)::int as events, (select count(*) from event_sessions)::int as sessions,
			        (select count(*) from event_registrations)::int as registrations, (select count(*) from event_feedback)::int as feedback`
		)
	).rows;
	return counts;
}

/**
 * Offices besides the one `setup` made: contact points with a place each.
 * @param {Queryable} db @param {number} count
 */
async function addOffices(db, count) {
	if (count <= 0) return [];
	const states = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];
	const { rows } = await db.query(
		`insert into tenants (kind, name, slug, street, postal_code, city, federal_state, phone, email, published)
		 select 'contact_point', 'Kontaktstelle Beispielort ' || i, 'kontaktstelle-beispielort-' || i, 'Musterweg ' || i,
		        ($2::text[])[1 + i % 10], 'Beispielort ' || i, ($1::text[])[1 + i % 16], '01234 ' || (500000 + i), 'kontakt' || i || '@example.org', true
		 from generate_series(2, ${count + 1}) i returning id`,
		[states, PLACES.map((p) => p[0])]
	);
	return rows.map((r) => /** @type {string} */ (r.id));
}

// ---------------------------------------------------------------- server and client

/**
 * The programme page and the baseline, one request at a time on one keep-alive connection.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 */
async function measurePages(server) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const headers = { accept: 'text/html,application/xhtml+xml' };
	/** @param {string} urlPath @param {number} times */
	const repeat = async (urlPath, times) => {
		const runs = [];
		for (let i = 0; i < times; i++) {
			const t = performance.now();
			const r = await request(agent, server.port, 'GET', urlPath, headers);
			runs.push(performance.now() - t);
			if (r.status !== 200) throw new Error(`GET ${urlPath}: HTTP ${r.status} ${r.body.replace(/\s+/g, ' ').slice(0, 300)}`);
		}
		return runs;
	};
	const look = async (/** @type {string} */ urlPath) => {
		const r = await request(agent, server.port, 'GET', urlPath, headers);
		return {
			listed: (r.body.match(/href="\/veranstaltungen\/bench-v-/g) ?? []).length,
			total: Number(/<h2[^>]*>\s*(\d+) Veranstaltung/.exec(r.body)?.[1] ?? NaN),
			kb: Buffer.byteLength(r.body) / 1024,
			scripts: (r.body.match(/<script\b[^>]*\bsrc=/g) ?? []).length + (r.body.match(/__sveltekit/g) ?? []).length
		};
	};
	await repeat('/healthz', 50);
	const healthz = percentiles(await repeat('/healthz', REQUESTS));
	const page = await look('/veranstaltungen');
	if (page.listed !== 20 || page.total !== UPCOMING)
		throw new Error(`the programme page lists ${page.listed} events of ${page.total}, expected 20 of ${UPCOMING}`);
	await repeat('/veranstaltungen', WARMUP);
	const programme = percentiles(await repeat('/veranstaltungen', REQUESTS));
	const nearPath = '/veranstaltungen?ort=10115&umkreis=50';
	const near = await look(nearPath);
	await repeat(nearPath, WARMUP);
	const filtered = percentiles(await repeat(nearPath, REQUESTS));
	agent.destroy();
	if (server.errors().length) throw new Error(`the server logged errors:\n${server.errors().slice(0, 5).join('\n')}`);
	return { healthz, programme, filtered, page, near, rssMb: server.rss() };
}

const decode = (/** @type {string} */ s) =>
	s
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');

/** The proof of work as static/js/challenge.js does it, with node:crypto. @param {{ salt: string, challenge: string, maxNumber: number }} c */
function solve(c) {
	for (let n = 0; n <= c.maxNumber; n++)
		if (
			createHash('sha256')
				.update(c.salt + n)
				.digest('hex') === c.challenge
		)
			return n;
	throw new Error('challenge without a solution');
}

/**
 * 200 people register at once for the last 10 places of one event, through the public form.
 * @param {Awaited<ReturnType<typeof startServer>>} server @param {Queryable} db @param {string} tenantId @param {string} today
 */
async function rush(server, db, tenantId, today) {
	const slug = `bench-ansturm-${addDays(today, 30)}`;
	const {
		rows: [event]
	} = await db.query(
		`insert into events (tenant_id, slug, title, kind, audiences, format, venue, postal_code, city, capacity, status)
		 values ($1, $2, 'Fachtag Selbsthilfe (Ansturm)', 'self_help_day', '{public}', 'in_person', 'Stadthalle, Beispielplatz 1', '30159', 'Hannover', $3, 'published')
		 returning id`,
		[tenantId, slug, RUSH.capacity]
	);
	await db.query(
		`insert into event_sessions (tenant_id, event_id, starts_at, ends_at)
		 values ($1, $2, ($3::date + time '10:00') at time zone 'Europe/Berlin', ($3::date + time '16:00') at time zone 'Europe/Berlin')`,
		[tenantId, event.id, addDays(today, 30)]
	);
	await db.query(
		`insert into event_registrations (tenant_id, event_id, name, email, status, token_hash)
		 select $1::uuid, $2::uuid, 'Frühe Teilnehmerin ' || n, 'frueh' || n || '@example.org', 'confirmed', md5($2::uuid::text || '-frueh-' || n)
		 from generate_series(1, $3::int) n`,
		[tenantId, event.id, RUSH.taken]
	);

	// each person opens the event page (a fresh stamp and challenge each) and her browser solves the challenge
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	/** @type {{ stamp: string, challenge: string, solution: number }[]} */
	const forms = [];
	for (let i = 0; i < RUSH.people; i++) {
		const page = await request(agent, server.port, 'GET', `/veranstaltungen/${slug}`, { accept: 'text/html' });
		const stamp = /name="_stamp" value="([^"]+)"/.exec(page.body)?.[1];
		const challenge = /name="_challenge" value="([^"]+)"/.exec(page.body)?.[1];
		if (page.status !== 200 || !stamp || !challenge) throw new Error(`the event page has no registration form (HTTP ${page.status})`);
		const raw = decode(challenge);
		forms.push({ stamp: decode(stamp), challenge: raw, solution: solve(JSON.parse(raw)) });
	}
	agent.destroy();
	// the form is accepted 3 s after it was issued at the earliest
	await new Promise((resolve) => setTimeout(resolve, 3500));

	const burst = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const started = performance.now();
	const answers = await Promise.all(
		forms.map((form, i) => {
			const body = new URLSearchParams({
				name: `Teilnehmerin Ansturm ${i + 1}`,
				email: `ansturm${i + 1}@example.org`,
				consent: 'on',
				homepage: '',
				_stamp: form.stamp,
				_challenge: form.challenge,
				_solution: String(form.solution)
			}).toString();
			return request(
				burst,
				server.port,
				'POST',
				`/veranstaltungen/${slug}`,
				{
					accept: 'text/html,application/xhtml+xml',
					origin: server.base,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': String(Buffer.byteLength(body)),
					// one client address per person, as a proxy in front of the server would say
					'x-forwarded-for': `10.${20 + (i >> 8)}.${i & 255}.${1 + (i % 200)}`
				},
				body
			);
		})
	);
	const seconds = (performance.now() - started) / 1000;
	burst.destroy();
	const redirected = answers.filter((a) => a.status === 303 && /\/veranstaltungen\/anmeldung\/[^/?]+\?neu=1$/.test(a.location));
	const links = new Set(redirected.map((a) => a.location));
	const otherwise = answers.filter((a) => !redirected.includes(a)).map((a) => `HTTP ${a.status} ${a.location}`);

	const { rows } = await db.query(
		`select status, count(*)::int as n, count(distinct lower(email))::int as people from event_registrations
		 where event_id = $1 and email like 'ansturm%' group by status`,
		[event.id]
	);
	const of = (/** @type {string} */ status) => rows.find((r) => r.status === status) ?? { n: 0, people: 0 };
	const {
		rows: [all]
	} = await db.query(
		`select count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'waitlisted')::int as waitlisted,
		        (select count(*) from mail_outbox where to_address like 'ansturm%')::int as mails,
		        (select count(distinct to_address) from mail_outbox where to_address like 'ansturm%')::int as mailed,
		        (select max(seq) from event_registrations where event_id = $1 and status = 'confirmed') <
		        (select min(seq) from event_registrations where event_id = $1 and status = 'waitlisted') as ordered
		 from event_registrations where event_id = $1`,
		[event.id]
	);
	return {
		seconds,
		ok: redirected.length,
		links: links.size,
		otherwise,
		confirmed: of('confirmed').n,
		waitlisted: of('waitlisted').n,
		people: of('confirmed').people + of('waitlisted').people,
		total: rows.reduce((sum, r) => sum + r.n, 0),
		eventConfirmed: all.confirmed,
		eventWaitlisted: all.waitlisted,
		mails: all.mails,
		mailed: all.mailed,
		ordered: all.ordered
	};
}

// ---------------------------------------------------------------- report

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
/** @param {Awaited<ReturnType<typeof measurePages>>} m @param {{ pageP50: number | null }} budget */
function table(m, budget) {
	say(`${''.padEnd(44)} ${'value'.padStart(10)} ${'budget'.padStart(10)} ${'÷ healthz'.padStart(10)}`);
	figure('GET /healthz p50', m.healthz.p50, null, m.healthz.p50);
	figure('GET /healthz p99', m.healthz.p99, null, m.healthz.p99);
	figure('GET /veranstaltungen p50', m.programme.p50, budget.pageP50, m.healthz.p50);
	figure('GET /veranstaltungen p99', m.programme.p99, null, m.healthz.p99);
	figure('GET /veranstaltungen?ort=10115&umkreis=50 p50', m.filtered.p50, null, m.healthz.p50);
	figure('GET /veranstaltungen?ort=10115&umkreis=50 p99', m.filtered.p99, null, m.healthz.p99);
	say(
		`(the page lists 20 of ${m.page.total} events in ${m.page.kb.toFixed(0)} KB of HTML, ${m.page.scripts} scripts; near 10115 within 50 km: ${m.near.total} events; server RSS after the run ${m.rssMb.toFixed(0)} MB)`
	);
}
/** @param {string} label @param {unknown} error */
function failed(label, error) {
	over++;
	say(`${label} FAILED: ${error instanceof Error ? error.message : String(error)}`);
}

const today = todayBerlin();
say(
	`requests: ${REQUESTS} measured (after ${WARMUP} for warm-up) per figure, one at a time on one keep-alive connection; ${UPCOMING} upcoming published events of ${HOSTS} offices (a fifth of them training series of 4 sessions), ${PAST_PER_OFFICE} past events per office`
);

// 1. on the embedded PGlite, 20 offices (BENCH_EVENTS_PGLITE=0 skips it)
if (process.env.BENCH_EVENTS_PGLITE !== '0') {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-bench-events-'));
	const env = { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, DATABASE_URL: '' };
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	try {
		cli(env, ['migrate']);
		cli(env, [
			'setup',
			'--office',
			'Kontaktstelle Programmbenchmark',
			'--email',
			'programm@example.org',
			'--password',
			'bench-passwort-123'
		]);
		const db = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { btree_gist } });
		const written = performance.now();
		const first = (await db.query(`select id from tenants`)).rows.map((r) => /** @type {{ id: string }} */ (r).id);
		const offices = [...first, ...(await addOffices(db, HOSTS - 1))];
		const counts = await populate(db, { hosts: offices, offices, today });
		await db.close();
		say(
			`\nPGlite, ${offices.length} offices: ${counts.events.toLocaleString('en')} events, ${counts.sessions.toLocaleString('en')} sessions, ${counts.registrations.toLocaleString('en')} registrations, ${counts.feedback.toLocaleString('en')} feedback answers, written in ${((performance.now() - written) / 1000).toFixed(1)} s; server started as npm start starts it`
		);
		server = await startServer(env);
		table(await measurePages(server), BUDGET.pglite);
	} catch (error) {
		failed('PGlite run', error);
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

// 2. national scale on the PostgreSQL server, and the rush for the last places
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) {
	const name = `treffpunkt_bench_events_${process.pid}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const db = new pg.Client({ connectionString: url.toString() });
	// behind a proxy that names the client address (README: ADDRESS_HEADER), so each person has her own
	const env = { ...process.env, DATABASE_URL: url.toString(), ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	try {
		const version = (await admin.query('show server_version')).rows[0].server_version;
		cli(env, ['migrate']);
		cli(env, [
			'setup',
			'--office',
			'Kontaktstelle Programmbenchmark',
			'--email',
			'programm@example.org',
			'--password',
			'bench-passwort-123'
		]);
		await db.connect();
		const written = performance.now();
		const first = (await db.query(`select id from tenants`)).rows.map((r) => /** @type {string} */ (r.id));
		const offices = [...first, ...(await addOffices(db, NATIONAL_OFFICES - 1))];
		const counts = await populate(db, { hosts: offices.slice(0, HOSTS), offices, today });
		say(
			`\nPostgreSQL ${version}, ${offices.length} offices: ${counts.events.toLocaleString('en')} events, ${counts.sessions.toLocaleString('en')} sessions, ${counts.registrations.toLocaleString('en')} registrations, ${counts.feedback.toLocaleString('en')} feedback answers, written in ${((performance.now() - written) / 1000).toFixed(1)} s`
		);
		server = await startServer(env);
		table(await measurePages(server), BUDGET.postgres);

		const r = await rush(server, db, /** @type {string} */ (offices[0]), today);
		const held =
			r.ok === RUSH.people &&
			r.links === RUSH.people &&
			r.confirmed === RUSH.capacity - RUSH.taken &&
			r.waitlisted === RUSH.people - (RUSH.capacity - RUSH.taken) &&
			r.total === RUSH.people &&
			r.people === RUSH.people &&
			r.eventConfirmed === RUSH.capacity &&
			r.mailed === RUSH.people &&
			r.mails === RUSH.people &&
			r.ordered === true;
		if (!held) over++;
		say(
			`\n${RUSH.people} registrations at once for the last ${RUSH.capacity - RUSH.taken} of ${RUSH.capacity} places (POST /veranstaltungen/<slug>, each with its own stamp, solved challenge and client address), done in ${r.seconds.toFixed(1)} s:`
		);
		say(
			`  answered 303 to the person's own page: ${r.ok} (${r.links} different links)${r.otherwise.length ? `; otherwise: ${r.otherwise.slice(0, 5).join(', ')}` : ''}`
		);
		say(
			`  confirmed ${r.confirmed} (expected ${RUSH.capacity - RUSH.taken}), waitlisted ${r.waitlisted} (expected ${RUSH.people - (RUSH.capacity - RUSH.taken)}); registrations ${r.total} of ${r.people} people (none lost, none doubled: ${r.total === RUSH.people && r.people === RUSH.people ? 'yes' : 'NO'})`
		);
		say(
			`  the event: ${r.eventConfirmed} confirmed of ${RUSH.capacity} places, ${r.eventWaitlisted} waiting; places went to the earliest (seq): ${r.ordered ? 'yes' : 'NO'}; e-mails in the outbox: ${r.mails} to ${r.mailed} people`
		);
		say(held ? '  → holds' : '  → DOES NOT HOLD');
	} catch (error) {
		failed('PostgreSQL run', error);
	} finally {
		await server?.stop();
		await db.end().catch(() => {});
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
} else say('\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server for the national run and the registration rush)');

console.log(
	`\nTreffpunkt events benchmark (EVT-5, EVT-2) — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
);
console.log(report.join('\n'));
console.log(over ? `\n${over} budget(s) missed` : '\nall budgets met');
process.exitCode = over > 0 ? 1 : 0;
