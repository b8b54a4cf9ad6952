/**
 * What the office's staff see of their events (EVT-1, EVT-2): the list with places taken and the
 * waitlist, one event with its sessions and questions for the form, and the registrations with
 * their answers (also as CSV). Read-only; changes go through events.service.ts and events.edit.ts.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import type { UserActor } from '../groups/groups.service.js';
import { roomBookings, rooms, type BookingStatus } from '../rooms/rooms.table.js';
import { outbox } from '../mail/mail.table.js';
import { eventRegistrations, eventSessions, eventSpeakers, eventTopics, events, type RegistrationStatus } from './events.table.js';

export type EventQueryContext = { db: Db; actor: UserActor; now?: Date };

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

export type StaffEventRow = {
	id: string;
	slug: string;
	title: string;
	status: string;
	kind: string;
	format: string;
	firstStart: Date | null;
	lastEnd: Date | null;
	sessionCount: number;
	capacity: number | null;
	/** confirmed and offered places */
	taken: number;
	waitlisted: number;
};

/**
 * The office's events: upcoming (not yet over) first, soonest first; then the past ones, latest
 * first. `when` limits the list to one of the two.
 */
export async function listEvents(
	{ db, actor, now = new Date() }: EventQueryContext,
	options: { when?: 'upcoming' | 'past' | 'all' } = {}
): Promise<StaffEventRow[]> {
	assertCan(actor, 'events.read');
	const when = options.when ?? 'all';
	return inScope(db, tenantScope(actor), async (tx) => {
		const rows = await tx
			.select({
				id: events.id,
				slug: events.slug,
				title: events.title,
				status: events.status,
				kind: events.kind,
				format: events.format,
				capacity: events.capacity
			})
			.from(events)
			.where(eq(events.tenantId, actor.tenantId));
		const ids = rows.map((row) => row.id);
		const spans = ids.length
			? await tx
					.select({
						eventId: eventSessions.eventId,
						firstStart: sql<string | Date>`min(${eventSessions.startsAt})`,
						lastEnd: sql<string | Date>`max(${eventSessions.endsAt})`,
						n: sql<number>`count(*)::int`
					})
					.from(eventSessions)
					.where(inArray(eventSessions.eventId, ids))
					.groupBy(eventSessions.eventId)
			: [];
		const counts = ids.length
			? await tx
					.select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status, n: sql<number>`count(*)::int` })
					.from(eventRegistrations)
					.where(and(inArray(eventRegistrations.eventId, ids), inArray(eventRegistrations.status, ['confirmed', 'offered', 'waitlisted'])))
					.groupBy(eventRegistrations.eventId, eventRegistrations.status)
			: [];
		const spanOf = new Map(spans.map((span) => [span.eventId, span]));
		const count = (eventId: string, statuses: string[]) =>
			counts.filter((c) => c.eventId === eventId && statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);
		const list: StaffEventRow[] = rows.map((row) => {
			const span = spanOf.get(row.id);
			return {
				...row,
				firstStart: span ? new Date(span.firstStart) : null,
				lastEnd: span ? new Date(span.lastEnd) : null,
				sessionCount: span?.n ?? 0,
				taken: count(row.id, ['confirmed', 'offered']),
				waitlisted: count(row.id, ['waitlisted'])
			};
		});
		const isPast = (row: StaffEventRow) => !!row.lastEnd && row.lastEnd <= now;
		const upcoming = list
			.filter((row) => !isPast(row))
			.sort((a, b) => (a.firstStart?.getTime() ?? Infinity) - (b.firstStart?.getTime() ?? Infinity) || a.title.localeCompare(b.title));
		const past = list.filter(isPast).sort((a, b) => b.lastEnd!.getTime() - a.lastEnd!.getTime());
		return when === 'upcoming' ? upcoming : when === 'past' ? past : [...upcoming, ...past];
	});
}

export type ExtraField = { key: string; label: string; purpose: string; required: boolean };

export type StaffEventDetail = {
	id: string;
	slug: string;
	title: string;
	description: string;
	kind: string;
	audiences: string[];
	format: string;
	roomId: string | null;
	roomName: string | null;
	venue: string;
	postalCode: string;
	city: string;
	onlineUrl: string;
	capacity: number | null;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	fee: string;
	accessibility: string;
	language: string;
	programmeId: string | null;
	extraFields: ExtraField[];
	status: string;
	cancelReason: string;
	topicIds: string[];
	speakerIds: string[];
	sessions: StaffEventSession[];
	taken: number;
	waitlisted: number;
};

/**
 * A session with the room booking it points at (ADR 0029), in whichever room that booking is;
 * `active` when the room is held for it (requested or confirmed). Null when it has no booking.
 */
export type SessionRoomBooking = { id: string; roomName: string; status: BookingStatus; active: boolean };
export type StaffEventSession = { id: string; title: string; startsAt: Date; endsAt: Date; roomBooking: SessionRoomBooking | null };

/** One event of the office with everything the edit form and the detail page show. */
export async function eventDetail({ db, actor }: EventQueryContext, eventId: string): Promise<StaffEventDetail> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.select({
				id: events.id,
				slug: events.slug,
				title: events.title,
				description: events.description,
				kind: events.kind,
				audiences: events.audiences,
				format: events.format,
				roomId: events.roomId,
				roomName: rooms.name,
				venue: events.venue,
				postalCode: events.postalCode,
				city: events.city,
				onlineUrl: events.onlineUrl,
				capacity: events.capacity,
				registrationOpensAt: events.registrationOpensAt,
				registrationClosesAt: events.registrationClosesAt,
				fee: events.fee,
				accessibility: events.accessibility,
				language: events.language,
				programmeId: events.programmeId,
				extraFields: events.extraFields,
				status: events.status,
				cancelReason: events.cancelReason
			})
			.from(events)
			.leftJoin(rooms, eq(rooms.id, events.roomId))
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
		if (!row) throw new AppError('not_found', 'event not found');
		const sessionRows = await tx
			.select({
				id: eventSessions.id,
				title: eventSessions.title,
				startsAt: eventSessions.startsAt,
				endsAt: eventSessions.endsAt,
				bookingId: roomBookings.id,
				bookingStatus: roomBookings.status,
				bookedRoomName: rooms.name
			})
			.from(eventSessions)
			.leftJoin(roomBookings, and(eq(roomBookings.id, eventSessions.roomBookingId), eq(roomBookings.tenantId, actor.tenantId)))
			.leftJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.where(eq(eventSessions.eventId, eventId))
			.orderBy(asc(eventSessions.startsAt));
		const sessions: StaffEventSession[] = sessionRows.map(({ bookingId, bookingStatus, bookedRoomName, ...session }) => ({
			...session,
			roomBooking:
				bookingId && bookingStatus
					? {
							id: bookingId,
							roomName: bookedRoomName ?? '',
							status: bookingStatus as BookingStatus,
							active: bookingStatus === 'requested' || bookingStatus === 'confirmed'
						}
					: null
		}));
		const topicRows = await tx.select({ topicId: eventTopics.topicId }).from(eventTopics).where(eq(eventTopics.eventId, eventId));
		const speakerRows = await tx
			.select({ speakerId: eventSpeakers.speakerId })
			.from(eventSpeakers)
			.where(eq(eventSpeakers.eventId, eventId));
		const counts = await tx
			.select({ status: eventRegistrations.status, n: sql<number>`count(*)::int` })
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['confirmed', 'offered', 'waitlisted'])))
			.groupBy(eventRegistrations.status);
		const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
		return {
			...row,
			topicIds: topicRows.map((t) => t.topicId),
			speakerIds: speakerRows.map((s) => s.speakerId),
			sessions,
			taken: count('confirmed') + count('offered'),
			waitlisted: count('waitlisted')
		};
	});
}

export type RegistrationRow = {
	id: string;
	name: string;
	email: string;
	status: RegistrationStatus;
	/** 1 for the first on the waitlist; null when not waiting */
	waitlistPosition: number | null;
	offerExpiresAt: Date | null;
	answers: Record<string, string>;
	registeredAt: Date;
	/** the latest e-mail about her registration (confirmation, waitlist, offer, …) and how its delivery stands */
	lastMail: { status: 'stored' | 'queued' | 'sent' | 'failed'; createdAt: Date; lastError: string | null } | null;
};

/** The registrations of an event in the order they came, with each one's place on the waitlist. */
export async function listRegistrations({ db, actor }: EventQueryContext, eventId: string): Promise<RegistrationRow[]> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	return inScope(db, tenantScope(actor), async (tx) => {
		const [event] = await tx
			.select({ id: events.id })
			.from(events)
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
		if (!event) throw new AppError('not_found', 'event not found');
		const rows = await tx
			.select({
				id: eventRegistrations.id,
				name: eventRegistrations.name,
				email: eventRegistrations.email,
				status: eventRegistrations.status,
				offerExpiresAt: eventRegistrations.offerExpiresAt,
				answers: eventRegistrations.answers,
				registeredAt: eventRegistrations.createdAt
			})
			.from(eventRegistrations)
			.where(eq(eventRegistrations.eventId, eventId))
			.orderBy(asc(eventRegistrations.seq));
		// the registration mails carry the registration as their reference (events.mail.ts); the newest one per person
		const mails = rows.length
			? await tx
					.selectDistinctOn([outbox.referenceId], {
						referenceId: outbox.referenceId,
						status: outbox.status,
						createdAt: outbox.createdAt,
						lastError: outbox.lastError
					})
					.from(outbox)
					.where(
						and(
							eq(outbox.tenantId, actor.tenantId),
							inArray(
								outbox.referenceId,
								rows.map((row) => row.id)
							)
						)
					)
					.orderBy(outbox.referenceId, desc(outbox.createdAt), desc(outbox.id))
			: [];
		const mailOf = new Map(mails.map((mail) => [mail.referenceId, mail]));
		let position = 0;
		return rows.map((row) => {
			const mail = mailOf.get(row.id);
			return {
				...row,
				status: row.status as RegistrationStatus,
				waitlistPosition: row.status === 'waitlisted' ? ++position : null,
				lastMail: mail
					? { status: mail.status as 'stored' | 'queued' | 'sent' | 'failed', createdAt: mail.createdAt, lastError: mail.lastError }
					: null
			};
		});
	});
}

const csvCell = (value: string) => {
	// a leading = + - @ would be read as a formula by spreadsheet programs
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The registrations as CSV for a spreadsheet (semicolons, UTF-8 with BOM, as German Excel expects):
 * name, e-mail, status, waitlist place, registered at and one column per question. `labels`
 * translates the fixed column headers and the statuses.
 */
export async function registrationsCsv(
	ctx: EventQueryContext,
	eventId: string,
	labels: { headers: [string, string, string, string, string]; status: (status: RegistrationStatus) => string; date: (d: Date) => string }
): Promise<{ bytes: Uint8Array; slug: string }> {
	const detail = await eventDetail(ctx, eventId);
	const rows = await listRegistrations(ctx, eventId);
	const lines: string[][] = [[...labels.headers, ...detail.extraFields.map((field) => field.label)]];
	for (const row of rows)
		lines.push([
			row.name,
			row.email,
			labels.status(row.status),
			row.waitlistPosition === null ? '' : String(row.waitlistPosition),
			labels.date(row.registeredAt),
			...detail.extraFields.map((field) => row.answers[field.key] ?? '')
		]);
	const text = `\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
	return { bytes: new TextEncoder().encode(text), slug: detail.slug };
}
