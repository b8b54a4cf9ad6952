import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LoginInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm, rateLimited } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { login } from '#lib/server/modules/accounts/accounts.service.js';
import { setSessionCookie } from '#lib/server/auth/session-cookie.js';
import { safeNext } from '#lib/server/http/redirects.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = ({ url, locals }) => {
	if (locals.session && (locals.session.secondFactorDone || !locals.session.needsSecondFactor)) redirect(303, localizeHref('/verwaltung'));
	return {
		next: url.searchParams.get('weiter') ?? '',
		reset: url.searchParams.has('passwort-geaendert'),
		loggedOut: url.searchParams.has('abgemeldet')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const next = String(form.get('_next') ?? '');
		const parsed = parseForm(LoginInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const result = await login(runtime().database.db, { ...parsed.data, clientAddress: event.locals.clientAddress });
		if (result.kind === 'rate_limited') return rateLimited(form, result.retryAt);
		if (result.kind === 'invalid') return formFailure(form, 'login_failed', { status: 400 });
		setSessionCookie(event.cookies, event.url, result.token);
		if (result.next === 'totp') redirect(303, localizeHref(`/anmelden/code?weiter=${encodeURIComponent(next)}`));
		if (result.next === 'totp_setup') redirect(303, localizeHref(`/anmelden/code/einrichten?weiter=${encodeURIComponent(next)}`));
		redirect(303, safeNext(next));
	}
};
