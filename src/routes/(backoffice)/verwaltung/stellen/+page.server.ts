import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { OfficeInput } from '#lib/schemas/office.js';
import { invalid, parseForm } from '#lib/server/forms.js';
import { childOffices, createChildOffice } from '#lib/server/modules/tenants/tenants.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'office.create_child');
	return { offices: await childOffices(runtime().database.db, actor.tenantId) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'office.create_child');
		const form = await event.request.formData();
		const parsed = parseForm(OfficeInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const office = await createChildOffice({ db: runtime().database.db, actor, requestId: event.locals.requestId }, parsed.data);
		return { created: office.name };
	}
};
