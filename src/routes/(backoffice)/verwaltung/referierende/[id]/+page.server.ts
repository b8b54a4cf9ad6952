import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { can } from '#lib/server/auth/permissions.js';
import { SpeakerFormInput } from '#lib/schemas/speakers.js';
import { speakerDetail, updateSpeaker } from '#lib/server/modules/events/speakers.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const speaker = await orNotFound(() => speakerDetail(serviceContext(event, actor), event.params.id));
	return { speaker, canEdit: can(actor.role, 'events.edit'), created: event.url.searchParams.has('angelegt') };
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(SpeakerFormInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await updateSpeaker(serviceContext(event, actor), event.params.id, parsed.data);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'saved' };
	}
};
