/**
 * Feedback after the event (EVT-3): the day after the last session, everyone who was there (or,
 * where nobody recorded attendance, everyone with a place) gets one e-mail with a link to a short
 * form — three scales from 1 (poor) to 5 (very good) and a text. Answers are stored without the
 * person's name; the link allows one answer. Staff see the evaluation per event and per programme.
 */
import { and, asc, avg, count, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { tokenId } from '../../auth/crypto.js';
import type { UserActor } from '../groups/groups.service.js';
import { queueMail } from '../mail/mail.service.js';
import type { Locale } from '../mail/mail.templates.js';
import { eventFacts } from './events.mail.js';
import { eventFeedback, eventRegistrations, eventSessions, events } from './events.table.js';
import { eventMailContext, type RegistrationContext } from './registrations.service.js';

export const FEEDBACK_SCALES = ['overall', 'content', 'organisation'] as const;
export type FeedbackScale = (typeof FEEDBACK_SCALES)[number];
export type FeedbackInput = Partial<Record<FeedbackScale, number | null>> & { comment: string };

/** Feedback is asked for until two weeks after the last session. */
const ASK_WITHIN_DAYS = 14;

/** The job: asks everyone who was there for feedback once, after the event's last session has ended. */
export async function requestFeedback(ctx: RegistrationContext): Promise<number> {
	const { db, now = new Date() } = ctx;
	const mailing = await eventMailContext(ctx, now);
	const since = new Date(now.getTime() - ASK_WITHIN_DAYS * 86_400_000);
	const due = await inScope(db, systemScope, (tx) =>
		tx
			.select({ id: eventRegistrations.id, eventId: eventRegistrations.eventId, tenantId: eventRegistrations.tenantId })
			.from(eventRegistrations)
			.innerJoin(events, eq(events.id, eventRegistrations.eventId))
			.where(
				and(
					eq(eventRegistrations.status, 'confirmed'),
					or(eq(eventRegistrations.attended, true), isNull(eventRegistrations.attended)),
					isNull(eventRegistrations.feedbackRequestedAt),
					eq(events.status, 'published'),
					sql`(select max(${eventSessions.endsAt}) from ${eventSessions} where ${eventSessions.eventId} = ${events.id}) between ${since.toISOString()}::timestamptz and ${now.toISOString()}::timestamptz`
				)
			)
	);
	let asked = 0;
	for (const [eventId, rows] of Map.groupBy(due, (row) => row.eventId)) {
		await inScope(db, { kind: 'tenant', tenantId: rows[0]!.tenantId }, async (tx) => {
			const claimed = await tx
				.update(eventRegistrations)
				.set({ feedbackRequestedAt: now })
				.where(
					and(
						inArray(
							eventRegistrations.id,
							rows.map((row) => row.id)
						),
						isNull(eventRegistrations.feedbackRequestedAt)
					)
				)
				.returning({
					id: eventRegistrations.id,
					name: eventRegistrations.name,
					email: eventRegistrations.email,
					locale: eventRegistrations.locale
				});
			if (!claimed.length) return;
			const facts = await eventFacts(tx, eventId);
			for (const person of claimed) {
				const locale: Locale = person.locale === 'en' ? 'en' : 'de';
				await queueMail(tx, mailing.mail, {
					tenantId: facts.tenantId,
					template: 'event_feedback',
					locale,
					to: person.email.toLowerCase(),
					params: {
						name: person.name,
						event: facts.title,
						office: facts.officeName,
						link: `${mailing.origin}/veranstaltungen/rueckmeldung/${mailing.link(person.id)}`
					}
				});
			}
			asked += claimed.length;
		});
	}
	return asked;
}

/** Field → message key for a feedback form. */
export function feedbackIssues(input: FeedbackInput): Record<string, string> {
	const issues: Record<string, string> = {};
	for (const scale of FEEDBACK_SCALES) {
		const value = input[scale];
		if (value !== undefined && value !== null && !(Number.isInteger(value) && value >= 1 && value <= 5))
			issues[scale] = 'events_feedback_scale_invalid';
	}
	if (input.comment.length > 4000) issues.comment = 'error_too_long';
	if (FEEDBACK_SCALES.every((scale) => input[scale] === undefined || input[scale] === null) && !input.comment.trim())
		issues.overall = 'events_feedback_empty';
	return issues;
}

/** The event a feedback link belongs to, for the form's page; `not_found` for an unknown link. */
export async function feedbackFormOf(db: Db, token: string): Promise<{ title: string; answered: boolean }> {
	if (!token || token.length > 100) throw new AppError('not_found', 'link unknown');
	const [row] = await inScope(db, systemScope, (tx) =>
		tx
			.select({
				title: events.title,
				answered: sql<boolean>`exists (select 1 from ${eventFeedback} where ${eventFeedback.registrationId} = ${eventRegistrations.id})`
			})
			.from(eventRegistrations)
			.innerJoin(events, eq(events.id, eventRegistrations.eventId))
			.where(eq(eventRegistrations.tokenHash, tokenId(token)))
	);
	if (!row) throw new AppError('not_found', 'link unknown');
	return row;
}

/** Stores one answer per link; the answer is not linked to the person's name in any view. */
export async function submitFeedback(db: Db, token: string, input: FeedbackInput, now = new Date()): Promise<void> {
	if (!token || token.length > 100) throw new AppError('not_found', 'link unknown');
	const issues = feedbackIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'feedback invalid', { issues });
	const [found] = await inScope(db, systemScope, (tx) =>
		tx
			.select({
				id: eventRegistrations.id,
				eventId: eventRegistrations.eventId,
				tenantId: eventRegistrations.tenantId,
				status: eventRegistrations.status
			})
			.from(eventRegistrations)
			.where(eq(eventRegistrations.tokenHash, tokenId(token)))
	);
	if (!found) throw new AppError('not_found', 'link unknown');
	if (found.status !== 'confirmed') throw new AppError('invalid', 'no place', { code: 'events_feedback_not_participant' });
	await inScope(db, { kind: 'tenant', tenantId: found.tenantId }, async (tx) => {
		const inserted = await tx
			.insert(eventFeedback)
			.values({
				tenantId: found.tenantId,
				eventId: found.eventId,
				registrationId: found.id,
				overall: input.overall ?? null,
				content: input.content ?? null,
				organisation: input.organisation ?? null,
				comment: input.comment.trim(),
				createdAt: now
			})
			.onConflictDoNothing({ target: eventFeedback.registrationId })
			.returning({ id: eventFeedback.id });
		if (!inserted.length) throw new AppError('conflict', 'already answered', { code: 'events_feedback_already' });
	});
}

export type FeedbackSummary = {
	answers: number;
	/** average 1–5 per scale, null without answers */
	averages: Record<FeedbackScale, number | null>;
	/** how many gave 1, 2, 3, 4, 5 per scale */
	distribution: Record<FeedbackScale, [number, number, number, number, number]>;
	comments: string[];
};

/** The evaluation of one event or of all the office's events in a programme (EVT-3). */
export async function feedbackSummary(
	{ db, actor }: { db: Db; actor: UserActor },
	of: { eventId: string } | { programmeId: string }
): Promise<FeedbackSummary> {
	assertCan(actor, 'events.read');
	const id = 'eventId' in of ? of.eventId : of.programmeId;
	assertId(id, 'eventId' in of ? 'event' : 'programme');
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const eventIds = (
			await tx
				.select({ id: events.id })
				.from(events)
				.where(
					and(eq(events.tenantId, actor.tenantId), 'eventId' in of ? eq(events.id, of.eventId) : eq(events.programmeId, of.programmeId))
				)
		).map((row) => row.id);
		if ('eventId' in of && !eventIds.length) throw new AppError('not_found', 'event not found');
		const empty = (): [number, number, number, number, number] => [0, 0, 0, 0, 0];
		const summary: FeedbackSummary = {
			answers: 0,
			averages: { overall: null, content: null, organisation: null },
			distribution: { overall: empty(), content: empty(), organisation: empty() },
			comments: []
		};
		if (!eventIds.length) return summary;
		const inEvents = inArray(eventFeedback.eventId, eventIds);
		const [totals] = await tx
			.select({
				answers: count(),
				overall: avg(eventFeedback.overall),
				content: avg(eventFeedback.content),
				organisation: avg(eventFeedback.organisation)
			})
			.from(eventFeedback)
			.where(inEvents);
		summary.answers = totals?.answers ?? 0;
		for (const scale of FEEDBACK_SCALES) {
			const value = totals?.[scale];
			summary.averages[scale] = value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
			const counts = await tx
				.select({ value: eventFeedback[scale], n: count() })
				.from(eventFeedback)
				.where(and(inEvents, gte(eventFeedback[scale], 1), lte(eventFeedback[scale], 5)))
				.groupBy(eventFeedback[scale]);
			for (const row of counts) if (row.value) summary.distribution[scale][row.value - 1] = row.n;
		}
		summary.comments = (
			await tx
				.select({ comment: eventFeedback.comment })
				.from(eventFeedback)
				.where(and(inEvents, ne(eventFeedback.comment, '')))
				.orderBy(asc(eventFeedback.createdAt))
		).map((row) => row.comment);
		return summary;
	});
}
