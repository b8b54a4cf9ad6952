import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../src/lib/server/db/migrate.js';
import { PGLITE_EXTENSIONS } from '../../src/lib/server/db/extensions.js';

/**
 * Builds one migrated PGlite database and dumps it, so each test file starts from a copy
 * in well under a second instead of running initdb and every migration again.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
	const file = path.resolve('.cache/test-template.tar.gz');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
	await applyMigrations({ kind: 'pglite', client });
	const dump = await client.dumpDataDir('gzip');
	fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	await client.close();
	provide('pgliteTemplate', file);
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
	}
}
