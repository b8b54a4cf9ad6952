import type { Cookies } from '@sveltejs/kit';
import { SESSION_HOURS } from '../modules/accounts/accounts.service.js';

export const SESSION_COOKIE = 'tp_session';

/** httpOnly, SameSite=Lax, Secure whenever the site is served over https (plain http works on localhost). */
export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: SESSION_HOURS * 3600
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
