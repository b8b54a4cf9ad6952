import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission, requireUser } from '#lib/server/auth/guards.js';
import { forgetOwnSession, runtime } from '#lib/server/runtime.js';
import { switchOffice } from '#lib/server/modules/accounts/accounts.service.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { can } from '#lib/server/auth/permissions.js';
import { groupOverview } from '#lib/server/modules/groups/groups.service.js';

export const load: PageServerLoad = async (event) => {
	const session = requireUser(event);
	const active = session.active;
	const groups =
		active && can(active.role, 'groups.read') ? await groupOverview(runtime().database.db, requirePermission(event, 'groups.read')) : null;
	return { noOffice: !active, groups };
};

export const actions: Actions = {
	switchOffice: async (event) => {
		requirePermission(event, 'backoffice.enter');
		const session = requireUser(event);
		const form = await event.request.formData();
		await switchOffice(runtime().database.db, session, String(form.get('tenantId') ?? ''));
		forgetOwnSession(event.locals);
		redirect(303, localizeHref('/verwaltung'));
	}
};
