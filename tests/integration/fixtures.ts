import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase } from '../../src/lib/server/db/test-db.js';
import type { Database } from '../../src/lib/server/db/client.js';
import { setupFirstOffice, addUser } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import type { Role } from '../../src/lib/server/auth/permissions.js';
import { newOffice } from '../../src/lib/schemas/office.js';

/** A fresh migrated database for this test file (PGlite template, or the PostgreSQL server). */
export function useDatabase(): { get: () => Database } {
	let database: Database | undefined;
	beforeAll(async () => {
		database = await createTestDatabase(inject('pgliteTemplate'));
	});
	afterAll(async () => {
		await database?.close();
	});
	return {
		get: () => {
			if (!database) throw new Error('database not ready');
			return database;
		}
	};
}

export const PASSWORD = 'richtig-langes-passwort';

/** The first office with its administrator, as `treffpunkt setup` creates them. */
export async function setupOffice(database: Database, email = 'leitung@example.org') {
	return setupFirstOffice(
		database.db,
		{ officeName: 'Kontaktstelle Nordheide', federalState: 'NI', name: 'Erika Test', email, password: PASSWORD },
		systemActor('test')
	);
}

/** A further office with one person in the given role. */
export async function otherOffice(database: Database, name: string, email: string, role: Role = 'admin') {
	const office = await inScope(database.db, { kind: 'system' }, (tx) =>
		createOfficeIn(tx, systemActor('test'), newOffice(name, 'contact_point', 'BY'))
	);
	const { userId } = await addUser(database.db, systemActor('test'), {
		officeId: office.id,
		email,
		name: `Person ${name}`,
		role,
		password: PASSWORD
	});
	return { office, userId };
}
