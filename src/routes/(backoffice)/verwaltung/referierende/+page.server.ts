import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { can } from '#lib/server/auth/permissions.js';
import { SpeakerFormInput } from '#lib/schemas/speakers.js';
import { createSpeaker, listSpeakers } from '#lib/server/modules/events/speakers.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const q = (event.url.searchParams.get('suche') ?? '').slice(0, 100);
	return { q, speakers: await listSpeakers(serviceContext(event, actor), q), canEdit: can(actor.role, 'events.edit') };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(SpeakerFormInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		let id: string;
		try {
			id = await createSpeaker(serviceContext(event, actor), parsed.data);
		} catch (e) {
			return serviceFailure(form, e);
		}
		redirect(303, localizeHref(`/verwaltung/referierende/${id}?angelegt=1`));
	}
};
