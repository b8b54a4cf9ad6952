/**
 * Requests and decisions (ROOM-4): a group contact's request waits as `requested` rows (which
 * already block the room); staff approve it in one step or decline it with a reason; staff cancel
 * any booking, a group contact her own group's. Every decision is audited and e-mailed.
 */
import { and, asc, countDistinct, eq, gte, inArray, ne } from 'drizzle-orm';
import { inScope } from '../../db/scope.js';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { users } from '../accounts/accounts.table.js';
import { groups } from '../groups/groups.table.js';
import { assertContactOf, groupsOfContact } from '../groups/contacts.service.js';
import { instantToWall, wallTimeToInstant, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import { roomBookings, rooms, type BookingOwner, type BookingStatus } from './rooms.table.js';
import { STORE_ONLY, tenantScope, wallOf, type RoomContext } from './rooms.common.js';
import { OCCUPYING, viewerOf } from './bookings.service.js';
import { mailBookingEvent } from './rooms.mail.js';

export type RequestDate = { bookingId: string; date: IsoDate; startTime: WallTime; endTime: WallTime };

export type OpenRequest = {
	seriesId: string;
	roomId: string;
	roomName: string;
	groupId: string | null;
	groupName: string | null;
	title: string;
	attendees: number;
	note: string;
	/** the e-mail address of the account that asked */
	requestedBy: string | null;
	createdAt: Date;
	/** the dates still waiting for a decision, in order */
	dates: RequestDate[];
};

/** Requests waiting for staff, oldest first, each with all of its still requested dates. */
export async function listOpenRequests({ db, actor }: RoomContext): Promise<OpenRequest[]> {
	assertCan(actor, 'rooms.book');
	const rows = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({
				id: roomBookings.id,
				seriesId: roomBookings.seriesId,
				roomId: roomBookings.roomId,
				roomName: rooms.name,
				groupId: roomBookings.groupId,
				groupName: groups.name,
				title: roomBookings.title,
				attendees: roomBookings.attendees,
				note: roomBookings.note,
				requestedBy: users.email,
				createdAt: roomBookings.createdAt,
				startsAt: roomBookings.startsAt,
				endsAt: roomBookings.endsAt
			})
			.from(roomBookings)
			.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.leftJoin(groups, eq(groups.id, roomBookings.groupId))
			.leftJoin(users, eq(users.id, roomBookings.createdBy))
			.where(and(eq(roomBookings.tenantId, actor.tenantId), eq(roomBookings.status, 'requested')))
			.orderBy(asc(roomBookings.createdAt), asc(roomBookings.seriesId), asc(roomBookings.startsAt))
	);
	const bySeries = new Map<string, OpenRequest>();
	for (const row of rows) {
		let request = bySeries.get(row.seriesId);
		if (!request) {
			const { id: _id, startsAt: _s, endsAt: _e, ...rest } = row;
			request = { ...rest, dates: [] };
			bySeries.set(row.seriesId, request);
		}
		request.dates.push({ bookingId: row.id, ...wallOf(row.startsAt, row.endsAt) });
	}
	return [...bySeries.values()];
}

/** How many requests wait for a decision (the badge on the rooms page). */
export async function countOpenRequests({ db, actor }: RoomContext): Promise<number> {
	assertCan(actor, 'rooms.book');
	const [row] = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ n: countDistinct(roomBookings.seriesId) })
			.from(roomBookings)
			.where(and(eq(roomBookings.tenantId, actor.tenantId), eq(roomBookings.status, 'requested')))
	);
	return row?.n ?? 0;
}

/** What a decision or a cancellation returns of each changed row: enough for the audit and the e-mail. */
const CHANGED_ROWS = {
	id: roomBookings.id,
	roomId: roomBookings.roomId,
	groupId: roomBookings.groupId,
	startsAt: roomBookings.startsAt,
	endsAt: roomBookings.endsAt
};

/** Sorts the changed rows by time (the e-mail lists them so) and gives their Berlin dates. */
function datesInOrder(rows: { startsAt: Date }[]): IsoDate[] {
	rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	return rows.map((row) => instantToWall(row.startsAt).date);
}

async function roomNameOf(tx: Tx, roomId: string): Promise<string> {
	const [room] = await tx.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, roomId));
	return room?.name ?? '';
}

/**
 * Approves or declines every still requested date of a request. Declining needs a reason, which the
 * group's contact persons receive by e-mail; approving e-mails them every confirmed date.
 */
export async function decideRequest(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY }: RoomContext,
	seriesId: string,
	decision: { decision: 'approve' | 'decline'; reason?: string }
): Promise<{ dates: IsoDate[] }> {
	assertCan(actor, 'rooms.book');
	assertId(seriesId, 'request');
	const reason = (decision.reason ?? '').trim().slice(0, 2000);
	if (decision.decision !== 'approve' && decision.decision !== 'decline') throw new AppError('invalid', 'unknown decision');
	if (decision.decision === 'decline' && !reason)
		throw new AppError('invalid', 'reason missing', { issues: { reason: 'rooms_booking_reason_missing' } });
	const status: BookingStatus = decision.decision === 'approve' ? 'confirmed' : 'declined';
	return inScope(db, tenantScope(actor), async (tx) => {
		const rows = await tx
			.update(roomBookings)
			.set({ status, reason: status === 'declined' ? reason : '', decidedBy: actor.userId, decidedAt: now, updatedAt: now })
			.where(and(eq(roomBookings.tenantId, actor.tenantId), eq(roomBookings.seriesId, seriesId), eq(roomBookings.status, 'requested')))
			.returning(CHANGED_ROWS);
		if (!rows.length) throw new AppError('not_found', 'no open request', { code: 'rooms_booking_request_decided' });
		const dates = datesInOrder(rows);
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'room_booking',
				entityId: seriesId,
				changes: { status: ['requested', status], dates, ...(reason && status === 'declined' ? { reason } : {}) }
			},
			requestId
		);
		const groupId = rows[0]!.groupId;
		if (groupId) {
			const roomName = await roomNameOf(tx, rows[0]!.roomId);
			const base = { tenantId: actor.tenantId, groupId, roomName, occurrences: rows };
			await mailBookingEvent(tx, mail, status === 'confirmed' ? { ...base, kind: 'approved' } : { ...base, kind: 'declined', reason });
		}
		return { dates };
	});
}

/**
 * Cancels one date (`bookingId`) or every future date of a series (`seriesId`). Staff cancel any
 * booking (a group's only with a reason, which the group receives); a group contact cancels her
 * own group's requested or confirmed dates (the office is told).
 */
export async function cancelBooking(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY }: RoomContext,
	target: { seriesId: string } | { bookingId: string },
	reason: string
): Promise<{ dates: IsoDate[] }> {
	assertCan(actor, 'rooms.read');
	const staff = can(actor.role, 'rooms.book');
	if (!staff) assertCan(actor, 'rooms.request');
	const byBooking = 'bookingId' in target;
	const id = byBooking ? target.bookingId : target.seriesId;
	assertId(id, 'booking');
	const why = reason.trim().slice(0, 2000);
	const found = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ groupId: roomBookings.groupId, ownerKind: roomBookings.ownerKind })
			.from(roomBookings)
			.where(and(eq(roomBookings.tenantId, actor.tenantId), byBooking ? eq(roomBookings.id, id) : eq(roomBookings.seriesId, id)))
			.limit(1)
	);
	const first = found[0];
	if (!first) throw new AppError('not_found', 'booking not found');
	if (!staff) {
		if (!first.groupId) throw new AppError('forbidden', 'not a group booking');
		await assertContactOf(db, actor, first.groupId);
	} else if (first.groupId && !why) {
		throw new AppError('invalid', 'reason missing', { issues: { reason: 'rooms_booking_reason_missing' } });
	}
	return inScope(db, tenantScope(actor), async (tx) => {
		const rows = await tx
			.update(roomBookings)
			.set({ status: 'cancelled', reason: why, decidedBy: actor.userId, decidedAt: now, updatedAt: now })
			.where(
				and(
					eq(roomBookings.tenantId, actor.tenantId),
					byBooking ? eq(roomBookings.id, id) : eq(roomBookings.seriesId, id),
					inArray(roomBookings.status, OCCUPYING),
					// a series is cancelled from now on, its past dates stay as they were; a group contact cancels only coming dates
					byBooking && staff ? undefined : gte(roomBookings.startsAt, now)
				)
			)
			.returning(CHANGED_ROWS);
		if (!rows.length) throw new AppError('conflict', 'nothing to cancel', { code: 'rooms_booking_not_active' });
		const dates = datesInOrder(rows);
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'room_booking',
				entityId: id,
				changes: { status: 'cancelled', dates, ...(why ? { reason: why } : {}) }
			},
			requestId
		);
		if (first.groupId) {
			const roomName = await roomNameOf(tx, rows[0]!.roomId);
			await mailBookingEvent(tx, mail, {
				kind: 'cancelled',
				byGroup: !staff,
				reason: why,
				tenantId: actor.tenantId,
				groupId: first.groupId,
				roomName,
				occurrences: rows
			});
		}
		return { dates };
	});
}

export type SeriesDate = { bookingId: string; date: IsoDate; startTime: WallTime; endTime: WallTime; status: BookingStatus };

export type BookingDetail = {
	id: string;
	seriesId: string;
	roomId: string;
	roomName: string;
	ownerKind: BookingOwner;
	groupId: string | null;
	groupName: string | null;
	/** null: the actor may not see whose booking it is ("belegt") */
	title: string | null;
	status: BookingStatus;
	date: IsoDate;
	startTime: WallTime;
	endTime: WallTime;
	attendees: number;
	note: string;
	reason: string;
	decidedAt: Date | null;
	mayCancel: boolean;
	mayMove: boolean;
	/** every date of the series, in order (one entry for a single booking) */
	series: SeriesDate[];
};

/** One booking with its series, as far as the actor may see it. */
export async function getBooking({ db, actor, now = new Date() }: RoomContext, bookingId: string): Promise<BookingDetail> {
	assertCan(actor, 'rooms.read');
	assertId(bookingId, 'booking');
	const viewer = await viewerOf(db, actor);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.select({
				id: roomBookings.id,
				seriesId: roomBookings.seriesId,
				roomId: roomBookings.roomId,
				roomName: rooms.name,
				ownerKind: roomBookings.ownerKind,
				groupId: roomBookings.groupId,
				groupName: groups.name,
				title: roomBookings.title,
				status: roomBookings.status,
				startsAt: roomBookings.startsAt,
				endsAt: roomBookings.endsAt,
				attendees: roomBookings.attendees,
				note: roomBookings.note,
				reason: roomBookings.reason,
				decidedAt: roomBookings.decidedAt
			})
			.from(roomBookings)
			.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.leftJoin(groups, eq(groups.id, roomBookings.groupId))
			.where(and(eq(roomBookings.id, bookingId), eq(roomBookings.tenantId, actor.tenantId)));
		if (!row) throw new AppError('not_found', 'booking not found');
		const own = !!row.groupId && viewer.ownGroups.has(row.groupId);
		const sees = viewer.seesTitles || own;
		const series = await tx
			.select({ id: roomBookings.id, status: roomBookings.status, startsAt: roomBookings.startsAt, endsAt: roomBookings.endsAt })
			.from(roomBookings)
			.where(and(eq(roomBookings.tenantId, actor.tenantId), eq(roomBookings.seriesId, row.seriesId)))
			.orderBy(asc(roomBookings.startsAt));
		const active = OCCUPYING.includes(row.status as BookingStatus);
		return {
			id: row.id,
			seriesId: row.seriesId,
			roomId: row.roomId,
			roomName: row.roomName,
			ownerKind: row.ownerKind as BookingOwner,
			groupId: sees ? row.groupId : null,
			groupName: sees ? row.groupName : null,
			title: sees ? row.title : null,
			status: row.status as BookingStatus,
			...wallOf(row.startsAt, row.endsAt),
			attendees: row.attendees,
			note: sees ? row.note : '',
			reason: sees ? row.reason : '',
			decidedAt: row.decidedAt,
			mayCancel: active && (viewer.staff || own) && (viewer.staff || row.startsAt > now),
			mayMove: active && viewer.staff,
			series: sees
				? series.map((date) => ({ bookingId: date.id, status: date.status as BookingStatus, ...wallOf(date.startsAt, date.endsAt) }))
				: [{ bookingId: row.id, status: row.status as BookingStatus, ...wallOf(row.startsAt, row.endsAt) }]
		};
	});
}

export type GroupBooking = {
	bookingId: string;
	seriesId: string;
	roomId: string;
	roomName: string;
	title: string;
	status: BookingStatus;
	date: IsoDate;
	startTime: WallTime;
	endTime: WallTime;
	reason: string;
};

/** A group's bookings from a day on (today by default), in every status, in order: the group contact's page. */
export async function groupBookings(
	{ db, actor, now = new Date() }: RoomContext,
	groupId: string,
	options: { from?: IsoDate } = {}
): Promise<GroupBooking[]> {
	assertCan(actor, 'rooms.read');
	assertId(groupId, 'group');
	if (!can(actor.role, 'groups.read')) await assertContactOf(db, actor, groupId);
	const from = wallTimeToInstant(options.from ?? instantToWall(now).date, '00:00');
	const rows = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({
				bookingId: roomBookings.id,
				seriesId: roomBookings.seriesId,
				roomId: roomBookings.roomId,
				roomName: rooms.name,
				title: roomBookings.title,
				status: roomBookings.status,
				reason: roomBookings.reason,
				startsAt: roomBookings.startsAt,
				endsAt: roomBookings.endsAt
			})
			.from(roomBookings)
			.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.where(and(eq(roomBookings.tenantId, actor.tenantId), eq(roomBookings.groupId, groupId), gte(roomBookings.endsAt, from)))
			.orderBy(asc(roomBookings.startsAt), asc(rooms.name))
	);
	return rows.map(({ startsAt, endsAt, status, ...row }) => ({ ...row, status: status as BookingStatus, ...wallOf(startsAt, endsAt) }));
}

/**
 * The groups the person may book a room for, by name: staff every group of the office that has not
 * dissolved; a group contact the groups she is contact person of.
 */
export async function bookingGroupOptions({ db, actor }: RoomContext): Promise<{ id: string; name: string }[]> {
	assertCan(actor, 'rooms.read');
	if (!can(actor.role, 'rooms.book')) {
		if (!can(actor.role, 'rooms.request')) return [];
		return (await groupsOfContact(db, actor)).map((group) => ({ id: group.id, name: group.name }));
	}
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.where(and(eq(groups.tenantId, actor.tenantId), ne(groups.lifecycle, 'dissolved')))
			.orderBy(asc(groups.name), asc(groups.id))
	);
}
