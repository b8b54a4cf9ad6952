import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * An exclusive lock on a PGlite data folder. Two processes on one folder corrupt it silently,
 * so the second one is refused. A lock left by a process that no longer runs is taken over.
 */
export type DataDirLock = { file: string; release(): void };

export type LockInfo = { pid: number; startedAt: string };

export function lockFile(dataDir: string): string {
	return path.join(dataDir, 'treffpunkt.lock');
}

export function readLock(dataDir: string): LockInfo | undefined {
	try {
		const info = JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
		return typeof info.pid === 'number' ? info : undefined;
	} catch {
		return undefined;
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The process that holds the folder, if one is running. */
export function lockHolder(dataDir: string): LockInfo | undefined {
	const info = readLock(dataDir);
	return info && info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
	const file = lockFile(dataDir);
	const content = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockInfo);
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
			let released = false;
			return {
				file,
				release() {
					if (released) return;
					released = true;
					const current = readLock(dataDir);
					if (current?.pid === process.pid) fs.rmSync(file, { force: true });
				}
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = readLock(dataDir);
			if (holder && isAlive(holder.pid) && holder.pid !== process.pid) {
				throw new AppError(
					'database_locked',
					`The data folder ${dataDir} is in use by process ${holder.pid} (since ${holder.startedAt}).`,
					{ pid: holder.pid }
				);
			}
			if (holder?.pid === process.pid) {
				throw new AppError('database_locked', `The data folder ${dataDir} is already open in this process.`);
			}
			// stale lock: its process is gone
			fs.rmSync(file, { force: true });
		}
	}
	throw new AppError('database_locked', `Could not lock the data folder ${dataDir}.`);
}
