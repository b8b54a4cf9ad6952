import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { createGroup } from '#lib/server/modules/groups/groups.service.js';
import { NEW_GROUP_VALUES, parseGroupForm } from '#lib/server/modules/groups/groups.input.js';
import { associationOptions } from '#lib/server/modules/tenants/tenants.service.js';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'groups.edit');
	return { values: NEW_GROUP_VALUES, associations: await associationOptions(runtime().database.db) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const db = runtime().database.db;
		const parsed = await parseGroupForm({ db, actor }, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const created = await createGroup({ db, actor, requestId: event.locals.requestId }, parsed.record, {
			draft: form.get('_saveAs') === 'draft',
			lifecycle: parsed.lifecycle
		});
		redirect(303, localizeHref(`/verwaltung/gruppen/${created.id}?neu=1`));
	}
};
