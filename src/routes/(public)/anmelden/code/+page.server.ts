import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePendingSession } from '#lib/server/auth/guards.js';
import { submitSecondFactor } from '#lib/server/auth/second-factor-action.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = (event) => {
	const session = requirePendingSession(event);
	if (!session.user.totpEnabled) redirect(303, localizeHref('/anmelden/code/einrichten'));
	if (session.secondFactorDone) redirect(303, localizeHref('/verwaltung'));
	return { next: event.url.searchParams.get('weiter') ?? '' };
};

export const actions: Actions = { default: submitSecondFactor };
