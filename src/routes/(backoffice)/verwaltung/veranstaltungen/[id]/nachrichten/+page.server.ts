import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { formValues, serviceFailure } from '#lib/server/forms.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { isUuid } from '#lib/server/ids.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { m } from '#lib/paraglide/messages.js';
import { eventDetail } from '#lib/server/modules/events/events.queries.js';
import {
	listEventMessages,
	messageRecipientCounts,
	previewEventMessage,
	sendEventMessage
} from '#lib/server/modules/events/messages.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id)) error(404, 'not found');
	const ctx = { db: runtime().database.db, actor };
	try {
		const [detail, counts, messages] = await Promise.all([
			eventDetail(ctx, event.params.id),
			messageRecipientCounts(ctx, event.params.id),
			listEventMessages(ctx, event.params.id)
		]);
		const sent = event.url.searchParams.get('gesendet');
		return {
			event: { id: detail.id, title: detail.title, sessions: detail.sessions },
			counts,
			messages,
			canEdit: can(actor.role, 'events.edit'),
			canReadOutbox: can(actor.role, 'outbox.read'),
			smtp: !!runtime().mail.smtpUrl,
			sent: sent && /^\d+$/.test(sent) ? Number(sent) : null
		};
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	/** `intent=preview` shows the mail as a recipient gets it, without sending; anything else sends. */
	default: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const input = { audience: text(form, 'audience'), subject: text(form, 'subject'), body: text(form, 'body') };
		const rt = runtime();
		if (form.get('intent') === 'preview') {
			const locale = getLocale() === 'en' ? 'en' : 'de';
			try {
				const preview = await previewEventMessage({ db: rt.database.db, actor }, event.params.id, input, locale, {
					name: m.events_messages_preview_name({}, { locale }),
					link: m.events_messages_preview_link({}, { locale })
				});
				return { values: formValues(form), issues: {}, preview };
			} catch (failure) {
				return serviceFailure(form, failure);
			}
		}
		let recipients = 0;
		try {
			({ recipients } = await sendEventMessage(
				{ db: rt.database.db, actor, requestId: event.locals.requestId, mail: rt.mail, origin: publicOrigin(event.url) },
				event.params.id,
				input
			));
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, `${localizeHref(`/verwaltung/veranstaltungen/${event.params.id}/nachrichten`)}?gesendet=${recipients}`);
	}
};
