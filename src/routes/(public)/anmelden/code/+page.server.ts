import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { TotpInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { verifySecondFactor } from '#lib/server/modules/accounts/accounts.service.js';
import { requirePendingSession } from '#lib/server/auth/guards.js';
import { formatTime, safeNext } from '#lib/server/http/redirects.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = (event) => {
	const session = requirePendingSession(event);
	if (!session.user.totpEnabled) redirect(303, localizeHref('/anmelden/code/einrichten'));
	if (session.secondFactorDone) redirect(303, localizeHref('/verwaltung'));
	return { next: event.url.searchParams.get('weiter') ?? '' };
};

export const actions: Actions = {
	default: async (event) => {
		const session = requirePendingSession(event);
		const form = await event.request.formData();
		const parsed = parseForm(TotpInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const result = await verifySecondFactor(runtime().database.db, session, {
			code: parsed.data.code,
			clientAddress: event.locals.clientAddress
		});
		if (result.kind === 'rate_limited') {
			return formFailure(form, 'login_rate_limited', { status: 429, params: { time: formatTime(result.retryAt, getLocale()) } });
		}
		if (result.kind === 'invalid') return formFailure(form, 'totp_failed', { issues: { code: 'totp_failed' } });
		redirect(303, safeNext(String(form.get('_next') ?? '')));
	}
};
