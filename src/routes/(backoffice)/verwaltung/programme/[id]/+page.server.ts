import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { ProgrammeFormInput } from '#lib/schemas/programmes.js';
import { programmeDetail, programmeEvents, setProgrammePublished, updateProgramme } from '#lib/server/modules/events/programmes.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const ctx = serviceContext(event, actor);
	const programme = await orNotFound(() => programmeDetail(ctx, event.params.id));
	const events = await programmeEvents(ctx, programme);
	const notice = ['angelegt', 'veroeffentlicht', 'zurueckgezogen'].find((key) => event.url.searchParams.has(key)) ?? null;
	return { programme, events, canEdit: programme.own && can(actor.role, 'events.edit'), notice };
};

const here = (id: string, notice: string) => `${localizeHref(`/verwaltung/programme/${id}`)}?${notice}=1`;

export const actions: Actions = {
	save: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(ProgrammeFormInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await updateProgramme(serviceContext(event, actor), event.params.id, parsed.data);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		return { done: 'saved' };
	},
	publish: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		try {
			await setProgrammePublished(serviceContext(event, actor), event.params.id, true);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, here(event.params.id, 'veroeffentlicht'));
	},
	unpublish: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		try {
			await setProgrammePublished(serviceContext(event, actor), event.params.id, false);
		} catch (failure) {
			return serviceFailure(form, failure);
		}
		redirect(303, here(event.params.id, 'zurueckgezogen'));
	}
};
