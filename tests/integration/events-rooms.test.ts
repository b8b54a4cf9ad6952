import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { personIn } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { roomBookings } from '../../src/lib/server/modules/rooms/rooms.table.js';
import { bookingsBetween, createRoom, emptyRoomInput, saveBooking } from '../../src/lib/server/modules/rooms/rooms.service.js';
import { eventSessions, events } from '../../src/lib/server/modules/events/events.table.js';
import {
	cancelEvent,
	changeCapacity,
	createEvent,
	emptyEventInput,
	publishEvent,
	holdTargetOf,
	type EventInput,
	type SessionInput
} from '../../src/lib/server/modules/events/events.service.js';
import { createEventWithExtras, eventFormFailure, updateEvent } from '../../src/lib/server/modules/events/events.edit.js';
import { register } from '../../src/lib/server/modules/events/registrations.service.js';
import { roomIssueParams, withRoomGuard, type RoomHoldProblem } from '../../src/lib/server/modules/events/events.rooms.js';
import { eventDetail } from '../../src/lib/server/modules/events/events.queries.js';
import { cancelBooking } from '../../src/lib/server/modules/rooms/requests.service.js';
import { EVENT_FORM_SHAPE } from '../../src/lib/schemas/events.js';
import { AppError } from '../../src/lib/server/errors.js';

/** Today in these tests: the office plans its spring trainings. */
const NOW = new Date('2029-02-01T09:00:00Z');

const session = (date: string, startTime = '18:00', endTime = '20:00', title = ''): SessionInput =>
	({ title, date, startTime, endTime }) as SessionInput;

describe('events hold their room: one booking per session, saved with the event (EVT-1, ROOM-2)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let groupId: string;
	let seminarRoom: string;
	let smallRoom: string;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'seminare@example.org');
		groupId = (await createGroup({ db: db.get().db, actor: staff, now: NOW }, emptyGroupRecord('Gesprächskreis Schlafstörungen'))).id;
		seminarRoom = await createRoom(ctx(), emptyRoomInput('Seminarraum', 20));
		smallRoom = await createRoom(ctx(), emptyRoomInput('Kleiner Raum', 6));
	});

	function ctx(actor?: UserActor, now = NOW) {
		return { db: db.get().db, actor: actor ?? staff, now };
	}
	const reg = (now = NOW) => ({ db: db.get().db, mail: { smtpUrl: undefined, from: 'treffpunkt@example.org' }, origin: '', now });
	const inRoom = (title: string, roomId: string, sessions: SessionInput[], overrides: Partial<EventInput> = {}): EventInput => ({
		...emptyEventInput(title, sessions),
		roomId,
		capacity: 12,
		...overrides
	});
	const noExtras = { extraFields: [], topicIds: [] };

	/** The event's bookings, active and freed, in order of their start. */
	const bookingsOf = (eventId: string) =>
		inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({
					id: roomBookings.id,
					roomId: roomBookings.roomId,
					ownerKind: roomBookings.ownerKind,
					title: roomBookings.title,
					status: roomBookings.status,
					attendees: roomBookings.attendees,
					startsAt: roomBookings.startsAt,
					endsAt: roomBookings.endsAt
				})
				.from(roomBookings)
				.where(eq(roomBookings.seriesId, eventId))
				.orderBy(asc(roomBookings.startsAt), asc(roomBookings.status))
		);
	const active = async (eventId: string) => (await bookingsOf(eventId)).filter((booking) => booking.status === 'confirmed');
	const sessionsOf = (eventId: string) =>
		inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ id: eventSessions.id, startsAt: eventSessions.startsAt, roomBookingId: eventSessions.roomBookingId })
				.from(eventSessions)
				.where(eq(eventSessions.eventId, eventId))
				.orderBy(asc(eventSessions.startsAt))
		);
	const eventsTitled = async (title: string) =>
		(
			await inScope(db.get().db, { kind: 'system' }, (tx) =>
				tx
					.select({ n: count() })
					.from(events)
					.where(and(eq(events.title, title), eq(events.tenantId, staff.tenantId)))
			)
		)[0]!.n;
	const groupBooking = (roomId: string, date: string, startTime: string, endTime: string) =>
		saveBooking(ctx(), {
			roomId,
			when: {
				kind: 'once',
				date: date as SessionInput['date'],
				startTime: startTime as SessionInput['startTime'],
				endTime: endTime as SessionInput['endTime']
			},
			owner: { kind: 'group', groupId },
			title: 'Gesprächskreis Schlafstörungen',
			attendees: 8
		});
	const refusal = async (promise: Promise<unknown>) => {
		const error = await promise.then(
			() => null,
			(failure: unknown) => failure
		);
		expect(error).toBeInstanceOf(AppError);
		return error as AppError;
	};

	it('books the room for every session in the same save; the room calendar shows the sessions', async () => {
		const { id } = await createEventWithExtras(
			ctx(),
			inRoom('Achtsamkeit für Gruppenleitungen', seminarRoom, [session('2029-03-06'), session('2029-03-13', '17:00', '19:30')]),
			noExtras
		);
		const booked = await bookingsOf(id);
		expect(booked).toEqual([
			expect.objectContaining({
				roomId: seminarRoom,
				ownerKind: 'event',
				title: 'Achtsamkeit für Gruppenleitungen',
				status: 'confirmed',
				attendees: 12
			}),
			expect.objectContaining({ roomId: seminarRoom, ownerKind: 'event', status: 'confirmed', attendees: 12 })
		]);
		expect((await sessionsOf(id)).map((row) => row.roomBookingId)).toEqual(booked.map((booking) => booking.id));

		const calendar = await bookingsBetween(ctx(), { from: '2029-03-01', to: '2029-03-31', roomId: seminarRoom });
		expect(
			calendar.filter((entry) => entry.seriesId === id).map((entry) => [entry.date, entry.startTime, entry.endTime, entry.title])
		).toEqual([
			['2029-03-06', '18:00', '20:00', 'Achtsamkeit für Gruppenleitungen'],
			['2029-03-13', '17:00', '19:30', 'Achtsamkeit für Gruppenleitungen']
		]);
		// the room is taken for a group at that time now
		await expect(groupBooking(seminarRoom, '2029-03-06', '19:00', '21:00')).rejects.toMatchObject({ code: 'conflict' });
		// no limit of places: the event expects as many people as the room holds
		const open = await createEvent(ctx(), inRoom('Offener Abend', seminarRoom, [session('2029-03-07')], { capacity: null }));
		expect((await active(open.id)).map((booking) => booking.attendees)).toEqual([20]);
	});

	it('refuses the whole save when the room is taken, naming the date and what is booked there; nothing is saved', async () => {
		await groupBooking(seminarRoom, '2029-03-20', '18:30', '19:30');
		const error = await refusal(
			createEventWithExtras(ctx(), inRoom('Grundkurs Moderation', seminarRoom, [session('2029-03-20'), session('2029-03-27')]), {
				extraFields: [{ key: 'vorkenntnisse', label: 'Vorkenntnisse', purpose: 'Gruppen einteilen', required: false }],
				topicIds: []
			})
		);
		expect(error).toMatchObject({ code: 'invalid', details: { issues: { roomId: 'events_room_taken' } } });
		const problem = error.details.room as RoomHoldProblem;
		expect(problem.conflicts).toEqual([{ date: '2029-03-20', from: '18:30', to: '19:30', title: 'Gesprächskreis Schlafstörungen' }]);
		expect(roomIssueParams(problem, 'de').roomId).toEqual({
			conflicts: 'Di., 20.03.2029 18:30–19:30 „Gesprächskreis Schlafstörungen“',
			name: 'Seminarraum'
		});
		expect(await eventsTitled('Grundkurs Moderation')).toBe(0);
		const march27 = await bookingsBetween(ctx(), { from: '2029-03-27', to: '2029-03-27', roomId: seminarRoom });
		expect(march27).toEqual([]);

		// the form keeps what was typed and says it at the room
		const form = new FormData();
		form.set('title', 'Grundkurs Moderation');
		form.set('roomId', seminarRoom);
		const failure = eventFormFailure(form, error, EVENT_FORM_SHAPE, 'de');
		expect(failure.status).toBe(400);
		expect(failure.data).toMatchObject({
			values: { title: 'Grundkurs Moderation', roomId: seminarRoom },
			issues: { roomId: 'events_room_taken' },
			issueParams: { roomId: { conflicts: expect.stringContaining('20.03.2029') } }
		});
	});

	it('refuses times outside the room’s hours, more places than the room holds, and overlapping sessions', async () => {
		const early = await refusal(createEvent(ctx(), inRoom('Frühstückstreffen', seminarRoom, [session('2029-04-03', '07:00', '08:30')])));
		expect(early.details).toMatchObject({ issues: { sessions: 'events_room_outside_hours' }, room: { outside: ['2029-04-03'] } });
		const crowded = await refusal(createEvent(ctx(), inRoom('Großes Plenum', smallRoom, [session('2029-04-04')], { capacity: 30 })));
		expect(crowded.details).toMatchObject({ issues: { capacity: 'events_room_too_small' }, room: { roomCapacity: 6 } });
		expect(roomIssueParams(crowded.details.room as RoomHoldProblem, 'de').capacity).toEqual({ capacity: '6', name: 'Kleiner Raum' });
		const twice = await refusal(
			createEvent(
				ctx(),
				inRoom('Doppelt gebucht', seminarRoom, [session('2029-04-05', '10:00', '12:00'), session('2029-04-05', '11:00', '13:00')])
			)
		);
		expect(twice.details).toMatchObject({ issues: { sessions: 'events_room_sessions_overlap' } });
		expect(await eventsTitled('Frühstückstreffen')).toBe(0);
		expect(await eventsTitled('Großes Plenum')).toBe(0);
		// a hybrid event's places include people online: it books the room for as many as it holds
		const hybrid = await createEvent(
			ctx(),
			inRoom('Hybrider Austausch', smallRoom, [session('2029-04-04')], {
				capacity: 30,
				format: 'hybrid',
				onlineUrl: 'https://meet.example.org/a'
			})
		);
		expect((await active(hybrid.id)).map((booking) => booking.attendees)).toEqual([6]);
	});

	it('moves, frees and adds bookings when the sessions change; a taken time refuses the change and keeps everything', async () => {
		const input = inRoom('Trainingsreihe Gesprächsführung', seminarRoom, [
			session('2029-05-07'),
			session('2029-05-14'),
			session('2029-05-21')
		]);
		const { id } = await createEvent(ctx(), input);
		const [first, second, third] = await active(id);

		// the first session moves, the second is dropped, the third stays
		const changed = {
			...input,
			title: 'Trainingsreihe Gesprächsführung (neu)',
			sessions: [session('2029-05-07', '17:00', '19:00'), session('2029-05-21')]
		};
		await updateEvent(ctx(), id, changed, noExtras);
		const after = await bookingsOf(id);
		expect(after.find((booking) => booking.id === first!.id)).toMatchObject({
			status: 'confirmed',
			startsAt: new Date('2029-05-07T15:00:00Z'),
			title: 'Trainingsreihe Gesprächsführung (neu)'
		});
		expect(after.find((booking) => booking.id === second!.id)).toMatchObject({ status: 'cancelled' });
		expect(after.find((booking) => booking.id === third!.id)).toMatchObject({ status: 'confirmed', startsAt: third!.startsAt });
		// a session added later gets its own booking
		await updateEvent(ctx(), id, { ...changed, sessions: [...changed.sessions, session('2029-05-28')] }, noExtras);
		const now = await active(id);
		expect(now.map((booking) => booking.id).slice(0, 2)).toEqual([first!.id, third!.id]);
		expect(now[2]).toMatchObject({ startsAt: new Date('2029-05-28T16:00:00Z'), ownerKind: 'event', status: 'confirmed' });
		expect((await sessionsOf(id)).map((row) => row.roomBookingId)).toEqual(now.map((booking) => booking.id));
		// the freed date can be booked by a group
		await groupBooking(seminarRoom, '2029-05-14', '18:00', '20:00');

		// moving a session onto the group's date is refused, and the title change with it
		const refused = await refusal(
			updateEvent(
				ctx(),
				id,
				{ ...input, title: 'Soll nicht gespeichert werden', sessions: [session('2029-05-14'), session('2029-05-21')] },
				noExtras
			)
		);
		expect(refused.details).toMatchObject({ issues: { roomId: 'events_room_taken' }, room: { conflicts: [{ date: '2029-05-14' }] } });
		expect(await eventsTitled('Soll nicht gespeichert werden')).toBe(0);
		expect(await active(id)).toEqual(now);
		expect((await sessionsOf(id)).map((row) => row.roomBookingId)).toEqual(now.map((booking) => booking.id));
	});

	it('moves sessions that take each other’s time in one save', async () => {
		const input = inRoom('Zwei Blöcke am Samstag', seminarRoom, [
			session('2029-05-12', '10:00', '12:00'),
			session('2029-05-12', '12:00', '14:00')
		]);
		const { id } = await createEvent(ctx(), input);
		const before = await active(id);
		await updateEvent(
			ctx(),
			id,
			{ ...input, sessions: [session('2029-05-12', '11:00', '13:00'), session('2029-05-12', '13:00', '15:00')] },
			noExtras
		);
		const after = await active(id);
		expect(after.map((booking) => booking.id)).toEqual(before.map((booking) => booking.id));
		expect(after.map((booking) => booking.startsAt)).toEqual([new Date('2029-05-12T09:00:00Z'), new Date('2029-05-12T11:00:00Z')]);
	});

	it('rebooks in another room, frees the room for an address elsewhere, and a cancelled event frees it for others', async () => {
		const input = inRoom('Selbsthilfe und Pflege', seminarRoom, [session('2029-06-05'), session('2029-06-12')], { capacity: 5 });
		const { id } = await createEvent(ctx(), input);
		await updateEvent(ctx(), id, { ...input, roomId: smallRoom }, noExtras);
		expect((await active(id)).map((booking) => booking.roomId)).toEqual([smallRoom, smallRoom]);
		expect((await bookingsOf(id)).filter((booking) => booking.roomId === seminarRoom).map((booking) => booking.status)).toEqual([
			'cancelled',
			'cancelled'
		]);

		await updateEvent(
			ctx(),
			id,
			{ ...input, roomId: null, venue: 'Bürgerhaus, Am Markt 2', postalCode: '21271', city: 'Hanstedt' },
			noExtras
		);
		expect(await active(id)).toEqual([]);
		expect((await sessionsOf(id)).map((row) => row.roomBookingId)).toEqual([null, null]);

		// back in the room, published, then cancelled: its dates are free again
		await updateEvent(ctx(), id, input, noExtras);
		expect(await active(id)).toHaveLength(2);
		await publishEvent(ctx(), id);
		await cancelEvent({ ...ctx(), mail: reg().mail, origin: '' }, id, 'Die Referentin ist erkrankt.');
		expect(await active(id)).toEqual([]);
		expect((await bookingsOf(id)).filter((booking) => booking.roomId === seminarRoom).at(-1)).toMatchObject({ status: 'cancelled' });
		await expect(groupBooking(seminarRoom, '2029-06-05', '18:00', '20:00')).resolves.toMatchObject({ saved: ['2029-06-05'] });
	});

	it('keeps the bookings of sessions that have ended when the event is cancelled', async () => {
		const { id } = await createEvent(ctx(), inRoom('Zweiteiliger Workshop', seminarRoom, [session('2029-07-02'), session('2029-07-09')]));
		await cancelEvent(ctx(undefined, new Date('2029-07-04T10:00:00Z')), id, 'Zu wenige Anmeldungen für den zweiten Teil.');
		expect((await bookingsOf(id)).map((booking) => booking.status)).toEqual(['confirmed', 'cancelled']);
	});

	it('refuses fewer places than are held and changes nothing else; a capacity change updates the bookings', async () => {
		const input = inRoom('Abend für Angehörige', seminarRoom, [session('2029-08-06')], { capacity: 3 });
		const { id } = await createEvent(ctx(), input);
		await publishEvent(ctx(), id);
		for (const n of [1, 2, 3]) await register(reg(), id, { name: `Angehörige ${n}`, email: `angehoerige${n}@example.org` });
		const before = await active(id);

		const refused = await refusal(
			updateEvent(
				ctx(),
				id,
				{ ...input, capacity: 2, title: 'Abend für Angehörige (geändert)', sessions: [session('2029-08-07')] },
				noExtras
			)
		);
		expect(refused.details).toMatchObject({ issues: { capacity: 'events_capacity_below_registered' }, params: { registered: 3 } });
		expect(await eventsTitled('Abend für Angehörige (geändert)')).toBe(0);
		expect(await active(id)).toEqual(before);
		const form = new FormData();
		form.set('capacity', '2');
		expect(eventFormFailure(form, refused, EVENT_FORM_SHAPE, 'de').data).toMatchObject({
			issues: { capacity: 'events_form_capacity_below' },
			formError: 'events_capacity_below_registered',
			formErrorParams: { registered: '3' }
		});

		await expect(changeCapacity(ctx(), id, 2)).rejects.toMatchObject({
			details: { issues: { capacity: 'events_capacity_below_registered' } }
		});
		await expect(changeCapacity(ctx(), id, 25)).rejects.toMatchObject({ details: { issues: { capacity: 'events_room_too_small' } } });
		await changeCapacity(ctx(), id, 15);
		expect((await active(id)).map((booking) => booking.attendees)).toEqual([15]);
	});

	it('lets only one of two events take the same time in the room when both are saved at once', async () => {
		const results = await Promise.allSettled(
			['Erster Vortrag', 'Zweiter Vortrag'].map((title) => createEvent(ctx(), inRoom(title, seminarRoom, [session('2029-09-04')])))
		);
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
		expect(rejected.reason).toMatchObject({ code: 'invalid' });
		expect(['events_room_taken', 'events_room_taken_meanwhile']).toContain(
			(rejected.reason as AppError).details.issues && (rejected.reason as { details: { issues: { roomId: string } } }).details.issues.roomId
		);
		const calendar = await bookingsBetween(ctx(), { from: '2029-09-04', to: '2029-09-04', roomId: seminarRoom });
		expect(calendar).toHaveLength(1);
		// when the database refuses the insert (the other save won between check and write), the dates are named all the same
		const lost = Object.assign(new Error('conflicting key value violates exclusion constraint'), { code: '23P01' });
		const guarded = withRoomGuard(
			ctx(),
			() => Promise.reject(lost),
			holdTargetOf(null, inRoom('Dritter Vortrag', seminarRoom, [session('2029-09-04')]))
		);
		await expect(guarded).rejects.toMatchObject({ code: 'invalid', details: { issues: { roomId: 'events_room_taken' } } });
		const gone = withRoomGuard(
			ctx(),
			() => Promise.reject(lost),
			holdTargetOf(null, inRoom('Vierter Vortrag', seminarRoom, [session('2029-09-05')]))
		);
		await expect(gone).rejects.toMatchObject({ code: 'invalid', details: { issues: { roomId: 'events_room_taken_meanwhile' } } });
	});

	it('the event page data gives each session its booking: the room booked, or not booked for a past session added later', async () => {
		const input = inRoom('Fortbildung Gruppenbegleitung', seminarRoom, [session('2029-10-02'), session('2029-10-16')]);
		const { id } = await createEvent(ctx(), input);
		const [first, second] = await active(id);
		const booked = (await eventDetail(ctx(), id)).sessions.map((row) => row.roomBooking);
		expect(booked).toEqual([
			{ id: first!.id, roomName: 'Seminarraum', status: 'confirmed', active: true },
			{ id: second!.id, roomName: 'Seminarraum', status: 'confirmed', active: true }
		]);

		// after the first evening the office adds the one that already took place: it gets no booking
		const later = new Date('2029-10-10T09:00:00Z');
		await updateEvent(ctx(undefined, later), id, { ...input, sessions: [...input.sessions, session('2029-10-09')] }, noExtras);
		const detail = await eventDetail(ctx(undefined, later), id);
		expect(detail.sessions.map((row) => [row.startsAt, row.roomBooking?.id ?? null, row.roomBooking?.active ?? false])).toEqual([
			[new Date('2029-10-02T16:00:00Z'), first!.id, true],
			[new Date('2029-10-09T16:00:00Z'), null, false],
			[new Date('2029-10-16T16:00:00Z'), second!.id, true]
		]);

		// room staff cancel the last date in the rooms pages: the event sees it freed
		await cancelBooking(ctx(undefined, later), { bookingId: second!.id }, 'Wasserschaden im Seminarraum');
		expect((await eventDetail(ctx(undefined, later), id)).sessions.at(-1)!.roomBooking).toEqual({
			id: second!.id,
			roomName: 'Seminarraum',
			status: 'cancelled',
			active: false
		});

		// an event at an address elsewhere has no bookings
		const elsewhere = await createEvent(ctx(), {
			...emptyEventInput('Infoabend im Bürgerhaus', [session('2029-10-03')]),
			venue: 'Bürgerhaus, Am Markt 2',
			postalCode: '21271',
			city: 'Hanstedt'
		});
		expect((await eventDetail(ctx(), elsewhere.id)).sessions.map((row) => row.roomBooking)).toEqual([null]);
	});
});
