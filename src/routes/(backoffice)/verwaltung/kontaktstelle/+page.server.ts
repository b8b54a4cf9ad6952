import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { OfficeInput } from '#lib/schemas/office.js';
import { invalid, parseForm } from '#lib/server/forms.js';
import { getOffice, updateOfficeDetails } from '#lib/server/modules/tenants/tenants.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'office.edit');
	return { office: await getOffice(runtime().database.db, actor.tenantId) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'office.edit');
		const form = await event.request.formData();
		const parsed = parseForm(OfficeInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		await updateOfficeDetails({ db: runtime().database.db, actor, requestId: event.locals.requestId }, actor.tenantId, parsed.data);
		return { saved: true };
	}
};
