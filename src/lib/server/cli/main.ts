import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { acquireDataDirLock, lockHolder } from '../db/lock.js';
import { restorePglite, restorePostgres } from '../db/backup.js';
import { AppError } from '../errors.js';
import { runCommand, summary, USAGE, type CommandResult } from './commands.js';
import { readServerInfo } from './channel.js';

/**
 * `npx treffpunkt <command>` outside the server process. With the embedded database held by a
 * running server, the command is handed to that server over its local, authenticated channel.
 */
export async function main(argv: string[]): Promise<number> {
	process.env.LOG_LEVEL ??= 'warn';
	let result: CommandResult;
	try {
		result = await dispatch(argv);
	} catch (error) {
		result = { exitCode: 1, stdout: '', stderr: `Fehler: ${error instanceof Error ? error.message : String(error)}\n` };
	}
	if (result.stdout) process.stdout.write(result.stdout);
	if (result.stderr) process.stderr.write(result.stderr);
	return result.exitCode;
}

async function dispatch(argv: string[]): Promise<CommandResult> {
	const cfg = readConfig();
	const [command, ...rest] = argv;
	if (command === undefined || command === 'help' || command === '--help') return { exitCode: 0, stdout: USAGE + '\n', stderr: '' };
	// file arguments are relative to where the operator typed the command
	// file arguments are resolved here: a running server may have another working directory
	const fileAt = command === 'backup' || command === 'restore' ? 0 : command === 'import' ? 1 : -1;
	const args = fileAt >= 0 ? [command ?? '', ...rest.map((a, i) => (i === fileAt ? path.resolve(a) : a))] : argv;

	if (command === 'restore') return restore(cfg.databaseUrl, cfg.dataDir, args[1]);

	if (!cfg.databaseUrl) {
		const holder = lockHolder(cfg.dataDir);
		if (holder) return delegate(cfg.dataDir, args, holder.pid);
	}
	let database: Database;
	try {
		database = cfg.databaseUrl
			? await openDatabase({ kind: 'postgres', url: cfg.databaseUrl, poolSize: 2 })
			: await openDatabase({ kind: 'pglite', dataDir: cfg.dataDir });
	} catch (error) {
		if (error instanceof AppError && error.code === 'database_locked' && !cfg.databaseUrl) {
			const holder = lockHolder(cfg.dataDir);
			if (holder) return delegate(cfg.dataDir, args, holder.pid);
		}
		throw error;
	}
	try {
		return await runCommand(args, { database });
	} finally {
		await database.close();
	}
}

async function delegate(dataDir: string, argv: string[], pid: number): Promise<CommandResult> {
	const info = readServerInfo(dataDir);
	if (!info) {
		return {
			exitCode: 1,
			stdout: '',
			stderr: `Fehler: Die Datenbank wird von Prozess ${pid} benutzt, der keinen Befehlskanal anbietet. Bitte stoppen Sie ihn zuerst.\n`
		};
	}
	const response = await fetch(`${info.url}/intern/cli`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${info.token}` },
		body: JSON.stringify({ argv })
	});
	if (!response.ok)
		return { exitCode: 1, stdout: '', stderr: `Fehler: Der laufende Server hat den Befehl abgelehnt (HTTP ${response.status}).\n` };
	return (await response.json()) as CommandResult;
}

async function restore(databaseUrl: string | undefined, dataDir: string, file: string | undefined): Promise<CommandResult> {
	if (!file) return { exitCode: 2, stdout: '', stderr: 'Fehler: restore braucht den Namen einer Sicherungsdatei.\n' };
	if (!fs.existsSync(file)) return { exitCode: 1, stdout: '', stderr: `Fehler: Datei nicht gefunden: ${file}\n` };
	if (databaseUrl) {
		await restorePostgres(databaseUrl, file);
		const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
		try {
			return { exitCode: 0, stdout: `Wiederhergestellt aus ${file} (${await summary(database)})\n`, stderr: '' };
		} finally {
			await database.close();
		}
	}
	const holder = lockHolder(dataDir);
	if (holder) {
		return {
			exitCode: 1,
			stdout: '',
			stderr: `Fehler: Der Server läuft (Prozess ${holder.pid}). Stoppen Sie ihn vor dem Wiederherstellen (Strg+C), dann erneut: npx treffpunkt restore ${file}\n`
		};
	}
	fs.mkdirSync(dataDir, { recursive: true });
	const lock = acquireDataDirLock(dataDir);
	let kept: string;
	try {
		kept = await restorePglite(dataDir, file);
	} finally {
		lock.release();
	}
	const database = await openDatabase({ kind: 'pglite', dataDir });
	try {
		const note = kept ? `\nDer vorherige Stand liegt unter ${kept}.` : '';
		return { exitCode: 0, stdout: `Wiederhergestellt aus ${file} (${await summary(database)}).${note}\n`, stderr: '' };
	} finally {
		await database.close();
	}
}
