import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { serviceFailure } from '#lib/server/forms.js';
import { isUuid } from '#lib/server/ids.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { eventDetail } from '#lib/server/modules/events/events.queries.js';
import { attendanceList, recordAttendance } from '#lib/server/modules/events/attendance.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id)) error(404, 'not found');
	const ctx = { db: runtime().database.db, actor };
	try {
		const [detail, people] = await Promise.all([eventDetail(ctx, event.params.id), attendanceList(ctx, event.params.id)]);
		return {
			event: { id: detail.id, title: detail.title, sessions: detail.sessions },
			people,
			canEdit: can(actor.role, 'events.edit'),
			saved: event.url.searchParams.has('gespeichert')
		};
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const present = form.getAll('present').map(String);
		try {
			await recordAttendance({ db: runtime().database.db, actor, requestId: event.locals.requestId }, event.params.id, present);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, `${localizeHref(`/verwaltung/veranstaltungen/${event.params.id}/anwesenheit`)}?gespeichert=1`);
	}
};
