import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { orNotFound } from '#lib/server/http/not-found.js';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm, serviceFailure } from '#lib/server/forms.js';
import { AppError } from '#lib/server/errors.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { formatDate } from '#lib/i18n.js';
import { CancelForm, MoveForm } from '#lib/schemas/rooms.js';
import {
	cancelBooking,
	getBooking,
	moveBooking,
	type BookingConflict,
	type BookingIssue
} from '#lib/server/modules/rooms/rooms.service.js';

type Actor = ReturnType<typeof requirePermission>;
const context = (event: RequestEvent, actor: Actor) => {
	const rt = runtime();
	return { db: rt.database.db, actor, mail: rt.mail, requestId: event.locals.requestId };
};

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	return orNotFound(async () => ({ booking: await getBooking({ db: runtime().database.db, actor }, event.params.bookingId) }));
};

/** Where the checks of a moved date are shown in the move form. */
const MOVE_FIELDS: Record<string, string> = {
	rooms_booking_end_before_start: 'endTime',
	rooms_booking_in_past: 'date',
	rooms_booking_outside_hours: 'startTime',
	rooms_booking_dst_gap: 'startTime',
	recurrence_time_order: 'endTime',
	recurrence_invalid_date: 'date',
	recurrence_invalid_time: 'startTime'
};

export const actions: Actions = {
	cancel: async (event) => {
		const actor = requirePermission(event, 'rooms.read');
		const form = await event.request.formData();
		const parsed = parseForm(CancelForm, form);
		if (!parsed.ok) return invalid({ ...parsed.failure, values: { ...parsed.failure.values, _form: 'cancel' } });
		const ctx = context(event, actor);
		try {
			const booking = await getBooking(ctx, event.params.bookingId);
			const result = await cancelBooking(
				ctx,
				parsed.data.scope === 'series' ? { seriesId: booking.seriesId } : { bookingId: booking.id },
				parsed.data.reason
			);
			return { cancelled: result.dates.length };
		} catch (e) {
			if (e instanceof AppError && e.code === 'invalid' && e.details.issues && !Array.isArray(e.details.issues))
				return fail(400, { values: { ...readForm(form).values, _form: 'cancel' }, issues: e.details.issues as Record<string, string> });
			return serviceFailure(form, e);
		}
	},
	move: async (event) => {
		const actor = requirePermission(event, 'rooms.book');
		const form = await event.request.formData();
		const parsed = parseForm(MoveForm, form);
		if (!parsed.ok) return invalid({ ...parsed.failure, values: { ...parsed.failure.values, _form: 'move' } });
		const values = { ...readForm(form).values, _form: 'move' };
		try {
			await moveBooking(context(event, actor), event.params.bookingId, parsed.data);
		} catch (e) {
			if (e instanceof AppError && e.code === 'invalid' && Array.isArray(e.details.issues)) {
				const issues: Record<string, string> = {};
				let formError: string | undefined;
				for (const issue of e.details.issues as BookingIssue[]) {
					const field = MOVE_FIELDS[issue.code];
					if (field) issues[field] ??= issue.code;
					else formError ??= issue.code;
				}
				return fail(400, { values, issues, ...(formError ? { formError } : {}) });
			}
			if (e instanceof AppError && e.code === 'invalid' && e.details.issues)
				return fail(400, { values, issues: e.details.issues as Record<string, string> });
			if (e instanceof AppError && e.code === 'conflict') {
				const conflicts = (e.details.conflicts as BookingConflict[] | undefined) ?? [];
				const dates = [...new Set(conflicts.map((conflict) => formatDate(conflict.date, getLocale())))].join(', ');
				return fail(409, {
					values,
					issues: { date: 'rooms_form_move_taken' },
					formError: 'rooms_booking_conflict',
					formErrorParams: { dates }
				});
			}
			return serviceFailure(form, e);
		}
		redirect(303, localizeHref(`/verwaltung/raeume/buchung/${event.params.bookingId}?verschoben=1`));
	}
};
