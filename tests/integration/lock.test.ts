import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDataDirLock, lockFile } from '../../src/lib/server/db/lock.js';

describe('data folder lock', () => {
	const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-lock-'));

	it('refuses a second opener while the first holds the folder', () => {
		const d = dir();
		const lock = acquireDataDirLock(d);
		expect(() => acquireDataDirLock(d)).toThrow(/already open|in use/);
		lock.release();
		const again = acquireDataDirLock(d);
		again.release();
		expect(fs.existsSync(lockFile(d))).toBe(false);
	});

	it('refuses when another living process holds the folder', () => {
		const d = dir();
		fs.writeFileSync(lockFile(d), JSON.stringify({ pid: process.ppid, startedAt: '2026-01-01T00:00:00Z' }));
		expect(() => acquireDataDirLock(d)).toThrow(/in use by process/);
	});

	it('takes over a lock left by a process that is gone', () => {
		const d = dir();
		fs.writeFileSync(lockFile(d), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: '2026-01-01T00:00:00Z' }));
		const lock = acquireDataDirLock(d);
		expect(JSON.parse(fs.readFileSync(lockFile(d), 'utf8')).pid).toBe(process.pid);
		lock.release();
	});
});
