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
const BUDGETS = {
	'GET /healthz': { p95: 20 },
	'GET / (300 offices)': { p95: 150 },
	'GET /anmelden': { p95: 60 },
	'GET /barrierefreiheit': { p95: 60 }
};
const RSS_BUDGET_MB = 600;

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
const port = await new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const p = s.address().port;
		s.close(() => resolve(p));
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

async function measure(url) {
	for (let i = 0; i < 20; i++) await (await fetch(url)).arrayBuffer(); // warm-up
	const times = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < REQUESTS) {
				next++;
				const t = performance.now();
				const r = await fetch(url);
				await r.arrayBuffer();
				if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
				times.push(performance.now() - t);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	times.sort((a, b) => a - b);
	const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
	return { p50: q(0.5), p95: q(0.95), rps: times.length / seconds };
}

const results = {};
try {
	results['GET /healthz'] = await measure(`${base}/healthz`);
	results['GET / (300 offices)'] = await measure(`${base}/`);
	results['GET /anmelden'] = await measure(`${base}/anmelden`);
	results['GET /barrierefreiheit'] = await measure(`${base}/barrierefreiheit`);
	const html = await (await fetch(`${base}/`)).text();
	const listed = (html.match(/class="card"/g) ?? []).length;
	if (listed !== OFFICES) throw new Error(`start page lists ${listed} offices, expected ${OFFICES}`);
} finally {
	const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
	results.rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	server.kill('SIGTERM');
}

const baseline = results['GET /healthz'];
let over = 0;
console.log(
	`\nTreffpunkt benchmark — ${OFFICES} offices, ${REQUESTS} requests per route, ${CONCURRENCY} concurrent, ${os.cpus().length} cores\n`
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
	if (name === 'rssMb') continue;
	const budget = BUDGETS[name].p95;
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
const rssOk = results.rssMb <= RSS_BUDGET_MB;
if (!rssOk) over++;
console.log(
	`\nserver memory (RSS) after the run: ${results.rssMb.toFixed(0)} MB (budget ≤ ${RSS_BUDGET_MB} MB)${rssOk ? '' : '  OVER BUDGET'}`
);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exitCode = over > 0 ? 1 : 0;
