import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { serviceFailure } from '#lib/server/forms.js';
import { isUuid } from '#lib/server/ids.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { messageDelivery, retryFailedMessageMails } from '#lib/server/modules/events/messages.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id) || !isUuid(event.params.messageId)) error(404, 'not found');
	try {
		const delivery = await messageDelivery({ db: runtime().database.db, actor }, event.params.messageId);
		// the message belongs to the event in the address, or the page does not exist
		if (delivery.message.eventId !== event.params.id) error(404, 'not found');
		const retried = event.url.searchParams.get('erneut');
		return {
			...delivery,
			canEdit: can(actor.role, 'events.edit'),
			retried: retried && /^\d+$/.test(retried) ? Number(retried) : null
		};
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};

export const actions: Actions = {
	retry: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const rt = runtime();
		let retried = 0;
		try {
			retried = await retryFailedMessageMails(
				{ db: rt.database.db, actor, requestId: event.locals.requestId, mail: rt.mail },
				event.params.messageId
			);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(
			303,
			`${localizeHref(`/verwaltung/veranstaltungen/${event.params.id}/nachrichten/${event.params.messageId}`)}?erneut=${retried}`
		);
	}
};
