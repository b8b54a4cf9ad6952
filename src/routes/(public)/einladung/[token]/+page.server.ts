import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AcceptInvitationInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { acceptInvitation, findInvitation } from '#lib/server/modules/accounts/accounts.service.js';
import { AppError } from '#lib/server/errors.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = async ({ params }) => ({
	invitation: (await findInvitation(runtime().database.db, params.token)) ?? null
});

export const actions: Actions = {
	default: async ({ request, params }) => {
		const form = await request.formData();
		const parsed = parseForm(AcceptInvitationInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await acceptInvitation(runtime().database.db, params.token, parsed.data);
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found') return formFailure(form, 'invitation_invalid', { status: 410 });
			throw error;
		}
		redirect(303, localizeHref('/anmelden'));
	}
};
