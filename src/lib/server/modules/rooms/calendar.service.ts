/**
 * Reading the bookings (ROOM-4): the calendar's day, week and month views, "what is free on
 * Tuesday evening for 12 people?", and the .ics feeds per room and per group. All read the stored
 * occurrences directly (ADR 0022) and give Europe/Berlin wall times.
 */
import { and, asc, eq, gt, gte, inArray } from 'drizzle-orm';
import { m } from '#lib/paraglide/messages.js';
import type { Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { users } from '../accounts/accounts.table.js';
import { groups } from '../groups/groups.table.js';
import { assertContactOf } from '../groups/contacts.service.js';
import { writeCalendar, type ICalEvent } from '../../../ical/index.js';
import {
	addDays,
	holidayName,
	instantToWall,
	isIsoDate,
	isWallTime,
	wallTimeToInstant,
	weekdayOf,
	type IsoDate,
	type WallTime
} from '../../../recurrence/index.js';
import { roomBookings, rooms, type BookableHours, type BookingOwner } from './rooms.table.js';
import { overlapping, tenantScope, wallOf, type RoomContext } from './rooms.common.js';
import { federalStateOf, OCCUPYING, viewerOf, withinHours } from './bookings.service.js';

export type CalendarEntry = {
	bookingId: string;
	seriesId: string;
	roomId: string;
	roomName: string;
	/** null: a group contact may not see whose booking it is; show "belegt" (m.rooms_booking_taken) */
	title: string | null;
	ownerKind: BookingOwner;
	/** null when hidden */
	groupId: string | null;
	status: 'requested' | 'confirmed';
	date: IsoDate;
	startTime: WallTime;
	endTime: WallTime;
	startsAt: Date;
	endsAt: Date;
};

/** The longest period one calendar query covers (a month view with its leading and trailing days). */
export const MAX_CALENDAR_DAYS = 62;

/**
 * The requested and confirmed bookings from `from` to `to` (both inclusive, Berlin dates), of one
 * room or all, ordered by start and room. A group contact sees "belegt" for other groups' bookings.
 */
export async function bookingsBetween(
	{ db, actor }: RoomContext,
	range: { from: IsoDate; to: IsoDate; roomId?: string }
): Promise<CalendarEntry[]> {
	assertCan(actor, 'rooms.read');
	if (!isIsoDate(range.from) || !isIsoDate(range.to) || range.to < range.from)
		throw new AppError('invalid', 'range invalid', { issues: { datum: 'rooms_booking_date_invalid' } });
	if (range.to > addDays(range.from, MAX_CALENDAR_DAYS))
		throw new AppError('invalid', 'range too long', { issues: { datum: 'rooms_booking_range_too_long' } });
	if (range.roomId !== undefined) assertId(range.roomId, 'room');
	const viewer = await viewerOf(db, actor);
	const rows = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({
				bookingId: roomBookings.id,
				seriesId: roomBookings.seriesId,
				roomId: roomBookings.roomId,
				roomName: rooms.name,
				title: roomBookings.title,
				ownerKind: roomBookings.ownerKind,
				groupId: roomBookings.groupId,
				status: roomBookings.status,
				startsAt: roomBookings.startsAt,
				endsAt: roomBookings.endsAt
			})
			.from(roomBookings)
			.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.where(
				and(
					eq(roomBookings.tenantId, actor.tenantId),
					inArray(roomBookings.status, OCCUPYING),
					overlapping(wallTimeToInstant(range.from, '00:00'), wallTimeToInstant(addDays(range.to, 1), '00:00')),
					range.roomId ? eq(roomBookings.roomId, range.roomId) : undefined
				)
			)
			.orderBy(asc(roomBookings.startsAt), asc(rooms.name), asc(roomBookings.id))
	);
	return rows.map((row) => {
		const sees = viewer.seesTitles || (!!row.groupId && viewer.ownGroups.has(row.groupId));
		return {
			...row,
			title: sees ? row.title : null,
			groupId: sees ? row.groupId : null,
			ownerKind: row.ownerKind as BookingOwner,
			status: row.status as 'requested' | 'confirmed',
			...wallOf(row.startsAt, row.endsAt)
		};
	});
}

export type FreeDate = { date: IsoDate; free: boolean; holiday: string | null };

export type FreeRoom = {
	roomId: string;
	name: string;
	capacity: number;
	stepFree: boolean;
	accessibleToilet: boolean;
	hearingLoop: boolean;
	equipment: string[];
	dates: FreeDate[];
	freeCount: number;
};

export type FreeRoomQuery = {
	/** ISO weekday, 1 = Monday … 7 = Sunday */
	weekday: number;
	startTime: WallTime;
	endTime: WallTime;
	attendees: number;
	/** how many coming dates on that weekday (8 unless given; 1 to 26) */
	weeks?: number;
	/** the first day to look at (today unless given) */
	from?: IsoDate;
};

function checkTimes(issues: Record<string, string>, startTime: unknown, endTime: unknown, attendees: unknown) {
	if (!isWallTime(startTime)) issues.startTime = 'rooms_free_time_invalid';
	if (!isWallTime(endTime)) issues.endTime = 'rooms_free_time_invalid';
	else if (isWallTime(startTime) && endTime <= startTime) issues.endTime = 'rooms_free_end_before_start';
	if (!Number.isInteger(attendees) || (attendees as number) < 1 || (attendees as number) > 10000)
		issues.attendees = 'rooms_free_attendees_invalid';
}

/**
 * "What is free on Tuesday evening for 12 people?": every active room large enough whose hours
 * cover the time on that weekday, with the next `weeks` dates on that weekday and whether the room
 * is free on each. Rooms free most often come first, then the smallest that fits.
 */
export async function findFreeRooms(ctx: RoomContext, query: FreeRoomQuery): Promise<FreeRoom[]> {
	assertCan(ctx.actor, 'rooms.read');
	const weeks = query.weeks ?? 8;
	const issues: Record<string, string> = {};
	if (!Number.isInteger(query.weekday) || query.weekday < 1 || query.weekday > 7) issues.weekday = 'rooms_free_weekday_invalid';
	checkTimes(issues, query.startTime, query.endTime, query.attendees);
	if (!Number.isInteger(weeks) || weeks < 1 || weeks > 26) issues.weeks = 'rooms_free_weeks_invalid';
	if (query.from !== undefined && !isIsoDate(query.from)) issues.from = 'rooms_free_date_invalid';
	if (Object.keys(issues).length) throw new AppError('invalid', 'free room search invalid', { issues });
	const now = ctx.now ?? new Date();
	const today = instantToWall(now).date;
	let day = query.from && query.from > today ? query.from : today;
	while (weekdayOf(day) !== query.weekday) day = addDays(day, 1);
	const dates: IsoDate[] = [];
	for (; dates.length < weeks; day = addDays(day, 7)) {
		if (wallTimeToInstant(day, query.startTime).getTime() >= now.getTime()) dates.push(day);
	}
	return freeRoomsOn(ctx, dates, query);
}

/** The rooms large enough that are open and free on one date at that time, smallest first. */
export async function findFreeRoomsOn(
	ctx: RoomContext,
	query: { date: IsoDate; startTime: WallTime; endTime: WallTime; attendees: number }
): Promise<FreeRoom[]> {
	assertCan(ctx.actor, 'rooms.read');
	const issues: Record<string, string> = {};
	if (!isIsoDate(query.date)) issues.date = 'rooms_free_date_invalid';
	checkTimes(issues, query.startTime, query.endTime, query.attendees);
	if (Object.keys(issues).length) throw new AppError('invalid', 'free room search invalid', { issues });
	return (await freeRoomsOn(ctx, [query.date], query)).filter((room) => room.freeCount > 0);
}

async function freeRoomsOn(
	{ db, actor }: RoomContext,
	dates: IsoDate[],
	query: { startTime: WallTime; endTime: WallTime; attendees: number }
): Promise<FreeRoom[]> {
	const spans = dates.map((date) => ({
		date,
		start: wallTimeToInstant(date, query.startTime),
		end: wallTimeToInstant(date, query.endTime)
	}));
	return inScope(db, tenantScope(actor), async (tx) => {
		const federalState = await federalStateOf(tx, actor.tenantId);
		const candidates = (
			await tx
				.select({
					roomId: rooms.id,
					name: rooms.name,
					capacity: rooms.capacity,
					stepFree: rooms.stepFree,
					accessibleToilet: rooms.accessibleToilet,
					hearingLoop: rooms.hearingLoop,
					equipment: rooms.equipment,
					bookableHours: rooms.bookableHours
				})
				.from(rooms)
				.where(and(eq(rooms.tenantId, actor.tenantId), eq(rooms.active, true), gte(rooms.capacity, query.attendees)))
		).filter((room) => spans.every((span) => withinHours(room.bookableHours as BookableHours, span)));
		if (!candidates.length || !spans.length) return [];
		const busy = await tx
			.select({ roomId: roomBookings.roomId, startsAt: roomBookings.startsAt, endsAt: roomBookings.endsAt })
			.from(roomBookings)
			.where(
				and(
					eq(roomBookings.tenantId, actor.tenantId),
					inArray(
						roomBookings.roomId,
						candidates.map((room) => room.roomId)
					),
					inArray(roomBookings.status, OCCUPYING),
					overlapping(spans[0]!.start, spans[spans.length - 1]!.end)
				)
			);
		const result = candidates.map(({ bookableHours: _hours, ...room }) => {
			const mine = busy.filter((row) => row.roomId === room.roomId);
			const free = spans.map((span) => ({
				date: span.date,
				free: !mine.some((row) => row.startsAt < span.end && row.endsAt > span.start),
				holiday: holidayName(span.date, federalState) ?? null
			}));
			return { ...room, dates: free, freeCount: free.filter((date) => date.free).length };
		});
		return result.sort((a, b) => b.freeCount - a.freeCount || a.capacity - b.capacity || a.name.localeCompare(b.name, 'de'));
	});
}

// ---------------------------------------------------------------------------------------------
// .ics feeds

/** How far back a feed reaches; the future is every stored date (at most two years). */
const FEED_PAST_DAYS = 90;

function fileSlug(name: string): string {
	const slug = name
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return slug || 'raum';
}

type FeedRow = {
	id: string;
	roomName: string;
	title: string;
	groupId: string | null;
	status: string;
	startsAt: Date;
	endsAt: Date;
	updatedAt: Date;
};

function feedEvent(row: FeedRow, summary: string, locale: 'de' | 'en'): ICalEvent {
	const wall = wallOf(row.startsAt, row.endsAt);
	return {
		uid: `room-booking-${row.id}@treffpunkt`,
		start: { date: wall.date, time: wall.startTime },
		end: { date: instantToWall(row.endsAt).date, time: wall.endTime },
		summary,
		location: row.roomName,
		status: row.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE',
		...(row.status === 'requested' ? { description: m.rooms_ics_requested({}, { locale }) } : {}),
		lastModified: row.updatedAt
	};
}

/** The occupying bookings of one room or one group from FEED_PAST_DAYS ago on, with their room's name. */
async function feedRows(tx: Tx, tenantId: string, of: { roomId: string } | { groupId: string }, now: Date): Promise<FeedRow[]> {
	return tx
		.select({
			id: roomBookings.id,
			roomName: rooms.name,
			title: roomBookings.title,
			groupId: roomBookings.groupId,
			status: roomBookings.status,
			startsAt: roomBookings.startsAt,
			endsAt: roomBookings.endsAt,
			updatedAt: roomBookings.updatedAt
		})
		.from(roomBookings)
		.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
		.where(
			and(
				eq(roomBookings.tenantId, tenantId),
				'roomId' in of ? eq(roomBookings.roomId, of.roomId) : eq(roomBookings.groupId, of.groupId),
				inArray(roomBookings.status, OCCUPYING),
				gt(roomBookings.startsAt, new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000))
			)
		)
		.orderBy(asc(roomBookings.startsAt));
}

/** A feed of bookings in the iCalendar form both feeds share (VTIMEZONE Europe/Berlin, refreshed hourly). */
function bookingFeed(input: {
	prodId: string;
	name: string;
	now: Date;
	rows: FeedRow[];
	summary: (row: FeedRow) => string;
	locale: 'de' | 'en';
}) {
	return writeCalendar({
		prodId: input.prodId,
		dtstamp: input.now,
		name: input.name,
		timezone: 'Europe/Berlin',
		refreshInterval: 'PT1H',
		events: input.rows.map((row) => feedEvent(row, input.summary(row), input.locale))
	});
}

/**
 * The room's bookings as an iCalendar feed (RFC 5545, VTIMEZONE Europe/Berlin, one event per
 * date; requested dates TENTATIVE, cancelled and declined ones left out). A group contact sees
 * "belegt" for other groups' bookings, as in the calendar.
 */
export async function roomCalendar(
	{ db, actor, now = new Date() }: RoomContext,
	roomId: string
): Promise<{ filename: string; body: string }> {
	assertCan(actor, 'rooms.read');
	assertId(roomId, 'room');
	const viewer = await viewerOf(db, actor);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [room] = await tx
			.select({ name: rooms.name })
			.from(rooms)
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)));
		if (!room) throw new AppError('not_found', 'room not found');
		const locale = await localeOf(tx, actor.userId);
		const taken = m.rooms_booking_taken({}, { locale });
		const body = bookingFeed({
			prodId: '-//Treffpunkt//Raumbelegung//DE',
			name: m.rooms_ics_room_name({ room: room.name }, { locale }),
			now,
			locale,
			rows: await feedRows(tx, actor.tenantId, { roomId }, now),
			summary: (row) => (viewer.seesTitles || (!!row.groupId && viewer.ownGroups.has(row.groupId)) ? row.title : taken)
		});
		return { filename: `belegung-${fileSlug(room.name)}.ics`, body };
	});
}

/** The group's room bookings as an iCalendar feed: for the office and the group's contact persons. */
export async function groupRoomCalendar(
	{ db, actor, now = new Date() }: RoomContext,
	groupId: string
): Promise<{ filename: string; body: string }> {
	assertCan(actor, 'rooms.read');
	assertId(groupId, 'group');
	if (!can(actor.role, 'groups.read')) await assertContactOf(db, actor, groupId);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [group] = await tx
			.select({ name: groups.name })
			.from(groups)
			.where(and(eq(groups.id, groupId), eq(groups.tenantId, actor.tenantId)));
		if (!group) throw new AppError('not_found', 'group not found');
		const locale = await localeOf(tx, actor.userId);
		const body = bookingFeed({
			prodId: '-//Treffpunkt//Raumbuchungen//DE',
			name: m.rooms_ics_group_name({ group: group.name }, { locale }),
			now,
			locale,
			rows: await feedRows(tx, actor.tenantId, { groupId }, now),
			summary: (row) => row.title
		});
		return { filename: `raumbuchungen-${fileSlug(group.name)}.ics`, body };
	});
}

async function localeOf(tx: Tx, userId: string): Promise<'de' | 'en'> {
	const [me] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
	return me?.locale === 'en' ? 'en' : 'de';
}
