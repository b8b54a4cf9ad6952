import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SetupInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { closeSetup, runtime } from '#lib/server/runtime.js';
import { setupFirstOffice } from '#lib/server/modules/accounts/accounts.service.js';
import { safeEqual } from '#lib/server/auth/crypto.js';
import { AppError } from '#lib/server/errors.js';
import { systemActor } from '#lib/server/auth/actor.js';
import { m } from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

// The first-run page: open only while no administrator exists, and only with the code from the server log.
export const load: PageServerLoad = () => {
	if (!runtime().setupCode) error(404, m.setup_closed());
	return {};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const rt = runtime();
		if (!rt.setupCode) error(404, m.setup_closed());
		const form = await request.formData();
		const parsed = parseForm(SetupInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		if (!safeEqual(parsed.data.setupCode, rt.setupCode))
			return formFailure(form, 'setup_code_wrong', { issues: { setupCode: 'setup_code_wrong' }, status: 403 });
		try {
			await setupFirstOffice(rt.database.db, parsed.data, systemActor('first-run page'));
		} catch (e) {
			if (e instanceof AppError && e.code === 'setup_done') {
				closeSetup();
				error(404, m.setup_closed());
			}
			if (e instanceof AppError && e.code === 'conflict')
				return formFailure(form, 'error_email_taken', { issues: { email: 'error_email_taken' }, status: 409 });
			throw e;
		}
		closeSetup();
		redirect(303, localizeHref('/anmelden'));
	}
};
