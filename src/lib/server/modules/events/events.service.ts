/**
 * Events and trainings (EVT-1): an office creates an event with one or several sessions, publishes
 * it, changes its capacity and cancels it. Registrations and the waitlist are in
 * registrations.service.ts (EVT-2). Times are Europe/Berlin wall time, stored as instants.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId, isUuid } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { isIsoDate, isWallTime, wallTimeToInstant, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import {
	EVENT_AUDIENCES,
	EVENT_FORMATS,
	EVENT_KINDS,
	eventRegistrations,
	eventSessions,
	eventSpeakers,
	eventTopics,
	events,
	speakers,
	type EventAudience,
	type EventFormat,
	type EventKind,
	type EventStatus
} from './events.table.js';
import { eventMailContext, offerFreedPlaces, offerNews, placesTakenIn, type PlaceOffer } from './registrations.service.js';
import { mailRegistrationNews } from './events.mail.js';
import type { MailSettings } from '../mail/mail.service.js';
import type { ExtraField } from './events.queries.js';
import { holdEventRoom, withRoomGuard, type HoldTarget } from './events.rooms.js';
import { findVisibleProgramme } from './programmes.service.js';

/** `mail` and `origin` for the e-mails to registered people; without them mails are only stored in the outbox, with relative links. */
export type EventContext = { db: Db; actor: UserActor; now?: Date; requestId?: string; mail?: MailSettings; origin?: string };

/** Without settings, e-mails are only stored in the outbox. */
export const STORE_ONLY: MailSettings = { smtpUrl: undefined, from: '' };

/** A session as the form gives it: a day and wall times in Europe/Berlin. */
export type SessionInput = { title: string; date: IsoDate; startTime: WallTime; endTime: WallTime };

export type EventInput = {
	title: string;
	description: string;
	kind: EventKind;
	audiences: EventAudience[];
	format: EventFormat;
	roomId: string | null;
	venue: string;
	postalCode: string;
	city: string;
	onlineUrl: string;
	/** places; null = no limit */
	capacity: number | null;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	fee: string;
	accessibility: string;
	language: string;
	programmeId: string | null;
	sessions: SessionInput[];
};

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** An event record with the defaults: a talk for the public, in person, no limit, registration open until it starts. */
export function emptyEventInput(title: string, sessions: SessionInput[]): EventInput {
	return {
		title,
		description: '',
		kind: 'talk',
		audiences: ['public'],
		format: 'in_person',
		roomId: null,
		venue: '',
		postalCode: '',
		city: '',
		onlineUrl: '',
		capacity: null,
		registrationOpensAt: null,
		registrationClosesAt: null,
		fee: '',
		accessibility: '',
		language: 'de',
		programmeId: null,
		sessions
	};
}

/** Field → message key for everything wrong with an event record (German and English in the catalogue). */
export function eventIssues(input: EventInput): Record<string, string> {
	const issues: Record<string, string> = {};
	if (!input.title.trim()) issues.title = 'events_title_missing';
	if (!(EVENT_KINDS as readonly string[]).includes(input.kind)) issues.kind = 'error_invalid_choice';
	if (!(EVENT_FORMATS as readonly string[]).includes(input.format)) issues.format = 'error_invalid_choice';
	if (input.audiences.some((audience) => !(EVENT_AUDIENCES as readonly string[]).includes(audience)))
		issues.audiences = 'error_invalid_choice';
	if (input.capacity !== null && !(Number.isInteger(input.capacity) && input.capacity > 0 && input.capacity <= 100_000))
		issues.capacity = 'events_capacity_invalid';
	if (input.format !== 'online' && !input.roomId && !input.venue.trim()) issues.venue = 'events_venue_missing';
	if (input.format !== 'in_person' && !/^https:\/\/\S+$/.test(input.onlineUrl.trim())) issues.onlineUrl = 'events_online_url_missing';
	if (input.registrationOpensAt && input.registrationClosesAt && input.registrationClosesAt <= input.registrationOpensAt)
		issues.registrationClosesAt = 'events_registration_window_invalid';
	if (!input.sessions.length) issues.sessions = 'events_sessions_missing';
	for (const session of input.sessions) {
		if (!isIsoDate(session.date) || !isWallTime(session.startTime) || !isWallTime(session.endTime))
			issues.sessions = 'events_session_invalid';
		else if (session.endTime <= session.startTime) issues.sessions = 'events_session_end_before_start';
	}
	return issues;
}

/** The instants of a session (Europe/Berlin wall time; a session ends on the day it starts). */
export function sessionInstants(session: SessionInput): { startsAt: Date; endsAt: Date } {
	return { startsAt: wallTimeToInstant(session.date, session.startTime), endsAt: wallTimeToInstant(session.date, session.endTime) };
}

/** The questions, topics and (when given) speakers of an event, besides its EventInput. */
export type EventExtras = { extraFields: ExtraField[]; topicIds: string[]; speakerIds?: string[] };

export const NO_EXTRAS: EventExtras = { extraFields: [], topicIds: [] };
export const MAX_QUESTIONS = 10;
export const MAX_TOPICS = 10;

/** Field → message key for the questions and topics (the form checks each row; this is the last line). */
export function extrasIssues(extras: EventExtras): Record<string, string> {
	const issues: Record<string, string> = {};
	const keys = new Set<string>();
	if (extras.extraFields.length > MAX_QUESTIONS) issues.questions = 'events_form_questions_too_many';
	for (const field of extras.extraFields) {
		if (!field.label.trim() || !field.purpose.trim() || !/^[a-z0-9_]{1,40}$/.test(field.key) || keys.has(field.key))
			issues.questions = 'events_form_question_invalid';
		keys.add(field.key);
	}
	if (extras.topicIds.length > MAX_TOPICS || extras.topicIds.some((id) => !isUuid(id))) issues.topicIds = 'error_invalid_choice';
	if (extras.speakerIds?.some((id) => !isUuid(id))) issues.speakers = 'error_invalid_choice';
	return issues;
}

/** Stores the questions, topics and speakers of an event (inside the transaction that saves it); an unknown speaker refuses the save. */
export async function writeExtras(tx: Tx, actor: UserActor, eventId: string, extras: EventExtras, now: Date): Promise<void> {
	await tx
		.update(events)
		.set({
			extraFields: extras.extraFields.map(({ key, label, purpose, required }) => ({ key, label, purpose, required })),
			updatedAt: now
		})
		.where(eq(events.id, eventId));
	await tx.delete(eventTopics).where(eq(eventTopics.eventId, eventId));
	const topicIds = [...new Set(extras.topicIds)];
	if (topicIds.length) await tx.insert(eventTopics).values(topicIds.map((topicId) => ({ tenantId: actor.tenantId, eventId, topicId })));
	if (!extras.speakerIds) return;
	const speakerIds = [...new Set(extras.speakerIds)];
	if (speakerIds.length) {
		const found = await tx
			.select({ id: speakers.id })
			.from(speakers)
			.where(and(eq(speakers.tenantId, actor.tenantId), inArray(speakers.id, speakerIds)));
		if (found.length !== speakerIds.length)
			throw new AppError('invalid', 'unknown speaker', { issues: { speakers: 'error_invalid_choice' } });
	}
	await tx.delete(eventSpeakers).where(eq(eventSpeakers.eventId, eventId));
	if (speakerIds.length)
		await tx.insert(eventSpeakers).values(speakerIds.map((speakerId) => ({ tenantId: actor.tenantId, eventId, speakerId })));
}

/** Sessions in order of their start. */
export function sortedSessions(sessions: SessionInput[]): SessionInput[] {
	return [...sessions].sort((a, b) => (a.date + a.startTime < b.date + b.startTime ? -1 : 1));
}

/** What the event wants of its room, from the record as given (for naming the dates of a refused save). */
export function holdTargetOf(eventId: string | null, input: EventInput, status = 'draft'): HoldTarget {
	return {
		eventId: eventId ?? '',
		title: input.title,
		roomId: input.roomId,
		format: input.format,
		status,
		capacity: input.capacity,
		sessions: input.sessions.map((session) => ({ id: null, roomBookingId: null, ...sessionInstants(session) }))
	};
}

/**
 * A public address for the event that no other event has: "vortrag-angst-verstehen-2029-03-14".
 * Slugs are unique across offices, so they are looked up across offices (only the slugs).
 */
async function freeSlug(db: Db, title: string, firstDate: IsoDate): Promise<string> {
	const base = `${slugify(title).slice(0, 60)}-${firstDate}`;
	const rows = await inScope(db, systemScope, (tx) =>
		tx
			.select({ slug: events.slug })
			.from(events)
			.where(sql`${events.slug} = ${base} or ${events.slug} like ${`${base}-%`}`)
	);
	const taken = new Set(rows.map((row) => row.slug));
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? base : `${base}-${n}`;
		if (!taken.has(candidate)) return candidate;
	}
}

/**
 * The programme an event is put into must be one the office may use: its own, or a published one of
 * an office above it (EVT-1). An event keeps the programme it already has (`current`), also when
 * that programme was withdrawn meanwhile.
 */
export async function programmeIssues(
	db: Db,
	actor: UserActor,
	programmeId: string | null,
	current: string | null = null
): Promise<Record<string, string>> {
	if (!programmeId || programmeId === current) return {};
	if (!isUuid(programmeId) || !(await findVisibleProgramme(db, actor, programmeId))) return { programmeId: 'events_programme_unknown' };
	return {};
}

/**
 * Creates an event as a draft with its sessions, questions and topics, and — in a room of the
 * office — the room bookings of its sessions, all in one transaction; returns its id and public slug.
 */
export async function createEvent(
	{ db, actor, now = new Date(), requestId }: EventContext,
	input: EventInput,
	extras: EventExtras = NO_EXTRAS
): Promise<{ id: string; slug: string }> {
	assertCan(actor, 'events.edit');
	const issues = { ...eventIssues(input), ...extrasIssues(extras), ...(await programmeIssues(db, actor, input.programmeId)) };
	if (Object.keys(issues).length) throw new AppError('invalid', 'event invalid', { issues });
	const sessions = sortedSessions(input.sessions);
	// two offices naming an event alike on the same day at the same moment: the unique index refuses one, which then takes the next slug
	const slug = await freeSlug(db, input.title, sessions[0]!.date);
	const save = () =>
		inScope(db, tenantScope(actor), async (tx) => {
			const { sessions: _sessions, ...record } = input;
			const [row] = await tx
				.insert(events)
				.values({
					...record,
					title: input.title.trim(),
					tenantId: actor.tenantId,
					slug,
					status: 'draft',
					createdBy: actor.userId,
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: events.id });
			const id = row!.id;
			await tx
				.insert(eventSessions)
				.values(
					sessions.map((session) => ({ tenantId: actor.tenantId, eventId: id, title: session.title.trim(), ...sessionInstants(session) }))
				);
			await writeExtras(tx, actor, id, extras, now);
			await holdEventRoom(tx, actor, id, { now, requestId });
			await recordAudit(
				tx,
				actor,
				{
					tenantId: actor.tenantId,
					action: 'create',
					entity: 'event',
					entityId: id,
					changes: {
						title: input.title,
						slug,
						roomId: input.roomId,
						questions: extras.extraFields.length,
						topics: extras.topicIds.length,
						speakers: extras.speakerIds ?? []
					}
				},
				requestId
			);
			return { id, slug };
		});
	return withRoomGuard({ db, actor, now }, save, holdTargetOf(null, input));
}

/** The event's row, locked for this transaction: every change of places and of the record goes through it (ADR 0028). */
export async function lockEvent(tx: Tx, actor: UserActor, eventId: string) {
	const [event] = await tx
		.select({ id: events.id, status: events.status, capacity: events.capacity, title: events.title })
		.from(events)
		.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)))
		.for('update');
	if (!event) throw new AppError('not_found', 'event not found');
	return event;
}

/** Publishes a draft: from now on people see it and, within its window, register. */
export async function publishEvent({ db, actor, now = new Date(), requestId }: EventContext, eventId: string): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	await inScope(db, tenantScope(actor), async (tx) => {
		const event = await lockEvent(tx, actor, eventId);
		if (event.status === 'cancelled')
			throw new AppError('invalid', 'event cancelled', { issues: { status: 'events_cancelled_cannot_publish' } });
		if (event.status === 'published') return;
		await tx.update(events).set({ status: 'published', updatedAt: now }).where(eq(events.id, eventId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'event', entityId: eventId, changes: { status: 'published' } },
			requestId
		);
	});
}

/**
 * The capacity change inside an open transaction that holds the event's lock: fewer places than
 * people already hold is refused (nobody is silently dropped); more places are offered to the
 * waitlist at once, in order. Returns the offers made; their e-mails are the caller's.
 */
export async function changeCapacityIn(
	tx: Tx,
	actor: UserActor,
	event: { id: string; capacity: number | null },
	capacity: number | null,
	{ now, requestId }: { now: Date; requestId?: string | undefined }
): Promise<PlaceOffer[]> {
	if (capacity !== null && !(Number.isInteger(capacity) && capacity > 0 && capacity <= 100_000))
		throw new AppError('invalid', 'capacity invalid', { issues: { capacity: 'events_capacity_invalid' } });
	const taken = await placesTakenIn(tx, event.id);
	if (capacity !== null && capacity < taken)
		throw new AppError('invalid', 'capacity below registrations', {
			issues: { capacity: 'events_capacity_below_registered' },
			params: { registered: taken }
		});
	await tx.update(events).set({ capacity, updatedAt: now }).where(eq(events.id, event.id));
	await recordAudit(
		tx,
		actor,
		{ tenantId: actor.tenantId, action: 'update', entity: 'event', entityId: event.id, changes: { capacity: [event.capacity, capacity] } },
		requestId
	);
	return offerFreedPlaces(tx, event.id, now);
}

/**
 * Changes the number of places. Fewer places than people already hold is refused (nobody is
 * silently dropped); more places are offered to the waitlist at once, in order. In a room of the
 * office the places must fit the room (in person), and the bookings expect the new number. Returns
 * the offers made, for the e-mails.
 */
export async function changeCapacity(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY, origin = '' }: EventContext,
	eventId: string,
	capacity: number | null
): Promise<{ offers: PlaceOffer[] }> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	if (capacity !== null && !(Number.isInteger(capacity) && capacity > 0 && capacity <= 100_000))
		throw new AppError('invalid', 'capacity invalid', { issues: { capacity: 'events_capacity_invalid' } });
	const mailing = await eventMailContext({ db, mail, origin }, now);
	const save = () =>
		inScope(db, tenantScope(actor), async (tx) => {
			const event = await lockEvent(tx, actor, eventId);
			const offers = await changeCapacityIn(tx, actor, event, capacity, { now, requestId });
			await holdEventRoom(tx, actor, eventId, { now, requestId });
			await mailRegistrationNews(tx, mailing, offerNews(offers));
			return { offers };
		});
	return withRoomGuard({ db, actor, now }, save);
}

/**
 * Cancels an event with a reason; registration closes, the registered are told (EVT-2) and the
 * coming sessions free their room, all in one transaction.
 */
export async function cancelEvent(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY, origin = '' }: EventContext,
	eventId: string,
	reason: string
): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	if (!reason.trim()) throw new AppError('invalid', 'reason missing', { issues: { reason: 'events_cancel_reason_missing' } });
	const mailing = await eventMailContext({ db, mail, origin }, now);
	await inScope(db, tenantScope(actor), async (tx) => {
		const event = await lockEvent(tx, actor, eventId);
		if (event.status === 'cancelled') return;
		await tx.update(events).set({ status: 'cancelled', cancelReason: reason.trim(), updatedAt: now }).where(eq(events.id, eventId));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'event',
				entityId: eventId,
				changes: { status: 'cancelled', reason: reason.trim() }
			},
			requestId
		);
		await holdEventRoom(tx, actor, eventId, { now, requestId, reason: reason.trim() });
		// everyone still on the list is told, with the reason; their registrations stay on record
		const told = await tx
			.select({ id: eventRegistrations.id })
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ['confirmed', 'offered', 'waitlisted'])));
		await mailRegistrationNews(
			tx,
			mailing,
			told.map((row) => ({ kind: 'event_cancelled', registrationId: row.id, reason: reason.trim() }))
		);
	});
}

export type { EventStatus };
