// `npm test`: every check the project has, in order, stopping at the first failure.
//   lint → migrations up to date → type check → unit and integration tests on PGlite →
//   the integration tests again on the PostgreSQL server (when TEST_DATABASE_URL is set) →
//   build → end-to-end tests in Chromium with axe.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = [];

/** @param {string} label @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function step(label, cmd, args, env = {}) {
	const started = Date.now();
	console.log(`\n▶ ${label}`);
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	results.push({ label, ok: r.status === 0, seconds });
	if (r.status !== 0) {
		summary();
		console.error(`\n✗ ${label} failed (exit ${r.status ?? r.signal}).`);
		process.exit(1);
	}
}

function summary() {
	console.log('\nSummary:');
	for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.label} (${r.seconds} s)`);
	const passed = results.filter((r) => r.ok).length;
	console.log(`\nsteps: ${passed} passed, ${results.length - passed} failed`);
}

/** Fails when the Drizzle schema has changes that no committed migration contains. */
function migrationsUpToDate() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-drift-'));
	fs.cpSync(path.join(root, 'drizzle'), tmp, { recursive: true });
	const before = fs.readdirSync(tmp).length;
	const r = spawnSync(
		bin('drizzle-kit'),
		['generate', '--dialect', 'postgresql', '--schema', './src/lib/server/db/schema.ts', '--out', tmp],
		{ cwd: root, encoding: 'utf8' }
	);
	const after = fs.readdirSync(tmp).length;
	fs.rmSync(tmp, { recursive: true, force: true });
	const ok = r.status === 0 && after === before;
	results.push({ label: 'migrations up to date', ok, seconds: '–' });
	console.log(`\n▶ migrations up to date: ${ok ? 'yes' : 'NO – run `npx drizzle-kit generate` and commit the new migration'}`);
	if (!ok) {
		console.error(r.stdout, r.stderr);
		summary();
		process.exit(1);
	}
}

step('paraglide compile + svelte-kit sync', process.execPath, ['scripts/prepare.js']);
step('lint (eslint)', bin('eslint'), ['.', '--max-warnings', '0']);
step('format (prettier)', bin('prettier'), ['--check', '.']);
migrationsUpToDate();
step('type check (svelte-check)', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']);
step('unit and integration tests on PGlite', bin('vitest'), ['run'], { TREFFPUNKT_TEST_DB: 'pglite' });
if (process.env.TEST_DATABASE_URL) {
	step('integration tests on the PostgreSQL server', bin('vitest'), ['run', 'tests/integration'], { TREFFPUNKT_TEST_DB: 'postgres' });
} else {
	console.log('\n(TEST_DATABASE_URL is not set: the PostgreSQL server run is skipped)');
}
step('build', bin('vite'), ['build'], { NODE_ENV: 'production' });
step('build CLI', bin('vite'), ['build', '--config', 'vite.cli.config.ts'], { NODE_ENV: 'production' });
fs.writeFileSync(path.join(root, 'build', '.stamp'), new Date().toISOString());
step('end-to-end tests in Chromium with axe', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts']);
summary();
