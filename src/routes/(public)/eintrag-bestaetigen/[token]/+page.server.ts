import type { Actions, PageServerLoad } from './$types';
import * as v from 'valibot';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { answerConfirmation, confirmationView } from '#lib/server/modules/groups/freshness.service.js';

// the link from the yearly e-mail works without an account and without JavaScript
export const csr = false;

const ChangesInput = v.strictObject({
	message: v.pipe(v.string(), v.trim(), v.nonEmpty('confirm_changes_required'), v.maxLength(2000, 'error_too_long'))
});

export const load: PageServerLoad = async ({ params }) => ({ entry: await confirmationView(runtime().database.db, params.token) });

export const actions: Actions = {
	confirm: async ({ request, params }) => {
		const form = await request.formData();
		try {
			await answerConfirmation(runtime().database.db, params.token, { confirm: true });
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found') return formFailure(form, 'confirm_invalid', { status: 410 });
			throw error;
		}
		return { answered: 'yes' };
	},
	changes: async ({ request, params }) => {
		const form = await request.formData();
		const parsed = parseForm(ChangesInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await answerConfirmation(runtime().database.db, params.token, { confirm: false, message: parsed.data.message });
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found') return formFailure(form, 'confirm_invalid', { status: 410 });
			throw error;
		}
		return { answered: 'changes' };
	}
};
