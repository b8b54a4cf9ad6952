import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { formFailure, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { recentImports, uploadImport } from '#lib/server/modules/groups/import.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.import');
	return { imports: await recentImports(runtime().database.db, actor.tenantId) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'groups.import');
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return formFailure(form, 'spreadsheet_file_required', { issues: { file: 'spreadsheet_file_required' } });
		let importId: string;
		try {
			({ importId } = await uploadImport(serviceContext(event, actor), {
				bytes: new Uint8Array(await file.arrayBuffer()),
				fileName: file.name
			}));
		} catch (e) {
			return serviceFailure(form, e);
		}
		redirect(303, localizeHref(`/verwaltung/gruppen/import/${importId}`));
	}
};
