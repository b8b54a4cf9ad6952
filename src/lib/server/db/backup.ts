import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { AppError } from '../errors.js';
import { applyMigrations } from './migrate.js';
import { PGLITE_EXTENSIONS } from './extensions.js';

const run = promisify(execFile);

/**
 * Backups with one command. PGlite: a gzip'd dump of the data folder (PGlite's dumpDataDir).
 * PostgreSQL server: pg_dump's custom format, restored with pg_restore.
 */
// The tables force row-level security also on their owner. pg_dump and pg_restore run with
// row security enabled and the system scope switched on, so every row is dumped and restored
// whether or not the user in DATABASE_URL is a superuser.
const systemScopeEnv = () => ({ ...process.env, PGOPTIONS: `${process.env.PGOPTIONS ?? ''} -c app.system=on`.trim() });

export async function backupPostgres(url: string, file: string): Promise<void> {
	const tmp = `${file}.part`;
	try {
		await run('pg_dump', ['--format=custom', '--no-owner', '--enable-row-security', '--file', tmp, url], { env: systemScopeEnv() });
		fs.renameSync(tmp, file);
	} catch (error) {
		fs.rmSync(tmp, { force: true });
		throw new AppError('invalid', `pg_dump failed or is not installed: ${(error as Error).message}`);
	}
}

export async function restorePostgres(url: string, file: string): Promise<void> {
	if (!fs.existsSync(file)) throw new AppError('not_found', `Datei nicht gefunden: ${file}`);
	try {
		await run(
			'pg_restore',
			['--clean', '--if-exists', '--no-owner', '--single-transaction', '--enable-row-security', '--dbname', url, file],
			{ env: systemScopeEnv() }
		);
	} catch (error) {
		throw new AppError('invalid', `pg_restore failed or is not installed: ${(error as Error).message}`);
	}
}

export async function writeBlob(blob: Blob, file: string): Promise<void> {
	const tmp = `${file}.part`;
	fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
	fs.renameSync(tmp, file);
}

/**
 * Restores a PGlite dump into the data folder. The current folder is kept beside it
 * (pg.before-restore-<time>), so a restore never destroys data. The caller holds the folder lock.
 */
export async function restorePglite(dataDir: string, file: string): Promise<string> {
	if (!fs.existsSync(file)) throw new AppError('not_found', `Datei nicht gefunden: ${file}`);
	const blob = new Blob([fs.readFileSync(file)]);
	const target = path.join(dataDir, 'pg');
	const staging = path.join(dataDir, 'pg.restoring');
	fs.rmSync(staging, { recursive: true, force: true });
	let client: PGlite;
	try {
		client = await PGlite.create(staging, { loadDataDir: blob, extensions: PGLITE_EXTENSIONS });
	} catch (error) {
		fs.rmSync(staging, { recursive: true, force: true });
		throw new AppError('invalid', `Die Datei ist keine gültige Treffpunkt-Sicherung: ${(error as Error).message}`);
	}
	await applyMigrations({ kind: 'pglite', client });
	await client.close();
	let kept = '';
	if (fs.existsSync(target)) {
		kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
		fs.renameSync(target, kept);
	}
	fs.renameSync(staging, target);
	return kept;
}
