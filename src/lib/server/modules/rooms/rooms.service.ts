/**
 * Rooms and room bookings (ROOM-1 … ROOM-3). A booking request (one date or a recurrence) is
 * expanded into concrete occurrences in Europe/Berlin wall time, checked, and saved as one row per
 * occurrence. The database's exclusion constraint is what guarantees "never booked twice"; the
 * checks here only explain the problem before it happens (ADR 0022).
 */
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { recordAudit, diff } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { groups } from '../groups/groups.table.js';
import { groupsOfContact } from '../groups/contacts.service.js';
import type { UserActor } from '../groups/groups.service.js';
import {
	addDays,
	expand,
	instantToWall,
	isWallTime,
	validateRecurrence,
	type FederalState,
	type IsoDate,
	type Recurrence,
	type WallTime
} from '../../../recurrence/index.js';
import { DEFAULT_BOOKABLE_HOURS, roomBookings, rooms, type BookableHours, type BookingOwner, type BookingStatus } from './rooms.table.js';

export type RoomContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };

/** What the room form edits. */
export type RoomInput = {
	name: string;
	capacity: number;
	stepFree: boolean;
	accessibleToilet: boolean;
	hearingLoop: boolean;
	equipment: string[];
	bookableHours: BookableHours;
	rules: string;
	fee: string;
	active: boolean;
};

export type RoomRow = RoomInput & { id: string; updatedAt: Date };

const ROOM_COLUMNS = {
	id: rooms.id,
	name: rooms.name,
	capacity: rooms.capacity,
	stepFree: rooms.stepFree,
	accessibleToilet: rooms.accessibleToilet,
	hearingLoop: rooms.hearingLoop,
	equipment: rooms.equipment,
	bookableHours: rooms.bookableHours,
	rules: rooms.rules,
	fee: rooms.fee,
	active: rooms.active,
	updatedAt: rooms.updatedAt
};

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** A new room's record with the defaults (09:00–22:00 every day, active). */
export function emptyRoomInput(name: string, capacity: number): RoomInput {
	return {
		name,
		capacity,
		stepFree: false,
		accessibleToilet: false,
		hearingLoop: false,
		equipment: [],
		bookableHours: DEFAULT_BOOKABLE_HOURS,
		rules: '',
		fee: '',
		active: true
	};
}

/** Field → message key for everything wrong with a room record. */
export function roomIssues(input: Partial<RoomInput>): Record<string, string> {
	const issues: Record<string, string> = {};
	if (input.name !== undefined && !input.name.trim()) issues.name = 'rooms_name_missing';
	if (input.capacity !== undefined && !(Number.isInteger(input.capacity) && input.capacity > 0 && input.capacity <= 10000))
		issues.capacity = 'rooms_capacity_invalid';
	if (input.bookableHours !== undefined) {
		for (const [day, hours] of Object.entries(input.bookableHours)) {
			const ok =
				/^[1-7]$/.test(day) && hours && isWallTime(hours.from) && (isWallTime(hours.to) || hours.to === '24:00') && hours.from < hours.to;
			if (!ok) issues.bookableHours = 'rooms_hours_invalid';
		}
	}
	return issues;
}

function cleanRoom<T extends Partial<RoomInput>>(input: T): T {
	return {
		...input,
		...(input.name !== undefined ? { name: input.name.trim() } : {}),
		...(input.equipment !== undefined ? { equipment: input.equipment.map((item) => item.trim()).filter(Boolean) } : {})
	};
}

export async function createRoom({ db, actor, now = new Date(), requestId }: RoomContext, input: RoomInput): Promise<string> {
	assertCan(actor, 'rooms.edit');
	const issues = roomIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'room invalid', { issues });
	const values = cleanRoom(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.insert(rooms)
			.values({ ...values, tenantId: actor.tenantId, createdAt: now, updatedAt: now })
			.returning({ id: rooms.id });
		const id = row?.id ?? '';
		await recordAudit(tx, actor, { tenantId: actor.tenantId, action: 'create', entity: 'room', entityId: id, changes: values }, requestId);
		return id;
	});
}

/** Changes a room; only the given fields. Returns the names of the fields that changed. */
export async function updateRoom(
	{ db, actor, now = new Date(), requestId }: RoomContext,
	roomId: string,
	input: Partial<RoomInput>
): Promise<{ changed: string[] }> {
	assertCan(actor, 'rooms.edit');
	assertId(roomId, 'room');
	const issues = roomIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'room invalid', { issues });
	const values = cleanRoom(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [before] = await tx
			.select(ROOM_COLUMNS)
			.from(rooms)
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)))
			.for('update');
		if (!before) throw new AppError('not_found', 'room not found');
		const changes = diff(before as Record<string, unknown>, values);
		if (!Object.keys(changes).length) return { changed: [] };
		await tx
			.update(rooms)
			.set({ ...values, updatedAt: now })
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)));
		await recordAudit(tx, actor, { tenantId: actor.tenantId, action: 'update', entity: 'room', entityId: roomId, changes }, requestId);
		return { changed: Object.keys(changes) };
	});
}

/** The office's rooms by name; inactive ones only when asked. */
export async function listRooms({ db, actor }: RoomContext, options: { includeInactive?: boolean } = {}): Promise<RoomRow[]> {
	assertCan(actor, 'rooms.read');
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select(ROOM_COLUMNS)
			.from(rooms)
			.where(and(eq(rooms.tenantId, actor.tenantId), options.includeInactive ? undefined : eq(rooms.active, true)))
			.orderBy(asc(rooms.name), asc(rooms.id))
	);
}

// ---------------------------------------------------------------------------------------------
// Bookings

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

export type BookingPlan = { occurrences: PlannedOccurrence[]; issues: BookingIssue[]; conflicts: BookingConflict[] };

/** A series is booked for at most this long (the recurrence engine's own horizon is two years). */
const MAX_SERIES_DAYS = 730;
/** An open-ended series is booked for one year. */
const OPEN_SERIES_DAYS = 364;

const ISSUE_OF: Record<string, string> = {
	recurrence_time_order: 'rooms_booking_end_before_start',
	recurrence_end_before_start: 'rooms_booking_end_before_start',
	recurrence_no_occurrences: 'rooms_booking_no_dates'
};

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

/** Whether the occurrence lies within the room's bookable hours of its weekday. */
function withinHours(hours: BookableHours, occurrence: PlannedOccurrence): boolean {
	const start = instantToWall(occurrence.start);
	const end = instantToWall(occurrence.end);
	const open = hours[String(start.weekday) as keyof BookableHours];
	if (!open || end.date !== start.date) return false;
	return start.time >= open.from && (open.to === '24:00' || end.time <= open.to);
}

type PlanRoom = { id: string; capacity: number; bookableHours: BookableHours; active: boolean };

/** The checks of a request inside an open transaction; shared by planBooking and saveBooking. */
async function planIn(
	tx: Tx,
	actor: UserActor,
	booker: Booker,
	now: Date,
	request: BookingRequest
): Promise<BookingPlan & { room: PlanRoom | null }> {
	const issues: BookingIssue[] = [];
	const add = (issue: BookingIssue) => {
		if (!issues.some((known) => known.code === issue.code)) issues.push(issue);
	};
	const [room] = await tx
		.select({ id: rooms.id, capacity: rooms.capacity, bookableHours: rooms.bookableHours, active: rooms.active })
		.from(rooms)
		.where(and(eq(rooms.id, request.roomId), eq(rooms.tenantId, actor.tenantId)));
	if (!room) throw new AppError('not_found', 'room not found');
	if (!room.active) add({ code: 'rooms_booking_room_inactive' });
	if (!request.title.trim()) add({ code: 'rooms_booking_title_missing' });
	if (!Number.isInteger(request.attendees) || request.attendees < 1) add({ code: 'rooms_booking_attendees_invalid' });
	else if (request.attendees > room.capacity) add({ code: 'rooms_booking_over_capacity', params: { capacity: room.capacity } });

	const [office] = await tx.select({ federalState: tenants.federalState }).from(tenants).where(eq(tenants.id, actor.tenantId));
	const federalState = (office?.federalState ?? 'BE') as FederalState;
	const rule = recurrenceOf(request.when);
	const today = instantToWall(now).date;
	for (const problem of validateRecurrence(rule, { federalState, today })) add({ code: ISSUE_OF[problem.code] ?? problem.code });

	let occurrences: PlannedOccurrence[] = [];
	if (!issues.some((issue) => issue.code.startsWith('recurrence_') || issue.code === 'rooms_booking_end_before_start')) {
		const last = rule.endDate ?? addDays(rule.startDate, OPEN_SERIES_DAYS);
		if (last > addDays(rule.startDate, MAX_SERIES_DAYS)) add({ code: 'rooms_booking_too_long' });
		else occurrences = expand(rule, { from: rule.startDate, to: last, federalState }).map(({ date, start, end }) => ({ date, start, end }));
		if (!occurrences.length && !issues.some((issue) => issue.code === 'rooms_booking_too_long')) add({ code: 'rooms_booking_no_dates' });
	}
	const past = occurrences.filter((occurrence) => occurrence.start.getTime() < now.getTime()).map((occurrence) => occurrence.date);
	if (past.length) add({ code: 'rooms_booking_in_past', dates: past });
	const outside = occurrences.filter((occurrence) => !withinHours(room.bookableHours, occurrence)).map((occurrence) => occurrence.date);
	if (outside.length) add({ code: 'rooms_booking_outside_hours', dates: outside });

	const conflicts = occurrences.length ? await conflictsIn(tx, actor, booker, room.id, occurrences) : [];
	return { room, occurrences, issues, conflicts };
}

/** Every occurrence that overlaps a requested or confirmed booking of the room, with that booking. */
async function conflictsIn(
	tx: Tx,
	actor: UserActor,
	booker: Booker,
	roomId: string,
	occurrences: PlannedOccurrence[]
): Promise<BookingConflict[]> {
	const first = Math.min(...occurrences.map((occurrence) => occurrence.start.getTime()));
	const last = Math.max(...occurrences.map((occurrence) => occurrence.end.getTime()));
	const existing = await tx
		.select({
			id: roomBookings.id,
			title: roomBookings.title,
			groupId: roomBookings.groupId,
			startsAt: roomBookings.startsAt,
			endsAt: roomBookings.endsAt
		})
		.from(roomBookings)
		.where(
			and(
				eq(roomBookings.tenantId, actor.tenantId),
				eq(roomBookings.roomId, roomId),
				inArray(roomBookings.status, ['requested', 'confirmed']),
				lt(roomBookings.startsAt, new Date(last)),
				gt(roomBookings.endsAt, new Date(first))
			)
		)
		.orderBy(asc(roomBookings.startsAt));
	if (!existing.length) return [];
	// a group contact learns that a date is taken, not by whom, unless it is her own group's booking
	const conflicts: BookingConflict[] = [];
	for (const occurrence of occurrences) {
		for (const other of existing) {
			if (other.startsAt < occurrence.end && other.endsAt > occurrence.start) {
				conflicts.push({
					date: occurrence.date,
					start: occurrence.start,
					end: occurrence.end,
					bookingId: other.id,
					title: booker.seesTitles || (other.groupId && booker.ownGroups.has(other.groupId)) ? other.title : null,
					from: instantToWall(other.startsAt).time,
					to: instantToWall(other.endsAt).time
				});
			}
		}
	}
	return conflicts;
}

/** Who may book what: staff book directly (confirmed); a group contact requests for her own groups. */
type Booker = { status: BookingStatus; seesTitles: boolean; ownGroups: Set<string> };

async function assertMayBook(db: Db, actor: UserActor, owner: BookingOwnerInput): Promise<Booker> {
	if (owner.kind === 'group') assertId(owner.groupId, 'group');
	if (can(actor.role, 'rooms.book')) return { status: 'confirmed', seesTitles: true, ownGroups: new Set() };
	assertCan(actor, 'rooms.request');
	if (owner.kind !== 'group') throw new AppError('forbidden', 'group contacts request rooms for their group only');
	const mine = await groupsOfContact(db, actor);
	if (!mine.some((group) => group.id === owner.groupId)) throw new AppError('forbidden', 'not a contact person of this group');
	return { status: 'requested', seesTitles: false, ownGroups: new Set(mine.map((group) => group.id)) };
}

/**
 * Expands and checks a booking request without saving it: the occurrences, the problems (message
 * keys, with the dates concerned) and the conflicts with existing bookings, each with its date.
 */
export async function planBooking({ db, actor, now = new Date() }: RoomContext, request: BookingRequest): Promise<BookingPlan> {
	assertCan(actor, 'rooms.read');
	assertId(request.roomId, 'room');
	const booker = await assertMayBook(db, actor, request.owner);
	const { occurrences, issues, conflicts } = await inScope(db, tenantScope(actor), (tx) => planIn(tx, actor, booker, now, request));
	return { occurrences, issues, conflicts };
}

/** SQLSTATE 23P01: the exclusion constraint refused an overlapping booking. */
function isExclusionViolation(error: unknown): boolean {
	for (let current = error; current; current = (current as { cause?: unknown }).cause) {
		if ((current as { code?: unknown }).code === '23P01') return true;
	}
	return false;
}

/**
 * Saves a request as one row per occurrence, all or nothing, in one transaction. Problems refuse it
 * (`invalid`, with `details.issues`); conflicts refuse it (`conflict`, with `details.conflicts`)
 * unless `skipConflicts`, which saves only the free dates. A booking that another request took
 * meanwhile is refused by the database and reported the same way.
 */
export async function saveBooking(
	{ db, actor, now = new Date(), requestId }: RoomContext,
	request: BookingRequest,
	options: { skipConflicts?: boolean } = {}
): Promise<{ seriesId: string; saved: IsoDate[]; skipped: IsoDate[] }> {
	assertId(request.roomId, 'room');
	const booker = await assertMayBook(db, actor, request.owner);
	const status = booker.status;
	const seriesId = randomUUID();
	try {
		return await inScope(db, tenantScope(actor), async (tx) => {
			const plan = await planIn(tx, actor, booker, now, request);
			if (plan.issues.length) throw new AppError('invalid', 'booking invalid', { issues: plan.issues });
			if (request.owner.kind === 'group') {
				const [group] = await tx
					.select({ id: groups.id })
					.from(groups)
					.where(and(eq(groups.id, request.owner.groupId), eq(groups.tenantId, actor.tenantId)));
				if (!group) throw new AppError('not_found', 'group not found');
			}
			const taken = new Set(plan.conflicts.map((conflict) => conflict.date));
			if (taken.size && !options.skipConflicts) throw conflictError(plan.conflicts);
			const free = plan.occurrences.filter((occurrence) => !taken.has(occurrence.date));
			if (!free.length) throw conflictError(plan.conflicts);
			await tx.insert(roomBookings).values(
				free.map((occurrence) => ({
					tenantId: actor.tenantId,
					roomId: request.roomId,
					seriesId,
					ownerKind: request.owner.kind,
					groupId: request.owner.kind === 'group' ? request.owner.groupId : null,
					title: request.title.trim(),
					status,
					startsAt: occurrence.start,
					endsAt: occurrence.end,
					createdBy: actor.userId,
					createdAt: now
				}))
			);
			const saved = free.map((occurrence) => occurrence.date);
			const skipped = [...taken];
			await recordAudit(
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
			return { seriesId, saved, skipped };
		});
	} catch (error) {
		if (!isExclusionViolation(error)) throw error;
		// another request took one of the dates between our check and our insert: name them now
		const plan = await inScope(db, tenantScope(actor), (tx) => planIn(tx, actor, booker, now, request));
		throw conflictError(plan.conflicts, plan.occurrences);
	}
}

function conflictError(conflicts: BookingConflict[], fallback: PlannedOccurrence[] = []): AppError {
	const dates = [...new Set((conflicts.length ? conflicts : fallback).map((item) => item.date))];
	return new AppError('conflict', 'room already booked', { code: 'rooms_booking_conflict', dates, conflicts });
}
