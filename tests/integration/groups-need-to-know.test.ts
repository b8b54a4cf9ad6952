import { describe, expect, it } from 'vitest';
import { useDatabase, setupOffice } from './fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { personIn, userActor } from './groups-fixtures.js';
import { createGroup, emptyGroupRecord, getGroupDetail } from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson } from '../../src/lib/server/modules/groups/contacts.service.js';
import { addVolunteer, listVolunteers } from '../../src/lib/server/modules/starters/starters.service.js';
import { jobHandlers } from '../../src/lib/server/modules/jobs/jobs.registry.js';
import { getImport, checkImport, startImport, uploadImport } from '../../src/lib/server/modules/groups/import.service.js';

describe('need to know, and imports that fail', () => {
	const db = useDatabase();

	it('volunteers see the group and who its contact is, but not how to reach contact persons or starter volunteers', async () => {
		const { office, userId } = await setupOffice(db.get());
		const admin = userActor(userId, office.id, 'admin', 'leitung@example.org');
		const ctx = { db: db.get().db, actor: admin };
		const group = await createGroup(ctx, emptyGroupRecord('Gruppe Lebenskrisen'));
		await addContactPerson(ctx, group.id, {
			name: 'Anja Beispiel',
			email: 'anja@example.org',
			phone: '0511 555 0101',
			consent: { source: 'written', givenOn: '2026-01-05' }
		});
		await addVolunteer(ctx, {
			name: 'Olga Probe',
			email: 'olga@example.org',
			phone: '',
			trainedOn: null,
			consent: { source: 'written', givenOn: '2026-01-05' }
		});

		const volunteer = await personIn(db.get(), office.id, 'ehrenamt@example.org', 'volunteer');
		const seen = await getGroupDetail(db.get().db, volunteer, group.id);
		expect(seen.contacts.map((c) => [c.name, c.email, c.phone])).toEqual([['Anja Beispiel', '', '']]);
		expect((await listVolunteers(db.get().db, volunteer)).map((v) => [v.name, v.email])).toEqual([['Olga Probe', '']]);
		// staff see both
		expect((await getGroupDetail(db.get().db, admin, group.id)).contacts[0]?.email).toBe('anja@example.org');
		expect((await listVolunteers(db.get().db, admin))[0]?.email).toBe('olga@example.org');
	});

	it('marks an import failed when the job gives up, shows why, and lets staff start it again', async () => {
		const [membership] = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.query.memberships.findMany({ where: (m, { eq }) => eq(m.role, 'admin') })
		);
		const admin = userActor(membership?.userId ?? '', membership?.tenantId ?? '', 'admin', 'leitung@example.org');
		const ctx = { db: db.get().db, actor: admin, tenantId: admin.tenantId };
		const bytes = new TextEncoder().encode('Name;PLZ\nGruppe Neustart;30159\n');
		const { importId, mapping } = await uploadImport(ctx, { bytes, fileName: 'neu.csv' });
		await checkImport(ctx, importId, { mapping, draft: false, consentHeld: false });
		await startImport(ctx, importId);
		const handler = jobHandlers({ smtpUrl: undefined, from: 'x@example.org' })['groups.import'];
		const context = (attempt: number) => ({ db: db.get().db, now: new Date(), jobId: 'test', attempt });
		// a payload whose actor lacks the permission makes the job fail, like any lasting error would
		const broken = { importId, tenantId: admin.tenantId, actor: { ...admin, role: 'volunteer' } };
		await expect(handler?.(broken, context(1))).rejects.toThrow();
		expect((await getImport(db.get().db, admin.tenantId, importId)).status).toBe('applying');
		await expect(handler?.(broken, context(3))).rejects.toThrow();
		const failed = await getImport(db.get().db, admin.tenantId, importId);
		expect(failed.status).toBe('failed');
		expect(failed.error).toBeTruthy();
		await startImport(ctx, importId);
		await handler?.({ importId, tenantId: admin.tenantId, actor: admin }, context(1));
		expect(await getImport(db.get().db, admin.tenantId, importId)).toMatchObject({ status: 'done', appliedRows: 1, error: null });
	});
});
