// `npm run bench`: the foundation's figures at national scale (300 offices), each printed beside
// its budget and as a ratio to GET /healthz measured in the same run (machines here are shared
// and noisy, so the ratio is the steadier figure). Needs a build (`npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { acceptedRows, writeSpreadsheet } from './spreadsheet.js';

const root = path.resolve(import.meta.dirname, '..');
const OFFICES = 300;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;
/** @type {Record<string, { p95: number }>} */
const BUDGETS = {
	'GET /healthz': { p95: 10 },
	'GET /': { p95: 30 },
	'GET /kontaktstellen': { p95: 120 },
	'GET /anmelden': { p95: 30 },
	'GET /verwaltung/gruppen': { p95: 150 },
	'GET /verwaltung/gruppen?q=…&sort=confirmed': { p95: 150 },
	'GET /verwaltung/gruppen/{id}': { p95: 100 }
};
const GROUPS = 2000;
// PGlite (PostgreSQL compiled to WebAssembly) keeps its whole heap in the server process
const RSS_BUDGET_MB = 768;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-bench-'));
const env = { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'warn', DATABASE_URL: '' };

if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) {
	console.error('No build found: run `npm run build` first.');
	process.exit(1);
}

// 1. the first office through the real CLI, then 299 more written straight into the folder
const setup = spawnSync(
	process.execPath,
	['bin/treffpunkt.js', 'setup', '--office', 'Kontaktstelle Benchmark', '--email', 'bench@example.org', '--password', 'bench-passwort-123'],
	{ cwd: root, env, encoding: 'utf8' }
);
if (setup.status !== 0) throw new Error(setup.stderr);
// 2,000 groups through the real import
const sheet = path.join(dataDir, 'gruppen.csv');
writeSpreadsheet(sheet, GROUPS + Math.floor(GROUPS / 49));
const imported = spawnSync(
	process.execPath,
	['bin/treffpunkt.js', 'import', 'groups', sheet, '--office', 'kontaktstelle-benchmark', '--consent-held'],
	{
		cwd: root,
		env,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024
	}
);
if (!imported.stdout.includes(`${acceptedRows(GROUPS + Math.floor(GROUPS / 49))} übernommen`))
	throw new Error(imported.stderr || imported.stdout.slice(-500));
const db = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { btree_gist } });
// a logged-in staff session (second factor done), as the login would write it
const sessionToken = randomBytes(32).toString('base64url');
await db.query(
	`insert into sessions (id, user_id, tenant_id, second_factor_done, expires_at)
	 select $1, m.user_id, m.tenant_id, true, now() + interval '1 day' from memberships m limit 1`,
	[createHash('sha256').update(sessionToken).digest('hex')]
);
const groupId = /** @type {{ id: string }} */ ((await db.query(`select id from groups order by name limit 1 offset 500`)).rows[0]).id;
const states = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];
for (let i = 2; i <= OFFICES; i++) {
	await db.query(
		`insert into tenants (kind, name, slug, street, postal_code, city, federal_state, phone, email, consultation_hours, published)
		 values ('contact_point', $1, $2, $3, $4, $5, $6, $7, $8, $9, true)`,
		[
			`Kontaktstelle Beispielort ${i}`,
			`kontaktstelle-beispielort-${i}`,
			`Musterweg ${i}`,
			String(10000 + i * 37).padStart(5, '0'),
			`Beispielort ${i}`,
			states[i % 16],
			`01234 ${String(500000 + i)}`,
			`kontakt${i}@example.org`,
			'Di 15–18 Uhr, Do 17–20 Uhr'
		]
	);
}
await db.close();

// 2. the server
/** @type {number} */
const port = await new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const address = s.address();
		s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
	});
});
// started as `npm start` starts it (package.json): with the same JavaScript heap limit
const startFlags =
	/node (.*?)bin\/treffpunkt\.js serve/
		.exec(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start)?.[1]
		?.trim()
		.split(/\s+/)
		.filter(Boolean) ?? [];
const server = spawn(process.execPath, [...startFlags, 'bin/treffpunkt.js', 'serve'], {
	cwd: root,
	env: { ...env, PORT: String(port), TREFFPUNKT_JOBS: 'off' },
	stdio: 'inherit'
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 240; i++) {
	if (
		await fetch(`${base}/healthz`)
			.then((r) => r.ok)
			.catch(() => false)
	)
		break;
	await new Promise((r) => setTimeout(r, 250));
}

/**
 * Latency one request at a time (p50, p95), then throughput with CONCURRENCY clients.
 * @param {string} url
 * @param {Record<string, string>} [headers]
 */
async function measure(url, headers = {}) {
	const get = async () => {
		const r = await fetch(url, { headers, redirect: 'manual' });
		await r.arrayBuffer();
		if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
	};
	if (process.env.BENCH_RSS_TRACE) console.log('RSS before', url, rss().toFixed(0), 'MB');
	for (let i = 0; i < 20; i++) await get(); // warm-up
	/** @type {number[]} */
	const times = [];
	for (let i = 0; i < REQUESTS; i++) {
		const t = performance.now();
		await get();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	const q = (/** @type {number} */ p) => /** @type {number} */ (times[Math.min(times.length - 1, Math.floor(p * times.length))]);
	let done = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (done < REQUESTS) {
				done++;
				await get();
			}
		})
	);
	return { p50: q(0.5), p95: q(0.95), rps: done / ((performance.now() - started) / 1000) };
}

/** The server's resident memory in MB. */
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** @type {Record<string, { p50: number, p95: number, rps: number }>} */
const results = {};
let rssMb = 0;
let pageKb = 0;
try {
	if (process.env.BENCH_PAUSE) await new Promise((r) => setTimeout(r, Number(process.env.BENCH_PAUSE)));
	results['GET /healthz'] = await measure(`${base}/healthz`);
	results['GET /'] = await measure(`${base}/`);
	results['GET /kontaktstellen'] = await measure(`${base}/kontaktstellen`);
	results['GET /anmelden'] = await measure(`${base}/anmelden`);
	const staff = { cookie: `tp_session=${sessionToken}` };
	results['GET /verwaltung/gruppen'] = await measure(`${base}/verwaltung/gruppen`, staff);
	results['GET /verwaltung/gruppen?q=…&sort=confirmed'] = await measure(
		`${base}/verwaltung/gruppen?q=Gespr%C3%A4chskreis%201&sort=confirmed&dir=desc`,
		staff
	);
	results['GET /verwaltung/gruppen/{id}'] = await measure(`${base}/verwaltung/gruppen/${groupId}`, staff);
	const listHtml = await (await fetch(`${base}/verwaltung/gruppen`, { headers: staff })).text();
	if (!listHtml.includes(`${GROUPS} Gruppen`)) throw new Error('the group list does not show the imported groups');
	const html = await (await fetch(`${base}/kontaktstellen`)).text();
	const listed = (html.match(/class="card"/g) ?? []).length;
	if (listed !== OFFICES) throw new Error(`/kontaktstellen lists ${listed} offices, expected ${OFFICES}`);
	pageKb = Buffer.byteLength(html) / 1024;
} finally {
	rssMb = rss();
	server.kill('SIGTERM');
}

const baseline = /** @type {{ p95: number }} */ (results['GET /healthz']);
let over = 0;
console.log(
	`\nTreffpunkt benchmark — ${OFFICES} offices, ${GROUPS} groups in the first; per route ${REQUESTS} requests one at a time (latency), then ${REQUESTS} with ${CONCURRENCY} clients (req/s); ${os.cpus().length} cores\n`
);
console.log(
	'route'.padEnd(24),
	'p50 ms'.padStart(8),
	'p95 ms'.padStart(8),
	'budget p95'.padStart(11),
	'req/s'.padStart(8),
	'p95 ÷ healthz'.padStart(14)
);
for (const [name, r] of Object.entries(results)) {
	const budget = BUDGETS[name]?.p95 ?? Infinity;
	const ok = r.p95 <= budget;
	if (!ok) over++;
	console.log(
		name.padEnd(24),
		r.p50.toFixed(1).padStart(8),
		r.p95.toFixed(1).padStart(8),
		`≤ ${budget}`.padStart(11),
		r.rps.toFixed(0).padStart(8),
		(r.p95 / baseline.p95).toFixed(1).padStart(13) + '×',
		ok ? '' : '  OVER BUDGET'
	);
}
const rssOk = rssMb <= RSS_BUDGET_MB;
if (!rssOk) over++;
console.log(`\n/kontaktstellen page size: ${pageKb.toFixed(0)} KB for ${OFFICES} offices (no JavaScript, no hydration data)`);
console.log(`server memory (RSS) after the run: ${rssMb.toFixed(0)} MB (budget ≤ ${RSS_BUDGET_MB} MB)${rssOk ? '' : '  OVER BUDGET'}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exitCode = over > 0 ? 1 : 0;
