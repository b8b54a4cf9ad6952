/**
 * Editing an event (EVT-1) and the parts of its record the creation does not take yet: the extra
 * questions of the registration form (each with its purpose) and its topics. Same rules as
 * createEvent: everything is checked first (eventIssues), nothing is half-saved, every change is in
 * the audit log, and a new capacity goes through changeCapacity so the waitlist moves up at once.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId, isUuid } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { eventSessions, eventTopics, events } from './events.table.js';
import { changeCapacity, createEvent, eventIssues, sessionInstants, type EventContext, type EventInput } from './events.service.js';
import type { ExtraField, StaffEventDetail } from './events.queries.js';
import type { PlaceOffer } from './registrations.service.js';
import { instantToWall, wallTimeToInstant, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import { formRows, QUESTION_ROWS, SESSION_ROWS, type EventForm } from '../../../schemas/events.js';
import type { EventAudience, EventFormat, EventKind } from './events.table.js';

/** The questions and topics of an event, besides its EventInput. */
export type EventExtras = { extraFields: ExtraField[]; topicIds: string[] };

export const MAX_QUESTIONS = 10;
export const MAX_TOPICS = 10;

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

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
	return issues;
}

function refuse(issues: Record<string, string>) {
	if (Object.keys(issues).length) throw new AppError('invalid', 'event invalid', { issues });
}

async function writeExtras(tx: Tx, actor: UserActor, eventId: string, extras: EventExtras, now: Date) {
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
}

/** Creates an event as a draft with its questions and topics; returns its id and public slug. */
export async function createEventWithExtras(
	ctx: EventContext,
	input: EventInput,
	extras: EventExtras
): Promise<{ id: string; slug: string }> {
	assertCan(ctx.actor, 'events.edit');
	refuse({ ...eventIssues(input), ...extrasIssues(extras) });
	const created = await createEvent(ctx, input);
	const now = ctx.now ?? new Date();
	await inScope(ctx.db, tenantScope(ctx.actor), (tx) => writeExtras(tx, ctx.actor, created.id, extras, now));
	return created;
}

/**
 * Saves a changed event: its record, its sessions (replaced by the given ones), questions and
 * topics. A lower capacity than the places taken is refused with the number registered; a higher
 * one offers the freed places to the waitlist (the offers are returned; their e-mails are queued).
 */
export async function updateEvent(
	ctx: EventContext,
	eventId: string,
	input: EventInput,
	extras: EventExtras
): Promise<{ offers: PlaceOffer[] }> {
	const { db, actor, now = new Date(), requestId } = ctx;
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	refuse({ ...eventIssues(input), ...extrasIssues(extras) });
	const [current] = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ capacity: events.capacity, status: events.status })
			.from(events)
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)))
	);
	if (!current) throw new AppError('not_found', 'event not found');
	// the capacity first: refused below the places taken before anything else changes
	const offers = current.capacity !== input.capacity ? (await changeCapacity(ctx, eventId, input.capacity)).offers : [];
	const sessions = [...input.sessions].sort((a, b) => (a.date + a.startTime < b.date + b.startTime ? -1 : 1));
	await inScope(db, tenantScope(actor), async (tx) => {
		const { sessions: _sessions, capacity: _capacity, ...record } = input;
		await tx
			.update(events)
			.set({ ...record, title: input.title.trim(), updatedAt: now })
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
		await tx.delete(eventSessions).where(eq(eventSessions.eventId, eventId));
		await tx
			.insert(eventSessions)
			.values(sessions.map((session) => ({ tenantId: actor.tenantId, eventId, title: session.title.trim(), ...sessionInstants(session) })));
		await writeExtras(tx, actor, eventId, extras, now);
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'event',
				entityId: eventId,
				changes: { title: input.title.trim(), sessions: sessions.length, questions: extras.extraFields.length }
			},
			requestId
		);
	});
	return { offers };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A date and time of the form as an instant (Berlin wall time); an empty date is no limit, a wrong one an issue. */
function formMoment(date: string, time: string, fallback: WallTime): Date | null | 'invalid' {
	if (!date) return null;
	if (!DATE.test(date) || (time && !TIME.test(time))) return 'invalid';
	return wallTimeToInstant(date as IsoDate, (time || fallback) as WallTime);
}

/**
 * The parsed form as the service's record, or the field issues of the form's own rows (a half-filled
 * session, a question without its purpose, a wrong date of the registration window).
 */
export function eventFromForm(
	form: EventForm
): { ok: true; input: EventInput; extras: EventExtras; speakerIds: string[] } | { ok: false; issues: Record<string, string> } {
	const rows = formRows(form);
	const issues = { ...rows.issues };
	const opens = formMoment(form.opensDate, form.opensTime, '00:00');
	const closes = formMoment(form.closesDate, form.closesTime, '23:59');
	if (opens === 'invalid') issues.opensDate = 'error_date';
	if (closes === 'invalid') issues.closesDate = 'error_date';
	if (Object.keys(issues).length) return { ok: false, issues };
	const input: EventInput = {
		title: form.title,
		description: form.description,
		kind: form.kind as EventKind,
		audiences: form.audiences as EventAudience[],
		format: form.format as EventFormat,
		roomId: form.format !== 'online' && form.roomId ? form.roomId : null,
		venue: form.format !== 'online' && !form.roomId ? form.venue : '',
		postalCode: form.format !== 'online' && !form.roomId ? form.postalCode : '',
		city: form.format !== 'online' && !form.roomId ? form.city : '',
		onlineUrl: form.format !== 'in_person' ? form.onlineUrl : '',
		capacity: form.capacity ? Number(form.capacity) : null,
		registrationOpensAt: opens as Date | null,
		registrationClosesAt: closes as Date | null,
		fee: form.fee,
		accessibility: form.accessibility,
		language: form.language,
		programmeId: null,
		sessions: rows.sessions.map((session) => ({
			title: session.title,
			date: session.date as IsoDate,
			startTime: session.startTime as WallTime,
			endTime: session.endTime as WallTime
		}))
	};
	return {
		ok: true,
		input,
		extras: { extraFields: rows.questions, topicIds: form.topicId ? [form.topicId] : [] },
		speakerIds: form.speakerIds.filter((id) => isUuid(id))
	};
}

/** The edit form's values for an event as it is stored. */
export function eventFormValues(event: StaffEventDetail): Record<string, string> {
	const values: Record<string, string> = {
		title: event.title,
		description: event.description,
		kind: event.kind,
		audiences: event.audiences.join('\n'),
		format: event.format,
		roomId: event.roomId ?? '',
		venue: event.venue,
		postalCode: event.postalCode,
		city: event.city,
		onlineUrl: event.onlineUrl,
		capacity: event.capacity === null ? '' : String(event.capacity),
		fee: event.fee,
		accessibility: event.accessibility,
		language: event.language,
		topicId: event.topicIds[0] ?? '',
		speakerIds: event.speakerIds.join('\n')
	};
	if (event.registrationOpensAt) {
		const wall = instantToWall(event.registrationOpensAt);
		values.opensDate = wall.date;
		values.opensTime = wall.time;
	}
	if (event.registrationClosesAt) {
		const wall = instantToWall(event.registrationClosesAt);
		values.closesDate = wall.date;
		values.closesTime = wall.time;
	}
	event.sessions.slice(0, SESSION_ROWS).forEach((session, i) => {
		const start = instantToWall(session.startsAt);
		const end = instantToWall(session.endsAt);
		values[`s${i + 1}Title`] = session.title;
		values[`s${i + 1}Date`] = start.date;
		values[`s${i + 1}Start`] = start.time;
		values[`s${i + 1}End`] = end.time;
	});
	event.extraFields.slice(0, QUESTION_ROWS).forEach((field, i) => {
		values[`q${i + 1}Key`] = field.key;
		values[`q${i + 1}Label`] = field.label;
		values[`q${i + 1}Purpose`] = field.purpose;
		values[`q${i + 1}Required`] = field.required ? 'on' : '';
	});
	return values;
}
