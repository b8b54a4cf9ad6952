/**
 * Feedback after the event (EVT-3): the day after the last session, everyone who was there (or,
 * where nobody recorded attendance, everyone with a place) gets one e-mail with a link to a short
 * form — three scales from 1 (poor) to 5 (very good) and a text. Answers are stored without the
 * person's name; the link allows one answer. Staff see the evaluation per event and per programme
 * (`programmeEvaluation`: figures per event and over the programme, also as CSV).
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
import { acrossProgrammeOffices, programmeDetail, programmeOffices } from './programmes.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { escapeFormula } from '../groups/spreadsheet/write.js';
import { t } from '../../../i18n.js';

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

export type ScaleAverages = Record<FeedbackScale, number | null>;

export type EvaluationFigures = {
	/** people with a confirmed place */
	confirmed: number;
	/** of them, marked present */
	attended: number;
	/** attended ÷ confirmed, 0–1; null while nobody's attendance was recorded */
	attendanceRate: number | null;
	responses: number;
	/** average 1–5 per scale (one decimal), null without answers on that scale */
	averages: ScaleAverages;
};

export type ProgrammeEvaluationEvent = EvaluationFigures & {
	id: string;
	title: string;
	status: string;
	officeName: string;
	/** an event of the actor's office */
	own: boolean;
	firstStart: Date | null;
};

export type ProgrammeEvaluation = {
	programme: { id: string; slug: string; title: string; officeName: string; own: boolean };
	/** the programme's events that are or were public (not drafts), soonest first */
	events: ProgrammeEvaluationEvent[];
	/** over all these events: sums, and averages over every single answer (not over the events' averages) */
	totals: EvaluationFigures & { events: number };
	/** the comments, without names, by event and in the order they came */
	comments: { eventTitle: string; comment: string }[];
};

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

type RawFigures = {
	confirmed: number;
	attended: number;
	recorded: number;
	responses: number;
	sums: Record<FeedbackScale, number>;
	counts: Record<FeedbackScale, number>;
};

function figuresOf(raw: RawFigures): EvaluationFigures {
	const averages = Object.fromEntries(
		FEEDBACK_SCALES.map((scale) => [scale, raw.counts[scale] ? oneDecimal(raw.sums[scale] / raw.counts[scale]) : null])
	) as ScaleAverages;
	return {
		confirmed: raw.confirmed,
		attended: raw.attended,
		attendanceRate: raw.recorded && raw.confirmed ? raw.attended / raw.confirmed : null,
		responses: raw.responses,
		averages
	};
}

/**
 * The evaluation of a programme (EVT-3): per event the answers, the averages per scale and how
 * many of those with a place came; the same over the whole programme; the comments without names.
 * The owner sees the events of every office below it (each read in that office's scope, only as
 * figures); an office below sees its own events in the programme.
 */
export async function programmeEvaluation(ctx: { db: Db; actor: UserActor }, programmeId: string): Promise<ProgrammeEvaluation> {
	const { db, actor } = ctx;
	const programme = await programmeDetail(ctx, programmeId);
	const offices = await programmeOffices(db, actor, programme);
	type Row = {
		event: Omit<ProgrammeEvaluationEvent, keyof EvaluationFigures | 'officeName' | 'own'> & { officeId: string };
		raw: RawFigures;
		comments: { createdAt: Date; comment: string }[];
	};
	const rows = await acrossProgrammeOffices<Row>(db, actor, offices, async (tx, officeId) => {
		const list = await tx
			.select({
				id: events.id,
				title: events.title,
				status: events.status,
				officeId: events.tenantId
			})
			.from(events)
			.where(and(eq(events.tenantId, officeId), eq(events.programmeId, programme.id), ne(events.status, 'draft')));
		const ids = list.map((row) => row.id);
		if (!ids.length) return [];
		const starts = await tx
			.select({ eventId: eventSessions.eventId, firstStart: sql<string | Date>`min(${eventSessions.startsAt})` })
			.from(eventSessions)
			.where(inArray(eventSessions.eventId, ids))
			.groupBy(eventSessions.eventId);
		const firstStartOf = (eventId: string) => {
			const found = starts.find((row) => row.eventId === eventId);
			return found ? new Date(found.firstStart) : null;
		};
		const people = await tx
			.select({
				eventId: eventRegistrations.eventId,
				confirmed: sql<number>`count(*)::int`,
				attended: sql<number>`(count(*) filter (where ${eventRegistrations.attended}))::int`,
				recorded: sql<number>`(count(*) filter (where ${eventRegistrations.attended} is not null))::int`
			})
			.from(eventRegistrations)
			.where(and(inArray(eventRegistrations.eventId, ids), eq(eventRegistrations.status, 'confirmed')))
			.groupBy(eventRegistrations.eventId);
		const answers = await tx
			.select({
				eventId: eventFeedback.eventId,
				responses: sql<number>`count(*)::int`,
				overallSum: sql<number>`coalesce(sum(${eventFeedback.overall}), 0)::int`,
				overallCount: sql<number>`count(${eventFeedback.overall})::int`,
				contentSum: sql<number>`coalesce(sum(${eventFeedback.content}), 0)::int`,
				contentCount: sql<number>`count(${eventFeedback.content})::int`,
				organisationSum: sql<number>`coalesce(sum(${eventFeedback.organisation}), 0)::int`,
				organisationCount: sql<number>`count(${eventFeedback.organisation})::int`
			})
			.from(eventFeedback)
			.where(inArray(eventFeedback.eventId, ids))
			.groupBy(eventFeedback.eventId);
		const comments = await tx
			.select({ eventId: eventFeedback.eventId, comment: eventFeedback.comment, createdAt: eventFeedback.createdAt })
			.from(eventFeedback)
			.where(and(inArray(eventFeedback.eventId, ids), ne(eventFeedback.comment, '')))
			.orderBy(asc(eventFeedback.createdAt), asc(eventFeedback.id));
		return list.map((event) => {
			const p = people.find((row) => row.eventId === event.id);
			const a = answers.find((row) => row.eventId === event.id);
			return {
				event: { ...event, firstStart: firstStartOf(event.id) },
				raw: {
					confirmed: p?.confirmed ?? 0,
					attended: p?.attended ?? 0,
					recorded: p?.recorded ?? 0,
					responses: a?.responses ?? 0,
					sums: { overall: a?.overallSum ?? 0, content: a?.contentSum ?? 0, organisation: a?.organisationSum ?? 0 },
					counts: { overall: a?.overallCount ?? 0, content: a?.contentCount ?? 0, organisation: a?.organisationCount ?? 0 }
				},
				comments: comments.filter((row) => row.eventId === event.id).map(({ comment, createdAt }) => ({ comment, createdAt }))
			};
		});
	});
	rows.sort(
		(a, b) =>
			(a.event.firstStart?.getTime() ?? Infinity) - (b.event.firstStart?.getTime() ?? Infinity) ||
			a.event.title.localeCompare(b.event.title, 'de')
	);
	const names = await officeNamesOf(db, actor, offices);
	const total: RawFigures = {
		confirmed: 0,
		attended: 0,
		recorded: 0,
		responses: 0,
		sums: { overall: 0, content: 0, organisation: 0 },
		counts: { overall: 0, content: 0, organisation: 0 }
	};
	// the programme's attendance counts only events where attendance was recorded
	let recordedConfirmed = 0;
	for (const { raw } of rows) {
		total.confirmed += raw.confirmed;
		if (raw.recorded) {
			total.attended += raw.attended;
			total.recorded += raw.recorded;
			recordedConfirmed += raw.confirmed;
		}
		total.responses += raw.responses;
		for (const scale of FEEDBACK_SCALES) {
			total.sums[scale] += raw.sums[scale];
			total.counts[scale] += raw.counts[scale];
		}
	}
	const totals = figuresOf(total);
	totals.attendanceRate = total.recorded && recordedConfirmed ? total.attended / recordedConfirmed : null;
	return {
		programme: { id: programme.id, slug: programme.slug, title: programme.title, officeName: programme.officeName, own: programme.own },
		events: rows.map(({ event, raw }) => {
			const { officeId, ...rest } = event;
			return { ...rest, officeName: names.get(officeId) ?? '', own: officeId === actor.tenantId, ...figuresOf(raw) };
		}),
		totals: { ...totals, events: rows.length },
		comments: rows.flatMap(({ event, comments }) => comments.map(({ comment }) => ({ eventTitle: event.title, comment })))
	};
}

async function officeNamesOf(db: Db, actor: UserActor, ids: string[]): Promise<Map<string, string>> {
	const rows = await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
		tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, ids))
	);
	return new Map(rows.map((row) => [row.id, row.name]));
}

const csvCell = (value: string) => {
	const escaped = escapeFormula(value);
	return /[;"\r\n]|^\s|\s$/.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped;
};

/**
 * The programme's evaluation as CSV for a spreadsheet (semicolons, UTF-8 with BOM, as German Excel
 * expects): one row per event, a row of totals, then the comments. Texts come from the catalogue
 * in the given language; cells that a spreadsheet would run as a formula are made text.
 */
export function programmeEvaluationCsv(evaluation: ProgrammeEvaluation, locale: Locale): Uint8Array {
	const tr = (key: string, params: Record<string, string> = {}) => t(key, params, locale);
	const number = (value: number | null, digits = 1) =>
		value === null ? '' : value.toLocaleString(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: digits });
	const percent = (rate: number | null) => (rate === null ? '' : `${Math.round(rate * 100)} %`);
	const date = (value: Date | null) =>
		value
			? new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(value)
			: '';
	const figures = (f: EvaluationFigures) => [
		String(f.responses),
		...FEEDBACK_SCALES.map((scale) => number(f.averages[scale])),
		String(f.confirmed),
		f.attendanceRate === null ? '' : String(f.attended),
		percent(f.attendanceRate)
	];
	const lines: string[][] = [[tr('programmes_eval_csv_title', { title: evaluation.programme.title })], []];
	lines.push([
		tr('programmes_eval_col_event'),
		tr('programmes_eval_col_date'),
		tr('programmes_eval_col_office'),
		tr('programmes_eval_col_responses'),
		...FEEDBACK_SCALES.map((scale) => tr(`events_page_feedback_${scale}`)),
		tr('programmes_eval_col_confirmed'),
		tr('programmes_eval_col_attended'),
		tr('programmes_eval_col_rate')
	]);
	for (const event of evaluation.events) lines.push([event.title, date(event.firstStart), event.officeName, ...figures(event)]);
	lines.push([tr('programmes_eval_totals', { count: String(evaluation.totals.events) }), '', '', ...figures(evaluation.totals)]);
	if (evaluation.comments.length) {
		lines.push([], [tr('programmes_eval_comments')], [tr('programmes_eval_col_event'), tr('programmes_eval_col_comment')]);
		for (const { eventTitle, comment } of evaluation.comments) lines.push([eventTitle, comment]);
	}
	return new TextEncoder().encode(`\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`);
}
