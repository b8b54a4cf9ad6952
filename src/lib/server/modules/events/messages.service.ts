/**
 * Organiser messages (COM-1): the office writes to the people registered for an event — everyone
 * holding or waiting for a place, only those with a place, or only the waitlist. Each person gets
 * her own mail through the outbox (never a list of addresses), and the office follows each mail's
 * delivery: stored, queued, sent or failed, and tries failed ones again.
 *
 * Who counts: "with a place" are the confirmed and those offered a freed place (it is held for
 * them); cancelled and expired registrations never receive a message.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { retryFailedMails, type MailSettings } from '../mail/mail.service.js';
import { outbox } from '../mail/mail.table.js';
import { EVENT_MESSAGE_AUDIENCES, eventMessages, eventRegistrations, events, type EventMessageAudience } from './events.table.js';
import { renderMail, type Locale } from '../mail/mail.templates.js';
import { eventFacts, eventMessageParams, mailEventMessage } from './events.mail.js';
import { eventMailContext } from './registrations.service.js';

/** `mail` and `origin` for the mails; without them mails are only stored in the outbox, with relative links. */
export type MessageContext = { db: Db; actor: UserActor; now?: Date; requestId?: string; mail?: MailSettings; origin?: string };

const STORE_ONLY: MailSettings = { smtpUrl: undefined, from: '' };

/** The registration statuses each audience reaches. */
export const AUDIENCE_STATUSES: Record<EventMessageAudience, string[]> = {
	all: ['confirmed', 'offered', 'waitlisted'],
	confirmed: ['confirmed', 'offered'],
	waitlisted: ['waitlisted']
};

export const MESSAGE_LIMITS = { subject: 200, body: 5000 } as const;

export type MessageInput = { audience: string; subject: string; body: string };

export type MailStatus = 'stored' | 'queued' | 'sent' | 'failed';
export type DeliveryCounts = Record<MailStatus, number>;

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

const isAudience = (value: string): value is EventMessageAudience => (EVENT_MESSAGE_AUDIENCES as readonly string[]).includes(value);

/** Field → message key for everything wrong with a message (German and English in the catalogue). */
export function messageIssues(input: MessageInput): Record<string, string> {
	const issues: Record<string, string> = {};
	if (!isAudience(input.audience)) issues.audience = 'error_invalid_choice';
	const subject = input.subject.trim();
	if (!subject) issues.subject = 'events_message_subject_missing';
	else if (subject.length > MESSAGE_LIMITS.subject) issues.subject = 'error_too_long';
	const body = input.body.trim();
	if (!body) issues.body = 'events_message_body_missing';
	else if (body.length > MESSAGE_LIMITS.body) issues.body = 'error_too_long';
	return issues;
}

/** The office's event, or `not_found` (also for another office's event). */
async function eventOfOffice(tx: Tx, actor: UserActor, eventId: string) {
	const [event] = await tx
		.select({ id: events.id, title: events.title })
		.from(events)
		.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
	if (!event) throw new AppError('not_found', 'event not found');
	return event;
}

async function recipientCounts(tx: Tx, eventId: string): Promise<Record<EventMessageAudience, number>> {
	const rows = await tx
		.select({ status: eventRegistrations.status, n: sql<number>`count(*)::int` })
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, AUDIENCE_STATUSES.all)))
		.groupBy(eventRegistrations.status);
	const count = (audience: EventMessageAudience) =>
		rows.filter((row) => AUDIENCE_STATUSES[audience].includes(row.status)).reduce((sum, row) => sum + row.n, 0);
	return { all: count('all'), confirmed: count('confirmed'), waitlisted: count('waitlisted') };
}

/** How many people each audience reaches right now, for the form. */
export async function messageRecipientCounts(
	{ db, actor }: MessageContext,
	eventId: string
): Promise<Record<EventMessageAudience, number>> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	return inScope(db, tenantScope(actor), async (tx) => {
		await eventOfOffice(tx, actor, eventId);
		return recipientCounts(tx, eventId);
	});
}

/**
 * Sends a message to the chosen people: in one transaction the message is recorded, one mail per
 * person is put in the outbox (each with the message as its reference) and the change is audited.
 * Refused with German message keys per field — and nothing saved — when the text is missing or too
 * long, the audience unknown, or nobody is in it.
 */
export async function sendEventMessage(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY, origin = '' }: MessageContext,
	eventId: string,
	input: MessageInput
): Promise<{ id: string; recipients: number }> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	const issues = messageIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'message invalid', { issues });
	const audience = input.audience as EventMessageAudience;
	const subject = input.subject.trim();
	const body = input.body.trim();
	const mailing = await eventMailContext({ db, mail, origin }, now);
	return inScope(db, tenantScope(actor), async (tx) => {
		await eventOfOffice(tx, actor, eventId);
		const recipients = await tx
			.select({ id: eventRegistrations.id })
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, AUDIENCE_STATUSES[audience])))
			.orderBy(asc(eventRegistrations.seq));
		if (!recipients.length) throw new AppError('invalid', 'no recipients', { issues: { audience: 'events_message_no_recipients' } });
		const [row] = await tx
			.insert(eventMessages)
			.values({
				tenantId: actor.tenantId,
				eventId,
				audience,
				subject,
				body,
				recipientCount: recipients.length,
				createdBy: actor.userId,
				createdAt: now
			})
			.returning({ id: eventMessages.id });
		const id = row!.id;
		await mailEventMessage(
			tx,
			mailing,
			{ messageId: id, eventId, subject, body },
			recipients.map((recipient) => recipient.id)
		);
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'create',
				entity: 'event_message',
				entityId: id,
				changes: { eventId, audience, subject, recipients: recipients.length }
			},
			requestId
		);
		return { id, recipients: recipients.length };
	});
}

/**
 * The mail as a recipient would get it, for the form's preview: `person` stands in for her name and
 * her link. Refused like sending when the text is incomplete; nothing is saved.
 */
export async function previewEventMessage(
	{ db, actor }: MessageContext,
	eventId: string,
	input: MessageInput,
	locale: Locale,
	person: { name: string; link: string }
): Promise<{ subject: string; text: string }> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	const issues = messageIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'message invalid', { issues });
	return inScope(db, tenantScope(actor), async (tx) => {
		await eventOfOffice(tx, actor, eventId);
		const event = await eventFacts(tx, eventId);
		return renderMail(
			'event_message',
			locale,
			eventMessageParams(event, { subject: input.subject.trim(), body: input.body.trim() }, locale, person)
		);
	});
}

const emptyCounts = (): DeliveryCounts => ({ stored: 0, queued: 0, sent: 0, failed: 0 });

async function deliveryCounts(tx: Tx, messageIds: string[]): Promise<Map<string, DeliveryCounts>> {
	const counts = new Map<string, DeliveryCounts>(messageIds.map((id) => [id, emptyCounts()]));
	if (!messageIds.length) return counts;
	const rows = await tx
		.select({ referenceId: outbox.referenceId, status: outbox.status, n: sql<number>`count(*)::int` })
		.from(outbox)
		.where(inArray(outbox.referenceId, messageIds))
		.groupBy(outbox.referenceId, outbox.status);
	for (const row of rows) {
		const entry = row.referenceId ? counts.get(row.referenceId) : undefined;
		if (entry && row.status in entry) entry[row.status as MailStatus] = row.n;
	}
	return counts;
}

export type EventMessageRow = {
	id: string;
	audience: EventMessageAudience;
	subject: string;
	body: string;
	recipientCount: number;
	createdAt: Date;
	delivery: DeliveryCounts;
};

/** The messages sent for an event, newest first, each with how its mails stand. */
export async function listEventMessages({ db, actor }: MessageContext, eventId: string): Promise<EventMessageRow[]> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	return inScope(db, tenantScope(actor), async (tx) => {
		await eventOfOffice(tx, actor, eventId);
		const rows = await tx
			.select({
				id: eventMessages.id,
				audience: eventMessages.audience,
				subject: eventMessages.subject,
				body: eventMessages.body,
				recipientCount: eventMessages.recipientCount,
				createdAt: eventMessages.createdAt
			})
			.from(eventMessages)
			.where(eq(eventMessages.eventId, eventId))
			.orderBy(desc(eventMessages.createdAt));
		const counts = await deliveryCounts(
			tx,
			rows.map((row) => row.id)
		);
		return rows.map((row) => ({ ...row, audience: row.audience as EventMessageAudience, delivery: counts.get(row.id) ?? emptyCounts() }));
	});
}

export type MessageRecipientRow = {
	mailId: string;
	name: string;
	email: string;
	status: MailStatus;
	attempts: number;
	lastError: string | null;
	sentAt: Date | null;
};

export type MessageDelivery = {
	message: EventMessageRow & { eventId: string; eventTitle: string };
	recipients: MessageRecipientRow[];
};

async function messageOfOffice(tx: Tx, actor: UserActor, messageId: string) {
	const [message] = await tx
		.select({
			id: eventMessages.id,
			eventId: eventMessages.eventId,
			eventTitle: events.title,
			audience: eventMessages.audience,
			subject: eventMessages.subject,
			body: eventMessages.body,
			recipientCount: eventMessages.recipientCount,
			createdAt: eventMessages.createdAt
		})
		.from(eventMessages)
		.innerJoin(events, eq(events.id, eventMessages.eventId))
		.where(and(eq(eventMessages.id, messageId), eq(eventMessages.tenantId, actor.tenantId)));
	if (!message) throw new AppError('not_found', 'message not found');
	return message;
}

/** One message with each recipient's mail: its status, attempts, last error and when it was sent. */
export async function messageDelivery({ db, actor }: MessageContext, messageId: string): Promise<MessageDelivery> {
	assertCan(actor, 'events.read');
	assertId(messageId, 'message');
	return inScope(db, tenantScope(actor), async (tx) => {
		const message = await messageOfOffice(tx, actor, messageId);
		const mails = await tx
			.select({
				mailId: outbox.id,
				name: sql<string>`coalesce(${outbox.params}->>'name', '')`,
				email: outbox.toAddress,
				status: outbox.status,
				attempts: outbox.attempts,
				lastError: outbox.lastError,
				sentAt: outbox.sentAt
			})
			.from(outbox)
			.where(and(eq(outbox.referenceId, messageId), eq(outbox.tenantId, actor.tenantId)))
			.orderBy(asc(outbox.createdAt), asc(outbox.toAddress));
		const counts = emptyCounts();
		for (const row of mails) if (row.status in counts) counts[row.status as MailStatus]++;
		return {
			message: { ...message, audience: message.audience as EventMessageAudience, delivery: counts },
			recipients: mails.map((row) => ({ ...row, status: row.status as MailStatus }))
		};
	});
}

/** Tries a message's failed mails again (with SMTP: queued afresh for the job runner). Returns how many. */
export async function retryFailedMessageMails(
	{ db, actor, now = new Date(), requestId, mail = STORE_ONLY }: MessageContext,
	messageId: string
): Promise<number> {
	assertCan(actor, 'events.edit');
	assertId(messageId, 'message');
	return inScope(db, tenantScope(actor), async (tx) => {
		const message = await messageOfOffice(tx, actor, messageId);
		const failed = await tx
			.select({ id: outbox.id })
			.from(outbox)
			.where(and(eq(outbox.referenceId, message.id), eq(outbox.tenantId, actor.tenantId), eq(outbox.status, 'failed')));
		const retried = await retryFailedMails(
			tx,
			mail,
			failed.map((row) => row.id),
			now
		);
		if (retried)
			await recordAudit(
				tx,
				actor,
				{ tenantId: actor.tenantId, action: 'update', entity: 'event_message', entityId: message.id, changes: { retried } },
				requestId
			);
		return retried;
	});
}
