import { error, redirect } from '@sveltejs/kit';
import { orNotFound } from '#lib/server/http/not-found.js';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { SeriesInput } from '#lib/schemas/group.js';
import { getGroupDetail, today } from '#lib/server/modules/groups/groups.service.js';
import { saveSeries, SERIES_FORM_OPTIONS, seriesFormValues } from '#lib/server/modules/groups/meetings.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.edit');
	return orNotFound(async () => {
		const detail = await getGroupDetail(runtime().database.db, actor, event.params.id);
		const isNew = event.params.seriesId === 'neu';
		const series = isNew ? null : detail.series.find((s) => s.id === event.params.seriesId);
		if (!isNew && !series) error(404, 'not found');
		return {
			groupId: detail.group.id,
			groupName: detail.group.name,
			isNew,
			values: seriesFormValues(series ?? null, today(new Date())),
			scheduleText: series?.scheduleText ?? ''
		};
	});
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(SeriesInput, form, SERIES_FORM_OPTIONS);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await saveSeries(
				serviceContext(event, actor),
				event.params.id,
				event.params.seriesId === 'neu' ? null : event.params.seriesId,
				parsed.data
			);
		} catch (e) {
			return serviceFailure(form, e, SERIES_FORM_OPTIONS);
		}
		redirect(303, localizeHref(`/verwaltung/gruppen/${event.params.id}`));
	}
};
