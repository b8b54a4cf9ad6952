import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { RelayInput } from '#lib/schemas/relay.js';
import { guardMessageKey, withoutGuardFields } from '#lib/form-guard.js';
import { formFailure, invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { checkPublicForm, formGuard } from '#lib/server/modules/protection/protection.service.js';
import { relayDeleteAfter, relayGroup, sendRelayMessage } from '#lib/server/modules/relay/relay.service.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';

// DIR-4: the anonymous contact form on its own page (a failed post from the group page, or a direct
// link), and the page that says what happens next. Server-rendered only, works without JavaScript.
export const csr = false;

const SHAPE = { flags: ['consent'] } as const;
/** Per client address: 5 messages an hour, 20 a day (halved without JavaScript). */
const LIMIT = { perHour: 5, perDay: 20 };
/** After a message was sent: `?gesendet=kontaktperson` or `?gesendet=kontaktstelle`. */
const SENT = { contact: 'kontaktperson', office: 'kontaktstelle' } as const;

export const load: PageServerLoad = async ({ params, url }) => {
	const db = runtime().database.db;
	const group = await relayGroup(db, params.slug);
	if (!group) error(404, 'not found');
	const sent = url.searchParams.get('gesendet');
	const recipient = sent === SENT.contact ? 'contact' : sent === SENT.office ? 'office' : null;
	if (recipient) return { group, sent: { recipient, deleteOn: relayDeleteAfter(new Date()).toISOString() }, guard: null };
	return { group, sent: null, guard: await formGuard(db) };
};

export const actions: Actions = {
	default: async (event) => {
		const submitted = await event.request.formData();
		const form = withoutGuardFields(submitted);
		const parsed = parseForm(RelayInput, form, SHAPE);
		if (!parsed.ok) return invalid(parsed.failure);
		const rt = runtime();
		const db = rt.database.db;
		const guard = await checkPublicForm(db, { form: submitted, ip: event.locals.clientAddress, action: 'relay', limit: LIMIT });
		if (!guard.ok) return formFailure(form, guardMessageKey(guard.reason), { status: guard.reason === 'rate_limited' ? 429 : 400 });
		let recipient: 'contact' | 'office';
		try {
			const result = await sendRelayMessage(
				{ db, mail: rt.mail, origin: publicOrigin(event.url) },
				event.params.slug,
				parsed.data,
				getLocale()
			);
			recipient = result.recipient;
		} catch (failure) {
			if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
			if (failure instanceof AppError && failure.code === 'conflict') return formFailure(form, 'relay_unavailable', { status: 409 });
			return serviceFailure(form, failure, SHAPE);
		}
		// after a post, a page of its own: reloading it does not send the message again
		redirect(303, `${localizeHref(`/gruppen/${event.params.slug}/nachricht`)}?gesendet=${SENT[recipient]}`);
	}
};
