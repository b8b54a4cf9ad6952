import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, setupOffice } from './fixtures.js';
import { MAIL, personIn } from './groups-fixtures.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import {
	bookingsBetween,
	cancelBooking,
	moveBooking,
	createRoom,
	emptyRoomInput,
	findFreeRooms,
	findFreeRoomsOn,
	planBooking,
	saveBooking,
	type BookingRequest,
	type RoomInput
} from '../../src/lib/server/modules/rooms/rooms.service.js';
import type { Recurrence } from '../../src/lib/recurrence/index.js';

const NOW = new Date('2028-09-01T08:00:00Z');
const once = (date: string, startTime: string, endTime: string) => ({ kind: 'once' as const, date, startTime, endTime });
const weekdaysOnly: RoomInput['bookableHours'] = Object.fromEntries(
	['1', '2', '3', '4', '5'].map((day) => [day, { from: '09:00', to: '22:00' }])
) as RoomInput['bookableHours'];

describe('free-room search and suggestions (ROOM-3, ROOM-4)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let contact: UserActor;
	const room: Record<string, string> = {};

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		staff = await personIn(db.get(), first.office.id, 'planung@example.org');
		contact = await personIn(db.get(), first.office.id, 'kontakt@example.org', 'group_contact');
		const c = { db: db.get().db, actor: staff, now: NOW };
		const make = async (name: string, capacity: number, extra: Partial<RoomInput> = {}) => {
			room[name] = await createRoom(c, { ...emptyRoomInput(name, capacity), ...extra });
		};
		await make('Kleiner Raum', 6);
		await make('Gruppenraum 1', 12);
		await make('Gruppenraum 2', 14, { stepFree: true });
		await make('Gruppenraum 3', 16);
		await make('Saal', 40, { hearingLoop: true });
		await make('Büro', 12, { active: false });
		await make('Tagesraum', 20, { bookableHours: { '2': { from: '09:00', to: '17:00' } } });
		await make('Probenraum', 10, { bookableHours: weekdaysOnly });
		const book = (roomId: string, date: string, from: string, to: string, title = 'Belegt') =>
			saveBooking(c, { roomId, when: once(date, from, to), owner: { kind: 'internal' }, title, attendees: 1 });
		await book(room['Gruppenraum 1']!, '2028-10-10', '19:00', '21:00');
		await book(room['Gruppenraum 1']!, '2028-10-17', '18:00', '19:30');
		await book(room['Gruppenraum 2']!, '2028-10-24', '20:30', '22:00');
		// a cancelled booking frees its time
		const gone = await book(room['Gruppenraum 3']!, '2028-10-17', '19:00', '21:00');
		await cancelBooking(c, { seriesId: gone.seriesId }, 'Fällt aus');
		await book(room['Probenraum']!, '2028-10-10', '16:00', '18:00');
		await book(room['Probenraum']!, '2028-10-24', '09:00', '22:00');
		await book(room['Probenraum']!, '2028-10-13', '09:00', '22:00');
		await book(room['Probenraum']!, '2028-10-02', '09:00', '22:00');
	});

	const ctx = (actor: UserActor = staff, now = NOW) => ({ db: db.get().db, actor, now, mail: MAIL });

	it('answers "what is free on Tuesday evening for 12 people?" with the next dates, most often free first, then the smallest', async () => {
		const found = await findFreeRooms(ctx(contact), {
			weekday: 2,
			startTime: '19:00',
			endTime: '21:00',
			attendees: 12,
			weeks: 4,
			from: '2028-10-01'
		});
		// too small, inactive, or closed in the evening: not offered
		expect(found.map((r) => [r.name, r.freeCount])).toEqual([
			['Gruppenraum 3', 4],
			['Saal', 4],
			['Gruppenraum 2', 3],
			['Gruppenraum 1', 2]
		]);
		expect(found[0]!.dates.map((d) => d.date)).toEqual(['2028-10-03', '2028-10-10', '2028-10-17', '2028-10-24']);
		expect(found[0]!.dates[0]!.holiday).toBe('Tag der Deutschen Einheit');
		expect(found[0]!.dates[1]!.holiday).toBeNull();
		expect(found.find((r) => r.name === 'Gruppenraum 1')!.dates.map((d) => d.free)).toEqual([true, false, false, true]);
		expect(found.find((r) => r.name === 'Gruppenraum 2')!).toMatchObject({ capacity: 14, stepFree: true });

		// eight weeks unless asked; a date whose time has passed today is not offered
		const tuesdayEvening = new Date('2028-10-10T18:00:00Z');
		const later = await findFreeRooms(ctx(staff, tuesdayEvening), { weekday: 2, startTime: '19:00', endTime: '21:00', attendees: 30 });
		expect(later.map((r) => r.name)).toEqual(['Saal']);
		expect(later[0]!.dates.map((d) => d.date)).toEqual([
			'2028-10-17',
			'2028-10-24',
			'2028-10-31',
			'2028-11-07',
			'2028-11-14',
			'2028-11-21',
			'2028-11-28',
			'2028-12-05'
		]);

		await expect(findFreeRooms(ctx(), { weekday: 8, startTime: '25:00', endTime: '21:00', attendees: 0 })).rejects.toMatchObject({
			code: 'invalid',
			details: {
				issues: { weekday: 'rooms_free_weekday_invalid', startTime: 'rooms_free_time_invalid', attendees: 'rooms_free_attendees_invalid' }
			}
		});
		await expect(findFreeRooms(ctx(), { weekday: 2, startTime: '21:00', endTime: '19:00', attendees: 3 })).rejects.toMatchObject({
			details: { issues: { endTime: 'rooms_free_end_before_start' } }
		});
	});

	it('finds the free rooms for one date, smallest first', async () => {
		const found = await findFreeRoomsOn(ctx(), { date: '2028-10-10', startTime: '19:00', endTime: '21:00', attendees: 12 });
		expect(found.map((r) => r.name)).toEqual(['Gruppenraum 2', 'Gruppenraum 3', 'Saal']);
		await expect(findFreeRoomsOn(ctx(), { date: '10.10.2028', startTime: '19:00', endTime: '21:00', attendees: 12 })).rejects.toMatchObject(
			{
				details: { issues: { date: 'rooms_free_date_invalid' } }
			}
		);
	});

	const probe = (overrides: Partial<BookingRequest>): BookingRequest => ({
		roomId: room['Probenraum']!,
		when: once('2028-10-10', '17:00', '19:00'),
		owner: { kind: 'internal' },
		title: 'Chorprobe',
		attendees: 8,
		...overrides
	});

	it('suggests the next free slot of the same length: later that day, else the next open day, the requested time first', async () => {
		// later the same day
		expect((await planBooking(ctx(), probe({}))).suggestions.slots).toEqual([
			{ forDate: '2028-10-10', date: '2028-10-10', startTime: '18:00', endTime: '20:00' }
		]);
		// Friday is taken all day and the room is closed at weekends: Monday at the same time
		expect((await planBooking(ctx(), probe({ when: once('2028-10-13', '10:00', '12:00') }))).suggestions.slots).toEqual([
			{ forDate: '2028-10-13', date: '2028-10-16', startTime: '10:00', endTime: '12:00' }
		]);
		// a series: one suggestion for each conflicting date, never on another date of the series
		const weekly: Recurrence = {
			frequency: 'weekly',
			interval: 1,
			weekdays: [2],
			weeksOfMonth: [],
			startDate: '2028-10-10',
			endDate: '2028-10-31',
			startTime: '17:00',
			endTime: '19:00',
			breaks: [],
			skipHolidays: false,
			exceptions: []
		};
		const plan = await planBooking(ctx(), probe({ when: { kind: 'series', recurrence: weekly } }));
		expect(plan.conflicts.map((c) => c.date)).toEqual(['2028-10-10', '2028-10-24']);
		expect(plan.suggestions.slots).toEqual([
			{ forDate: '2028-10-10', date: '2028-10-10', startTime: '18:00', endTime: '20:00' },
			{ forDate: '2028-10-24', date: '2028-10-25', startTime: '17:00', endTime: '19:00' }
		]);
		// rooms free on all four Tuesdays with room for 8: Gruppenraum 1 is taken on the 17th, Tagesraum closes at 17:00
		expect(plan.suggestions.rooms.map((r) => r.name)).toEqual(['Gruppenraum 2', 'Gruppenraum 3', 'Saal']);
		// holidays are skipped when the series skips them: Monday 2 October is taken, 3 October a holiday
		const monday: Recurrence = { ...weekly, weekdays: [1], startDate: '2028-10-02', endDate: '2028-10-02', skipHolidays: true };
		expect((await planBooking(ctx(), probe({ when: { kind: 'series', recurrence: monday } }))).suggestions.slots).toEqual([
			{ forDate: '2028-10-02', date: '2028-10-04', startTime: '17:00', endTime: '19:00' }
		]);
		// no conflict, no suggestions
		expect((await planBooking(ctx(), probe({ when: once('2028-10-11', '17:00', '19:00') }))).suggestions).toEqual({ slots: [], rooms: [] });
	});

	it('refuses a time that does not exist when summer time begins, and keeps the wall time when it ends', async () => {
		const c = ctx();
		const nightCafe = await createRoom(c, { ...emptyRoomInput('Nachtcafé', 20), bookableHours: { '7': { from: '00:00', to: '24:00' } } });
		const night = (date: string, from: string, to: string): BookingRequest =>
			probe({ roomId: nightCafe, when: once(date, from, to), title: 'Nachtcafé' });
		// 25 March 2029: 02:00–03:00 is skipped
		const spring = await planBooking(c, night('2029-03-25', '02:00', '03:30'));
		expect(spring.issues).toEqual([{ code: 'rooms_booking_dst_gap', dates: ['2029-03-25'] }]);
		await expect(saveBooking(c, night('2029-03-25', '02:00', '03:30'))).rejects.toMatchObject({ code: 'invalid' });
		expect((await planBooking(c, night('2029-03-25', '01:00', '04:00'))).issues).toEqual([]);
		// 29 October 2028: 01:30–03:30 on the wall clock is three hours, and shows as booked
		await saveBooking(c, night('2028-10-29', '01:30', '03:30'));
		const [entry] = await bookingsBetween(c, { from: '2028-10-29', to: '2028-10-29', roomId: nightCafe });
		expect(entry).toMatchObject({ date: '2028-10-29', startTime: '01:30', endTime: '03:30' });
		expect(entry!.endsAt.getTime() - entry!.startsAt.getTime()).toBe(3 * 3600_000);
	});

	it('lets one of ten concurrent moves onto the same time win; the others get the conflict', async () => {
		const c = ctx();
		const roomId = room['Gruppenraum 3']!;
		const ids: string[] = [];
		for (let i = 0; i < 10; i++) {
			const saved = await saveBooking(c, {
				roomId,
				when: once(`2028-11-${String(i + 1).padStart(2, '0')}`, '10:00', '11:00'),
				owner: { kind: 'internal' },
				title: `Termin ${i + 1}`,
				attendees: 2
			});
			const [entry] = await bookingsBetween(c, { from: saved.saved[0]!, to: saved.saved[0]!, roomId });
			ids.push(entry!.bookingId);
		}
		const results = await Promise.allSettled(
			ids.map((id) => moveBooking(c, id, { date: '2028-11-20', startTime: '15:00', endTime: '16:30' }))
		);
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
		for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected'))
			expect(result.reason).toMatchObject({ code: 'conflict', details: { code: 'rooms_booking_conflict', dates: ['2028-11-20'] } });
		expect(await bookingsBetween(c, { from: '2028-11-20', to: '2028-11-20', roomId })).toHaveLength(1);
	});
});
