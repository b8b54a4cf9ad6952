import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { ProgrammeFormInput } from '#lib/schemas/programmes.js';
import { createProgramme } from '#lib/server/modules/events/programmes.service.js';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'events.edit');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(ProgrammeFormInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		let id: string;
		try {
			id = (await createProgramme(serviceContext(event, actor), parsed.data)).id;
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, `${localizeHref(`/verwaltung/programme/${id}`)}?angelegt=1`);
	}
};
