import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm, serviceFailure } from '#lib/server/forms.js';
import { AppError } from '#lib/server/errors.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { formatDate } from '#lib/i18n.js';
import { instantToWall, type IsoDate } from '#lib/recurrence/index.js';
import { scheduleFormValues } from '#lib/schemas/schedule.js';
import { BOOKING_FORM_SHAPE, BOOKING_ISSUE_FIELDS, BookingForm, bookingRequestFromForm, parseCalendarQuery } from '#lib/schemas/rooms.js';
import {
	bookingGroupOptions,
	listRooms,
	planBooking,
	saveBooking,
	type BookingConflict,
	type BookingIssue,
	type BookingSuggestions,
	type PlannedOccurrence
} from '#lib/server/modules/rooms/rooms.service.js';

type Actor = ReturnType<typeof requirePermission>;

function context(event: RequestEvent, actor: Actor) {
	const rt = runtime();
	return { db: rt.database.db, actor, mail: rt.mail, requestId: event.locals.requestId };
}

const plus2h = (time: string) => {
	const hour = Math.min(Number(time.slice(0, 2)) + 2, 23);
	return `${String(hour).padStart(2, '0')}${time.slice(2)}`;
};

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const staff = can(actor.role, 'rooms.book');
	if (!staff) requirePermission(event, 'rooms.request');
	const today = instantToWall(new Date()).date;
	const query = parseCalendarQuery(event.url.searchParams, today);
	const isTime = (text: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
	const von = event.url.searchParams.get('von') ?? '';
	const bis = event.url.searchParams.get('bis') ?? '';
	const personen = event.url.searchParams.get('personen') ?? '';
	const startTime = isTime(von) ? von : '19:00';
	const endTime = isTime(bis) && bis > startTime ? bis : plus2h(startTime);
	const [rooms, groups] = await Promise.all([
		listRooms({ db: runtime().database.db, actor }),
		bookingGroupOptions({ db: runtime().database.db, actor })
	]);
	return {
		staff,
		rooms: rooms.map((room) => ({ id: room.id, name: room.name, capacity: room.capacity })),
		groups,
		values: {
			roomId: query.roomId,
			ownerKind: staff ? 'internal' : 'group',
			groupId: groups.length === 1 ? (groups[0]?.id ?? '') : '',
			title: '',
			attendees: /^\d{1,5}$/.test(personen) ? personen : '',
			note: '',
			...scheduleFormValues(null, { startDate: query.date, startTime, endTime, frequency: 'once', skipHolidays: true })
		} as Record<string, string>
	};
};

/** What "Prüfen" shows: every date, with what takes it, and the suggestions. */
export type CheckResult = {
	dates: { date: IsoDate; conflicts: { from: string; to: string; title: string | null; bookingId: string }[] }[];
	conflictDates: IsoDate[];
	suggestions: BookingSuggestions;
};

function checkResult(occurrences: PlannedOccurrence[], conflicts: BookingConflict[], suggestions: BookingSuggestions): CheckResult {
	const dates = occurrences.map((occurrence) => ({
		date: occurrence.date,
		conflicts: conflicts
			.filter((conflict) => conflict.date === occurrence.date)
			.map(({ from, to, title, bookingId }) => ({ from, to, title, bookingId }))
	}));
	return { dates, conflictDates: [...new Set(conflicts.map((conflict) => conflict.date))], suggestions };
}

/** The booking service's problems at their fields, with their parameters (dates as the reader reads them). */
function issuesAtFields(issues: BookingIssue[]) {
	const fields: Record<string, string> = {};
	const issueParams: Record<string, Record<string, string>> = {};
	let formError: string | undefined;
	let formErrorParams: Record<string, string> | undefined;
	for (const issue of issues) {
		const params: Record<string, string> = Object.fromEntries(
			Object.entries(issue.params ?? {}).map(([key, value]) => [key, String(value)])
		);
		if (issue.dates?.length) params.dates = issue.dates.map((date) => formatDate(date, getLocale())).join(', ');
		const field = BOOKING_ISSUE_FIELDS[issue.code];
		if (field && !fields[field]) {
			fields[field] = issue.code;
			issueParams[field] = params;
		} else if (!formError) {
			formError = issue.code;
			formErrorParams = params;
		}
	}
	return { issues: fields, issueParams, ...(formError ? { formError, formErrorParams } : {}) };
}

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'rooms.read');
		if (!can(actor.role, 'rooms.book')) requirePermission(event, 'rooms.request');
		const form = await event.request.formData();
		const parsed = parseForm(BookingForm, form, BOOKING_FORM_SHAPE);
		if (!parsed.ok) return invalid(parsed.failure);
		const values = readForm(form, BOOKING_FORM_SHAPE).values;
		const built = bookingRequestFromForm(parsed.data);
		if (!built.ok) return invalid({ values, issues: built.issues });
		const request = built.request;
		if (!request.title && request.owner.kind === 'group') {
			const groupId = request.owner.groupId;
			request.title = (await bookingGroupOptions({ db: runtime().database.db, actor })).find((group) => group.id === groupId)?.name ?? '';
		}
		const ctx = context(event, actor);
		const intent = parsed.data.intent;
		try {
			if (intent === 'check') {
				const plan = await planBooking(ctx, request);
				const checked = checkResult(plan.occurrences, plan.conflicts, plan.suggestions);
				if (plan.issues.length) return fail(400, { values, ...issuesAtFields(plan.issues), checked });
				return { values, issues: {}, checked };
			}
			const result = await saveBooking(ctx, request, { skipConflicts: intent === 'skip' });
			const params = new URLSearchParams({
				ansicht: 'woche',
				datum: result.saved[0] ?? instantToWall(new Date()).date,
				raum: request.roomId,
				gebucht: String(result.saved.length),
				ausgelassen: String(result.skipped.length),
				status: can(actor.role, 'rooms.book') ? 'confirmed' : 'requested'
			});
			redirect(303, `${localizeHref('/verwaltung/raeume/kalender')}?${params}`);
		} catch (e) {
			if (e instanceof AppError && e.code === 'invalid' && Array.isArray(e.details.issues))
				return fail(400, { values, ...issuesAtFields(e.details.issues as BookingIssue[]) });
			if (e instanceof AppError && e.code === 'conflict') {
				const conflicts = (e.details.conflicts as BookingConflict[] | undefined) ?? [];
				const suggestions = (e.details.suggestions as BookingSuggestions | undefined) ?? { slots: [], rooms: [] };
				const dates = [...new Set(conflicts.map((conflict) => conflict.date))];
				const occurrences = dates.map((date) => ({ date, start: new Date(0), end: new Date(0) }));
				return fail(409, {
					values,
					issues: {},
					formError: 'rooms_booking_conflict',
					formErrorParams: { dates: dates.map((date) => formatDate(date, getLocale())).join(', ') },
					checked: checkResult(occurrences, conflicts, suggestions)
				});
			}
			return serviceFailure(form, e, BOOKING_FORM_SHAPE);
		}
	}
};
