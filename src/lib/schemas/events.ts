import * as v from 'valibot';
import { email, LIMITS, optionalText } from './common.js';

/**
 * The staff form of an event (EVT-1) and the public registration form (EVT-2). The event form has
 * fixed rows: SESSION_ROWS sessions (s1Date, s1Start, s1End, s1Title …; empty rows are ignored)
 * and QUESTION_ROWS extra questions (q1Label, q1Purpose, q1Required, q1Key …), so it works as a
 * plain form without JavaScript.
 */
export const SESSION_ROWS = 5;
export const QUESTION_ROWS = 3;

export const EVENT_LIMITS = { title: 200, description: 8000, venue: 300, fee: 200, accessibility: 2000, question: 300 } as const;

const sessionEntries = Object.fromEntries(
	Array.from({ length: SESSION_ROWS }, (_, i) => i + 1).flatMap((n) => [
		[`s${n}Title`, optionalText(LIMITS.short)],
		[`s${n}Date`, optionalText(10)],
		[`s${n}Start`, optionalText(5)],
		[`s${n}End`, optionalText(5)]
	])
) as Record<string, ReturnType<typeof optionalText>>;

const questionEntries = Object.fromEntries(
	Array.from({ length: QUESTION_ROWS }, (_, i) => i + 1).flatMap((n) => [
		[`q${n}Key`, optionalText(40)],
		[`q${n}Label`, optionalText(EVENT_LIMITS.question)],
		[`q${n}Purpose`, optionalText(EVENT_LIMITS.question)],
		[`q${n}Required`, v.optional(v.boolean(), false)]
	])
) as Record<string, ReturnType<typeof optionalText> | v.OptionalSchema<v.BooleanSchema<undefined>, false>>;

/** The flags (single checkboxes) and lists (checkbox groups) of the event form, for parseForm. */
export const EVENT_FORM_SHAPE = {
	lists: ['audiences', 'speakerIds'],
	flags: Array.from({ length: QUESTION_ROWS }, (_, i) => `q${i + 1}Required`)
} as const;

export const EventForm = v.strictObject({
	title: optionalText(EVENT_LIMITS.title),
	description: optionalText(EVENT_LIMITS.description),
	kind: optionalText(40),
	audiences: v.optional(v.array(v.pipe(v.string(), v.maxLength(40))), []),
	format: optionalText(40),
	roomId: optionalText(40),
	programmeId: optionalText(40),
	venue: optionalText(EVENT_LIMITS.venue),
	postalCode: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^(\d{5})?$/, 'error_postal_code')), ''),
	city: optionalText(LIMITS.short),
	onlineUrl: optionalText(500),
	capacity: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{0,6}$/, 'events_capacity_invalid')), ''),
	opensDate: optionalText(10),
	opensTime: optionalText(5),
	closesDate: optionalText(10),
	closesTime: optionalText(5),
	fee: optionalText(EVENT_LIMITS.fee),
	accessibility: optionalText(EVENT_LIMITS.accessibility),
	language: v.optional(v.picklist(['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'fr', 'es', 'fa'], 'error_invalid_choice'), 'de'),
	topicId: optionalText(40),
	speakerIds: v.optional(v.array(v.pipe(v.string(), v.maxLength(40))), []),
	...sessionEntries,
	...questionEntries
});
export type EventForm = v.InferOutput<typeof EventForm>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export type EventFormSession = { title: string; date: string; startTime: string; endTime: string };
export type EventFormQuestion = { key: string; label: string; purpose: string; required: boolean };

/**
 * The rows of the form that were filled in, with a message key per field for a row that is only
 * half filled or wrong (the service checks the record as a whole again).
 */
export function formRows(form: EventForm): {
	sessions: EventFormSession[];
	questions: EventFormQuestion[];
	issues: Record<string, string>;
} {
	const data = form as Record<string, unknown>;
	const text = (name: string) => String(data[name] ?? '');
	const issues: Record<string, string> = {};
	const sessions: EventFormSession[] = [];
	for (let n = 1; n <= SESSION_ROWS; n++) {
		const row = { title: text(`s${n}Title`), date: text(`s${n}Date`), startTime: text(`s${n}Start`), endTime: text(`s${n}End`) };
		if (!row.title && !row.date && !row.startTime && !row.endTime) continue;
		if (!DATE.test(row.date)) issues[`s${n}Date`] = 'events_form_session_date_missing';
		else if (!TIME.test(row.startTime)) issues[`s${n}Start`] = 'events_form_session_time_missing';
		else if (!TIME.test(row.endTime)) issues[`s${n}End`] = 'events_form_session_time_missing';
		else if (row.endTime <= row.startTime) issues[`s${n}End`] = 'events_session_end_before_start';
		sessions.push(row);
	}
	const questions: EventFormQuestion[] = [];
	const keys = new Set<string>();
	for (let n = 1; n <= QUESTION_ROWS; n++) {
		const label = text(`q${n}Label`);
		const purpose = text(`q${n}Purpose`);
		if (!label && !purpose) continue;
		if (!label) issues[`q${n}Label`] = 'events_form_question_label_missing';
		else if (!purpose) issues[`q${n}Purpose`] = 'events_form_question_purpose_missing';
		let key = /^[a-z0-9_]{1,40}$/.test(text(`q${n}Key`)) ? text(`q${n}Key`) : questionKey(label);
		while (keys.has(key)) key = `${key.slice(0, 36)}_${n}`;
		keys.add(key);
		questions.push({ key, label, purpose, required: data[`q${n}Required`] === true });
	}
	return { sessions, questions, issues };
}

/** A stable key for a question's answers: "Essenswünsche" → "essenswuensche". */
export function questionKey(label: string): string {
	const base = label
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 30);
	return base || 'frage';
}

/** The public registration form: name, e-mail and consent; the answers are read by the event's questions. */
export const RegistrationForm = v.object({
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('events_registration_name_missing'), v.maxLength(LIMITS.name, 'error_too_long')),
	email,
	consent: v.literal(true, 'events_public_consent_required')
});
export type RegistrationForm = v.InferOutput<typeof RegistrationForm>;

/** Cancelling an event needs a reason; the registered are told it. */
export const CancelEventForm = v.strictObject({
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('events_cancel_reason_missing'), v.maxLength(LIMITS.text, 'error_too_long'))
});
