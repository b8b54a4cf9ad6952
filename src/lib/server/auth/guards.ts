import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { m } from '#lib/paraglide/messages.js';
import type { SessionInfo } from '../modules/accounts/accounts.service.js';
import type { Actor } from './actor.js';
import { can, type Permission } from './permissions.js';

/**
 * Guards for every back-office entry point (load, form action, endpoint). A layout is not a
 * security boundary: each +page.server.ts and +server.ts calls one of these itself, and
 * tests/unit/guards-coverage.test.ts fails when one does not.
 */
type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** A logged-in person whose second factor is done where her roles require one. */
export function requireUser(event: Event): SessionInfo {
	const session = event.locals.session;
	if (!session) {
		const next = event.url.pathname + event.url.search;
		redirect(303, localizeHref(`/anmelden?weiter=${encodeURIComponent(next)}`));
	}
	if (session.needsSecondFactor && !session.secondFactorDone) {
		redirect(303, localizeHref(session.user.totpEnabled ? '/anmelden/code' : '/anmelden/code/einrichten'));
	}
	return session;
}

/** A logged-in person who may do `permission` in the office she works in now. */
export function requirePermission(event: Event, permission: Permission): Actor & { kind: 'user' } {
	const session = requireUser(event);
	const active = session.active;
	if (!active || !can(active.role, permission)) error(403, m.error_forbidden());
	return { kind: 'user', userId: session.user.id, tenantId: active.tenantId, role: active.role, label: session.user.email };
}

/** Pages of the login flow itself: a session whose password step is done (second factor may be pending). */
export function requirePendingSession(event: Event): SessionInfo {
	const session = event.locals.session;
	if (!session) redirect(303, localizeHref('/anmelden'));
	return session;
}
