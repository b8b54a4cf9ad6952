/**
 * Registration for events (EVT-2): a person registers with a name and an e-mail address, without an
 * account, and manages her registration through the secret link in her e-mail. Places are given in
 * order; when the event is full she joins the waitlist. A freed place is offered to the first on
 * the waitlist with a deadline; if she does not confirm in time, the next one is asked.
 *
 * Every change of places runs in one transaction that first locks the event's row, so concurrent
 * registrations from several server processes are serialised per event: never more confirmed than
 * places, nobody lost, nobody twice (a partial unique index refuses a second active registration
 * with the same address).
 */
import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { tokenId } from '../../auth/crypto.js';
import type { MailSettings } from '../mail/mail.service.js';
import { instanceSigner } from '../protection/protection.service.js';
import { eventRegistrations, eventSessions, events, type RegistrationStatus } from './events.table.js';
import { mailRegistrationNews, type EventMailContext, type RegistrationNews } from './events.mail.js';
import { randomUUID } from 'node:crypto';

/**
 * What registration needs besides the database: the mail settings (the outbox always, SMTP when
 * configured) and the public address for the links in the e-mails.
 */
export type RegistrationContext = { db: Db; mail: MailSettings; origin: string; now?: Date };

/**
 * The e-mail context: a person's link is the installation's signature of her registration's id, so
 * every later e-mail can carry it again while only its hash is stored.
 */
export async function eventMailContext(ctx: RegistrationContext, now: Date): Promise<EventMailContext> {
	const sign = await instanceSigner(ctx.db, 'event-registration');
	return { mail: ctx.mail, origin: ctx.origin, now, link: sign };
}

/** How long a freed place is held for the person it is offered to. */
export const OFFER_HOURS = 48;

/** Why a person can or cannot register right now; the page says it in words, never just hides the button. */
export type RegistrationAvailability = 'open' | 'waitlist' | 'not_yet_open' | 'closed' | 'cancelled' | 'not_published' | 'past';

export type RegistrationInput = { name: string; email: string; answers?: Record<string, string>; locale?: 'de' | 'en' };

/** A place offered to someone from the waitlist: who is to be asked, and until when (for the e-mail). */
export type PlaceOffer = { registrationId: string; eventId: string; name: string; email: string; locale: string; deadline: Date };

type LockedEvent = {
	id: string;
	tenantId: string;
	status: string;
	capacity: number | null;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	extraFields: { key: string; label: string; purpose: string; required: boolean }[];
	firstStart: Date | null;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field → message key for a registration form. */
export function registrationIssues(input: RegistrationInput, extraFields: LockedEvent['extraFields'] = []): Record<string, string> {
	const issues: Record<string, string> = {};
	const name = input.name.trim();
	if (!name) issues.name = 'events_registration_name_missing';
	else if (name.length > 120) issues.name = 'error_too_long';
	const email = input.email.trim();
	if (!email) issues.email = 'error_email_required';
	else if (email.length > 254 || !EMAIL.test(email)) issues.email = 'error_email_invalid';
	for (const field of extraFields) {
		const answer = (input.answers?.[field.key] ?? '').trim();
		if (field.required && !answer) issues[`answer_${field.key}`] = 'events_registration_answer_missing';
		else if (answer.length > 1000) issues[`answer_${field.key}`] = 'error_too_long';
	}
	return issues;
}

/** Whether registration is possible now, and why not. `taken` counts confirmed and offered places. */
export function availabilityOf(
	event: Omit<LockedEvent, 'id' | 'tenantId' | 'extraFields'>,
	taken: number,
	now: Date
): RegistrationAvailability {
	if (event.status === 'cancelled') return 'cancelled';
	if (event.status !== 'published') return 'not_published';
	if (event.firstStart && event.firstStart <= now) return 'past';
	if (event.registrationOpensAt && event.registrationOpensAt > now) return 'not_yet_open';
	if (event.registrationClosesAt && event.registrationClosesAt <= now) return 'closed';
	return event.capacity !== null && taken >= event.capacity ? 'waitlist' : 'open';
}

/**
 * Runs `fn` in the scope of the event's office: which office, is read across offices first (the
 * person has no account); the office's rows are then read and written in its own scope.
 */
async function inEventScope<T>(db: Db, eventId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
	const [found] = await inScope(db, systemScope, (tx) =>
		tx.select({ tenantId: events.tenantId }).from(events).where(eq(events.id, eventId))
	);
	if (!found) throw new AppError('not_found', 'event not found');
	return inScope(db, { kind: 'tenant', tenantId: found.tenantId }, fn);
}

/** The event of a person's link, looked up across offices; `not_found` for an unknown link. */
async function eventOfToken(db: Db, token: string): Promise<string> {
	if (!token || token.length > 100) throw new AppError('not_found', 'link unknown');
	const [found] = await inScope(db, systemScope, (tx) =>
		tx
			.select({ eventId: eventRegistrations.eventId })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.tokenHash, tokenId(token)))
	);
	if (!found) throw new AppError('not_found', 'link unknown');
	return found.eventId;
}

/** Locks the event's row for the rest of the transaction: the one place where places are counted. */
async function lockEvent(tx: Tx, eventId: string): Promise<LockedEvent> {
	const [event] = await tx
		.select({
			id: events.id,
			tenantId: events.tenantId,
			status: events.status,
			capacity: events.capacity,
			registrationOpensAt: events.registrationOpensAt,
			registrationClosesAt: events.registrationClosesAt,
			extraFields: events.extraFields
		})
		.from(events)
		.where(eq(events.id, eventId))
		.for('update');
	if (!event) throw new AppError('not_found', 'event not found');
	const [first] = await tx
		.select({ startsAt: eventSessions.startsAt })
		.from(eventSessions)
		.where(eq(eventSessions.eventId, eventId))
		.orderBy(asc(eventSessions.startsAt))
		.limit(1);
	return { ...event, firstStart: first?.startsAt ?? null };
}

/** The places taken: confirmed registrations and places offered to someone from the waitlist. */
export async function placesTakenIn(tx: Tx, eventId: string): Promise<number> {
	const [row] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), sql`${eventRegistrations.status} in ('confirmed', 'offered')`));
	return row?.n ?? 0;
}

/** SQLSTATE 23505 on the one-active-registration-per-address index. */
function isDuplicateAddress(error: unknown): boolean {
	for (let current = error; current; current = (current as { cause?: unknown }).cause) {
		const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown };
		if (e.code === '23505') return true;
	}
	return false;
}

const AVAILABILITY_MESSAGE: Record<Exclude<RegistrationAvailability, 'open' | 'waitlist'>, string> = {
	cancelled: 'events_registration_event_cancelled',
	not_published: 'events_registration_not_published',
	past: 'events_registration_past',
	not_yet_open: 'events_registration_not_yet_open',
	closed: 'events_registration_closed'
};

/**
 * Registers a person: a place if one is free, else a place on the waitlist. Returns the secret
 * for her link (shown nowhere else) and where she stands. Refused with a German message when
 * registration is not possible, when the form is incomplete or when the address is registered already.
 */
export async function register(
	ctx: RegistrationContext,
	eventId: string,
	input: RegistrationInput
): Promise<{
	registrationId: string;
	status: Extract<RegistrationStatus, 'confirmed' | 'waitlisted'>;
	token: string;
	waitlistPosition: number | null;
}> {
	assertId(eventId, 'event');
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	const registrationId = randomUUID();
	const token = mailing.link(registrationId);
	try {
		return await inEventScope(db, eventId, async (tx) => {
			const event = await lockEvent(tx, eventId);
			const issues = registrationIssues(input, event.extraFields);
			if (Object.keys(issues).length) throw new AppError('invalid', 'registration invalid', { issues });
			const taken = await placesTakenIn(tx, eventId);
			const availability = availabilityOf(event, taken, now);
			if (availability !== 'open' && availability !== 'waitlist')
				throw new AppError('invalid', 'registration unavailable', { code: AVAILABILITY_MESSAGE[availability], availability });
			const status = availability === 'open' ? 'confirmed' : 'waitlisted';
			const answers = Object.fromEntries(
				event.extraFields.map((field) => [field.key, (input.answers?.[field.key] ?? '').trim()]).filter(([, answer]) => answer)
			);
			const [row] = await tx
				.insert(eventRegistrations)
				.values({
					id: registrationId,
					tenantId: event.tenantId,
					eventId,
					name: input.name.trim(),
					email: input.email.trim(),
					locale: input.locale ?? 'de',
					answers,
					status,
					tokenHash: tokenId(token),
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: eventRegistrations.id, seq: eventRegistrations.seq });
			const waitlistPosition = status === 'waitlisted' ? await positionOf(tx, eventId, row!.seq) : null;
			await mailRegistrationNews(tx, mailing, [{ kind: status, registrationId }]);
			return { registrationId: row!.id, status, token, waitlistPosition };
		});
	} catch (error) {
		if (!(error instanceof AppError) && isDuplicateAddress(error))
			throw new AppError('conflict', 'already registered', { issues: { email: 'events_registration_duplicate' } });
		throw error;
	}
}

/** 1 for the first on the waitlist. */
async function positionOf(tx: Tx, eventId: string, seq: number): Promise<number> {
	const [row] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'waitlisted'), lte(eventRegistrations.seq, seq)));
	return row?.n ?? 1;
}

/** The deadline of an offer: 48 hours, but an hour before the event starts at the latest (never before now + 1 hour, unless it starts sooner). */
function offerDeadline(now: Date, firstStart: Date | null): Date {
	const hour = 3_600_000;
	const usual = new Date(now.getTime() + OFFER_HOURS * hour);
	if (!firstStart) return usual;
	const latest = new Date(Math.max(firstStart.getTime() - hour, Math.min(now.getTime() + hour, firstStart.getTime())));
	return usual < latest ? usual : latest;
}

/**
 * Offers every free place to the waitlist, first come first asked, inside the caller's transaction
 * (which holds the event's lock). Returns the offers made, for the e-mails.
 */
export async function offerFreedPlaces(tx: Tx, eventId: string, now: Date): Promise<PlaceOffer[]> {
	const event = await lockEvent(tx, eventId);
	if (event.status !== 'published' || (event.firstStart && event.firstStart <= now)) return [];
	const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - (await placesTakenIn(tx, eventId));
	if (free <= 0) return [];
	const next = await tx
		.select({
			id: eventRegistrations.id,
			name: eventRegistrations.name,
			email: eventRegistrations.email,
			locale: eventRegistrations.locale
		})
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'waitlisted')))
		.orderBy(asc(eventRegistrations.seq))
		.limit(Math.min(free, 1000));
	const deadline = offerDeadline(now, event.firstStart);
	const offers: PlaceOffer[] = [];
	for (const person of next) {
		await tx
			.update(eventRegistrations)
			.set({ status: 'offered', offerExpiresAt: deadline, updatedAt: now })
			.where(eq(eventRegistrations.id, person.id));
		offers.push({ registrationId: person.id, eventId, name: person.name, email: person.email, locale: person.locale, deadline });
	}
	return offers;
}

async function registrationByToken(tx: Tx, token: string) {
	if (!token || token.length > 100) throw new AppError('not_found', 'link unknown');
	const [row] = await tx
		.select({
			id: eventRegistrations.id,
			eventId: eventRegistrations.eventId,
			status: eventRegistrations.status,
			offerExpiresAt: eventRegistrations.offerExpiresAt
		})
		.from(eventRegistrations)
		.where(eq(eventRegistrations.tokenHash, tokenId(token)));
	if (!row) throw new AppError('not_found', 'link unknown');
	return row;
}

/**
 * Cancels a registration through the person's link (no account). A place she held goes to the
 * waitlist at once. Cancelling twice is harmless.
 */
export async function cancelRegistration(
	ctx: RegistrationContext,
	token: string
): Promise<{ offers: PlaceOffer[]; alreadyCancelled: boolean }> {
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	return inEventScope(db, await eventOfToken(db, token), async (tx) => {
		const found = await registrationByToken(tx, token);
		await lockEvent(tx, found.eventId);
		const [current] = await tx
			.select({ status: eventRegistrations.status })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.id, found.id));
		if (current?.status === 'cancelled' || current?.status === 'expired') return { offers: [], alreadyCancelled: true };
		await tx
			.update(eventRegistrations)
			.set({ status: 'cancelled', offerExpiresAt: null, updatedAt: now })
			.where(eq(eventRegistrations.id, found.id));
		const offers = await offerFreedPlaces(tx, found.eventId, now);
		await mailRegistrationNews(tx, mailing, [{ kind: 'cancelled', registrationId: found.id }, ...offerNews(offers)]);
		return { offers, alreadyCancelled: false };
	});
}

/** The e-mails for places offered from the waitlist. */
export function offerNews(offers: PlaceOffer[]): RegistrationNews[] {
	return offers.map((offer) => ({ kind: 'offered', registrationId: offer.registrationId, deadline: offer.deadline }));
}

/** Confirms a place offered from the waitlist, before its deadline. */
export async function acceptOffer(ctx: RegistrationContext, token: string): Promise<void> {
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	await inEventScope(db, await eventOfToken(db, token), async (tx) => {
		const found = await registrationByToken(tx, token);
		await lockEvent(tx, found.eventId);
		const [current] = await tx
			.select({ status: eventRegistrations.status, offerExpiresAt: eventRegistrations.offerExpiresAt })
			.from(eventRegistrations)
			.where(eq(eventRegistrations.id, found.id));
		if (current?.status === 'confirmed') return;
		if (current?.status !== 'offered') throw new AppError('invalid', 'no offer', { code: 'events_offer_none' });
		if (current.offerExpiresAt && current.offerExpiresAt <= now)
			throw new AppError('invalid', 'offer expired', { code: 'events_offer_expired' });
		await tx
			.update(eventRegistrations)
			.set({ status: 'confirmed', offerExpiresAt: null, updatedAt: now })
			.where(eq(eventRegistrations.id, found.id));
		await mailRegistrationNews(tx, mailing, [{ kind: 'confirmed', registrationId: found.id }]);
	});
}

/**
 * The job that lets offers lapse: an offered place not confirmed by its deadline goes to the next
 * person on the waitlist. Returns the new offers, for the e-mails.
 */
export async function expireOffers(ctx: RegistrationContext): Promise<{ expired: number; offers: PlaceOffer[] }> {
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	const due = await inScope(db, systemScope, (tx) =>
		tx
			.selectDistinct({ eventId: eventRegistrations.eventId })
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.status, 'offered'), lt(eventRegistrations.offerExpiresAt, now)))
	);
	let expired = 0;
	const offers: PlaceOffer[] = [];
	for (const { eventId } of due) {
		await inEventScope(db, eventId, async (tx) => {
			await lockEvent(tx, eventId);
			const lapsed = await tx
				.update(eventRegistrations)
				.set({ status: 'expired', updatedAt: now })
				.where(
					and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'offered'), lt(eventRegistrations.offerExpiresAt, now))
				)
				.returning({ id: eventRegistrations.id });
			expired += lapsed.length;
			const offered = await offerFreedPlaces(tx, eventId, now);
			await mailRegistrationNews(tx, mailing, offerNews(offered));
			offers.push(...offered);
		});
	}
	return { expired, offers };
}

/** Where a registration stands, for the person's own page (reached by her link). */
export async function registrationStatus(
	db: Db,
	token: string
): Promise<{ status: RegistrationStatus; offerExpiresAt: Date | null; eventId: string }> {
	return inEventScope(db, await eventOfToken(db, token), async (tx) => {
		const found = await registrationByToken(tx, token);
		return { status: found.status as RegistrationStatus, offerExpiresAt: found.offerExpiresAt, eventId: found.eventId };
	});
}

/** Reminders go out this long before an event's first session. */
export const REMINDER_HOURS = 48;

/**
 * The daily/hourly job: reminds everyone with a place in an event whose first session begins within
 * the next two days, once (reminded_at). Returns how many were reminded.
 */
export async function remindParticipants(ctx: RegistrationContext): Promise<number> {
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	const horizon = new Date(now.getTime() + REMINDER_HOURS * 3_600_000);
	const due = await inScope(db, systemScope, (tx) =>
		tx
			.select({ id: eventRegistrations.id, eventId: eventRegistrations.eventId })
			.from(eventRegistrations)
			.innerJoin(events, eq(events.id, eventRegistrations.eventId))
			.where(
				and(
					eq(eventRegistrations.status, 'confirmed'),
					isNull(eventRegistrations.remindedAt),
					eq(events.status, 'published'),
					sql`(select min(${eventSessions.startsAt}) from ${eventSessions} where ${eventSessions.eventId} = ${events.id}) between ${now.toISOString()}::timestamptz and ${horizon.toISOString()}::timestamptz`
				)
			)
	);
	const byEvent = Map.groupBy(due, (row) => row.eventId);
	let reminded = 0;
	for (const [eventId, rows] of byEvent) {
		await inEventScope(db, eventId, async (tx) => {
			const claimed = await tx
				.update(eventRegistrations)
				.set({ remindedAt: now })
				.where(
					and(
						inArray(
							eventRegistrations.id,
							rows.map((row) => row.id)
						),
						isNull(eventRegistrations.remindedAt)
					)
				)
				.returning({ id: eventRegistrations.id });
			await mailRegistrationNews(
				tx,
				mailing,
				claimed.map((row) => ({ kind: 'reminder', registrationId: row.id }))
			);
			reminded += claimed.length;
		});
	}
	return reminded;
}
