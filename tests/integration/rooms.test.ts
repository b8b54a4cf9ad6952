import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson } from '../../src/lib/server/modules/groups/contacts.service.js';
import { roomBookings, rooms } from '../../src/lib/server/modules/rooms/rooms.table.js';
import { auditLog } from '../../src/lib/server/modules/audit/audit.table.js';
import {
	createRoom,
	emptyRoomInput,
	getRoom,
	listRooms,
	planBooking,
	saveBooking,
	updateRoom,
	type BookingRequest
} from '../../src/lib/server/modules/rooms/rooms.service.js';
import type { Recurrence } from '../../src/lib/recurrence/index.js';

/** Today in these tests: the office plans the coming winter. */
const NOW = new Date('2028-09-01T08:00:00Z');

/** "Jeden 2. und 4. Dienstag, 19–21 Uhr", October 2028 to April 2029, holidays skipped. */
const secondAndFourthTuesday = (overrides: Partial<Recurrence> = {}): Recurrence => ({
	frequency: 'monthly',
	interval: 1,
	weekdays: [2],
	weeksOfMonth: [2, 4],
	startDate: '2028-10-01',
	endDate: '2029-04-30',
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: true,
	exceptions: [],
	...overrides
});

const once = (date: string, startTime: string, endTime: string) => ({ kind: 'once' as const, date, startTime, endTime });

describe('rooms and bookings (ROOM-1, ROOM-2, ROOM-3)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;
	let southStaff: UserActor;
	let groupId: string;

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		staff = await personIn(db.get(), first.office.id, 'raeume@example.org');
		volunteer = await personIn(db.get(), first.office.id, 'ehrenamt@example.org', 'volunteer');
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'sued@example.org');
		groupId = (await createGroup({ db: db.get().db, actor: staff, now: NOW }, emptyGroupRecord('Gesprächskreis Tinnitus'))).id;
	});

	const ctx = (actor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const request = (roomId: string, overrides: Partial<BookingRequest> = {}): BookingRequest => ({
		roomId,
		when: { kind: 'series', recurrence: secondAndFourthTuesday() },
		owner: { kind: 'group', groupId },
		title: 'Gesprächskreis Tinnitus',
		attendees: 10,
		...overrides
	});
	const bookingsOf = (roomId: string) =>
		inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ startsAt: roomBookings.startsAt, endsAt: roomBookings.endsAt, title: roomBookings.title, status: roomBookings.status })
				.from(roomBookings)
				.where(eq(roomBookings.roomId, roomId))
				.orderBy(asc(roomBookings.startsAt))
		);
	const newRoom = (name: string, capacity = 14) => createRoom(ctx(), { ...emptyRoomInput(name, capacity), stepFree: true });

	it('creates, changes and lists rooms; another office neither sees nor changes nor books them', async () => {
		const id = await createRoom(ctx(), {
			...emptyRoomInput('  Gruppenraum 1 ', 14),
			stepFree: true,
			hearingLoop: true,
			equipment: ['Flipchart', ' ', 'Beamer an der Decke'],
			fee: '1 € pro Person, höchstens 10 €'
		});
		const [room] = await listRooms(ctx());
		expect(room).toMatchObject({ id, name: 'Gruppenraum 1', capacity: 14, equipment: ['Flipchart', 'Beamer an der Decke'], active: true });
		expect(room?.bookableHours['2']).toEqual({ from: '09:00', to: '22:00' });

		expect(await updateRoom(ctx(), id, { capacity: 16, rules: 'Bitte lüften.' })).toEqual({ changed: ['capacity', 'rules'] });
		expect(await updateRoom(ctx(), id, { capacity: 16 })).toEqual({ changed: [] });
		await expect(updateRoom(ctx(), id, { capacity: 0 })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { capacity: 'rooms_capacity_invalid' } }
		});
		await expect(createRoom(ctx(volunteer), emptyRoomInput('Keller', 4))).rejects.toMatchObject({ code: 'forbidden' });
		expect(await listRooms(ctx(volunteer))).toHaveLength(1);

		const archived = await newRoom('Alter Werkraum');
		await updateRoom(ctx(), archived, { active: false });
		expect((await listRooms(ctx())).map((r) => r.name)).toEqual(['Gruppenraum 1']);
		expect((await listRooms(ctx(), { includeInactive: true })).map((r) => r.name)).toEqual(['Alter Werkraum', 'Gruppenraum 1']);

		expect(await getRoom(ctx(volunteer), archived)).toMatchObject({ name: 'Alter Werkraum', active: false });

		// the other office
		expect(await listRooms(ctx(southStaff))).toEqual([]);
		await expect(getRoom(ctx(southStaff), id)).rejects.toMatchObject({ code: 'not_found' });
		await expect(getRoom(ctx(), 'kein-raum')).rejects.toMatchObject({ code: 'not_found' });
		await expect(updateRoom(ctx(southStaff), id, { name: 'Übernommen' })).rejects.toMatchObject({ code: 'not_found' });
		await expect(saveBooking(ctx(southStaff), request(id, { owner: { kind: 'internal' } }))).rejects.toMatchObject({ code: 'not_found' });
		const southRoom = await createRoom(ctx(southStaff), emptyRoomInput('Saal Süd', 40));
		// the database itself refuses a booking whose room or group belongs to another office, and hides the rows
		const raw = (tenantId: string, roomId: string, group: string | null) =>
			inScope(db.get().db, { kind: 'system' }, (tx) =>
				tx.insert(roomBookings).values({
					tenantId,
					roomId,
					seriesId: crypto.randomUUID(),
					ownerKind: group ? 'group' : 'internal',
					groupId: group,
					title: 'Fremd',
					status: 'confirmed',
					startsAt: new Date('2028-10-02T08:00:00Z'),
					endsAt: new Date('2028-10-02T09:00:00Z')
				})
			);
		await expect(raw(southStaff.tenantId, id, null)).rejects.toThrow();
		await expect(raw(southStaff.tenantId, southRoom, groupId)).rejects.toThrow();
		await saveBooking(
			ctx(),
			request(id, { owner: { kind: 'internal' }, title: 'Teamsitzung', when: once('2028-10-02', '10:00', '11:00') })
		);
		const seen = await inScope(db.get().db, { kind: 'tenant', tenantId: southStaff.tenantId }, async (tx) => ({
			rooms: await tx.select({ id: rooms.id }).from(rooms),
			bookings: await tx.select({ id: roomBookings.id }).from(roomBookings)
		}));
		expect(seen.rooms.map((r) => r.id)).toEqual([southRoom]);
		expect(seen.bookings).toEqual([]);
		const changed = await inScope(db.get().db, { kind: 'tenant', tenantId: southStaff.tenantId }, (tx) =>
			tx.update(rooms).set({ name: 'Übernommen' }).where(eq(rooms.id, id)).returning({ id: rooms.id })
		);
		expect(changed).toEqual([]);
	});

	it('stores every 2nd and 4th Tuesday 19–21 as Berlin wall time across both daylight-saving changes, skipping 2nd Christmas Day', async () => {
		const roomId = await newRoom('Gruppenraum 2');
		const plan = await planBooking(ctx(), request(roomId));
		expect(plan.issues).toEqual([]);
		expect(plan.conflicts).toEqual([]);
		const result = await saveBooking(ctx(), request(roomId));
		expect(result.skipped).toEqual([]);
		expect(result.saved).toEqual([
			'2028-10-10',
			'2028-10-24',
			'2028-11-14',
			'2028-11-28',
			'2028-12-12',
			// 2028-12-26 is the 4th Tuesday and a holiday in Lower Saxony
			'2029-01-09',
			'2029-01-23',
			'2029-02-13',
			'2029-02-27',
			'2029-03-13',
			'2029-03-27',
			'2029-04-10',
			'2029-04-24'
		]);
		const rows = await bookingsOf(roomId);
		expect(rows.map((row) => [row.startsAt.toISOString(), row.endsAt.toISOString()])).toEqual([
			['2028-10-10T17:00:00.000Z', '2028-10-10T19:00:00.000Z'], // summer time
			['2028-10-24T17:00:00.000Z', '2028-10-24T19:00:00.000Z'],
			['2028-11-14T18:00:00.000Z', '2028-11-14T20:00:00.000Z'], // winter time from 29 October
			['2028-11-28T18:00:00.000Z', '2028-11-28T20:00:00.000Z'],
			['2028-12-12T18:00:00.000Z', '2028-12-12T20:00:00.000Z'],
			['2029-01-09T18:00:00.000Z', '2029-01-09T20:00:00.000Z'],
			['2029-01-23T18:00:00.000Z', '2029-01-23T20:00:00.000Z'],
			['2029-02-13T18:00:00.000Z', '2029-02-13T20:00:00.000Z'],
			['2029-02-27T18:00:00.000Z', '2029-02-27T20:00:00.000Z'],
			['2029-03-13T18:00:00.000Z', '2029-03-13T20:00:00.000Z'],
			['2029-03-27T17:00:00.000Z', '2029-03-27T19:00:00.000Z'], // summer time from 25 March
			['2029-04-10T17:00:00.000Z', '2029-04-10T19:00:00.000Z'],
			['2029-04-24T17:00:00.000Z', '2029-04-24T19:00:00.000Z']
		]);
		expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['confirmed']));

		// asked for, the holiday is booked too
		const other = await newRoom('Gruppenraum 3');
		const withHoliday = await saveBooking(
			ctx(),
			request(other, { when: { kind: 'series', recurrence: secondAndFourthTuesday({ skipHolidays: false }) } })
		);
		expect(withHoliday.saved).toContain('2028-12-26');
	});

	it('names every conflicting date with the other booking, refuses the series, and saves only the free dates when asked', async () => {
		const roomId = await newRoom('Gruppenraum 4');
		await saveBooking(
			ctx(),
			request(roomId, { owner: { kind: 'event' }, title: 'Vortrag Schlafhygiene', when: once('2028-11-14', '18:30', '20:00') })
		);
		await saveBooking(
			ctx(),
			request(roomId, { owner: { kind: 'internal' }, title: 'Supervision', when: once('2029-02-27', '20:30', '22:00') })
		);
		// end-exclusive: a booking that starts when the group ends is no conflict
		await saveBooking(
			ctx(),
			request(roomId, { owner: { kind: 'internal' }, title: 'Chorprobe', when: once('2028-10-10', '21:00', '22:00') })
		);

		const plan = await planBooking(ctx(), request(roomId));
		expect(plan.issues).toEqual([]);
		expect(plan.conflicts.map(({ date, title, from, to }) => ({ date, title, from, to }))).toEqual([
			{ date: '2028-11-14', title: 'Vortrag Schlafhygiene', from: '18:30', to: '20:00' },
			{ date: '2029-02-27', title: 'Supervision', from: '20:30', to: '22:00' }
		]);

		const before = (await bookingsOf(roomId)).length;
		const auditEntries = () =>
			inScope(db.get().db, { kind: 'system' }, (tx) =>
				tx
					.select({ entityId: auditLog.entityId, changes: auditLog.changes, actorLabel: auditLog.actorLabel })
					.from(auditLog)
					.where(and(eq(auditLog.entity, 'room_booking'), sql`${auditLog.changes}->>'roomId' = ${roomId}`))
			);
		const audited = (await auditEntries()).length;
		await expect(saveBooking(ctx(), request(roomId))).rejects.toMatchObject({
			code: 'conflict',
			details: { code: 'rooms_booking_conflict', dates: ['2028-11-14', '2029-02-27'] }
		});
		// refused by the constraint: neither a date nor an audit entry
		expect(await bookingsOf(roomId)).toHaveLength(before);
		expect(await auditEntries()).toHaveLength(audited);

		const result = await saveBooking(ctx(), request(roomId), { skipConflicts: true });
		expect(result.skipped).toEqual(['2028-11-14', '2029-02-27']);
		expect(result.saved).toHaveLength(11);
		expect(await bookingsOf(roomId)).toHaveLength(before + 11);
		// the audit log says who booked which dates and which were left out
		const entries = await auditEntries();
		expect(entries).toHaveLength(audited + 1);
		expect(entries.find((entry) => entry.entityId === result.seriesId)).toMatchObject({
			actorLabel: 'raeume@example.org',
			changes: { roomId, ownerKind: 'group', status: 'confirmed', dates: result.saved, skipped: result.skipped }
		});

		// a declined or cancelled booking frees its date
		await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
			tx
				.update(roomBookings)
				.set({ status: 'cancelled' })
				.where(and(eq(roomBookings.roomId, roomId), eq(roomBookings.title, 'Supervision')))
		);
		const again = await planBooking(ctx(), request(roomId, { when: once('2029-02-27', '20:00', '21:00'), owner: { kind: 'internal' } }));
		expect(again.conflicts).toEqual([]);
	});

	it('refuses bad input with a message per problem and saves nothing', async () => {
		const roomId = await newRoom('Kleiner Raum', 6);
		const issuesOf = async (overrides: Partial<BookingRequest>) => {
			const plan = await planBooking(ctx(), request(roomId, overrides));
			await expect(saveBooking(ctx(), request(roomId, overrides))).rejects.toMatchObject({ code: 'invalid' });
			return plan.issues;
		};
		expect(await issuesOf({ when: once('2028-10-10', '21:00', '19:00'), attendees: 4 })).toEqual([
			{ code: 'rooms_booking_end_before_start' }
		]);
		expect(
			await issuesOf({
				when: { kind: 'series', recurrence: secondAndFourthTuesday({ startDate: '2028-12-20', endDate: '2028-12-31' }) },
				attendees: 4
			})
		).toEqual([{ code: 'rooms_booking_no_dates' }]);
		expect(await issuesOf({ when: once('2028-08-29', '19:00', '21:00'), attendees: 4 })).toEqual([
			{ code: 'rooms_booking_in_past', dates: ['2028-08-29'] }
		]);
		expect(await issuesOf({ when: once('2028-10-10', '21:00', '23:00'), attendees: 4 })).toEqual([
			{ code: 'rooms_booking_outside_hours', dates: ['2028-10-10'] }
		]);
		expect(await issuesOf({ attendees: 12 })).toEqual([{ code: 'rooms_booking_over_capacity', params: { capacity: 6 } }]);
		expect(await issuesOf({ title: ' ', attendees: 0 })).toEqual([
			{ code: 'rooms_booking_title_missing' },
			{ code: 'rooms_booking_attendees_invalid' }
		]);
		expect(
			await issuesOf({ attendees: 4, when: { kind: 'series', recurrence: secondAndFourthTuesday({ startDate: '2028-08-01' }) } })
		).toMatchObject([{ code: 'rooms_booking_in_past', dates: ['2028-08-08', '2028-08-22'] }]);
		await expect(saveBooking(ctx(), request('not-an-id'))).rejects.toMatchObject({ code: 'not_found' });
		await expect(saveBooking(ctx(volunteer), request(roomId, { attendees: 4 }))).rejects.toMatchObject({ code: 'forbidden' });
		expect(await bookingsOf(roomId)).toEqual([]);
	});

	it('lets a group contact request a room for her own group only, and hides whose booking is in the way', async () => {
		const contact = await personIn(db.get(), staff.tenantId, 'kontakt.tinnitus@example.org', 'group_contact');
		await addContactPerson(ctx(), groupId, {
			name: 'Gerda Beispiel',
			email: 'kontakt.tinnitus@example.org',
			phone: '',
			consent: { source: 'written', givenOn: '2028-08-01' }
		});
		const otherGroup = (await createGroup(ctx(), emptyGroupRecord('Angehörige psychisch Erkrankter'))).id;
		const roomId = await newRoom('Gruppenraum 5');
		await saveBooking(
			ctx(),
			request(roomId, {
				owner: { kind: 'group', groupId: otherGroup },
				title: 'Angehörige psychisch Erkrankter',
				when: once('2028-10-24', '19:00', '21:00')
			})
		);

		const plan = await planBooking(ctx(contact), request(roomId));
		expect(plan.conflicts.map(({ date, title }) => ({ date, title }))).toEqual([{ date: '2028-10-24', title: null }]);
		const result = await saveBooking(ctx(contact), request(roomId), { skipConflicts: true });
		expect(result.skipped).toEqual(['2028-10-24']);
		const rows = await bookingsOf(roomId);
		expect(rows.filter((row) => row.title === 'Gesprächskreis Tinnitus').map((row) => row.status)).toEqual(Array(12).fill('requested'));

		await expect(saveBooking(ctx(contact), request(roomId, { owner: { kind: 'group', groupId: otherGroup } }))).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(saveBooking(ctx(contact), request(roomId, { owner: { kind: 'internal' } }))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(createRoom(ctx(contact), emptyRoomInput('Eigener Raum', 5))).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('lets exactly one of 50 concurrent requests for the same slot win; the others get the conflict, never an error', async () => {
		const roomId = await newRoom('Saal', 40);
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, (_, i) =>
				saveBooking(
					ctx(),
					request(roomId, { owner: { kind: 'internal' }, title: `Anfrage ${i + 1}`, when: once('2028-10-17', '19:00', '21:00') })
				)
			)
		);
		const won = results.filter((result) => result.status === 'fulfilled');
		const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(49);
		for (const failure of lost) expect(failure.reason).toMatchObject({ code: 'conflict', details: { dates: ['2028-10-17'] } });
		const [row] = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.select({ n: count() }).from(roomBookings).where(eq(roomBookings.roomId, roomId))
		);
		expect(row?.n).toBe(1);

		// and the constraint holds without the service: an overlapping row is refused (23P01)
		const error = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.execute(
				sql`insert into room_bookings (tenant_id, room_id, series_id, owner_kind, title, status, starts_at, ends_at)
					values (${staff.tenantId}, ${roomId}, gen_random_uuid(), 'internal', 'Direkt', 'requested', '2028-10-17T18:00:00Z', '2028-10-17T18:30:00Z')`
			)
		).catch((e: unknown) => e);
		const codeOf = (e: unknown): unknown =>
			e && typeof e === 'object' ? ((e as { code?: unknown }).code ?? codeOf((e as { cause?: unknown }).cause)) : undefined;
		expect(codeOf(error)).toBe('23P01');
	});
});
