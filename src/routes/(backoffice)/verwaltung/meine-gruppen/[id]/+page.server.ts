import { orNotFound } from '#lib/server/http/not-found.js';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, serviceFailure } from '#lib/server/forms.js';
import { GROUP_FORM_OPTIONS, groupFormValues, parseGroupForm } from '#lib/server/modules/groups/groups.input.js';
import { confirmAsContact, contactView, proposeChange } from '#lib/server/modules/groups/proposals.service.js';
import { assertContactOf } from '#lib/server/modules/groups/contacts.service.js';
import { visibleTopicOptions } from '#lib/server/modules/topics/topics.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.propose');
	const db = runtime().database.db;
	return orNotFound(async () => {
		const view = await contactView({ db, actor }, event.params.id);
		const topics = await visibleTopicOptions(db, actor.tenantId);
		const labels = view.topicIds.map((id) => topics.find((topic) => topic.value === id)?.labelDe ?? '').filter(Boolean);
		return {
			id: view.group.id,
			name: view.group.name,
			values: groupFormValues(view.group, labels),
			pending: view.pending,
			returned: view.returned
		};
	});
};

export const actions: Actions = {
	propose: async (event) => {
		const actor = requirePermission(event, 'groups.propose');
		const form = await event.request.formData();
		const db = runtime().database.db;
		// first whether the group is hers: reading the form may already propose new topics
		try {
			await assertContactOf(db, actor, event.params.id);
		} catch (e) {
			return serviceFailure(form, e, GROUP_FORM_OPTIONS);
		}
		const parsed = await parseGroupForm({ db, actor }, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			const result = await proposeChange({ db, actor, requestId: event.locals.requestId }, event.params.id, parsed.record);
			return { proposed: result.fields.length };
		} catch (e) {
			return serviceFailure(form, e, GROUP_FORM_OPTIONS);
		}
	},
	confirm: async (event) => {
		const actor = requirePermission(event, 'groups.propose');
		const form = await event.request.formData();
		try {
			await confirmAsContact(serviceContext(event, actor), event.params.id);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { confirmed: true };
	}
};
