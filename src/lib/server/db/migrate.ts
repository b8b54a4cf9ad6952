import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedStarterThesaurus } from '../modules/topics/topics.seed.js';

/** The project root: the nearest folder upwards that holds this project's package.json. */
export function projectRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const candidate = path.join(dir, 'package.json');
		if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'drizzle'))) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) return process.cwd();
		dir = parent;
	}
}

export function migrationsFolder(): string {
	return process.env.TREFFPUNKT_MIGRATIONS_DIR ?? path.join(projectRoot(), 'drizzle');
}

const MIGRATION_LOCK = 727274;

/**
 * Applies the committed SQL migrations in ./drizzle with drizzle-orm's migrator, as the connecting
 * user, then brings shipped reference data (the starter thesaurus) up to date. On a PostgreSQL server an advisory lock lets several processes start at once safely.
 */
export async function applyMigrations(target: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; client: pg.Client }): Promise<void> {
	const folder = migrationsFolder();
	if (target.kind === 'pglite') {
		await target.client.exec('RESET ROLE');
		await migratePglite(drizzlePglite({ client: target.client }), { migrationsFolder: folder });
		await seedStarterThesaurus(target.client);
		return;
	}
	await target.client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
	try {
		await migratePg(drizzlePg({ client: target.client }), { migrationsFolder: folder });
		await seedStarterThesaurus(target.client);
	} finally {
		await target.client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
	}
}
