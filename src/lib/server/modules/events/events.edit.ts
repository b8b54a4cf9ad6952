/**
 * Editing an event (EVT-1) and the form's side of it. Same rules as createEvent: everything is
 * checked first (eventIssues, extrasIssues), then the record, the capacity, the sessions, the
 * questions and topics and the room bookings change in one transaction under the event's lock —
 * nothing is half-saved, every change is in the audit log, and more places move the waitlist up at once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId, isUuid } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { invalid, readForm, serviceFailure, type FormFailure, type FormShape } from '../../forms.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { eventSessions, events } from './events.table.js';
import {
	changeCapacityIn,
	createEvent,
	eventIssues,
	extrasIssues,
	holdTargetOf,
	programmeIssues,
	lockEvent,
	sessionInstants,
	sortedSessions,
	writeExtras,
	STORE_ONLY,
	type EventContext,
	type EventExtras,
	type EventInput
} from './events.service.js';
import { holdEventRoom, roomIssueParams, withRoomGuard, type RoomHoldProblem } from './events.rooms.js';
import type { StaffEventDetail } from './events.queries.js';
import { eventMailContext, offerNews, type PlaceOffer } from './registrations.service.js';
import { mailRegistrationNews } from './events.mail.js';
import { instantToWall, wallTimeToInstant, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import { formRows, QUESTION_ROWS, SESSION_ROWS, type EventForm } from '../../../schemas/events.js';
import type { EventAudience, EventFormat, EventKind } from './events.table.js';

export { extrasIssues, MAX_QUESTIONS, MAX_TOPICS, type EventExtras } from './events.service.js';

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

function refuse(issues: Record<string, string>) {
	if (Object.keys(issues).length) throw new AppError('invalid', 'event invalid', { issues });
}

/** Creates an event as a draft with its questions and topics (and its room bookings) in one transaction; returns its id and slug. */
export async function createEventWithExtras(
	ctx: EventContext,
	input: EventInput,
	extras: EventExtras
): Promise<{ id: string; slug: string }> {
	return createEvent(ctx, input, extras);
}

const sameTimes = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
	a.startsAt.getTime() === b.startsAt.getTime() && a.endsAt.getTime() === b.endsAt.getTime();

/**
 * Replaces the sessions with the given ones, keeping the rows (and their room bookings) where it
 * can: a session at the same times stays, the others are changed in order of their start, the rest
 * is removed or added. Their room bookings follow in holdEventRoom.
 */
async function writeSessions(tx: Tx, actor: UserActor, eventId: string, wanted: { title: string; startsAt: Date; endsAt: Date }[]) {
	const left = await tx
		.select({ id: eventSessions.id, startsAt: eventSessions.startsAt, endsAt: eventSessions.endsAt })
		.from(eventSessions)
		.where(eq(eventSessions.eventId, eventId))
		.orderBy(eventSessions.startsAt);
	const rowOf = new Map<number, string>();
	wanted.forEach((session, i) => {
		const same = left.findIndex((row) => sameTimes(row, session));
		if (same >= 0) rowOf.set(i, left.splice(same, 1)[0]!.id);
	});
	wanted.forEach((_session, i) => {
		if (!rowOf.has(i) && left.length) rowOf.set(i, left.shift()!.id);
	});
	if (left.length)
		await tx.delete(eventSessions).where(
			inArray(
				eventSessions.id,
				left.map((row) => row.id)
			)
		);
	const added = [];
	for (const [i, session] of wanted.entries()) {
		const id = rowOf.get(i);
		if (id) await tx.update(eventSessions).set(session).where(eq(eventSessions.id, id));
		else added.push({ tenantId: actor.tenantId, eventId, ...session });
	}
	if (added.length) await tx.insert(eventSessions).values(added);
}

/**
 * Saves a changed event: its record, capacity, sessions, questions, topics and room bookings in one
 * transaction. A lower capacity than the places taken is refused with the number registered; a
 * higher one offers the freed places to the waitlist (the offers are returned; their e-mails are
 * queued with the change). A room that is taken refuses the whole save with the dates.
 */
export async function updateEvent(
	ctx: EventContext,
	eventId: string,
	input: EventInput,
	extras: EventExtras
): Promise<{ offers: PlaceOffer[] }> {
	const { db, actor, now = new Date(), requestId, mail = STORE_ONLY, origin = '' } = ctx;
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	const [stored] = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ programmeId: events.programmeId })
			.from(events)
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)))
	);
	if (!stored) throw new AppError('not_found', 'event not found');
	refuse({ ...eventIssues(input), ...extrasIssues(extras), ...(await programmeIssues(db, actor, input.programmeId, stored.programmeId)) });
	const sessions = sortedSessions(input.sessions).map((session) => ({ title: session.title.trim(), ...sessionInstants(session) }));
	const mailing = await eventMailContext({ db, mail, origin }, now);
	const save = () =>
		inScope(db, tenantScope(actor), async (tx) => {
			const event = await lockEvent(tx, actor, eventId);
			// the capacity first: refused below the places taken, and then nothing else changes
			const offers = event.capacity !== input.capacity ? await changeCapacityIn(tx, actor, event, input.capacity, { now, requestId }) : [];
			const { sessions: _sessions, capacity: _capacity, ...record } = input;
			await tx
				.update(events)
				.set({ ...record, title: input.title.trim(), updatedAt: now })
				.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
			await writeSessions(tx, actor, eventId, sessions);
			await writeExtras(tx, actor, eventId, extras, now);
			await holdEventRoom(tx, actor, eventId, { now, requestId });
			await recordAudit(
				tx,
				actor,
				{
					tenantId: actor.tenantId,
					action: 'update',
					entity: 'event',
					entityId: eventId,
					changes: {
						title: input.title.trim(),
						roomId: input.roomId,
						sessions: sessions.length,
						questions: extras.extraFields.length,
						...(extras.speakerIds ? { speakers: extras.speakerIds } : {})
					}
				},
				requestId
			);
			await mailRegistrationNews(tx, mailing, offerNews(offers));
			return { offers };
		});
	// a cancelled event books nothing, so only a held room can meet a concurrent booking
	return withRoomGuard({ db, actor, now }, save, holdTargetOf(eventId, input));
}

/**
 * A refused save of the event form as the page shows it: the values as typed and each message at
 * its field — the room's dates and what is booked there, the room's size, the places already taken.
 */
export function eventFormFailure(
	form: FormData,
	error: unknown,
	shape: FormShape,
	locale: string
): ActionFailure<FormFailure & { issueParams?: Record<string, Record<string, string>> }> {
	if (error instanceof AppError && error.code === 'invalid') {
		const values = readForm(form, shape).values;
		const issues = { ...((error.details.issues as Record<string, string> | undefined) ?? {}) };
		const room = error.details.room as RoomHoldProblem | undefined;
		const issueParams: Record<string, Record<string, string>> = room ? roomIssueParams(room, locale) : {};
		const params = error.details.params as Record<string, unknown> | undefined;
		if (issues.capacity === 'events_capacity_below_registered' && params) {
			// fewer places than people registered: say how many, at the field and in the summary
			const registered = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
			return invalid({
				values,
				issues: { ...issues, capacity: 'events_form_capacity_below' },
				formError: 'events_capacity_below_registered',
				formErrorParams: registered
			});
		}
		return fail(400, { values, issues, ...(Object.keys(issueParams).length ? { issueParams } : {}) });
	}
	return serviceFailure(form, error, shape);
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
		roomId: form.format !== 'online' && form.roomId && isUuid(form.roomId) ? form.roomId : null,
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
		programmeId: form.programmeId && isUuid(form.programmeId) ? form.programmeId : null,
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
		extras: {
			extraFields: rows.questions,
			topicIds: form.topicId ? [form.topicId] : [],
			speakerIds: form.speakerIds.filter((id) => isUuid(id))
		},
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
		programmeId: event.programmeId ?? '',
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
