import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { isUuid } from '#lib/server/ids.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { CancelEventForm } from '#lib/schemas/events.js';
import { eventDetail, listRegistrations } from '#lib/server/modules/events/events.queries.js';
import { cancelEvent, publishEvent } from '#lib/server/modules/events/events.service.js';
import { feedbackSummary } from '#lib/server/modules/events/feedback.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id)) error(404, 'not found');
	const ctx = { db: runtime().database.db, actor };
	try {
		const [detail, registrations, feedback] = await Promise.all([
			eventDetail(ctx, event.params.id),
			listRegistrations(ctx, event.params.id),
			feedbackSummary(ctx, { eventId: event.params.id })
		]);
		const notice = ['gespeichert', 'veroeffentlicht', 'abgesagt'].find((key) => event.url.searchParams.has(key)) ?? null;
		return { event: detail, registrations, feedback, canEdit: can(actor.role, 'events.edit'), notice };
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};

const here = (id: string, notice: string) => `${localizeHref(`/verwaltung/veranstaltungen/${id}`)}?${notice}=1`;

export const actions: Actions = {
	publish: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		try {
			await publishEvent({ db: runtime().database.db, actor, requestId: event.locals.requestId }, event.params.id);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, here(event.params.id, 'veroeffentlicht'));
	},
	cancel: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(CancelEventForm, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const rt = runtime();
		try {
			await cancelEvent(
				{ db: rt.database.db, actor, requestId: event.locals.requestId, mail: rt.mail, origin: publicOrigin(event.url) },
				event.params.id,
				parsed.data.reason
			);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, here(event.params.id, 'abgesagt'));
	}
};
