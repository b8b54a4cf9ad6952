import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { roomBookings } from '../../src/lib/server/modules/rooms/rooms.table.js';
import { equipmentItems, equipmentLoans } from '../../src/lib/server/modules/equipment/equipment.table.js';
import { createRoom, emptyRoomInput, saveBooking, type BookingRequest } from '../../src/lib/server/modules/rooms/rooms.service.js';
import {
	bookableHoursInYear,
	defaultStatisticsYear,
	parseStatisticsYear,
	roomStatistics,
	statisticsCsv
} from '../../src/lib/server/modules/rooms/statistics.service.js';
import { DEFAULT_BOOKABLE_HOURS } from '../../src/lib/server/modules/rooms/rooms.table.js';
import type { Recurrence } from '../../src/lib/recurrence/index.js';

/** The bookings are made in December 2026 for 2027; the annual report is written in March 2028. */
const BOOKED_AT = new Date('2026-12-01T09:00:00Z');
const REPORT_AT = new Date('2028-03-01T09:00:00Z');

const series = (overrides: Partial<Recurrence>): Recurrence => ({
	frequency: 'weekly',
	interval: 1,
	weekdays: [2],
	weeksOfMonth: [],
	startDate: '2027-01-01',
	endDate: '2027-12-31',
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: false,
	exceptions: [],
	...overrides
});
const once = (date: string, startTime: string, endTime: string) => ({ kind: 'once' as const, date, startTime, endTime });

/** A CSV file as rows of cells (no quoted semicolons in these tests' names). */
const parseCsv = (bytes: Uint8Array) =>
	new TextDecoder()
		.decode(bytes)
		.replace(/^\uFEFF/, '')
		.split('\r\n')
		.map((line) => line.split(';'));

describe('room and lending statistics for the annual report (ROOM-6)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;
	let contact: UserActor;
	let southStaff: UserActor;
	let smallRoom: string;
	let hall: string;
	let tinnitus: string;
	let relatives: string;

	const ctx = (actor: UserActor, now: Date) => ({ db: db.get().db, actor, now });
	const system = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(db.get().db, { kind: 'system' }, fn);
	const book = (request: Partial<BookingRequest> & Pick<BookingRequest, 'roomId' | 'when'>) =>
		saveBooking(ctx(staff, BOOKED_AT), { owner: { kind: 'internal' }, title: 'Teamsitzung', attendees: 8, ...request });
	const setStatus = (roomId: string, startsAt: string, status: string) =>
		system((tx) =>
			tx
				.update(roomBookings)
				.set({ status })
				.where(and(eq(roomBookings.roomId, roomId), eq(roomBookings.startsAt, new Date(startsAt))))
				.returning({ id: roomBookings.id })
		);

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		const officeId = first.office.id;
		staff = await personIn(db.get(), officeId, 'statistik@example.org');
		volunteer = await personIn(db.get(), officeId, 'ehrenamt@example.org', 'volunteer');
		contact = await personIn(db.get(), officeId, 'kontakt@example.org', 'group_contact');
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'sued@example.org');

		tinnitus = (await createGroup(ctx(staff, BOOKED_AT), emptyGroupRecord('Gesprächskreis Tinnitus'))).id;
		relatives = (await createGroup(ctx(staff, BOOKED_AT), emptyGroupRecord('Angehörigengruppe Demenz'))).id;
		// the small room can be booked on Tuesday evenings only: 4 hours a week
		smallRoom = await createRoom(ctx(staff, BOOKED_AT), {
			...emptyRoomInput('Gruppenraum 1', 12),
			bookableHours: { '2': { from: '18:00', to: '22:00' } }
		});
		// the hall is open late on Fridays and from midnight on Saturdays (a New Year's night event)
		hall = await createRoom(ctx(staff, BOOKED_AT), {
			...emptyRoomInput('Großer Saal', 60),
			bookableHours: { ...DEFAULT_BOOKABLE_HOURS, '5': { from: '09:00', to: '24:00' }, '6': { from: '00:00', to: '22:00' } }
		});
		await createRoom(ctx(staff, BOOKED_AT), { ...emptyRoomInput('Abstellraum', 2), active: false });

		// every Tuesday of 2027, 19–21: 52 dates; one is cancelled later
		await book({
			roomId: smallRoom,
			when: { kind: 'series', recurrence: series({}) },
			owner: { kind: 'group', groupId: tinnitus },
			title: 'Tinnitus'
		});
		// the last Friday of every month, 18–20: 12 dates; one is declined, one more only requested
		await book({
			roomId: hall,
			when: {
				kind: 'series',
				recurrence: series({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [-1], startTime: '18:00', endTime: '20:00' })
			},
			owner: { kind: 'group', groupId: relatives },
			title: 'Angehörige'
		});
		await book({ roomId: hall, when: once('2027-12-31', '22:30', '23:30'), owner: { kind: 'event' }, title: 'Silvesterlesung' });
		// 28 March 2027: summer time begins at 2 a.m.; 10–12 is two real hours
		await book({ roomId: hall, when: once('2027-03-28', '10:00', '12:00') });
		// 00:00–01:00 on New Year's Day is 23:00–24:00 UTC on 31 December: it belongs to January 2028
		await book({ roomId: hall, when: once('2028-01-01', '00:00', '01:00') });
		await book({ roomId: hall, when: once('2027-05-05', '10:00', '11:00'), title: 'Nur angefragt' });

		expect(await setStatus(smallRoom, '2027-06-15T17:00:00Z', 'cancelled')).toHaveLength(1);
		expect(await setStatus(hall, '2027-04-30T16:00:00Z', 'declined')).toHaveLength(1);
		expect(await setStatus(hall, '2027-05-05T08:00:00Z', 'requested')).toHaveLength(1);

		// equipment: loans straight into the tables (the lending service is another module)
		await system(async (tx) => {
			const [projector, tablet, drum] = await tx
				.insert(equipmentItems)
				.values([
					{ tenantId: officeId, name: 'Beamer' },
					{ tenantId: officeId, name: 'Tablet 1' },
					{ tenantId: officeId, name: '=Kabeltrommel' }
				])
				.returning({ id: equipmentItems.id });
			const loan = (itemId: string, values: Partial<typeof equipmentLoans.$inferInsert>) => ({
				tenantId: officeId,
				itemId,
				borrower: 'Gruppe',
				fromDate: '2027-01-01',
				untilDate: '2027-01-02',
				...values
			});
			await tx.insert(equipmentLoans).values([
				// 3 May (Berlin) to 5 May: 3 days
				loan(projector!.id, {
					fromDate: '2027-05-03',
					untilDate: '2027-05-05',
					status: 'returned',
					handedOutAt: new Date('2027-05-03T07:00:00Z'),
					returnedAt: new Date('2027-05-05T15:00:00Z')
				}),
				// handed out at 23:30 on 30 December in Berlin (22:30 UTC), back on 2 January: 4 days, counted in 2027
				loan(projector!.id, {
					fromDate: '2027-12-30',
					untilDate: '2028-01-02',
					status: 'returned',
					handedOutAt: new Date('2027-12-30T22:30:00Z'),
					returnedAt: new Date('2028-01-02T10:00:00Z')
				}),
				// handed out in 2026: not in 2027
				loan(projector!.id, {
					fromDate: '2026-12-28',
					untilDate: '2026-12-29',
					status: 'returned',
					handedOutAt: new Date('2026-12-28T09:00:00Z'),
					returnedAt: new Date('2026-12-29T09:00:00Z')
				}),
				// reserved and cancelled loans do not count
				loan(projector!.id, { fromDate: '2027-07-01', untilDate: '2027-07-03', status: 'cancelled' }),
				loan(projector!.id, { fromDate: '2028-07-01', untilDate: '2028-07-03', status: 'reserved' }),
				// still out (overdue): counted up to today, 1 March 2028
				loan(tablet!.id, {
					fromDate: '2027-11-20',
					untilDate: '2027-11-27',
					status: 'handed_out',
					handedOutAt: new Date('2027-11-20T10:00:00Z')
				}),
				loan(drum!.id, {
					fromDate: '2027-08-01',
					untilDate: '2027-08-01',
					status: 'returned',
					handedOutAt: new Date('2027-08-01T10:00:00Z'),
					returnedAt: new Date('2027-08-01T18:00:00Z')
				})
			]);
		});
	});

	it('counts confirmed hours per room, per group and per month in Berlin time, and the share of the bookable hours used', async () => {
		const stats = await roomStatistics(ctx(staff, REPORT_AT), 2027);
		expect(stats).toMatchObject({ year: 2027, complete: true });

		// the inactive room without bookings is left out; rooms by name
		expect(stats.rooms.map((room) => room.name)).toEqual(['Großer Saal', 'Gruppenraum 1']);
		const [bigHall, small] = stats.rooms;
		// 52 Tuesdays of 4 bookable hours; 51 dates of 2 hours after one was cancelled
		expect(small).toMatchObject({ bookings: 51, hours: 102, bookableHours: 208 });
		expect(small!.utilisation).toBeCloseTo(102 / 208, 6);
		// 11 last Fridays (one declined) × 2 h, the reading 1 h, the Sunday of the clock change 2 h; not the request, not 2028
		expect(bigHall).toMatchObject({ bookings: 13, hours: 25 });
		// 260 days × 13 h, 53 Fridays × 15 h, 52 Saturdays × 22 h
		expect(bigHall!.bookableHours).toBe(260 * 13 + 53 * 15 + 52 * 22);
		expect(stats.totals).toMatchObject({ bookings: 64, hours: 127, bookableHours: 208 + 5319 });

		// per group: groups by name, then events, then the office's own use
		expect(stats.owners.map(({ kind, name, bookings, hours }) => ({ kind, name, bookings, hours }))).toEqual([
			{ kind: 'group', name: 'Angehörigengruppe Demenz', bookings: 11, hours: 22 },
			{ kind: 'group', name: 'Gesprächskreis Tinnitus', bookings: 51, hours: 102 },
			{ kind: 'event', name: null, bookings: 1, hours: 1 },
			{ kind: 'internal', name: null, bookings: 1, hours: 2 }
		]);

		// months: January has 4 Tuesdays and the last Friday; March the clock-change Sunday; April lost its declined Friday;
		// June lost a cancelled Tuesday; December has the reading at 22:30 on New Year's Eve
		const hoursOf = (month: number) => stats.months[month - 1]!.hours;
		expect(hoursOf(1)).toBe(4 * 2 + 2);
		expect(hoursOf(3)).toBe(5 * 2 + 2 + 2);
		expect(hoursOf(4)).toBe(4 * 2);
		expect(hoursOf(6)).toBe(4 * 2 + 2);
		expect(hoursOf(12)).toBe(4 * 2 + 2 + 1);
		expect(stats.months.reduce((sum, month) => sum + month.hours, 0)).toBe(127);
		expect(small!.months[5]).toBe(8);
		expect(bigHall!.months[11]).toBe(3);

		// the New Year's night booking counts in January 2028, which is not over on 1 March 2028
		const next = await roomStatistics(ctx(staff, REPORT_AT), 2028);
		expect(next).toMatchObject({ complete: false, totals: { bookings: 1, hours: 1 } });
		expect(next.months[0]).toMatchObject({ bookings: 1, hours: 1 });
		expect(next.years).toEqual([2028, 2027, 2026]);
	});

	it('counts loans per item in the year they were handed out, with their days out', async () => {
		const stats = await roomStatistics(ctx(staff, REPORT_AT), 2027);
		expect(stats.items.map(({ name, loans, daysOut }) => ({ name, loans, daysOut }))).toEqual([
			{ name: '=Kabeltrommel', loans: 1, daysOut: 1 },
			{ name: 'Beamer', loans: 2, daysOut: 3 + 4 },
			// 20 November 2027 to 1 March 2028: 11 + 31 + 31 + 29 + 1 days
			{ name: 'Tablet 1', loans: 1, daysOut: 103 }
		]);
		expect(stats.totals).toMatchObject({ loans: 4, daysOut: 111 });
		const earlier = await roomStatistics(ctx(staff, REPORT_AT), 2026);
		expect(earlier.items.find((item) => item.name === 'Beamer')).toMatchObject({ loans: 1, daysOut: 2 });
		expect(earlier.totals.bookings).toBe(0);
	});

	it('writes a CSV for the annual report that German Excel opens, in German and English', async () => {
		const stats = await roomStatistics(ctx(staff, REPORT_AT), 2027);
		const bytes = statisticsCsv(stats, 'de');
		expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parseCsv(bytes);
		expect(rows[0]).toEqual(['Raumnutzung und Ausleihen 2027']);
		const after = (heading: string) => rows.slice(rows.findIndex((row) => row[0] === heading) + 1);
		const roomRows = after('Stunden je Raum');
		expect(roomRows[0]).toEqual(['Raum', 'Termine', 'Stunden', 'Buchbare Stunden', 'Auslastung']);
		expect(roomRows[2]).toEqual(['Gruppenraum 1', '51', '102', '208', '49 %']);
		expect(roomRows[3]).toEqual(['Summe', '64', '127', '5527', '2,3 %']);
		expect(after('Stunden je Gruppe').slice(1, 5)).toEqual([
			['Angehörigengruppe Demenz', '11', '22'],
			['Gesprächskreis Tinnitus', '51', '102'],
			['Veranstaltungen', '1', '1'],
			['Eigene Nutzung der Kontaktstelle', '1', '2']
		]);
		const monthRows = after('Stunden je Monat');
		expect(monthRows[0]?.slice(0, 3)).toEqual(['Raum', 'Januar', 'Februar']);
		expect(monthRows[3]).toEqual(['Summe', '10', '10', '14', '8', '10', '10', '10', '12', '10', '10', '12', '11', '127']);
		// a name that a spreadsheet would run as a formula is written as text
		expect(after('Ausleihen je Gerät').slice(0, 2)).toEqual([
			['Gerät', 'Ausleihen', 'Tage ausgeliehen'],
			["'=Kabeltrommel", '1', '1']
		]);

		const english = parseCsv(statisticsCsv(stats, 'en'));
		expect(english[0]).toEqual(['Room use and loans 2027']);
		expect(english.find((row) => row[0] === 'Total' && row.length === 5)).toEqual(['Total', '64', '127', '5527', '2.3 %']);
		expect(english.some((row) => row[0] === "The office's own use")).toBe(true);
	});

	it('is for staff only, shows each office its own figures, and takes the last calendar year unless asked', async () => {
		await expect(roomStatistics(ctx(volunteer, REPORT_AT), 2027)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(roomStatistics(ctx(contact, REPORT_AT), 2027)).rejects.toMatchObject({ code: 'forbidden' });
		const south = await roomStatistics(ctx(southStaff, REPORT_AT), 2027);
		expect(south).toMatchObject({ rooms: [], owners: [], items: [], totals: { bookings: 0, hours: 0, loans: 0 } });
		expect(south.months.every((month) => month.hours === 0)).toBe(true);

		expect(defaultStatisticsYear(REPORT_AT)).toBe(2027);
		// 00:30 on 1 January in Berlin is still 31 December in UTC
		expect(defaultStatisticsYear(new Date('2027-12-31T23:30:00Z'))).toBe(2027);
		expect(parseStatisticsYear('2026')).toBe(2026);
		for (const bad of ['', '26', '20x6', '1999', '2101', null]) expect(parseStatisticsYear(bad)).toBeNull();
		await expect(roomStatistics(ctx(staff, REPORT_AT), 1999)).rejects.toMatchObject({ code: 'invalid' });
		expect(bookableHoursInYear({}, 2027)).toBe(0);
		expect(bookableHoursInYear(DEFAULT_BOOKABLE_HOURS, 2028)).toBe(366 * 13);
		// nothing in the statistics changes the bookings
		const [{ total }] = (await system((tx) => tx.select({ total: sql<number>`count(*)::int` }).from(roomBookings))) as [{ total: number }];
		expect(total).toBe(52 + 12 + 4);
	});
});
