import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { applyMigrations } from './migrate.js';
import { PGLITE_EXTENSIONS } from './extensions.js';
import { backupPostgres, writeBlob } from './backup.js';

/** The one database type every module uses, whether PGlite or a PostgreSQL server is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Db | Tx;

export const APP_ROLE = 'treffpunkt_app';

/** The rows of a raw `execute(sql…)` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return (result as { rows: T[] }).rows;
}

export type Database = {
	db: Db;
	kind: 'pglite' | 'postgres';
	/** Runs one SQL statement as the connecting (migration) user, for operations such as health checks. */
	ping(): Promise<void>;
	/** Writes a backup of the whole database to `file`. */
	backup(file: string): Promise<void>;
	/**
	 * Calls `onMessage` with the payload of every NOTIFY on `channel` (a constant identifier), and
	 * `onState(true)` once listening, `onState(false)` when the connection is lost (it reconnects) or the
	 * returned stop function runs. Closing the database stops every listener.
	 */
	listen(channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
};

/** How long a lost LISTEN connection waits before it connects again. */
const RELISTEN_MS = 1000;

export type OpenOptions =
	| { kind: 'postgres'; url: string; migrate?: boolean; poolSize?: number }
	| { kind: 'pglite'; dataDir: string; migrate?: boolean }
	| { kind: 'pglite-memory'; loadDataDir?: Blob; migrate?: boolean };

/**
 * Opens the database, applies pending migrations (unless `migrate: false`) and switches
 * every connection to the non-superuser application role, so row-level security applies.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
	if (options.kind === 'postgres') return openPostgres(options.url, options.migrate ?? true, options.poolSize ?? 10);
	return openPglite(options);
}

async function openPostgres(url: string, migrate: boolean, poolSize: number): Promise<Database> {
	if (migrate) {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await applyMigrations({ kind: 'postgres', client });
		} finally {
			await client.end();
		}
	}
	const pool = new pg.Pool({ connectionString: url, max: poolSize });
	pool.on('connect', (client) => {
		// queued before any other query on this connection
		client.query(`SET ROLE ${APP_ROLE}`).catch(() => undefined);
	});
	pool.on('error', () => undefined);
	const db = drizzlePg({ client: pool, schema }) as unknown as Db;
	const listeners = new Set<() => Promise<void>>();
	return {
		db,
		kind: 'postgres',
		async ping() {
			await pool.query('select 1');
		},
		async backup(file) {
			await backupPostgres(url, file);
		},
		async listen(channel, onMessage, onState) {
			const stop = await listenOnServer(url, channel, onMessage, onState);
			const stopAndForget = async () => {
				listeners.delete(stopAndForget);
				await stop();
			};
			listeners.add(stopAndForget);
			return stopAndForget;
		},
		async close() {
			await Promise.all([...listeners].map((stop) => stop()));
			await pool.end();
		}
	};
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to others). A lost connection is
 * reported and replaced after a second; notifications sent meanwhile are lost, which `onState(false)`
 * tells the listener.
 */
async function listenOnServer(
	url: string,
	channel: string,
	onMessage: (payload: string) => void,
	onState: (listening: boolean) => void
): Promise<() => Promise<void>> {
	if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
	let current: pg.Client | undefined;
	let retry: NodeJS.Timeout | undefined;
	let stopped = false;
	const connect = async (): Promise<void> => {
		const client = new pg.Client({ connectionString: url });
		let lost = false;
		const onLost = () => {
			if (lost) return;
			lost = true;
			if (current === client) {
				current = undefined;
				onState(false);
			}
			client.end().catch(() => undefined);
			if (stopped || retry) return;
			retry = setTimeout(() => {
				retry = undefined;
				void connect();
			}, RELISTEN_MS);
			retry.unref();
		};
		client.on('notification', (message) => {
			if (message.channel === channel) onMessage(message.payload ?? '');
		});
		client.on('error', onLost);
		client.on('end', onLost);
		try {
			await client.connect();
			await client.query(`LISTEN ${channel}`);
		} catch {
			onLost();
			return;
		}
		if (stopped) {
			lost = true;
			await client.end().catch(() => undefined);
			return;
		}
		current = client;
		onState(true);
	};
	await connect();
	return async () => {
		stopped = true;
		clearTimeout(retry);
		const client = current;
		current = undefined;
		if (client) {
			onState(false);
			await client.end().catch(() => undefined);
		}
	};
}

async function openPglite(options: Extract<OpenOptions, { kind: 'pglite' | 'pglite-memory' }>): Promise<Database> {
	let lock: DataDirLock | undefined;
	let client: PGlite;
	if (options.kind === 'pglite') {
		fs.mkdirSync(options.dataDir, { recursive: true });
		lock = acquireDataDirLock(options.dataDir);
		try {
			client = await PGlite.create(path.join(options.dataDir, 'pg'), { relaxedDurability: false, extensions: PGLITE_EXTENSIONS });
		} catch (error) {
			lock.release();
			throw error;
		}
	} else {
		client = await PGlite.create(
			options.loadDataDir ? { loadDataDir: options.loadDataDir, extensions: PGLITE_EXTENSIONS } : { extensions: PGLITE_EXTENSIONS }
		);
	}
	try {
		if (options.migrate ?? true) await applyMigrations({ kind: 'pglite', client });
		await client.exec(`SET ROLE ${APP_ROLE}`);
	} catch (error) {
		await client.close().catch(() => undefined);
		lock?.release();
		throw error;
	}
	const db = drizzlePglite({ client, schema }) as unknown as Db;
	let closed = false;
	return {
		db,
		kind: 'pglite',
		async ping() {
			await client.query('select 1');
		},
		async backup(file) {
			await writeBlob(await client.dumpDataDir('gzip'), file);
		},
		async listen(channel, onMessage, onState) {
			// one process, one connection: a notification arrives as the notifying transaction commits
			const unlisten = await client.listen(channel, onMessage);
			onState(true);
			let stopped = false;
			return async () => {
				if (stopped) return;
				stopped = true;
				onState(false);
				if (!closed) await unlisten();
			};
		},
		async close() {
			if (closed) return;
			closed = true;
			try {
				await client.close();
			} finally {
				lock?.release();
			}
		}
	};
}
