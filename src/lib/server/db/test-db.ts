import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './client.js';

/**
 * A fresh, migrated database for one test file: a copy of the PGlite template by default,
 * or a new database on the PostgreSQL server named by TEST_DATABASE_URL when
 * TREFFPUNKT_TEST_DB=postgres (see scripts/test.js).
 */
export async function createTestDatabase(templateFile: string): Promise<Database & { dropUrl?: string }> {
	if (process.env.TREFFPUNKT_TEST_DB === 'postgres') {
		const base = process.env.TEST_DATABASE_URL;
		if (!base) throw new Error('TREFFPUNKT_TEST_DB=postgres needs TEST_DATABASE_URL');
		const name = `treffpunkt_test_${randomBytes(6).toString('hex')}`;
		const admin = new pg.Client({ connectionString: base });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${name}`);
		await admin.end();
		const url = new URL(base);
		url.pathname = `/${name}`;
		const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
		return {
			...database,
			async close() {
				await database.close();
				const cleanup = new pg.Client({ connectionString: base });
				await cleanup.connect();
				await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await cleanup.end();
			}
		};
	}
	const blob = new Blob([fs.readFileSync(templateFile)]);
	return openDatabase({ kind: 'pglite-memory', loadDataDir: blob, migrate: false });
}
