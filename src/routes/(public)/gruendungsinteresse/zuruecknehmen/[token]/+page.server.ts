import type { Actions, PageServerLoad } from './$types';
import { formFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { withdrawInterest, withdrawView } from '#lib/server/modules/founding/founding.service.js';

// the link from the confirmation e-mail works without an account and without JavaScript;
// opening it changes nothing (mail scanners open links too): the button below withdraws
export const csr = false;

export const load: PageServerLoad = async ({ params }) => ({ entry: await withdrawView(runtime().database.db, params.token) });

export const actions: Actions = {
	default: async ({ request, params }) => {
		const form = await request.formData();
		if (!(await withdrawInterest(runtime().database.db, params.token)))
			return formFailure(form, 'founding_withdraw_invalid', { status: 410 });
		return { withdrawn: true };
	}
};
