import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { ItemInput } from '#lib/schemas/equipment.js';
import { createItem } from '#lib/server/modules/equipment/equipment.service.js';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'equipment.lend');
	return { values: { name: '', description: '', condition: 'good', active: 'on' } };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'equipment.lend');
		const form = await event.request.formData();
		const parsed = parseForm(ItemInput, form, { flags: ['active'] });
		if (!parsed.ok) return invalid(parsed.failure);
		let id: string;
		try {
			id = await createItem(serviceContext(event, actor), parsed.data);
		} catch (e) {
			return serviceFailure(form, e, { flags: ['active'] });
		}
		redirect(303, localizeHref(`/verwaltung/ausleihe/${id}?neu=1`));
	}
};
