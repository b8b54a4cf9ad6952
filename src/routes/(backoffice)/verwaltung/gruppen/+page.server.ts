import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { formFailure, serviceFailure } from '#lib/server/forms.js';
import { changeModeration, confirmGroups, listGroups } from '#lib/server/modules/groups/groups.service.js';
import { deleteView, listSavedViews, saveView } from '#lib/server/modules/groups/views.service.js';
import { visibleTopicOptions } from '#lib/server/modules/topics/topics.service.js';
import { parseGroupListQuery } from '#lib/schemas/group-list.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.read');
	const db = runtime().database.db;
	const filter = parseGroupListQuery(event.url.searchParams);
	const [list, views, topics] = await Promise.all([
		listGroups(db, actor, filter),
		listSavedViews(db, actor),
		visibleTopicOptions(db, actor.tenantId)
	]);
	return { list, filter, views, topics, query: event.url.searchParams.toString() };
};

const BULK = ['publish', 'hide', 'draft', 'confirm'] as const;

export const actions: Actions = {
	bulk: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const ids = form.getAll('ids').map(String);
		const action = String(form.get('action') ?? '');
		if (!ids.length) return formFailure(form, 'groups_bulk_none');
		if (!(BULK as readonly string[]).includes(action)) return formFailure(form, 'error_invalid_choice');
		const ctx = serviceContext(event, actor);
		try {
			// all or nothing: a group that is not (or no longer) the office's refuses the whole action
			if (action === 'confirm') await confirmGroups(ctx, ids);
			else await changeModeration(ctx, ids, action === 'publish' ? 'published' : action === 'hide' ? 'hidden' : 'draft');
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { bulkDone: { action, count: new Set(ids).size } };
	},
	saveView: async (event) => {
		const actor = requirePermission(event, 'groups.read');
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').trim();
		if (!name || name.length > 80)
			return formFailure(form, 'groups_view_name_error', { issues: { name: name ? 'error_too_long' : 'error_required' } });
		await saveView(runtime().database.db, actor, name, String(form.get('query') ?? ''));
		return { viewSaved: name };
	},
	deleteView: async (event) => {
		const actor = requirePermission(event, 'groups.read');
		const form = await event.request.formData();
		await deleteView(runtime().database.db, actor, String(form.get('id') ?? ''));
		return { viewDeleted: true };
	}
};
