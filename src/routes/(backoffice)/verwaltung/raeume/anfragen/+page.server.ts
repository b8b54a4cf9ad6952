import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm, serviceFailure } from '#lib/server/forms.js';
import { AppError } from '#lib/server/errors.js';
import { DecisionForm } from '#lib/schemas/rooms.js';
import { decideRequest, listOpenRequests } from '#lib/server/modules/rooms/rooms.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.book');
	return { requests: await listOpenRequests({ db: runtime().database.db, actor }) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'rooms.book');
		const form = await event.request.formData();
		const parsed = parseForm(DecisionForm, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const { seriesId, decision, reason } = parsed.data;
		if (decision === 'decline' && !reason)
			return fail(400, { values: readForm(form).values, issues: { reason: 'rooms_page_reason_missing' }, seriesId });
		const rt = runtime();
		try {
			const result = await decideRequest({ db: rt.database.db, actor, mail: rt.mail, requestId: event.locals.requestId }, seriesId, {
				decision,
				reason
			});
			return { decided: decision, count: result.dates.length };
		} catch (e) {
			if (e instanceof AppError && e.code === 'invalid' && e.details.issues && !Array.isArray(e.details.issues))
				return fail(400, { values: readForm(form).values, issues: e.details.issues as Record<string, string>, seriesId });
			return serviceFailure(form, e);
		}
	}
};
