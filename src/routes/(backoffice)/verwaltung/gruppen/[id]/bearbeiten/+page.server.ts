import { redirect } from '@sveltejs/kit';
import { orNotFound } from '#lib/server/http/not-found.js';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { getGroupDetail, updateGroup } from '#lib/server/modules/groups/groups.service.js';
import { GROUP_FORM_OPTIONS, groupFormValues, parseGroupForm } from '#lib/server/modules/groups/groups.input.js';
import { associationOptions } from '#lib/server/modules/tenants/tenants.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.edit');
	const db = runtime().database.db;
	return orNotFound(async () => {
		const detail = await getGroupDetail(db, actor, event.params.id);
		return {
			id: detail.group.id,
			name: detail.group.name,
			version: detail.group.version,
			values: groupFormValues(
				detail.group,
				detail.topics.map((topic) => topic.labelDe)
			),
			associations: await associationOptions(db)
		};
	});
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const db = runtime().database.db;
		const parsed = await parseGroupForm({ db, actor }, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await updateGroup({ db, actor, requestId: event.locals.requestId }, event.params.id, parsed.record, Number(form.get('_version')));
		} catch (e) {
			return serviceFailure(form, e, GROUP_FORM_OPTIONS);
		}
		redirect(303, localizeHref(`/verwaltung/gruppen/${event.params.id}`));
	}
};
