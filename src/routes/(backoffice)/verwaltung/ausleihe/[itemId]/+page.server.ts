import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { AppError } from '#lib/server/errors.js';
import { formValues, parseForm, serviceFailure, type FormFailure } from '#lib/server/forms.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatDate } from '#lib/i18n.js';
import { isoDate } from '#lib/schemas/common.js';
import { addDays, weekdayOf } from '#lib/recurrence/index.js';
import { CancelInput, HandOutInput, ItemInput, ReservationInput, ReturnInput } from '#lib/schemas/equipment.js';
import {
	berlinToday,
	borrowingGroups,
	cancelReservation,
	getItem,
	handOut,
	reserveItem,
	returnItem,
	updateItem
} from '#lib/server/modules/equipment/equipment.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'equipment.read');
	const context = serviceContext(event, actor);
	return orNotFound(async () => {
		const [{ item, loans }, groups] = await Promise.all([getItem(context, event.params.itemId), borrowingGroups(context)]);
		const today = berlinToday(new Date());
		// the calendar starts on the Monday of the week asked for (?ab=YYYY-MM-DD), else of this week
		const asked = v.safeParse(isoDate, event.url.searchParams.get('ab') ?? '');
		const shown = asked.success ? asked.output : today;
		return {
			item,
			loans,
			groups,
			today,
			calendarStart: addDays(shown, 1 - weekdayOf(shown)),
			created: event.url.searchParams.has('neu'),
			canLend: can(actor.role, 'equipment.lend')
		};
	});
};

/** A refused form of this page, marked with the form it belongs to (several forms share the page). */
function refused(
	action: string,
	status: number,
	failure: FormFailure & { issueParams?: Record<string, Record<string, string>> },
	loanId?: string
) {
	return fail(status, { ...failure, action, ...(loanId ? { loanId } : {}) });
}

/** A service's message parameters for the page: dates as the reader writes them. */
function messageParams(error: unknown): Record<string, string> {
	const params = error instanceof AppError ? ((error.details.params as Record<string, string> | undefined) ?? {}) : {};
	const locale = getLocale();
	return Object.fromEntries(
		Object.entries(params).map(([key, value]) => [key, /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, locale) : value])
	);
}

/** The map step for the hand-out, return and cancel forms: one message at that loan. */
function loanFailure(form: FormData, error: unknown, loanId: string) {
	const params = messageParams(error);
	const failure = serviceFailure(form, error);
	const issues = Object.values(failure.data.issues);
	return refused(
		'loan',
		failure.status,
		{ ...failure.data, formError: failure.data.formError ?? issues[0] ?? 'error_invalid_choice', formErrorParams: params },
		loanId
	);
}

export const actions: Actions = {
	item: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(ItemInput, form, { flags: ['active'] });
		if (!parsed.ok) return refused('item', 400, parsed.failure);
		try {
			const { changed } = await updateItem(serviceContext(event, actor), event.params.itemId, parsed.data);
			return { done: changed.length ? 'saved' : 'unchanged' };
		} catch (e) {
			const failure = serviceFailure(form, e, { flags: ['active'] });
			return refused('item', failure.status, failure.data);
		}
	},
	reserve: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(ReservationInput, form);
		if (!parsed.ok) return refused('reserve', 400, parsed.failure);
		const { borrowerKind, groupId, borrower, fromDate, untilDate, note } = parsed.data;
		try {
			await reserveItem(serviceContext(event, actor), event.params.itemId, {
				groupId: borrowerKind === 'group' ? groupId : null,
				borrower: borrowerKind === 'group' ? '' : borrower,
				fromDate,
				untilDate,
				note
			});
			return { done: 'reserved' };
		} catch (e) {
			// the days are taken: say by whom and when, at the first day's field
			if (e instanceof AppError && e.code === 'conflict') {
				return refused('reserve', 409, {
					values: formValues(form),
					issues: { fromDate: String(e.details.code ?? 'equipment_conflict_unknown') },
					issueParams: { fromDate: messageParams(e) }
				});
			}
			const failure = serviceFailure(form, e);
			return refused('reserve', failure.status, failure.data);
		}
	},
	handout: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(HandOutInput, form);
		const loanId = String(form.get('loanId') ?? '');
		if (!parsed.ok) return loanFailure(form, new AppError('invalid', 'hand-out invalid', { issues: parsed.failure.issues }), loanId);
		try {
			await handOut(serviceContext(event, actor), parsed.data.loanId, { condition: parsed.data.conditionOut, note: parsed.data.note });
			return { done: 'handed_out' };
		} catch (e) {
			return loanFailure(form, e, loanId);
		}
	},
	return: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(ReturnInput, form);
		const loanId = String(form.get('loanId') ?? '');
		if (!parsed.ok) return loanFailure(form, new AppError('invalid', 'return invalid', { issues: parsed.failure.issues }), loanId);
		try {
			await returnItem(serviceContext(event, actor), parsed.data.loanId, { condition: parsed.data.conditionBack, note: parsed.data.note });
			return { done: 'returned' };
		} catch (e) {
			return loanFailure(form, e, loanId);
		}
	},
	cancel: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(CancelInput, form);
		const loanId = String(form.get('loanId') ?? '');
		if (!parsed.ok) return loanFailure(form, new AppError('not_found', 'loan not found'), loanId);
		try {
			await cancelReservation(serviceContext(event, actor), parsed.data.loanId);
			return { done: 'cancelled' };
		} catch (e) {
			return loanFailure(form, e, loanId);
		}
	}
};
