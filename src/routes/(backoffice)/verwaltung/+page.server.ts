import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission, requireUser } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { switchOffice } from '#lib/server/modules/accounts/accounts.service.js';
import { localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = (event) => {
	const session = requireUser(event);
	return { noOffice: !session.active };
};

export const actions: Actions = {
	switchOffice: async (event) => {
		requirePermission(event, 'backoffice.enter');
		const session = requireUser(event);
		const form = await event.request.formData();
		await switchOffice(runtime().database.db, session, String(form.get('tenantId') ?? ''));
		redirect(303, localizeHref('/verwaltung'));
	}
};
