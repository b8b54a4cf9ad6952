/**
 * Room bookings (ROOM-2, ROOM-3): a request (one date or a recurrence) is expanded into concrete
 * occurrences in Europe/Berlin wall time, checked, and saved as one row per occurrence. The
 * database's exclusion constraint is what guarantees "never booked twice"; the checks here explain
 * the problem before it happens and suggest what would work instead (ADR 0022, ADR 0023).
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, type Db, type Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { auditInsert, recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { groups } from '../groups/groups.table.js';
import { groupsOfContact } from '../groups/contacts.service.js';
import type { UserActor } from '../groups/groups.service.js';
import {
	addDays,
	expand,
	instantToWall,
	isHoliday,
	isIsoDate,
	isWallTime,
	validateRecurrence,
	wallTimeToInstant,
	weekdayOf,
	type FederalState,
	type IsoDate,
	type Recurrence,
	type WallTime
} from '../../../recurrence/index.js';
import { roomBookings, rooms, type BookableHours, type BookingOwner, type BookingStatus } from './rooms.table.js';
import { LONGEST_BOOKING_MS, overlapping, STORE_ONLY, tenantScope, wallOf, type RoomContext } from './rooms.common.js';
import { mailBookingEvent } from './rooms.mail.js';

/** One date, or a recurrence of the groups' engine (ROOM-2). */
export type BookingWhen =
	{ kind: 'once'; date: IsoDate; startTime: WallTime; endTime: WallTime } | { kind: 'series'; recurrence: Recurrence };

export type BookingOwnerInput = { kind: 'group'; groupId: string } | { kind: Exclude<BookingOwner, 'group'> };

export type BookingRequest = {
	roomId: string;
	when: BookingWhen;
	owner: BookingOwnerInput;
	title: string;
	/** how many people are expected; compared with the room's capacity */
	attendees: number;
	/** what the requester writes to the office */
	note?: string;
};

/** A problem with the request: a message key and, where it concerns some dates, those dates. */
export type BookingIssue = { code: string; dates?: IsoDate[]; params?: Record<string, string | number> };

export type PlannedOccurrence = { date: IsoDate; start: Date; end: Date };

/** An occurrence that overlaps an existing booking; `title` is null when the actor may not see it. */
export type BookingConflict = {
	date: IsoDate;
	start: Date;
	end: Date;
	bookingId: string;
	title: string | null;
	from: WallTime;
	to: WallTime;
};

/** The next free time in the same room, with the same duration, for one conflicting date. */
export type SlotSuggestion = { forDate: IsoDate; date: IsoDate; startTime: WallTime; endTime: WallTime };

/** Another room that is free on every requested date and large enough. */
export type RoomSuggestion = {
	roomId: string;
	name: string;
	capacity: number;
	stepFree: boolean;
	accessibleToilet: boolean;
	hearingLoop: boolean;
};

export type BookingSuggestions = { slots: SlotSuggestion[]; rooms: RoomSuggestion[] };

export type BookingPlan = {
	occurrences: PlannedOccurrence[];
	issues: BookingIssue[];
	conflicts: BookingConflict[];
	/** only when there are conflicts: the next free slots and other free rooms */
	suggestions: BookingSuggestions;
};

/** A series is booked for at most this long (the recurrence engine's own horizon is two years). */
const MAX_SERIES_DAYS = 730;
/** An open-ended series is booked for one year. */
const OPEN_SERIES_DAYS = 364;
/** How far after a conflicting date the next free slot is looked for. */
const SLOT_SEARCH_DAYS = 14;
/** Rows that occupy their room. */
export const OCCUPYING: BookingStatus[] = ['requested', 'confirmed'];

const ISSUE_OF: Record<string, string> = {
	recurrence_time_order: 'rooms_booking_end_before_start',
	recurrence_end_before_start: 'rooms_booking_end_before_start',
	recurrence_no_occurrences: 'rooms_booking_no_dates'
};

const NO_SUGGESTIONS: BookingSuggestions = { slots: [], rooms: [] };

function recurrenceOf(when: BookingWhen): Recurrence {
	if (when.kind === 'series') return when.recurrence;
	return {
		frequency: 'once',
		interval: 1,
		weekdays: [],
		weeksOfMonth: [],
		startDate: when.date,
		endDate: when.date,
		startTime: when.startTime,
		endTime: when.endTime,
		breaks: [],
		skipHolidays: false,
		exceptions: []
	};
}

/** Minutes since midnight of a wall time ('24:00' → 1440). */
function minutesOf(time: string): number {
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function timeOf(minutes: number): WallTime {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Whether the occurrence lies within the room's bookable hours of its weekday. */
export function withinHours(hours: BookableHours, occurrence: { start: Date; end: Date }): boolean {
	const start = instantToWall(occurrence.start);
	const end = instantToWall(occurrence.end);
	const open = hours[String(start.weekday) as keyof BookableHours];
	if (!open || end.date !== start.date) return false;
	return start.time >= open.from && (open.to === '24:00' || end.time <= open.to);
}

type PlanRoom = { id: string; name: string; capacity: number; bookableHours: BookableHours; active: boolean };

export async function federalStateOf(tx: Tx, tenantId: string): Promise<FederalState> {
	const [office] = await tx.select({ federalState: tenants.federalState }).from(tenants).where(eq(tenants.id, tenantId));
	return (office?.federalState ?? 'BE') as FederalState;
}

/** The checks of a request inside an open transaction; shared by planBooking, saveBooking and moveBooking. */
async function planIn(
	tx: Tx,
	actor: UserActor,
	booker: Booker,
	now: Date,
	request: BookingRequest,
	options: { excludeBookingId?: string; conflicts?: boolean } = {}
): Promise<BookingPlan & { room: PlanRoom }> {
	const issues: BookingIssue[] = [];
	const add = (issue: BookingIssue) => {
		if (!issues.some((known) => known.code === issue.code)) issues.push(issue);
	};
	// the room and the office's federal state (for its holidays) in one round trip
	const [found] = await tx
		.select({
			id: rooms.id,
			name: rooms.name,
			capacity: rooms.capacity,
			bookableHours: rooms.bookableHours,
			active: rooms.active,
			federalState: tenants.federalState
		})
		.from(rooms)
		.innerJoin(tenants, eq(tenants.id, rooms.tenantId))
		.where(and(eq(rooms.id, request.roomId), eq(rooms.tenantId, actor.tenantId)));
	if (!found) throw new AppError('not_found', 'room not found');
	const { federalState: state, ...room } = found;
	const federalState = state as FederalState;
	if (!room.active) add({ code: 'rooms_booking_room_inactive' });
	if (!request.title.trim()) add({ code: 'rooms_booking_title_missing' });
	if (!Number.isInteger(request.attendees) || request.attendees < 1) add({ code: 'rooms_booking_attendees_invalid' });
	else if (request.attendees > room.capacity) add({ code: 'rooms_booking_over_capacity', params: { capacity: room.capacity } });

	const rule = recurrenceOf(request.when);
	const today = instantToWall(now).date;
	for (const problem of validateRecurrence(rule, { federalState, today })) add({ code: ISSUE_OF[problem.code] ?? problem.code });

	let occurrences: PlannedOccurrence[] = [];
	if (!issues.some((issue) => issue.code.startsWith('recurrence_') || issue.code === 'rooms_booking_end_before_start')) {
		const last = rule.endDate ?? addDays(rule.startDate, OPEN_SERIES_DAYS);
		if (last > addDays(rule.startDate, MAX_SERIES_DAYS)) add({ code: 'rooms_booking_too_long' });
		else {
			const expanded = expand(rule, { from: rule.startDate, to: last, federalState });
			occurrences = expanded.map(({ date, start, end }) => ({ date, start, end }));
			// a time in the hour skipped when summer time begins (02:00–03:00) would silently become another time
			const skipped = expanded.filter((occurrence) => {
				const moved = occurrence.moved ? rule.exceptions.find((e) => e.kind === 'move' && e.date === occurrence.originalDate) : undefined;
				const times = moved && moved.kind === 'move' ? moved : rule;
				const wall = wallOf(occurrence.start, occurrence.end);
				return wall.startTime !== times.startTime || wall.endTime !== times.endTime;
			});
			if (skipped.length) add({ code: 'rooms_booking_dst_gap', dates: skipped.map((occurrence) => occurrence.date) });
		}
		if (!occurrences.length && !issues.some((issue) => issue.code === 'rooms_booking_too_long')) add({ code: 'rooms_booking_no_dates' });
	}
	const past = occurrences.filter((occurrence) => occurrence.start.getTime() < now.getTime()).map((occurrence) => occurrence.date);
	if (past.length) add({ code: 'rooms_booking_in_past', dates: past });
	const outside = occurrences.filter((occurrence) => !withinHours(room.bookableHours, occurrence)).map((occurrence) => occurrence.date);
	if (outside.length) add({ code: 'rooms_booking_outside_hours', dates: outside });

	// a plain save leaves the conflicts to the exclusion constraint (one probe less on the way; saveBooking names them if it refuses)
	const conflicts =
		occurrences.length && options.conflicts !== false
			? await conflictsIn(tx, actor, booker, room.id, occurrences, options.excludeBookingId)
			: [];
	const suggestions = conflicts.length
		? await suggest(tx, actor, {
				room,
				occurrences,
				conflicts,
				attendees: request.attendees,
				now,
				federalState,
				rule,
				excludeBookingId: options.excludeBookingId
			})
		: NO_SUGGESTIONS;
	return { room, occurrences, issues, conflicts, suggestions };
}

type Busy = { start: number; end: number };

function overlapsAny(busy: Busy[], start: number, end: number): boolean {
	return busy.some((interval) => interval.start < end && interval.end > start);
}

/**
 * What would work instead (ROOM-3): for every conflicting date the next free slot of the same
 * length in the same room (later that day, else the following days, the requested time preferred),
 * and the other active rooms large enough that are open and free on every requested date.
 */
async function suggest(
	tx: Tx,
	actor: UserActor,
	input: {
		room: PlanRoom;
		occurrences: PlannedOccurrence[];
		conflicts: BookingConflict[];
		attendees: number;
		now: Date;
		federalState: FederalState;
		rule: Recurrence;
		excludeBookingId?: string;
	}
): Promise<BookingSuggestions> {
	const { room, occurrences, conflicts, now } = input;
	const conflictDates = [...new Set(conflicts.map((conflict) => conflict.date))];
	const byDate = new Map(occurrences.map((occurrence) => [occurrence.date, occurrence]));

	// (a) the next free slot in the same room
	const firstDay = conflictDates[0]!;
	const lastDay = addDays(conflictDates[conflictDates.length - 1]!, SLOT_SEARCH_DAYS + 1);
	const existing = await tx
		.select({ id: roomBookings.id, startsAt: roomBookings.startsAt, endsAt: roomBookings.endsAt })
		.from(roomBookings)
		.where(
			and(
				eq(roomBookings.tenantId, actor.tenantId),
				eq(roomBookings.roomId, room.id),
				inArray(roomBookings.status, OCCUPYING),
				overlapping(wallTimeToInstant(firstDay, '00:00'), wallTimeToInstant(lastDay, '00:00')),
				input.excludeBookingId ? ne(roomBookings.id, input.excludeBookingId) : undefined
			)
		);
	const taken = new Set(conflictDates);
	// the request's own free dates will be booked with it: they count as busy
	const busy: Busy[] = [
		...existing.map((row) => ({ start: row.startsAt.getTime(), end: row.endsAt.getTime() })),
		...occurrences.filter((occurrence) => !taken.has(occurrence.date)).map((o) => ({ start: o.start.getTime(), end: o.end.getTime() }))
	];
	const slots: SlotSuggestion[] = [];
	for (const date of conflictDates) {
		const occurrence = byDate.get(date);
		if (!occurrence) continue;
		const wall = wallOf(occurrence.start, occurrence.end);
		const wanted = minutesOf(wall.startTime);
		const length = minutesOf(wall.endTime) - wanted;
		const slot = nextFreeSlot(room.bookableHours, busy, {
			date,
			wanted,
			length,
			now,
			skipHolidays: input.rule.skipHolidays,
			federalState: input.federalState
		});
		if (slot) {
			slots.push({ forDate: date, ...slot });
			busy.push({
				start: wallTimeToInstant(slot.date, slot.startTime).getTime(),
				end: wallTimeToInstant(slot.date, slot.endTime).getTime()
			});
		}
	}

	// (b) other rooms free on every requested date
	const candidates = (
		await tx
			.select({
				roomId: rooms.id,
				name: rooms.name,
				capacity: rooms.capacity,
				stepFree: rooms.stepFree,
				accessibleToilet: rooms.accessibleToilet,
				hearingLoop: rooms.hearingLoop,
				bookableHours: rooms.bookableHours
			})
			.from(rooms)
			.where(and(eq(rooms.tenantId, actor.tenantId), eq(rooms.active, true), ne(rooms.id, room.id)))
			.orderBy(asc(rooms.capacity), asc(rooms.name))
	).filter(
		(candidate) =>
			candidate.capacity >= Math.max(1, input.attendees || 1) &&
			occurrences.every((occurrence) => withinHours(candidate.bookableHours, occurrence))
	);
	let free: RoomSuggestion[] = [];
	if (candidates.length) {
		// which candidate rooms are taken at any requested date: one index probe per date, as for the conflicts
		const result = await tx.execute(sql`
			select distinct b.room_id as "roomId"
			from unnest(
				${isoArray(occurrences.map((o) => o.start))}::timestamptz[],
				${isoArray(occurrences.map((o) => o.end))}::timestamptz[],
				${isoArray(occurrences.map((o) => new Date(o.start.getTime() - LONGEST_BOOKING_MS)))}::timestamptz[]
			) as o(s, e, lo)
			cross join lateral (
				select r.room_id from room_bookings r
				where r.tenant_id = ${actor.tenantId} and r.room_id = any(${`{${candidates.map((c) => c.roomId).join(',')}}`}::uuid[])
					and r.starts_at > o.lo and r.starts_at < o.e and r.ends_at > o.s
					and r.status in ('requested', 'confirmed')
				offset 0
			) b`);
		const takenRooms = new Set(rowsOf<{ roomId: string }>(result).map((row) => row.roomId));
		free = candidates.filter((candidate) => !takenRooms.has(candidate.roomId)).map(({ bookableHours: _hours, ...candidate }) => candidate);
	}
	return { slots, rooms: free };
}

/** The first free start on the date (not before the wanted time), else the nearest to it on the following days. */
function nextFreeSlot(
	hours: BookableHours,
	busy: Busy[],
	input: { date: IsoDate; wanted: number; length: number; now: Date; skipHolidays: boolean; federalState: FederalState }
): { date: IsoDate; startTime: WallTime; endTime: WallTime } | null {
	for (let offset = 0; offset <= SLOT_SEARCH_DAYS; offset++) {
		const day = addDays(input.date, offset);
		if (offset > 0 && input.skipHolidays && isHoliday(day, input.federalState)) continue;
		const open = hours[String(weekdayOf(day)) as keyof BookableHours];
		if (!open) continue;
		const opens = minutesOf(open.from);
		const closes = minutesOf(open.to);
		const dayStart = wallTimeToInstant(day, '00:00').getTime();
		const dayEnd = wallTimeToInstant(addDays(day, 1), '00:00').getTime();
		// candidate starts: the wanted time, the opening, and the end of every booking that day
		const starts = new Set<number>([input.wanted, opens]);
		for (const interval of busy) {
			if (interval.end > dayStart && interval.end < dayEnd) starts.add(minutesOf(instantToWall(new Date(interval.end)).time));
		}
		let list = [...starts].filter((start) => start >= opens && start + input.length <= closes && start + input.length < 24 * 60);
		if (offset === 0) list = list.filter((start) => start >= input.wanted).sort((a, b) => a - b);
		else list.sort((a, b) => Math.abs(a - input.wanted) - Math.abs(b - input.wanted) || a - b);
		for (const start of list) {
			const startTime = timeOf(start);
			const endTime = timeOf(start + input.length);
			const from = wallTimeToInstant(day, startTime);
			const to = wallTimeToInstant(day, endTime);
			// a wall time that does not exist (the spring-forward hour) or a slot in the past is no suggestion
			if (instantToWall(from).time !== startTime || instantToWall(to).time !== endTime) continue;
			if (from.getTime() < input.now.getTime()) continue;
			if (!overlapsAny(busy, from.getTime(), to.getTime())) return { date: day, startTime, endTime };
		}
	}
	return null;
}

/** Every occurrence that overlaps a requested or confirmed booking of the room, with that booking. */
async function conflictsIn(
	tx: Tx,
	actor: UserActor,
	booker: Booker,
	roomId: string,
	occurrences: PlannedOccurrence[],
	excludeBookingId?: string
): Promise<BookingConflict[]> {
	// one index probe per occurrence (room, start within a day before) instead of reading every
	// booking of the room between the first and the last date: a year's series costs 52 short lookups
	// (the lateral subquery with OFFSET 0 keeps the planner from reading all of the room's rows once and filtering them)
	const result = await tx.execute(sql`
		select o.i::int as i, b.id, b.title, b."groupId", b.s, b.e
		from unnest(
			${isoArray(occurrences.map((o) => o.start))}::timestamptz[],
			${isoArray(occurrences.map((o) => o.end))}::timestamptz[],
			${isoArray(occurrences.map((o) => new Date(o.start.getTime() - LONGEST_BOOKING_MS)))}::timestamptz[]
		) with ordinality as o(s, e, lo, i)
		cross join lateral (
			select r.id, r.title, r.group_id as "groupId",
				(extract(epoch from r.starts_at) * 1000)::float8 as s, (extract(epoch from r.ends_at) * 1000)::float8 as e
			from room_bookings r
			where r.tenant_id = ${actor.tenantId} and r.room_id = ${roomId}
				and r.starts_at > o.lo and r.starts_at < o.e and r.ends_at > o.s
				and r.status in ('requested', 'confirmed')
				${excludeBookingId ? sql`and r.id <> ${excludeBookingId}` : sql``}
			offset 0
		) b
		order by o.i, b.s`);
	const rows = rowsOf<{ i: number; id: string; title: string; groupId: string | null; s: number | string; e: number | string }>(result);
	// a group contact learns that a date is taken, not by whom, unless it is her own group's booking
	const conflicts: BookingConflict[] = [];
	for (const row of rows) {
		const occurrence = occurrences[Number(row.i) - 1]!;
		conflicts.push({
			date: occurrence.date,
			start: occurrence.start,
			end: occurrence.end,
			bookingId: row.id,
			title: booker.seesTitles || (row.groupId && booker.ownGroups.has(row.groupId)) ? row.title : null,
			from: instantToWall(new Date(Number(row.s))).time,
			to: instantToWall(new Date(Number(row.e))).time
		});
	}
	return conflicts;
}

/** Who may book what: staff book directly (confirmed); a group contact requests for her own groups. */
export type Booker = { status: BookingStatus; seesTitles: boolean; ownGroups: Set<string>; staff: boolean };

/** What the actor may see of other bookings: titles (office people) or only her own groups' (group contacts). */
export async function viewerOf(db: Db, actor: UserActor): Promise<Booker> {
	const staff = can(actor.role, 'rooms.book');
	if (can(actor.role, 'groups.read')) return { status: staff ? 'confirmed' : 'requested', seesTitles: true, ownGroups: new Set(), staff };
	const mine = can(actor.role, 'rooms.request') ? await groupsOfContact(db, actor) : [];
	return { status: 'requested', seesTitles: false, ownGroups: new Set(mine.map((group) => group.id)), staff };
}

async function assertMayBook(db: Db, actor: UserActor, owner: BookingOwnerInput): Promise<Booker> {
	if (owner.kind === 'group') assertId(owner.groupId, 'group');
	if (can(actor.role, 'rooms.book')) return { status: 'confirmed', seesTitles: true, ownGroups: new Set(), staff: true };
	assertCan(actor, 'rooms.request');
	if (owner.kind !== 'group') throw new AppError('forbidden', 'group contacts request rooms for their group only');
	const mine = await groupsOfContact(db, actor);
	if (!mine.some((group) => group.id === owner.groupId)) throw new AppError('forbidden', 'not a contact person of this group');
	return { status: 'requested', seesTitles: false, ownGroups: new Set(mine.map((group) => group.id)), staff: false };
}

/**
 * Expands and checks a booking request without saving it: the occurrences, the problems (message
 * keys, with the dates concerned), the conflicts with existing bookings, each with its date, and
 * what would work instead.
 */
export async function planBooking({ db, actor, now = new Date() }: RoomContext, request: BookingRequest): Promise<BookingPlan> {
	assertCan(actor, 'rooms.read');
	assertId(request.roomId, 'room');
	const booker = await assertMayBook(db, actor, request.owner);
	const { occurrences, issues, conflicts, suggestions } = await inScope(db, tenantScope(actor), (tx) =>
		planIn(tx, actor, booker, now, request)
	);
	return { occurrences, issues, conflicts, suggestions };
}

/** A PostgreSQL array literal of instants, to pass many dates as one parameter. */
function isoArray(values: Date[]): string {
	return `{${values.map((value) => value.toISOString()).join(',')}}`;
}

/** SQLSTATE 23P01: the exclusion constraint refused an overlapping booking. */
export function isExclusionViolation(error: unknown): boolean {
	for (let current = error; current; current = (current as { cause?: unknown }).cause) {
		if ((current as { code?: unknown }).code === '23P01') return true;
	}
	return false;
}

/**
 * Saves a request as one row per occurrence, all or nothing, in one transaction. Problems refuse it
 * (`invalid`, with `details.issues`); conflicts refuse it (`conflict`, with `details.conflicts` and
 * `details.suggestions`) unless `skipConflicts`, which looks them up first and saves only the free
 * dates. Without it the insert goes straight to the exclusion constraint (the form's "Prüfen" has
 * shown the conflicts already); when the constraint refuses, the conflicts are looked up and reported
 * the same way — also those of a request that took a date meanwhile. A group
 * contact's request is e-mailed to the group's contact persons and to the office.
 */
export async function saveBooking(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY }: RoomContext,
	request: BookingRequest,
	options: { skipConflicts?: boolean } = {}
): Promise<{ seriesId: string; saved: IsoDate[]; skipped: IsoDate[] }> {
	assertId(request.roomId, 'room');
	const booker = await assertMayBook(db, actor, request.owner);
	const status = booker.status;
	const seriesId = randomUUID();
	const note = (request.note ?? '').trim().slice(0, 2000);
	try {
		return await inScope(db, tenantScope(actor), async (tx) => {
			const plan = await planIn(tx, actor, booker, now, request, { conflicts: Boolean(options.skipConflicts) });
			if (plan.issues.length) throw new AppError('invalid', 'booking invalid', { issues: plan.issues });
			if (request.owner.kind === 'group') {
				const [group] = await tx
					.select({ id: groups.id })
					.from(groups)
					.where(and(eq(groups.id, request.owner.groupId), eq(groups.tenantId, actor.tenantId)));
				if (!group) throw new AppError('not_found', 'group not found');
			}
			const taken = new Set(plan.conflicts.map((conflict) => conflict.date));
			if (taken.size && !options.skipConflicts) throw conflictError(plan.conflicts, plan.suggestions);
			const free = plan.occurrences.filter((occurrence) => !taken.has(occurrence.date));
			if (!free.length) throw conflictError(plan.conflicts, plan.suggestions);
			const saved = free.map((occurrence) => occurrence.date);
			const skipped = [...taken];
			const audit = auditInsert(
				tx,
				actor,
				{
					tenantId: actor.tenantId,
					action: 'create',
					entity: 'room_booking',
					entityId: seriesId,
					changes: { roomId: request.roomId, ownerKind: request.owner.kind, status, dates: saved, skipped }
				},
				requestId
			);
			// the dates and the audit entry in one statement (one round trip; the constraint refuses both or neither);
			// the dates travel as two arrays, a dozen parameters instead of fifteen per row
			await tx.execute(sql`
				with booked as (
					insert into room_bookings (tenant_id, room_id, series_id, owner_kind, group_id, title, status, starts_at, ends_at,
						attendees, note, created_by, created_at, updated_at)
					select ${actor.tenantId}::uuid, ${request.roomId}::uuid, ${seriesId}::uuid, ${request.owner.kind}::text,
						${request.owner.kind === 'group' ? request.owner.groupId : null}::uuid, ${request.title.trim()}::text, ${status}::text, o.s, o.e,
						${request.attendees}::int, ${note}::text, ${actor.userId}::uuid, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
					from unnest(${isoArray(free.map((o) => o.start))}::timestamptz[], ${isoArray(free.map((o) => o.end))}::timestamptz[]) as o(s, e)
				)
				${audit.getSQL()}`);
			// a group's request is confirmed to its contact persons and announced to the office; a booking by staff is confirmed
			if (request.owner.kind === 'group') {
				const base = {
					tenantId: actor.tenantId,
					groupId: request.owner.groupId,
					roomName: plan.room.name,
					occurrences: free.map((occurrence) => ({ startsAt: occurrence.start, endsAt: occurrence.end }))
				};
				await mailBookingEvent(tx, mail, status === 'requested' ? { ...base, kind: 'requested', note } : { ...base, kind: 'approved' });
			}
			return { seriesId, saved, skipped };
		});
	} catch (error) {
		if (!isExclusionViolation(error)) throw error;
		// a date is taken (the constraint refused the insert; or another request took it between our check and
		// our insert): name every conflicting date, with what would work instead
		const plan = await inScope(db, tenantScope(actor), (tx) => planIn(tx, actor, booker, now, request));
		throw conflictError(plan.conflicts, plan.suggestions, plan.occurrences);
	}
}

export function conflictError(
	conflicts: BookingConflict[],
	suggestions: BookingSuggestions = NO_SUGGESTIONS,
	fallback: PlannedOccurrence[] = []
): AppError {
	const dates = [...new Set((conflicts.length ? conflicts : fallback).map((item) => item.date))];
	return new AppError('conflict', 'room already booked', { code: 'rooms_booking_conflict', dates, conflicts, suggestions });
}

/**
 * Moves one date of a booking to another date or time (staff). It is checked like a new booking of
 * one date (in the past, outside the hours, other bookings); the constraint refuses what slips
 * through. The group's contact persons learn the new date.
 */
export async function moveBooking(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY }: RoomContext,
	bookingId: string,
	to: { date: IsoDate; startTime: WallTime; endTime: WallTime }
): Promise<{ date: IsoDate; startTime: WallTime; endTime: WallTime }> {
	assertCan(actor, 'rooms.book');
	assertId(bookingId, 'booking');
	const issues: Record<string, string> = {};
	if (!isIsoDate(to.date)) issues.date = 'rooms_booking_date_invalid';
	if (!isWallTime(to.startTime)) issues.startTime = 'rooms_booking_time_invalid';
	if (!isWallTime(to.endTime)) issues.endTime = 'rooms_booking_time_invalid';
	if (Object.keys(issues).length) throw new AppError('invalid', 'move invalid', { issues });
	const booker: Booker = { status: 'confirmed', seesTitles: true, ownGroups: new Set(), staff: true };
	const run = () =>
		inScope(db, tenantScope(actor), async (tx) => {
			const [row] = await tx
				.select({
					id: roomBookings.id,
					roomId: roomBookings.roomId,
					title: roomBookings.title,
					ownerKind: roomBookings.ownerKind,
					groupId: roomBookings.groupId,
					status: roomBookings.status,
					attendees: roomBookings.attendees,
					startsAt: roomBookings.startsAt,
					endsAt: roomBookings.endsAt
				})
				.from(roomBookings)
				.where(and(eq(roomBookings.id, bookingId), eq(roomBookings.tenantId, actor.tenantId)))
				.for('update');
			if (!row) throw new AppError('not_found', 'booking not found');
			if (!OCCUPYING.includes(row.status as BookingStatus))
				throw new AppError('conflict', 'booking not active', { code: 'rooms_booking_not_active' });
			const request: BookingRequest = {
				roomId: row.roomId,
				when: { kind: 'once', ...to },
				owner: row.groupId ? { kind: 'group', groupId: row.groupId } : { kind: row.ownerKind as 'event' | 'internal' },
				title: row.title,
				attendees: row.attendees
			};
			const plan = await planIn(tx, actor, booker, now, request, { excludeBookingId: bookingId });
			if (plan.issues.length) throw new AppError('invalid', 'booking invalid', { issues: plan.issues });
			if (plan.conflicts.length) throw conflictError(plan.conflicts, plan.suggestions);
			const occurrence = plan.occurrences[0]!;
			const before = wallOf(row.startsAt, row.endsAt);
			await tx
				.update(roomBookings)
				.set({ startsAt: occurrence.start, endsAt: occurrence.end, remindedAt: null, updatedAt: now })
				.where(eq(roomBookings.id, bookingId));
			await recordAudit(
				tx,
				actor,
				{
					tenantId: actor.tenantId,
					action: 'update',
					entity: 'room_booking',
					entityId: bookingId,
					changes: { date: [before.date, to.date], startTime: [before.startTime, to.startTime], endTime: [before.endTime, to.endTime] }
				},
				requestId
			);
			if (row.groupId)
				await mailBookingEvent(tx, mail, {
					kind: 'moved',
					tenantId: actor.tenantId,
					groupId: row.groupId,
					roomName: plan.room.name,
					occurrences: [{ startsAt: occurrence.start, endsAt: occurrence.end }],
					previous: { startsAt: row.startsAt, endsAt: row.endsAt }
				});
			return { date: occurrence.date, startTime: to.startTime, endTime: to.endTime };
		});
	try {
		return await run();
	} catch (error) {
		if (!isExclusionViolation(error)) throw error;
		throw new AppError('conflict', 'room already booked', {
			code: 'rooms_booking_conflict',
			dates: [to.date],
			conflicts: [],
			suggestions: NO_SUGGESTIONS
		});
	}
}
