// `npm run bench` (part 2): the spreadsheet import of GRP-6 through the real CLI —
// 10,000 rows on the embedded database (budget 20 s) and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL points at a PostgreSQL server, 100,000 rows there (budget 5 minutes).
// Beside each time: the same-run ratio to a trivial baseline, the CLI's own start (`migrate`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acceptedRows, writeSpreadsheet } from './spreadsheet.js';

const root = path.resolve(import.meta.dirname, '..');
/**
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function cli(args, env) {
	const started = performance.now();
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', ...args], {
		cwd: root,
		env,
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024
	});
	const seconds = (performance.now() - started) / 1000;
	return { seconds, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** @param {{ label: string, rows: number, budgetS: number, env: Record<string, string | undefined> }} run */
function measure(run) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-bench-import-'));
	const env = { ...process.env, TREFFPUNKT_DATA_DIR: path.join(dir, 'data'), TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'warn', ...run.env };
	const setup = cli(
		['setup', '--office', 'Kontaktstelle Import', '--email', 'import@example.org', '--password', 'bench-passwort-123'],
		env
	);
	if (setup.status !== 0) throw new Error(setup.stderr);
	const baseline = cli(['migrate'], env);
	const file = path.join(dir, 'gruppen.csv');
	writeSpreadsheet(file, run.rows);
	const result = cli(['import', 'groups', file, '--office', 'kontaktstelle-import', '--consent-held'], env);
	const summary = result.stdout.trim().split('\n').at(-1) ?? '';
	if (!summary.includes(`${acceptedRows(run.rows)} übernommen`)) throw new Error(`unexpected import result: ${summary}\n${result.stderr}`);
	fs.rmSync(dir, { recursive: true, force: true });
	return { ...run, seconds: result.seconds, baseline: baseline.seconds, summary };
}

const runs = [
	measure({ label: 'embedded (PGlite)', rows: Number(process.env.BENCH_IMPORT_ROWS ?? 10_000), budgetS: 20, env: { DATABASE_URL: '' } })
];
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) {
	// a fresh database on the server, dropped afterwards
	const name = `treffpunkt_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	try {
		runs.push(
			measure({
				label: 'PostgreSQL server',
				rows: Number(process.env.BENCH_IMPORT_ROWS_PG ?? 100_000),
				budgetS: 300,
				env: { DATABASE_URL: url.toString() }
			})
		);
	} finally {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}

console.log('\nGroup import (GRP-6): Windows-1252 CSV through `npx treffpunkt import groups … --consent-held`, 2% of rows rejected\n');
console.log(
	'database'.padEnd(20),
	'rows'.padStart(8),
	'seconds'.padStart(9),
	'budget s'.padStart(9),
	'rows/s'.padStart(8),
	'÷ CLI start'.padStart(12)
);
let over = 0;
for (const run of runs) {
	const ok = run.seconds <= run.budgetS;
	if (!ok) over++;
	console.log(
		run.label.padEnd(20),
		String(run.rows).padStart(8),
		run.seconds.toFixed(1).padStart(9),
		`≤ ${run.budgetS}`.padStart(9),
		(run.rows / run.seconds).toFixed(0).padStart(8),
		`${(run.seconds / run.baseline).toFixed(1)}×`.padStart(12),
		ok ? '' : '  OVER BUDGET'
	);
}
console.log(`(baseline: the CLI opening the database and exiting, ${runs.map((r) => `${r.baseline.toFixed(1)} s`).join(' / ')})`);
if (!serverUrl) console.log('(set BENCH_DATABASE_URL to a PostgreSQL server to also import 100,000 rows there)');
process.exitCode = over > 0 ? 1 : 0;
