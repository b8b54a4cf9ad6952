import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, setOfficeEmail, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson } from '../../src/lib/server/modules/groups/contacts.service.js';
import { equipmentItems, equipmentLoans } from '../../src/lib/server/modules/equipment/equipment.table.js';
import {
	borrowingGroups,
	cancelReservation,
	createItem,
	getItem,
	groupLoanHistory,
	handOut,
	listInventory,
	listOverdue,
	remindOverdue,
	reserveItem,
	returnItem,
	updateItem,
	type ReservationInput
} from '../../src/lib/server/modules/equipment/equipment.service.js';
import { jobHandlers, SCHEDULES } from '../../src/lib/server/modules/jobs/jobs.registry.js';

/** Today in these tests (Berlin): Tuesday, 5 September 2028, in the morning. */
const NOW = new Date('2028-09-05T07:00:00Z');
const at = (iso: string) => new Date(`${iso}T09:00:00+02:00`);

const item = (name: string, description = '') => ({ name, description, condition: 'good' as const, active: true });

describe('equipment lending (ROOM-5)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;
	let southStaff: UserActor;
	let officeId: string;
	let groupId: string;

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		officeId = first.office.id;
		staff = await personIn(db.get(), officeId, 'ausleihe@example.org');
		volunteer = await personIn(db.get(), officeId, 'helfer@example.org', 'volunteer');
		const south = await otherOffice(db.get(), 'Kontaktstelle Talgrund', 'tal@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'tal@example.org');
		groupId = (await createGroup({ db: db.get().db, actor: staff, now: NOW }, emptyGroupRecord('Gesprächskreis Morgenlicht'))).id;
	});

	const ctx = (actor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const forGroup = (fromDate: string, untilDate: string, overrides: Partial<ReservationInput> = {}): ReservationInput => ({
		groupId,
		borrower: '',
		fromDate,
		untilDate,
		note: '',
		...overrides
	});
	const loansOf = (itemId: string) =>
		inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ status: equipmentLoans.status, fromDate: equipmentLoans.fromDate, untilDate: equipmentLoans.untilDate })
				.from(equipmentLoans)
				.where(eq(equipmentLoans.itemId, itemId))
				.orderBy(equipmentLoans.fromDate)
		);

	it('keeps an inventory; volunteers only read it, and another office neither sees nor changes nor lends it', async () => {
		const speakers = await createItem(ctx(), item('  Mobile Lautsprecheranlage ', '2 Funkmikrofone, Netzteil, Tasche'));
		await createItem(ctx(), item('Beamer'));
		await createItem(ctx(), item('Rollup A'));
		expect((await listInventory(ctx())).map((row) => [row.name, row.condition, row.out, row.nextReservation])).toEqual([
			['Beamer', 'good', null, null],
			['Mobile Lautsprecheranlage', 'good', null, null],
			['Rollup A', 'good', null, null]
		]);
		expect(await updateItem(ctx(), speakers, { description: '2 Funkmikrofone, Netzteil', condition: 'worn' })).toEqual({
			changed: ['description', 'condition']
		});
		expect(await updateItem(ctx(), speakers, { condition: 'worn' })).toEqual({ changed: [] });
		await expect(updateItem(ctx(), speakers, { name: '   ' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { name: 'equipment_name_missing' } }
		});
		const rollup = (await listInventory(ctx())).find((row) => row.name === 'Rollup A')!.id;
		await updateItem(ctx(), rollup, { active: false });
		expect((await listInventory(ctx())).map((row) => row.name)).toEqual(['Beamer', 'Mobile Lautsprecheranlage']);
		expect(await listInventory(ctx(), { includeInactive: true })).toHaveLength(3);
		await expect(reserveItem(ctx(), rollup, forGroup('2028-09-06', '2028-09-06'))).rejects.toMatchObject({
			code: 'invalid',
			details: { code: 'equipment_item_inactive' }
		});

		// a volunteer reads, but does not lend or edit
		expect(await listInventory(ctx(volunteer))).toHaveLength(2);
		await expect(createItem(ctx(volunteer), item('Tablet'))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(reserveItem(ctx(volunteer), speakers, forGroup('2028-09-06', '2028-09-07'))).rejects.toMatchObject({
			code: 'forbidden'
		});

		// the other office
		expect(await listInventory(ctx(southStaff))).toEqual([]);
		await expect(getItem(ctx(southStaff), speakers)).rejects.toMatchObject({ code: 'not_found' });
		await expect(updateItem(ctx(southStaff), speakers, { name: 'Übernommen' })).rejects.toMatchObject({ code: 'not_found' });
		await expect(
			reserveItem(ctx(southStaff), speakers, forGroup('2028-09-06', '2028-09-07', { groupId: null, borrower: 'Jemand' }))
		).rejects.toMatchObject({ code: 'not_found' });
		// and the database itself hides the rows and refuses a loan of another office's item
		const seen = await inScope(db.get().db, { kind: 'tenant', tenantId: southStaff.tenantId }, (tx) =>
			tx.select({ n: count() }).from(equipmentItems)
		);
		expect(seen[0]?.n).toBe(0);
		const refused = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.insert(equipmentLoans).values({ tenantId: southStaff.tenantId, itemId: speakers, fromDate: '2028-09-10', untilDate: '2028-09-10' })
		).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(Error);
		expect(await loansOf(speakers)).toEqual([]);
	});

	it('reserves for whole days and refuses overlapping days naming the other loan; bad dates are refused at the field', async () => {
		const projector = await createItem(ctx(), item('Beamer (klein)'));
		const first = await reserveItem(ctx(), projector, forGroup('2028-09-08', '2028-09-10', { note: 'Für den Infoabend' }));
		expect(first).toMatch(/^[0-9a-f-]{36}$/);

		// the same days, or any day in between, are taken; the answer names the group and its days
		for (const [from, until] of [
			['2028-09-10', '2028-09-12'],
			['2028-09-06', '2028-09-08'],
			['2028-09-09', '2028-09-09']
		] as const) {
			await expect(
				reserveItem(ctx(), projector, forGroup(from, until, { groupId: null, borrower: 'Nachbarschaftstreff' }))
			).rejects.toMatchObject({
				code: 'conflict',
				details: {
					code: 'equipment_conflict_reserved',
					field: 'fromDate',
					params: { who: 'Gesprächskreis Morgenlicht', from: '2028-09-08', until: '2028-09-10' }
				}
			});
		}
		// the day after is free
		await reserveItem(ctx(), projector, forGroup('2028-09-11', '2028-09-11', { groupId: null, borrower: 'Nachbarschaftstreff' }));

		// bad input: nothing is saved
		await expect(reserveItem(ctx(), projector, forGroup('2028-09-20', '2028-09-19'))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { untilDate: 'equipment_until_before_from' } }
		});
		await expect(reserveItem(ctx(), projector, forGroup('2028-09-04', '2028-09-05'))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { fromDate: 'equipment_from_in_past' } }
		});
		await expect(reserveItem(ctx(), projector, forGroup('2028-09-20', '2029-03-01'))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { untilDate: 'equipment_too_long' } }
		});
		await expect(reserveItem(ctx(), projector, forGroup('2028-09-20', '2028-09-21', { groupId: null }))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { borrower: 'equipment_borrower_missing' } }
		});
		const south = await createGroup({ db: db.get().db, actor: southStaff, now: NOW }, emptyGroupRecord('Fremde Gruppe'));
		await expect(reserveItem(ctx(), projector, forGroup('2028-09-20', '2028-09-21', { groupId: south.id }))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { groupId: 'equipment_group_unknown' } }
		});
		// today is fine
		await reserveItem(ctx(), projector, forGroup('2028-09-05', '2028-09-05'));
		expect(await loansOf(projector)).toEqual([
			{ status: 'reserved', fromDate: '2028-09-05', untilDate: '2028-09-05' },
			{ status: 'reserved', fromDate: '2028-09-08', untilDate: '2028-09-10' },
			{ status: 'reserved', fromDate: '2028-09-11', untilDate: '2028-09-11' }
		]);
		expect((await borrowingGroups(ctx())).map((group) => group.name)).toEqual(['Gesprächskreis Morgenlicht']);
	});

	it('hands out and takes back with the condition; the item keeps the condition it came back in; what is out cannot be lent again', async () => {
		const tablet = await createItem(ctx(), item('Tablet 1'));
		const loan = await reserveItem(ctx(), tablet, forGroup('2028-09-05', '2028-09-07'));
		// returning what was not handed out is refused, nothing changes
		await expect(returnItem(ctx(), loan, { condition: 'good', note: '' })).rejects.toMatchObject({
			code: 'invalid',
			details: { code: 'equipment_not_handed_out' }
		});
		await handOut(ctx(), loan, { condition: 'good', note: 'Mit Hülle und Ladekabel' });
		await expect(handOut(ctx(), loan, { condition: 'good', note: '' })).rejects.toMatchObject({
			details: { code: 'equipment_already_handed_out' }
		});
		await expect(cancelReservation(ctx(), loan)).rejects.toMatchObject({ details: { code: 'equipment_cancel_not_reserved' } });
		// an item already lent: refused, naming that it is lent
		await expect(
			reserveItem(ctx(), tablet, forGroup('2028-09-06', '2028-09-06', { groupId: null, borrower: 'Frau K.' }))
		).rejects.toMatchObject({
			code: 'conflict',
			details: { code: 'equipment_conflict_lent', params: { who: 'Gesprächskreis Morgenlicht' } }
		});

		const inventory = await listInventory(ctx());
		expect(inventory.find((row) => row.id === tablet)?.out).toMatchObject({ id: loan, status: 'handed_out', overdue: false });

		await returnItem(ctx(), loan, { condition: 'damaged', note: 'Display hat einen Sprung' });
		const { item: after, loans } = await getItem(ctx(), tablet);
		expect(after.condition).toBe('damaged');
		expect(loans).toEqual([
			expect.objectContaining({
				id: loan,
				status: 'returned',
				conditionOut: 'good',
				conditionBack: 'damaged',
				notes: 'Mit Hülle und Ladekabel\nDisplay hat einen Sprung',
				groupName: 'Gesprächskreis Morgenlicht'
			})
		]);
		expect(loans[0]?.handedOutAt).toEqual(NOW);
		expect(loans[0]?.returnedAt).toEqual(NOW);
		// returned: the days are free again
		await reserveItem(ctx(), tablet, forGroup('2028-09-06', '2028-09-06', { groupId: null, borrower: 'Frau K.' }));

		// a cancelled reservation frees its days too
		const cancelled = await reserveItem(ctx(), tablet, forGroup('2028-09-20', '2028-09-22'));
		await cancelReservation(ctx(), cancelled);
		await reserveItem(ctx(), tablet, forGroup('2028-09-21', '2028-09-21', { groupId: null, borrower: 'Büro' }));
		await expect(handOut(ctx(), cancelled, { condition: 'good', note: '' })).rejects.toMatchObject({
			details: { code: 'equipment_not_reserved' }
		});
		// a loan of the other office is not found
		await expect(handOut(ctx(southStaff), loan, { condition: 'good', note: '' })).rejects.toMatchObject({ code: 'not_found' });

		// handed out before its first day, the loan starts that day — if those days are free
		const early = await reserveItem(ctx(), tablet, forGroup('2028-09-12', '2028-09-13'));
		await handOut(ctx(staff, at('2028-09-10')), early, { condition: 'good', note: '' });
		expect((await getItem(ctx(), tablet)).loans.find((row) => row.id === early)).toMatchObject({
			fromDate: '2028-09-10',
			status: 'handed_out'
		});
		// while an item is overdue it is not here: a reservation from today and a hand-out are refused, later days are not
		const overdueDay = at('2028-09-15');
		await expect(
			reserveItem(ctx(staff, overdueDay), tablet, forGroup('2028-09-15', '2028-09-15', { groupId: null, borrower: 'Frau K.' }))
		).rejects.toMatchObject({
			code: 'conflict',
			details: { code: 'equipment_conflict_overdue', params: { who: 'Gesprächskreis Morgenlicht', until: '2028-09-13' } }
		});
		const tomorrow = await reserveItem(ctx(staff, overdueDay), tablet, forGroup('2028-09-16', '2028-09-16'));
		await expect(handOut(ctx(staff, at('2028-09-16')), tomorrow, { condition: 'good', note: '' })).rejects.toMatchObject({
			details: { code: 'equipment_conflict_overdue' }
		});
		await returnItem(ctx(staff, at('2028-09-16')), early, { condition: 'good', note: '' });
		await handOut(ctx(staff, at('2028-09-16')), tomorrow, { condition: 'good', note: '' });
		await returnItem(ctx(staff, at('2028-09-16')), tomorrow, { condition: 'good', note: '' });
		// an early hand-out over another reservation's days is refused, naming it
		const blocked = await reserveItem(ctx(), tablet, forGroup('2028-09-25', '2028-09-26'));
		await reserveItem(ctx(), tablet, forGroup('2028-09-23', '2028-09-23', { groupId: null, borrower: 'Büro' }));
		await expect(handOut(ctx(staff, at('2028-09-22')), blocked, { condition: 'good', note: '' })).rejects.toMatchObject({
			code: 'conflict',
			details: { code: 'equipment_conflict_reserved', params: { who: 'Büro', from: '2028-09-23' } }
		});
		// a reservation whose days are over is not handed out
		const missed = await reserveItem(ctx(), tablet, forGroup('2028-09-28', '2028-09-28'));
		await expect(handOut(ctx(staff, at('2028-09-29')), missed, { condition: 'good', note: '' })).rejects.toMatchObject({
			details: { code: 'equipment_handout_over', params: { until: '2028-09-28' } }
		});
	});

	it('lists overdue loans and reminds the office and the group’s contact persons once per loan', async () => {
		await setOfficeEmail(db.get(), officeId, 'buero@example.org');
		await addContactPerson(ctx(), groupId, {
			name: 'Greta Beispiel',
			email: 'morgenlicht@example.org',
			phone: '',
			consent: { source: 'written', givenOn: '2028-08-01' }
		});
		const rollup = await createItem(ctx(), item('Rollup B'));
		const games = await createItem(ctx(), item('Spielekiste'));
		const groupLoan = await reserveItem(ctx(), rollup, forGroup('2028-09-05', '2028-09-06'));
		const otherLoan = await reserveItem(ctx(), games, forGroup('2028-09-05', '2028-09-05', { groupId: null, borrower: 'Stadtteilfest' }));
		await handOut(ctx(), groupLoan, { condition: 'good', note: '' });
		await handOut(ctx(), otherLoan, { condition: 'good', note: '' });

		// on their last day they are not overdue yet
		expect(await listOverdue(ctx())).toEqual([]);
		expect(await remindOverdue(db.get().db, MAIL, NOW)).toBe(0);

		const later = at('2028-09-08');
		expect((await listOverdue(ctx(staff, later))).map((loan) => [loan.itemName, loan.overdue])).toEqual([
			['Spielekiste', true],
			['Rollup B', true]
		]);
		expect(await remindOverdue(db.get().db, MAIL, later)).toBe(2);
		expect(await remindOverdue(db.get().db, MAIL, at('2028-09-09'))).toBe(0);

		const office = await outboxMails(db.get(), { template: 'equipment_overdue_office' });
		expect(office.map((mail) => [mail.toAddress, mail.subject])).toEqual([
			['buero@example.org', 'Überfällig: Spielekiste'],
			['buero@example.org', 'Überfällig: Rollup B']
		]);
		expect(office[1]?.bodyText).toContain('Gesprächskreis Morgenlicht');
		expect(office[1]?.bodyText).toContain('06.09.2028');
		expect(office[1]?.bodyText).toContain(`/verwaltung/ausleihe/${rollup}`);
		const contact = await outboxMails(db.get(), { template: 'equipment_overdue_contact' });
		expect(contact).toHaveLength(1);
		expect(contact[0]).toMatchObject({ toAddress: 'morgenlicht@example.org', subject: 'Bitte zurückgeben: Rollup B' });
		expect(contact[0]?.bodyText).toContain('06.09.2028');
		// the e-mail to the group names no other borrower
		expect(contact[0]?.bodyText).not.toContain('Stadtteilfest');

		// the job is registered and runs daily
		expect(SCHEDULES).toContainEqual({ name: 'equipment.remind_overdue', everySeconds: 86_400 });
		expect(jobHandlers(MAIL)['equipment.remind_overdue']).toBeTypeOf('function');

		// the group's history shows every loan of the group, newest first; returned ones stay in it
		await returnItem(ctx(staff, later), groupLoan, { condition: 'worn', note: 'Ecke eingerissen' });
		const history = await groupLoanHistory(ctx(staff, later), groupId);
		expect(history.group.name).toBe('Gesprächskreis Morgenlicht');
		expect(history.loans.every((loan) => loan.groupId === groupId)).toBe(true);
		expect(history.loans.find((loan) => loan.itemName === 'Rollup B')).toMatchObject({ status: 'returned', conditionBack: 'worn' });
		await expect(groupLoanHistory(ctx(southStaff), groupId)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('lets exactly one of 20 concurrent reservations of the same days win; the others name the winner', async () => {
		const speakers = await createItem(ctx(), item('Lautsprecher (Konkurrenz)'));
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, (_, i) =>
				reserveItem(ctx(), speakers, forGroup('2028-10-02', '2028-10-04', { groupId: null, borrower: `Verein ${i + 1}` }))
			)
		);
		const won = results.filter((result): result is PromiseFulfilledResult<string> => result.status === 'fulfilled');
		const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(19);
		const winner = (await getItem(ctx(), speakers)).loans[0]?.borrower;
		for (const failure of lost)
			expect(failure.reason).toMatchObject({
				code: 'conflict',
				details: { code: 'equipment_conflict_reserved', params: { who: winner, from: '2028-10-02', until: '2028-10-04' } }
			});
		expect(await loansOf(speakers)).toHaveLength(1);

		// and the constraint holds without the service (23P01)
		const error = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.execute(
				sql`insert into equipment_loans (tenant_id, item_id, from_date, until_date, status)
					values (${staff.tenantId}, ${speakers}, '2028-10-04', '2028-10-05', 'handed_out')`
			)
		).catch((e: unknown) => e);
		const codeOf = (e: unknown): unknown =>
			e && typeof e === 'object' ? ((e as { code?: unknown }).code ?? codeOf((e as { cause?: unknown }).cause)) : undefined;
		expect(codeOf(error)).toBe('23P01');
	});
});
