// `npm run bench` (part 2): the spreadsheet import of GRP-6 through the real CLI —
// 10,000 rows on the embedded database (budget 20 s) and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL points at a PostgreSQL server, 100,000 rows there (budget 5 minutes).
// Beside each time: the same-run ratio to a trivial baseline, the CLI's own start (`migrate`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const TOPICS = [
	'Alkohol',
	'Depression',
	'Trauer',
	'Krebs',
	'pflegende Angehörige',
	'Spielsucht',
	'Long Covid',
	'Burnout',
	'Diabetes',
	'Angst'
];
const MEETINGS = [
	'jeden 2. und 4. Dienstag, 19:00–21:00 Uhr',
	'wöchentlich montags 18:00',
	'monatlich am letzten Freitag, 18 Uhr',
	'nach Absprache'
];
const CODES = [
	'30159',
	'30161',
	'30163',
	'30165',
	'30167',
	'30169',
	'30171',
	'30173',
	'10115',
	'80331',
	'50667',
	'01067',
	'20095',
	'70173'
];

/**
 * A German Excel CSV (semicolons, Windows-1252) with `rows` invented groups; every 50th has a bad postal code.
 * @param {string} file
 * @param {number} rows
 */
function writeSpreadsheet(file, rows) {
	const lines = ['Name;Thema;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status'];
	for (let i = 0; i < rows; i++) {
		lines.push(
			[
				`Gesprächskreis ${i + 1} für Betroffene`,
				`${TOPICS[i % TOPICS.length]}, ${TOPICS[(i + 3) % TOPICS.length]}`,
				i % 2 ? 'Betroffene und Angehörige' : 'Angehörige',
				i % 50 === 49 ? '00000' : CODES[i % CODES.length],
				'Beispielort',
				`Beispielstraße ${(i % 200) + 1}`,
				i % 10 === 0 ? 'hybrid' : 'nein',
				MEETINGS[i % MEETINGS.length],
				i % 5 === 0 ? 'Deutsch, Türkisch' : 'Deutsch',
				i % 3 === 0 ? 'ja' : 'teilweise',
				`gruppe${i}@example.org`,
				'0511 555 0100',
				i % 2 ? 'Weiterleitung' : 'über Kontaktstelle',
				'aktiv'
			].join(';')
		);
	}
	fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'win1252'));
}

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
	const expectedRejected = Math.floor(run.rows / 50);
	if (!summary.includes(`${run.rows - expectedRejected} übernommen`))
		throw new Error(`unexpected import result: ${summary}\n${result.stderr}`);
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
