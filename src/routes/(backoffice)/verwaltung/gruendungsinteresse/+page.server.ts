import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { FoundingClusterInput, FoundingInterestIdInput } from '#lib/schemas/founding.js';
import { deleteInterest, foundingOverview, startFounding } from '#lib/server/modules/founding/founding.service.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.read');
	return {
		clusters: await foundingOverview(runtime().database.db, actor, getLocale()),
		canEdit: can(actor.role, 'groups.edit')
	};
};

export const actions: Actions = {
	start: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(FoundingClusterInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		let groupId: string;
		try {
			({ groupId } = await startFounding({ ...serviceContext(event, actor), mail: runtime().mail }, parsed.data.cluster));
		} catch (error) {
			return serviceFailure(form, error);
		}
		redirect(303, localizeHref(`/verwaltung/gruppen/${groupId}?neu=1`));
	},
	delete: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(FoundingInterestIdInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await deleteInterest(serviceContext(event, actor), parsed.data.interestId);
		} catch (error) {
			return serviceFailure(form, error);
		}
		return { done: 'deleted' };
	}
};
