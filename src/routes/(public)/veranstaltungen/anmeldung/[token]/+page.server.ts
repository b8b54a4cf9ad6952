import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { registrationView } from '#lib/server/modules/events/events.public.js';
import { acceptOffer, cancelRegistration } from '#lib/server/modules/events/registrations.service.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

// The person's own page, reached by the link in her e-mails (no account): her status, confirming an
// offered place, cancelling with a confirmation step. Server-rendered only, works without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	const registration = await registrationView(runtime().database.db, params.token);
	const notice = ['neu', 'bestaetigt', 'storniert'].find((key) => url.searchParams.has(key)) ?? null;
	return { registration, notice, confirmCancel: url.searchParams.has('abmelden') };
};

const here = (token: string, notice: string) => `${localizeHref(`/veranstaltungen/anmeldung/${token}`)}?${notice}=1`;

export const actions: Actions = {
	accept: async ({ params, request, url }) => {
		const form = await request.formData();
		const rt = runtime();
		try {
			await acceptOffer({ db: rt.database.db, mail: rt.mail, origin: publicOrigin(url) }, params.token);
		} catch (failure) {
			if (failure instanceof AppError && (failure.code === 'invalid' || failure.code === 'not_found'))
				return formFailure(
					form,
					failure.code === 'invalid' ? String(failure.details.code ?? 'events_offer_none') : 'events_public_link_unknown',
					{
						status: failure.code === 'invalid' ? 400 : 404
					}
				);
			throw failure;
		}
		redirect(303, here(params.token, 'bestaetigt'));
	},
	cancel: async ({ params, request, url }) => {
		const form = await request.formData();
		const rt = runtime();
		try {
			await cancelRegistration({ db: rt.database.db, mail: rt.mail, origin: publicOrigin(url) }, params.token);
		} catch (failure) {
			if (failure instanceof AppError && failure.code === 'not_found')
				return formFailure(form, 'events_public_link_unknown', { status: 404 });
			throw failure;
		}
		redirect(303, here(params.token, 'storniert'));
	}
};
