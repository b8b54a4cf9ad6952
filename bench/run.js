// `npm run bench`: the foundation's figures at national scale (300 offices), each printed beside
// its budget and as a ratio to GET /healthz measured in the same run (machines here are shared
// and noisy, so the ratio is the steadier figure). Needs a build (`npm run build`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(import.meta.dirname, '..');
const OFFICES = 300;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;
/** @type {Record<string, { p95: number }>} */
const BUDGETS = {
	'GET /healthz': { p95: 10 },
	'GET /': { p95: 30 },
	'GET /kontaktstellen': { p95: 120 },
	'GET /anmelden': { p95: 30 }
};
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
const db = await PGlite.create(path.join(dataDir, 'pg'));
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
const server = spawn(process.execPath, ['bin/treffpunkt.js', 'serve'], {
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
 */
async function measure(url) {
	const get = async () => {
		const r = await fetch(url);
		await r.arrayBuffer();
		if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
	};
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
	const html = await (await fetch(`${base}/kontaktstellen`)).text();
	const listed = (html.match(/class="card"/g) ?? []).length;
	if (listed !== OFFICES) throw new Error(`/kontaktstellen lists ${listed} offices, expected ${OFFICES}`);
	pageKb = Buffer.byteLength(html) / 1024;
} finally {
	const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
	rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	server.kill('SIGTERM');
}

const baseline = /** @type {{ p95: number }} */ (results['GET /healthz']);
let over = 0;
console.log(
	`\nTreffpunkt benchmark — ${OFFICES} offices; per route ${REQUESTS} requests one at a time (latency), then ${REQUESTS} with ${CONCURRENCY} clients (req/s); ${os.cpus().length} cores\n`
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
