/**
 * An event in a room of the office holds that room for every session (EVT-1, ADR 0029): each coming
 * session has a confirmed room booking (owner kind `event`, the event's title) whose rows share the
 * event's id as `series_id`. `holdEventRoom` brings the bookings in line with the event as it is
 * stored, inside the transaction that changed the event: new sessions are booked, sessions with
 * other times move their booking, removed sessions and a released room free theirs. Problems (the
 * room taken, outside its hours, too small) refuse the whole save with the dates and what is booked
 * there; the exclusion constraint of room_bookings (ADR 0022) decides between concurrent saves.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, type Db, type Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { isUuid } from '../../ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { instantToWall, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import { roomBookings, rooms, type BookableHours } from '../rooms/rooms.table.js';
import { isExclusionViolation, withinHours } from '../rooms/bookings.service.js';
import { eventSessions, events, type EventFormat } from './events.table.js';

/** A date on which the room is taken, with what takes it (titles: only office people edit events). */
export type RoomConflict = { date: IsoDate; from: WallTime; to: WallTime; title: string };

/** What a refused save says about the room, for the form's messages. */
export type RoomHoldProblem = {
	roomName: string;
	roomCapacity: number;
	conflicts: RoomConflict[];
	/** sessions outside the room's bookable hours */
	outside: IsoDate[];
	/** sessions of the event that overlap each other */
	overlapping: IsoDate[];
};

/** The event as far as its room is concerned. */
export type HoldTarget = {
	eventId: string;
	title: string;
	roomId: string | null;
	format: EventFormat;
	status: string;
	capacity: number | null;
	sessions: { id: string | null; startsAt: Date; endsAt: Date; roomBookingId: string | null }[];
};

type HoldRoom = { id: string; name: string; capacity: number; bookableHours: BookableHours; active: boolean };

type ActiveBooking = { id: string; roomId: string; startsAt: Date; endsAt: Date; title: string; attendees: number };

/** Whether the event holds a room at all: in person or hybrid, in a room of the office, not cancelled. */
export function holdsRoom(target: Pick<HoldTarget, 'roomId' | 'format' | 'status'>): boolean {
	return !!target.roomId && target.format !== 'online' && target.status !== 'cancelled';
}

/**
 * How many people the bookings expect: the places, or the whole room when there is no limit. A hybrid
 * event's places include people online, so it expects at most the room's capacity.
 */
export function roomAttendees(target: Pick<HoldTarget, 'capacity' | 'format'>, roomCapacity: number): number {
	const places = target.capacity ?? roomCapacity;
	return target.format === 'hybrid' ? Math.min(places, roomCapacity) : places;
}

/** A PostgreSQL array literal of instants, to pass many dates as one parameter. */
function isoArray(values: Date[]): string {
	return `{${values.map((value) => value.toISOString()).join(',')}}`;
}

const dateOf = (instant: Date) => instantToWall(instant).date;
const sameTimes = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
	a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();

/** Every other booking (not this event's) of the room that overlaps one of the given times, one index probe per time. */
async function conflictsOf(
	tx: Tx,
	tenantId: string,
	roomId: string,
	eventId: string | null,
	times: { startsAt: Date; endsAt: Date }[]
): Promise<RoomConflict[]> {
	if (!times.length) return [];
	const result = await tx.execute(sql`
		select o.i::int as i, b.title, b.s, b.e
		from unnest(
			${isoArray(times.map((time) => time.startsAt))}::timestamptz[],
			${isoArray(times.map((time) => time.endsAt))}::timestamptz[],
			${isoArray(times.map((time) => new Date(time.startsAt.getTime() - 24 * 60 * 60 * 1000)))}::timestamptz[]
		) with ordinality as o(s, e, lo, i)
		cross join lateral (
			select r.title, (extract(epoch from r.starts_at) * 1000)::float8 as s, (extract(epoch from r.ends_at) * 1000)::float8 as e
			from room_bookings r
			where r.tenant_id = ${tenantId} and r.room_id = ${roomId}
				and r.starts_at > o.lo and r.starts_at < o.e and r.ends_at > o.s
				and r.status in ('requested', 'confirmed')
				${eventId ? sql`and r.series_id <> ${eventId}` : sql``}
			offset 0
		) b
		order by o.i, b.s`);
	return rowsOf<{ i: number; title: string; s: number | string; e: number | string }>(result).map((row) => ({
		date: dateOf(times[Number(row.i) - 1]!.startsAt),
		from: instantToWall(new Date(Number(row.s))).time,
		to: instantToWall(new Date(Number(row.e))).time,
		title: row.title
	}));
}

async function roomOf(tx: Tx, tenantId: string, roomId: string): Promise<HoldRoom | undefined> {
	if (!isUuid(roomId)) return undefined;
	const [room] = await tx
		.select({ id: rooms.id, name: rooms.name, capacity: rooms.capacity, bookableHours: rooms.bookableHours, active: rooms.active })
		.from(rooms)
		.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, tenantId)));
	return room;
}

/**
 * The checks of an event's room: the room exists in the office and may be booked, the places fit
 * (in person), and every session to be booked or moved is within the room's hours, free of other
 * bookings and of the event's own other sessions. Sessions that have ended are left as they are.
 * Throws `invalid` with field issues and `details.room` (a RoomHoldProblem).
 */
async function checkHold(
	tx: Tx,
	actor: UserActor,
	target: HoldTarget,
	room: HoldRoom | undefined,
	changing: { startsAt: Date; endsAt: Date }[],
	now: Date
): Promise<HoldRoom> {
	if (!room) throw new AppError('invalid', 'room not found', { issues: { roomId: 'error_invalid_choice' } });
	const issues: Record<string, string> = {};
	const problem: RoomHoldProblem = { roomName: room.name, roomCapacity: room.capacity, conflicts: [], outside: [], overlapping: [] };
	if (target.format === 'in_person' && target.capacity !== null && target.capacity > room.capacity)
		issues.capacity = 'events_room_too_small';
	if (changing.length && !room.active) issues.roomId = 'events_room_inactive';
	problem.outside = [
		...new Set(
			changing
				.filter((time) => !withinHours(room.bookableHours, { start: time.startsAt, end: time.endsAt }))
				.map((time) => dateOf(time.startsAt))
		)
	];
	const coming = target.sessions.filter((session) => session.endsAt.getTime() > now.getTime());
	for (const [i, a] of coming.entries())
		for (const b of coming.slice(i + 1))
			if (a.startsAt < b.endsAt && b.startsAt < a.endsAt) problem.overlapping.push(dateOf(a.startsAt), dateOf(b.startsAt));
	problem.overlapping = [...new Set(problem.overlapping)];
	if (problem.overlapping.length) issues.sessions = 'events_room_sessions_overlap';
	else if (problem.outside.length) issues.sessions = 'events_room_outside_hours';
	if (!issues.roomId) {
		problem.conflicts = await conflictsOf(tx, actor.tenantId, room.id, target.eventId, changing);
		if (problem.conflicts.length) issues.roomId = 'events_room_taken';
	}
	if (Object.keys(issues).length) throw new AppError('invalid', 'room not available', { issues, room: problem });
	return room;
}

/**
 * Brings the event's room bookings in line with the event as it is now stored (call it inside the
 * transaction that changed the event, after the event and its sessions are written). Returns what
 * changed, for the audit and the tests.
 */
export async function holdEventRoom(
	tx: Tx,
	actor: UserActor,
	eventId: string,
	options: { now: Date; requestId?: string | undefined; reason?: string }
): Promise<{ booked: number; moved: number; released: number }> {
	const { now } = options;
	const [event] = await tx
		.select({ title: events.title, roomId: events.roomId, format: events.format, status: events.status, capacity: events.capacity })
		.from(events)
		.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
	if (!event) throw new AppError('not_found', 'event not found');
	const sessions = await tx
		.select({
			id: eventSessions.id,
			startsAt: eventSessions.startsAt,
			endsAt: eventSessions.endsAt,
			roomBookingId: eventSessions.roomBookingId
		})
		.from(eventSessions)
		.where(eq(eventSessions.eventId, eventId))
		.orderBy(eventSessions.startsAt);
	const target: HoldTarget = { eventId, ...event, format: event.format as EventFormat, sessions };
	const active: ActiveBooking[] = await tx
		.select({
			id: roomBookings.id,
			roomId: roomBookings.roomId,
			startsAt: roomBookings.startsAt,
			endsAt: roomBookings.endsAt,
			title: roomBookings.title,
			attendees: roomBookings.attendees
		})
		.from(roomBookings)
		.where(
			and(
				eq(roomBookings.tenantId, actor.tenantId),
				eq(roomBookings.seriesId, eventId),
				inArray(roomBookings.status, ['requested', 'confirmed']),
				sql`${roomBookings.endsAt} > ${now.toISOString()}::timestamptz`
			)
		);
	const byId = new Map(active.map((booking) => [booking.id, booking]));
	// only sessions that have not ended: the past stays as it happened
	const coming = sessions.filter((session) => session.endsAt.getTime() > now.getTime());
	const holds = holdsRoom(target);

	const keep: { booking: ActiveBooking; sessionId: string }[] = [];
	const move: { booking: ActiveBooking; sessionId: string; startsAt: Date; endsAt: Date }[] = [];
	const book: { sessionId: string; startsAt: Date; endsAt: Date }[] = [];
	const clear: string[] = [];
	if (holds) {
		for (const session of coming) {
			const booking = session.roomBookingId ? byId.get(session.roomBookingId) : undefined;
			if (booking && booking.roomId === target.roomId) {
				if (sameTimes(booking, session)) keep.push({ booking, sessionId: session.id });
				else move.push({ booking, sessionId: session.id, startsAt: session.startsAt, endsAt: session.endsAt });
			} else book.push({ sessionId: session.id, startsAt: session.startsAt, endsAt: session.endsAt });
		}
	} else clear.push(...coming.filter((session) => session.roomBookingId).map((session) => session.id));
	const held = new Set([...keep, ...move].map((item) => item.booking.id));
	const release = active.filter((booking) => !held.has(booking.id)).map((booking) => booking.id);

	let room: HoldRoom | undefined;
	if (holds) room = await checkHold(tx, actor, target, await roomOf(tx, actor.tenantId, target.roomId!), [...move, ...book], now);

	if (release.length || move.length)
		await tx
			.update(roomBookings)
			.set({ status: 'cancelled', reason: options.reason ?? '', decidedBy: actor.userId, decidedAt: now, updatedAt: now })
			.where(inArray(roomBookings.id, [...release, ...move.map((item) => item.booking.id)]));
	if (room) {
		const attendees = roomAttendees(target, room.capacity);
		const title = target.title.trim();
		// moved dates: freed above, taken again at their new times (two sessions may swap their times)
		for (const item of move)
			await tx
				.update(roomBookings)
				.set({
					status: 'confirmed',
					startsAt: item.startsAt,
					endsAt: item.endsAt,
					title,
					attendees,
					reason: '',
					decidedBy: null,
					decidedAt: null,
					remindedAt: null,
					updatedAt: now
				})
				.where(eq(roomBookings.id, item.booking.id));
		const stale = keep.filter((item) => item.booking.title !== title || item.booking.attendees !== attendees);
		if (stale.length)
			await tx
				.update(roomBookings)
				.set({ title, attendees, updatedAt: now })
				.where(
					inArray(
						roomBookings.id,
						stale.map((item) => item.booking.id)
					)
				);
		if (book.length) {
			const rows = book.map((item) => ({
				id: randomUUID(),
				tenantId: actor.tenantId,
				roomId: room!.id,
				seriesId: eventId,
				ownerKind: 'event',
				groupId: null,
				title,
				status: 'confirmed',
				startsAt: item.startsAt,
				endsAt: item.endsAt,
				attendees,
				createdBy: actor.userId,
				createdAt: now,
				updatedAt: now
			}));
			await tx.insert(roomBookings).values(rows);
			for (const [i, item] of book.entries())
				await tx.update(eventSessions).set({ roomBookingId: rows[i]!.id }).where(eq(eventSessions.id, item.sessionId));
		}
	}
	if (clear.length) await tx.update(eventSessions).set({ roomBookingId: null }).where(inArray(eventSessions.id, clear));
	const changes = { booked: book.length, moved: move.length, released: release.length };
	if (book.length || move.length || release.length)
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'room_booking',
				entityId: eventId,
				changes: {
					eventId,
					roomId: holds ? target.roomId : null,
					booked: book.map((item) => dateOf(item.startsAt)),
					moved: move.map((item) => dateOf(item.startsAt)),
					released: release.length
				}
			},
			options.requestId
		);
	return changes;
}

/**
 * Runs a save that books rooms; when a concurrent booking took a date between the check and the
 * write (the exclusion constraint, SQLSTATE 23P01, rolled everything back), names the dates now.
 */
export async function withRoomGuard<T>(
	{ db, actor, now }: { db: Db; actor: UserActor; now: Date },
	save: () => Promise<T>,
	target?: HoldTarget
): Promise<T> {
	try {
		return await save();
	} catch (error) {
		if (!isExclusionViolation(error)) throw error;
		if (target && holdsRoom(target)) {
			const coming = target.sessions.filter((session) => session.endsAt.getTime() > now.getTime());
			await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) =>
				checkHold(tx, actor, target, await roomOf(tx, actor.tenantId, target.roomId!), coming, now)
			);
		}
		// the other booking is already gone again: say that the room changed meanwhile
		throw new AppError('invalid', 'room taken meanwhile', { issues: { roomId: 'events_room_taken_meanwhile' } });
	}
}

/** A date for the messages, e.g. "Di., 13.03.2029" / "Tue, 13 Mar 2029". */
function longDate(date: IsoDate, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
		weekday: 'short',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${date}T12:00:00Z`));
}

/**
 * The parameters of the room messages at their fields: `conflicts` (each date with what is booked
 * there and when), `dates`, the room's `name` and `capacity`.
 */
export function roomIssueParams(problem: RoomHoldProblem, locale: string): Record<string, Record<string, string>> {
	const quoted = (title: string) => (locale === 'en' ? `“${title}”` : `„${title}“`);
	const taken = problem.conflicts
		.map((conflict) => `${longDate(conflict.date, locale)} ${conflict.from}–${conflict.to} ${quoted(conflict.title)}`)
		.join('; ');
	const dates = problem.overlapping.length ? problem.overlapping : problem.outside;
	return {
		roomId: { conflicts: taken, name: problem.roomName },
		sessions: { dates: dates.map((date) => longDate(date, locale)).join(', '), name: problem.roomName },
		capacity: { capacity: String(problem.roomCapacity), name: problem.roomName }
	};
}
