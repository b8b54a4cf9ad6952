import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ResetPasswordInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { resetPassword, resetTokenValid } from '#lib/server/modules/accounts/accounts.service.js';
import { AppError } from '#lib/server/errors.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = async ({ params }) => ({ valid: await resetTokenValid(runtime().database.db, params.token) });

export const actions: Actions = {
	default: async ({ request, params }) => {
		const form = await request.formData();
		const parsed = parseForm(ResetPasswordInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await resetPassword(runtime().database.db, params.token, parsed.data.password);
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found') return formFailure(form, 'reset_invalid', { status: 410 });
			throw error;
		}
		redirect(303, localizeHref('/anmelden?passwort-geaendert'));
	}
};
