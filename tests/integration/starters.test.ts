import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord } from '../../src/lib/server/modules/groups/groups.service.js';
import {
	addVolunteer,
	assignVolunteer,
	changeVolunteer,
	closeStarterRequest,
	createStarterRequest,
	listStarterRequests,
	listVolunteers,
	logStarterMeeting
} from '../../src/lib/server/modules/starters/starters.service.js';
import { meetingSeries } from '../../src/lib/server/modules/groups/groups.table.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';

describe('starter volunteers (In-Gang-Setzer)', () => {
	const db = useDatabase();

	it('accompanies a new group up to 8 meetings, refuses the 9th, and closes with a short report', async () => {
		const { office, userId } = await setupOffice(db.get());
		const actor = userActor(userId, office.id, 'admin', 'leitung@example.org');
		const ctx = { db: db.get().db, actor, now: new Date('2027-03-20T10:00:00Z') };
		const group = await createGroup(ctx, emptyGroupRecord('Neue Gruppe Einsamkeit'), { lifecycle: 'founding' });
		await expect(
			addVolunteer(ctx, {
				name: 'Olga Probe',
				email: '',
				phone: '',
				trainedOn: null,
				consent: { source: 'written', givenOn: '2027-01-10' }
			})
		).rejects.toMatchObject({ code: 'invalid', details: { field: 'email' } });
		const volunteerId = await addVolunteer(ctx, {
			name: 'Olga Probe',
			email: 'olga.probe@example.org',
			phone: '',
			trainedOn: '2026-11-01',
			consent: { source: 'written', givenOn: '2027-01-10' }
		});
		const requestId = await createStarterRequest(ctx, { groupId: group.id, kind: 'new', note: 'Erstes Treffen im April' });
		// nothing can be counted before someone is assigned
		await expect(logStarterMeeting(ctx, requestId, { on: '2027-03-01', note: '' })).rejects.toMatchObject({
			details: { code: 'starter_not_assigned' }
		});
		await assignVolunteer(ctx, requestId, volunteerId);
		for (let i = 1; i <= 8; i++)
			expect(await logStarterMeeting(ctx, requestId, { on: `2027-03-${String(i).padStart(2, '0')}`, note: '' })).toBe(i);
		await expect(logStarterMeeting(ctx, requestId, { on: '2027-03-15', note: '' })).rejects.toMatchObject({
			details: { code: 'starter_limit_reached' }
		});
		// a date in the future cannot have been accompanied yet
		await expect(logStarterMeeting(ctx, requestId, { on: '2027-04-01', note: '' })).rejects.toMatchObject({ details: { field: 'on' } });
		await expect(closeStarterRequest(ctx, requestId, { status: 'completed', report: ' ' })).rejects.toMatchObject({
			details: { code: 'starter_report_required' }
		});
		await closeStarterRequest(ctx, requestId, { status: 'completed', report: 'Die Gruppe trifft sich jetzt selbstständig.' });
		const [request] = await listStarterRequests(db.get().db, actor);
		expect(request).toMatchObject({
			status: 'completed',
			meetings: 8,
			meetingLimit: 8,
			volunteerName: 'Olga Probe',
			closedOn: '2027-03-20'
		});
		await expect(logStarterMeeting(ctx, requestId, { on: '2027-03-16', note: '' })).rejects.toMatchObject({ code: 'conflict' });
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: office.id }, (tx) => listAudit(tx, office.id));
		expect(audit.rows.filter((row) => row.entity.startsWith('starter_')).length).toBeGreaterThanOrEqual(11);
	});

	it('uses 6 meetings for an existing group, does not assign an unavailable volunteer, and erases her data when she withdraws consent', async () => {
		const tenants = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.query.tenants.findMany());
		const office = tenants[0];
		const members = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.query.memberships.findMany());
		const actor = userActor(members[0]?.userId ?? '', office?.id ?? '', 'admin', 'leitung@example.org');
		const ctx = { db: db.get().db, actor };
		const group = await createGroup(ctx, emptyGroupRecord('Bestehende Gruppe Trauer'));
		const requestId = await createStarterRequest(ctx, { groupId: group.id, kind: 'existing', note: '' });
		const volunteerId = await addVolunteer(ctx, {
			name: 'Murat Muster',
			email: '',
			phone: '0511 555 0142',
			trainedOn: null,
			consent: { source: 'verbal', givenOn: '2026-10-01' }
		});
		await changeVolunteer(ctx, volunteerId, 'deactivate');
		await expect(assignVolunteer(ctx, requestId, volunteerId)).rejects.toMatchObject({ details: { code: 'starter_volunteer_inactive' } });
		await changeVolunteer(ctx, volunteerId, 'withdraw_consent');
		const pool = await listVolunteers(db.get().db, actor);
		const erased = pool.find((v) => v.id === volunteerId);
		expect(erased).toMatchObject({ name: '–', phone: '', email: '', active: false });
		expect(erased?.consentWithdrawnAt).toBeInstanceOf(Date);
		const requests = await listStarterRequests(db.get().db, actor, { groupId: group.id });
		expect(requests[0]).toMatchObject({ meetingLimit: 6, status: 'open' });
	});

	it('refuses a request for another office’s group, and the database refuses rows that link to another office’s group', async () => {
		const mine = await otherOffice(db.get(), 'Kontaktstelle Ost', 'ost@example.org');
		const theirs = await otherOffice(db.get(), 'Kontaktstelle West', 'west@example.org');
		const eastActor = userActor(mine.userId, mine.office.id, 'admin', 'ost@example.org');
		const westActor = userActor(theirs.userId, theirs.office.id, 'admin', 'west@example.org');
		const westGroup = await createGroup({ db: db.get().db, actor: westActor }, emptyGroupRecord('Gruppe im Westen'));
		await expect(
			createStarterRequest({ db: db.get().db, actor: eastActor }, { groupId: westGroup.id, kind: 'new', note: '' })
		).rejects.toMatchObject({
			code: 'invalid'
		});
		// even written straight into the table under the east office's scope, a series for the west's group is refused
		await expect(
			inScope(db.get().db, { kind: 'tenant', tenantId: mine.office.id }, (tx) =>
				tx.insert(meetingSeries).values({ tenantId: mine.office.id, groupId: westGroup.id, locationKind: 'online' })
			)
		).rejects.toThrow();
		const count = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.execute(sql`select count(*)::int as n from meeting_series`));
		expect((count as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
	});
});
