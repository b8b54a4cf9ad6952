import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { forgetOwnSession, runtime } from '#lib/server/runtime.js';
import { logout } from '#lib/server/modules/accounts/accounts.service.js';
import { clearSessionCookie } from '#lib/server/auth/session-cookie.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

// Logging out changes state, so it is a POST; a GET just leads to the login page.
export const load: PageServerLoad = () => redirect(303, localizeHref('/anmelden'));

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionToken) await logout(runtime().database.db, locals.sessionToken);
		forgetOwnSession(locals);
		clearSessionCookie(cookies, url);
		redirect(303, localizeHref('/anmelden?abgemeldet'));
	}
};
