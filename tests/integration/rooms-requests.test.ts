import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, setOfficeEmail } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { users } from '../../src/lib/server/modules/accounts/accounts.table.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson } from '../../src/lib/server/modules/groups/contacts.service.js';
import {
	bookingGroupOptions,
	bookingsBetween,
	cancelBooking,
	countOpenRequests,
	createRoom,
	decideRequest,
	emptyRoomInput,
	getBooking,
	groupBookings,
	groupRoomCalendar,
	listOpenRequests,
	moveBooking,
	planBooking,
	remindRoomBookings,
	roomCalendar,
	saveBooking,
	type BookingRequest,
	type CalendarEntry
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

/** The dates the engine gives for the series, without 2028-10-24 (taken by a talk) and 2028-12-26 (2nd Christmas Day). */
const APPROVED = [
	'2028-10-10',
	'2028-11-14',
	'2028-11-28',
	'2028-12-12',
	'2029-01-09',
	'2029-01-23',
	'2029-02-13',
	'2029-02-27',
	'2029-03-13',
	'2029-03-27',
	'2029-04-10',
	'2029-04-24'
];

type Dated = { date: string; from: string; to: string };
const byDate = (a: Dated, b: Dated) => a.date.localeCompare(b.date) || a.from.localeCompare(b.from);

/** The dates and times a German e-mail lists: "Dienstag, 10.10.2028, 19:00–21:00 Uhr". */
function datesInMail(body: string): Dated[] {
	return [...body.matchAll(/(\d{2})\.(\d{2})\.(\d{4}), (\d{2}:\d{2})–(\d{2}:\d{2}) Uhr/g)]
		.map(([, d, mo, y, from, to]) => ({ date: `${y}-${mo}-${d}`, from: from!, to: to! }))
		.sort(byDate);
}

/** The events of an .ics feed, parsed by a real iCalendar parser: wall date and times, instants, summary, status. */
function eventsOf(ics: string) {
	const root = new ICAL.Component(ICAL.parse(ics));
	expect(root.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
	return root
		.getAllSubcomponents('vevent')
		.map((component) => {
			const event = new ICAL.Event(component);
			const wall = (t: ICAL.Time) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
			const s = event.startDate;
			return {
				date: `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`,
				from: wall(s),
				to: wall(event.endDate),
				start: s.toJSDate().toISOString(),
				summary: event.summary,
				status: String(component.getFirstPropertyValue('status'))
			};
		})
		.sort(byDate);
}

const calendarDates = (entries: CalendarEntry[]) =>
	entries.map((entry) => ({ date: entry.date, from: entry.startTime, to: entry.endTime })).sort(byDate);

describe('room requests, decisions, calendar, feeds and e-mails (ROOM-3, ROOM-4)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let contact: UserActor;
	let otherContact: UserActor;
	let groupId: string;
	let otherGroupId: string;
	let linde: string;
	let saal: string;
	let eiche: string;
	let seriesId: string;

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		await setOfficeEmail(db.get(), first.office.id, 'buero@kontaktstelle.example.org');
		staff = await personIn(db.get(), first.office.id, 'raumplanung@example.org');
		contact = await personIn(db.get(), first.office.id, 'gerda.beispiel@example.org', 'group_contact');
		otherContact = await personIn(db.get(), first.office.id, 'kontakt.angehoerige@example.org', 'group_contact');
		const english = await personIn(db.get(), first.office.id, 'sam.example@example.org', 'group_contact');
		await inScope(db.get().db, { kind: 'system' }, (tx) => tx.update(users).set({ locale: 'en' }).where(eq(users.id, english.userId)));
		const c = { db: db.get().db, actor: staff, now: NOW };
		groupId = (await createGroup(c, emptyGroupRecord('Gesprächskreis Tinnitus'))).id;
		otherGroupId = (await createGroup(c, emptyGroupRecord('Angehörige psychisch Erkrankter'))).id;
		const consent = { source: 'written' as const, givenOn: '2028-08-01' };
		await addContactPerson(c, groupId, { name: 'Gerda Beispiel', email: 'gerda.beispiel@example.org', phone: '', consent });
		await addContactPerson(c, groupId, { name: 'Sam Example', email: 'Sam.Example@example.org', phone: '', consent });
		await addContactPerson(c, otherGroupId, { name: 'Kim Muster', email: 'kontakt.angehoerige@example.org', phone: '', consent });

		linde = await createRoom(c, { ...emptyRoomInput('Gruppenraum Linde', 14), stepFree: true });
		saal = await createRoom(c, { ...emptyRoomInput('Saal am Park', 30), stepFree: true, hearingLoop: true });
		eiche = await createRoom(c, emptyRoomInput('Gruppenraum Eiche', 12));
		await createRoom(c, emptyRoomInput('Werkstattraum', 8));
		await createRoom(c, {
			...emptyRoomInput('Besprechungszimmer', 12),
			bookableHours: { '1': { from: '09:00', to: '18:00' }, '2': { from: '09:00', to: '18:00' } }
		});
		// a talk in Linde on the 4th Tuesday of October, and Eiche taken on one Tuesday of the series
		await saveBooking(c, {
			roomId: linde,
			when: once('2028-10-24', '19:30', '20:30'),
			owner: { kind: 'event' },
			title: 'Vortrag Hörgesundheit',
			attendees: 14
		});
		await saveBooking(c, {
			roomId: eiche,
			when: once('2028-11-14', '18:00', '19:30'),
			owner: { kind: 'internal' },
			title: 'Teamsitzung',
			attendees: 4
		});
	});

	const ctx = (actor: UserActor = staff, now = NOW) => ({ db: db.get().db, actor, now, mail: MAIL });
	const request = (overrides: Partial<BookingRequest> = {}): BookingRequest => ({
		roomId: linde,
		when: { kind: 'series', recurrence: secondAndFourthTuesday() },
		owner: { kind: 'group', groupId },
		title: 'Gesprächskreis Tinnitus',
		attendees: 10,
		note: 'Eine Teilnehmerin kommt mit dem Rollstuhl.',
		...overrides
	});

	it('a group contact requests, sees the conflict with the next free slot and other rooms, skips it; staff approve; everyone is told', async () => {
		// she may ask for her own group only; staff book for any group
		expect(await bookingGroupOptions(ctx(contact))).toEqual([{ id: groupId, name: 'Gesprächskreis Tinnitus' }]);
		expect((await bookingGroupOptions(ctx())).map((group) => group.name)).toEqual([
			'Angehörige psychisch Erkrankter',
			'Gesprächskreis Tinnitus'
		]);
		const plan = await planBooking(ctx(contact), request());
		expect(plan.issues).toEqual([]);
		// the contact learns that and when the date is taken, not by whom
		expect(plan.conflicts.map(({ date, title, from, to }) => ({ date, title, from, to }))).toEqual([
			{ date: '2028-10-24', title: null, from: '19:30', to: '20:30' }
		]);
		// later that evening does not fit before 22:00: the next free slot is Wednesday at the same time
		expect(plan.suggestions.slots).toEqual([{ forDate: '2028-10-24', date: '2028-10-25', startTime: '19:00', endTime: '21:00' }]);
		// too small (Werkstattraum), closed in the evening (Besprechungszimmer), taken once (Eiche): only the hall is free on all dates
		expect(plan.suggestions.rooms.map((room) => room.name)).toEqual(['Saal am Park']);
		expect(plan.occurrences.map((o) => o.date)).not.toContain('2028-12-26');

		await expect(saveBooking(ctx(contact), request())).rejects.toMatchObject({
			code: 'conflict',
			details: { dates: ['2028-10-24'], suggestions: { rooms: [{ roomId: saal }] } }
		});
		const result = await saveBooking(ctx(contact), request(), { skipConflicts: true });
		seriesId = result.seriesId;
		expect(result.saved).toEqual(APPROVED);
		expect(result.skipped).toEqual(['2028-10-24']);

		// request received: each contact person in her language, and the office
		const received = await outboxMails(db.get(), { template: 'rooms_requested' });
		expect(received.map((mail) => mail.toAddress).sort()).toEqual(['gerda.beispiel@example.org', 'sam.example@example.org']);
		const german = received.find((mail) => mail.toAddress === 'gerda.beispiel@example.org')!;
		expect(german.subject).toBe('Ihre Raumanfrage für „Gesprächskreis Tinnitus“ ist eingegangen');
		expect(datesInMail(german.bodyText).map((d) => d.date)).toEqual(APPROVED);
		const english = received.find((mail) => mail.toAddress === 'sam.example@example.org')!;
		expect(english.subject).toBe('Your room request for “Gesprächskreis Tinnitus” has been received');
		expect(english.bodyText).toContain('Tuesday, 10 October 2028, 19:00–21:00');
		const [office] = await outboxMails(db.get(), { template: 'rooms_request_office' });
		expect(office).toMatchObject({ toAddress: 'buero@kontaktstelle.example.org', subject: 'Neue Raumanfrage: Gesprächskreis Tinnitus' });
		expect(office!.bodyText).toContain('Eine Teilnehmerin kommt mit dem Rollstuhl.');
		expect(office!.bodyText).toContain('(12 Termine)');

		// staff see the open request with every date
		await expect(listOpenRequests(ctx(contact))).rejects.toMatchObject({ code: 'forbidden' });
		expect(await countOpenRequests(ctx())).toBe(1);
		const [open] = await listOpenRequests(ctx());
		expect(open).toMatchObject({
			seriesId,
			roomId: linde,
			roomName: 'Gruppenraum Linde',
			groupId,
			groupName: 'Gesprächskreis Tinnitus',
			attendees: 10,
			note: 'Eine Teilnehmerin kommt mit dem Rollstuhl.',
			requestedBy: 'gerda.beispiel@example.org'
		});
		expect(open!.dates.map((d) => [d.date, d.startTime, d.endTime])).toEqual(APPROVED.map((date) => [date, '19:00', '21:00']));

		// one click approves it all
		await expect(decideRequest(ctx(contact), seriesId, { decision: 'approve' })).rejects.toMatchObject({ code: 'forbidden' });
		expect(await decideRequest(ctx(), seriesId, { decision: 'approve' })).toEqual({ dates: APPROVED });
		expect(await listOpenRequests(ctx())).toEqual([]);
		expect(await countOpenRequests(ctx())).toBe(0);
		await expect(decideRequest(ctx(), seriesId, { decision: 'approve' })).rejects.toMatchObject({ code: 'not_found' });
		const approved = await outboxMails(db.get(), { template: 'rooms_approved', to: 'gerda.beispiel@example.org' });
		expect(approved).toHaveLength(1);
		expect(approved[0]!.subject).toBe('Raum bestätigt: „Gruppenraum Linde“ für „Gesprächskreis Tinnitus“');

		// the calendar, the feeds and the e-mail agree on every date and time, across both daylight-saving changes
		const calendar = (await bookingsBetween(ctx(), { from: '2028-10-01', to: '2028-11-30', roomId: linde })).concat(
			await bookingsBetween(ctx(), { from: '2028-12-01', to: '2029-01-31', roomId: linde }),
			await bookingsBetween(ctx(), { from: '2029-02-01', to: '2029-03-31', roomId: linde }),
			await bookingsBetween(ctx(), { from: '2029-04-01', to: '2029-04-30', roomId: linde })
		);
		const groupEntries = calendar.filter((entry) => entry.seriesId === seriesId);
		expect(groupEntries.every((entry) => entry.status === 'confirmed' && entry.title === 'Gesprächskreis Tinnitus')).toBe(true);
		const expected = APPROVED.map((date) => ({ date, from: '19:00', to: '21:00' }));
		expect(calendarDates(groupEntries)).toEqual(expected);
		expect(datesInMail(approved[0]!.bodyText)).toEqual(expected);
		const feed = eventsOf((await groupRoomCalendar(ctx(contact), groupId)).body);
		expect(feed.map(({ date, from, to }) => ({ date, from, to }))).toEqual(expected);
		expect(feed.map((event) => event.start)).toEqual(groupEntries.map((entry) => entry.startsAt.toISOString()));
		// 19:00 in Berlin is 17:00 UTC in summer time and 18:00 UTC in winter time
		expect(feed.map((event) => event.start)).toEqual(
			expect.arrayContaining([
				'2028-10-10T17:00:00.000Z',
				'2028-11-14T18:00:00.000Z',
				'2029-03-13T18:00:00.000Z',
				'2029-03-27T17:00:00.000Z'
			])
		);
		expect(new Set(feed.map((event) => event.status))).toEqual(new Set(['CONFIRMED']));
		const roomFeed = eventsOf((await roomCalendar(ctx(), linde)).body);
		expect(
			roomFeed.filter((event) => event.summary === 'Gesprächskreis Tinnitus').map(({ date, from, to }) => ({ date, from, to }))
		).toEqual(expected);
		expect(roomFeed.find((event) => event.date === '2028-10-24')).toMatchObject({ summary: 'Vortrag Hörgesundheit', from: '19:30' });
	});

	it('skips 3 and 31 October (holidays in Lower Saxony) unless asked, in the booking, the calendar and the feed', async () => {
		const weekly = (skipHolidays: boolean): Recurrence => ({
			...secondAndFourthTuesday({ skipHolidays }),
			frequency: 'weekly',
			weeksOfMonth: [],
			startDate: '2028-10-01',
			endDate: '2028-10-31',
			startTime: '10:00',
			endTime: '12:00'
		});
		const internal = { owner: { kind: 'internal' as const }, title: 'Beratungssprechstunde', attendees: 3, note: '' };
		const skipping = await saveBooking(ctx(), request({ ...internal, roomId: saal, when: { kind: 'series', recurrence: weekly(true) } }));
		// 3 October (German Unity Day) and 31 October (Reformation Day in Lower Saxony) are skipped
		expect(skipping.saved).toEqual(['2028-10-10', '2028-10-17', '2028-10-24']);
		const asked = await saveBooking(
			ctx(),
			request({ ...internal, roomId: eiche, title: 'Feiertagsfrühstück', when: { kind: 'series', recurrence: weekly(false) } })
		);
		expect(asked.saved).toEqual(['2028-10-03', '2028-10-10', '2028-10-17', '2028-10-24', '2028-10-31']);
		const entries = await bookingsBetween(ctx(), { from: '2028-10-02', to: '2028-10-04' });
		expect(entries.map((entry) => [entry.roomName, entry.title, entry.date, entry.startTime])).toEqual([
			['Gruppenraum Eiche', 'Feiertagsfrühstück', '2028-10-03', '10:00']
		]);
		const saalFeed = eventsOf((await roomCalendar(ctx(), saal)).body);
		expect(saalFeed.map((event) => event.date)).toEqual(skipping.saved);
	});

	it('declines with a reason (required), which the group receives; the dates are free again', async () => {
		const when = once('2028-10-12', '17:00', '19:00');
		const asked = await saveBooking(ctx(contact), request({ roomId: eiche, when }));
		await expect(decideRequest(ctx(), asked.seriesId, { decision: 'decline', reason: '  ' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { reason: 'rooms_booking_reason_missing' } }
		});
		expect((await listOpenRequests(ctx())).map((open) => open.seriesId)).toEqual([asked.seriesId]);
		expect(await decideRequest(ctx(), asked.seriesId, { decision: 'decline', reason: 'Der Raum wird an dem Tag renoviert.' })).toEqual({
			dates: ['2028-10-12']
		});
		const [declined] = await outboxMails(db.get(), { template: 'rooms_declined', to: 'gerda.beispiel@example.org' });
		expect(declined!.bodyText).toContain('Begründung: Der Raum wird an dem Tag renoviert.');
		expect(datesInMail(declined!.bodyText)).toEqual([{ date: '2028-10-12', from: '17:00', to: '19:00' }]);
		const [sam] = await outboxMails(db.get(), { template: 'rooms_declined', to: 'sam.example@example.org' });
		expect(sam!.bodyText).toContain('Reason: Der Raum wird an dem Tag renoviert.');
		expect((await planBooking(ctx(), request({ roomId: eiche, when }))).conflicts).toEqual([]);
		const mine = await groupBookings(ctx(contact), groupId);
		expect(mine.find((booking) => booking.date === '2028-10-12')).toMatchObject({
			status: 'declined',
			reason: 'Der Raum wird an dem Tag renoviert.',
			roomName: 'Gruppenraum Eiche'
		});
	});

	it('cancels single dates: staff with a reason for the group, the group contact her own, telling the office', async () => {
		const entries = await bookingsBetween(ctx(), { from: '2028-11-01', to: '2028-11-30', roomId: linde });
		const nov14 = entries.find((entry) => entry.date === '2028-11-14')!;
		const nov28 = entries.find((entry) => entry.date === '2028-11-28')!;
		await expect(cancelBooking(ctx(), { bookingId: nov14.bookingId }, '')).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { reason: 'rooms_booking_reason_missing' } }
		});
		expect(await cancelBooking(ctx(), { bookingId: nov14.bookingId }, 'Wasserschaden im Gruppenraum.')).toEqual({ dates: ['2028-11-14'] });
		const [cancelled] = await outboxMails(db.get(), { template: 'rooms_cancelled', to: 'gerda.beispiel@example.org' });
		expect(cancelled!.bodyText).toContain('Begründung: Wasserschaden im Gruppenraum.');
		expect(datesInMail(cancelled!.bodyText)).toEqual([{ date: '2028-11-14', from: '19:00', to: '21:00' }]);
		// another group's contact may not cancel it
		await expect(cancelBooking(ctx(otherContact), { bookingId: nov28.bookingId }, '')).rejects.toMatchObject({ code: 'forbidden' });
		expect(await cancelBooking(ctx(contact), { bookingId: nov28.bookingId }, '')).toEqual({ dates: ['2028-11-28'] });
		const [toOffice] = await outboxMails(db.get(), { template: 'rooms_cancelled_office' });
		expect(toOffice).toMatchObject({
			toAddress: 'buero@kontaktstelle.example.org',
			subject: 'Raumbuchung abgesagt: Gesprächskreis Tinnitus'
		});
		expect(datesInMail(toOffice!.bodyText)).toEqual([{ date: '2028-11-28', from: '19:00', to: '21:00' }]);
		await expect(cancelBooking(ctx(contact), { bookingId: nov28.bookingId }, '')).rejects.toMatchObject({ code: 'conflict' });

		// gone from the calendar and the feed; shown with its reason on the group's page
		const after = await bookingsBetween(ctx(), { from: '2028-11-01', to: '2028-11-30', roomId: linde });
		expect(after.map((entry) => entry.date)).toEqual([]);
		const feed = eventsOf((await groupRoomCalendar(ctx(), groupId)).body);
		expect(feed.map((event) => event.date)).not.toContain('2028-11-14');
		expect(feed.map((event) => event.date)).not.toContain('2028-11-28');
		const mine = await groupBookings(ctx(contact), groupId, { from: '2028-11-01' });
		expect(mine.slice(0, 2).map((booking) => [booking.date, booking.status, booking.reason])).toEqual([
			['2028-11-14', 'cancelled', 'Wasserschaden im Gruppenraum.'],
			['2028-11-28', 'cancelled', '']
		]);
		await expect(groupBookings(ctx(otherContact), groupId)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('moves one date with the checks of a new booking, and tells the group', async () => {
		const [jan9] = await bookingsBetween(ctx(), { from: '2029-01-09', to: '2029-01-09', roomId: linde });
		await expect(
			moveBooking(ctx(contact), jan9!.bookingId, { date: '2029-01-10', startTime: '18:00', endTime: '20:00' })
		).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(moveBooking(ctx(), jan9!.bookingId, { date: '2028-08-30', startTime: '18:00', endTime: '20:00' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: [{ code: 'rooms_booking_in_past', dates: ['2028-08-30'] }] }
		});
		await expect(moveBooking(ctx(), jan9!.bookingId, { date: '2029-01-10', startTime: '21:00', endTime: '23:00' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: [{ code: 'rooms_booking_outside_hours' }] }
		});
		// onto the same series' next date: refused, with the next free slot after it
		await expect(moveBooking(ctx(), jan9!.bookingId, { date: '2029-01-23', startTime: '20:00', endTime: '22:00' })).rejects.toMatchObject({
			code: 'conflict',
			details: { dates: ['2029-01-23'], suggestions: { slots: [{ forDate: '2029-01-23', date: '2029-01-24', startTime: '20:00' }] } }
		});
		// a shift within its own time is no conflict with itself
		expect(await moveBooking(ctx(), jan9!.bookingId, { date: '2029-01-09', startTime: '19:30', endTime: '21:30' })).toEqual({
			date: '2029-01-09',
			startTime: '19:30',
			endTime: '21:30'
		});
		await moveBooking(ctx(), jan9!.bookingId, { date: '2029-01-10', startTime: '18:00', endTime: '20:00' });
		const moved = await bookingsBetween(ctx(), { from: '2029-01-08', to: '2029-01-11', roomId: linde });
		expect(moved.map((entry) => [entry.date, entry.startTime, entry.endTime, entry.seriesId])).toEqual([
			['2029-01-10', '18:00', '20:00', seriesId]
		]);
		const mails = await outboxMails(db.get(), { template: 'rooms_moved', to: 'gerda.beispiel@example.org' });
		expect(mails.at(-1)!.bodyText).toContain('bisher: Dienstag, 09.01.2029, 19:30–21:30 Uhr');
		expect(mails.at(-1)!.bodyText).toContain('neu: Mittwoch, 10.01.2029, 18:00–20:00 Uhr');
		const feed = eventsOf((await groupRoomCalendar(ctx(), groupId)).body);
		expect(feed.find((event) => event.date === '2029-01-10')).toMatchObject({
			from: '18:00',
			to: '20:00',
			start: '2029-01-10T17:00:00.000Z'
		});
	});

	it("shows a group contact other groups' bookings only as taken, in the calendar, the detail and the feed", async () => {
		const other = await saveBooking(ctx(), {
			roomId: linde,
			when: once('2028-10-17', '19:00', '21:00'),
			owner: { kind: 'group', groupId: otherGroupId },
			title: 'Angehörige psychisch Erkrankter',
			attendees: 8,
			note: 'Bitte Stuhlkreis.'
		});
		const seen = await bookingsBetween(ctx(contact), { from: '2028-10-01', to: '2028-10-31', roomId: linde });
		expect(seen.map((entry) => [entry.date, entry.title, entry.groupId])).toEqual([
			['2028-10-10', 'Gesprächskreis Tinnitus', groupId],
			['2028-10-17', null, null],
			['2028-10-24', null, null]
		]);
		const staffView = await bookingsBetween(ctx(), { from: '2028-10-01', to: '2028-10-31', roomId: linde });
		expect(staffView.map((entry) => entry.title)).toEqual([
			'Gesprächskreis Tinnitus',
			'Angehörige psychisch Erkrankter',
			'Vortrag Hörgesundheit'
		]);
		const hidden = seen[1]!;
		const detail = await getBooking(ctx(contact), hidden.bookingId);
		expect(detail).toMatchObject({ title: null, groupName: null, groupId: null, note: '', mayCancel: false, mayMove: false });
		expect(await getBooking(ctx(otherContact), hidden.bookingId)).toMatchObject({
			title: 'Angehörige psychisch Erkrankter',
			note: 'Bitte Stuhlkreis.',
			mayCancel: true,
			mayMove: false
		});
		expect((await getBooking(ctx(), hidden.bookingId)).series.map((date) => date.date)).toEqual(['2028-10-17']);
		const feed = eventsOf((await roomCalendar(ctx(contact), linde)).body);
		expect(feed.find((event) => event.date === '2028-10-17')!.summary).toBe('belegt');
		expect(feed.find((event) => event.date === '2028-10-10')!.summary).toBe('Gesprächskreis Tinnitus');
		expect((await roomCalendar(ctx(contact), linde)).body).not.toContain('Angehörige');
		await expect(groupRoomCalendar(ctx(otherContact), groupId)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(bookingsBetween(ctx(), { from: '2028-10-01', to: '2029-01-31' })).rejects.toMatchObject({ code: 'invalid' });
		void other;
	});

	it('reminds each contact person once, two days ahead, in one e-mail per day', async () => {
		// Gerda is contact person of a second group that meets in another room on the same day
		const c = ctx();
		const third = (await createGroup(c, emptyGroupRecord('Schreibwerkstatt'))).id;
		await addContactPerson(c, third, {
			name: 'Gerda Beispiel',
			email: 'gerda.beispiel@example.org',
			phone: '',
			consent: { source: 'written', givenOn: '2028-08-01' }
		});
		await saveBooking(c, {
			roomId: saal,
			when: once('2028-10-10', '17:00', '18:30'),
			owner: { kind: 'group', groupId: third },
			title: 'Schreibwerkstatt',
			attendees: 6
		});
		// a request not yet approved is not reminded
		await saveBooking(ctx(otherContact), {
			roomId: eiche,
			when: once('2028-10-10', '19:00', '21:00'),
			owner: { kind: 'group', groupId: otherGroupId },
			title: 'Angehörige psychisch Erkrankter',
			attendees: 8
		});
		const morning = new Date('2028-10-08T05:00:00Z');
		expect(await remindRoomBookings(db.get().db, MAIL, new Date('2028-10-07T05:00:00Z'))).toEqual({ mails: 0, bookings: 0 });
		expect(await remindRoomBookings(db.get().db, MAIL, morning)).toEqual({ mails: 2, bookings: 2 });
		expect(await remindRoomBookings(db.get().db, MAIL, morning)).toEqual({ mails: 0, bookings: 0 });
		expect(await remindRoomBookings(db.get().db, MAIL, new Date('2028-10-09T05:00:00Z'))).toEqual({ mails: 0, bookings: 0 });
		const gerda = await outboxMails(db.get(), { template: 'rooms_reminder', to: 'gerda.beispiel@example.org' });
		expect(gerda).toHaveLength(1);
		expect(gerda[0]!.subject).toBe('Erinnerung: Raum am Dienstag, 10.10.2028');
		expect(datesInMail(gerda[0]!.bodyText)).toEqual([
			{ date: '2028-10-10', from: '17:00', to: '18:30' },
			{ date: '2028-10-10', from: '19:00', to: '21:00' }
		]);
		expect(gerda[0]!.bodyText).toContain('Saal am Park (Schreibwerkstatt)');
		expect(gerda[0]!.bodyText).toContain('Gruppenraum Linde (Gesprächskreis Tinnitus)');
		const sam = await outboxMails(db.get(), { template: 'rooms_reminder', to: 'sam.example@example.org' });
		expect(sam.map((mail) => mail.subject)).toEqual(['Reminder: room on Tuesday, 10 October 2028']);
		expect(sam[0]!.bodyText).not.toContain('Schreibwerkstatt');
		expect(await outboxMails(db.get(), { template: 'rooms_reminder', to: 'kontakt.angehoerige@example.org' })).toEqual([]);
	});
});
