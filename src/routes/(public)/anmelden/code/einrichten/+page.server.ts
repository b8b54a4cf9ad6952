import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { beginTotpSetup } from '#lib/server/modules/accounts/accounts.service.js';
import { requirePendingSession } from '#lib/server/auth/guards.js';
import { submitSecondFactor } from '#lib/server/auth/second-factor-action.js';
import { totpQrSvg } from '#lib/server/auth/totp.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = async (event) => {
	const session = requirePendingSession(event);
	if (session.user.totpEnabled) redirect(303, localizeHref('/anmelden/code'));
	const secret = await beginTotpSetup(runtime().database.db, session);
	return {
		next: event.url.searchParams.get('weiter') ?? '',
		secret: secret.replace(/(.{4})/g, '$1 ').trim(),
		qr: totpQrSvg(secret, session.user.email)
	};
};

export const actions: Actions = { default: submitSecondFactor };
