import { redirect } from '@sveltejs/kit';
import { orNotFound } from '#lib/server/http/not-found.js';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { serviceFailure } from '#lib/server/forms.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { checkImport, discardImport, getImport, importProblems, startImport } from '#lib/server/modules/groups/import.service.js';
import { COLUMN_KEYS, columnHeader, type ColumnKey } from '#lib/server/modules/groups/spreadsheet/index.js';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.import');
	const db = runtime().database.db;
	const page = Math.max(1, Number(event.url.searchParams.get('seite') ?? '1') || 1);
	return orNotFound(async () => {
		const current = await getImport(db, actor.tenantId, event.params.importId);
		const problems = current.options.checked ? await importProblems(db, actor.tenantId, current.id, page, PAGE_SIZE) : [];
		return {
			current,
			problems,
			page,
			morePages: problems.length === PAGE_SIZE,
			columns: COLUMN_KEYS.map((key) => ({ value: key, label: columnHeader(key, getLocale()) }))
		};
	});
};

export const actions: Actions = {
	check: async (event) => {
		const actor = requirePermission(event, 'groups.import');
		const form = await event.request.formData();
		const headers = Number(form.get('_columns') ?? '0');
		const mapping: (ColumnKey | null)[] = [];
		const used = new Set<string>();
		for (let i = 0; i < headers && i < 500; i++) {
			const key = String(form.get(`column${i}`) ?? '');
			const known = (COLUMN_KEYS as readonly string[]).includes(key) && !used.has(key);
			if (known) used.add(key);
			mapping.push(known ? (key as ColumnKey) : null);
		}
		if (!used.has('name')) return { values: {}, issues: { column0: 'import_name_column_required' }, mappingError: true };
		try {
			await checkImport(serviceContext(event, actor), event.params.importId, {
				mapping,
				draft: form.get('draft') === 'on',
				consentHeld: form.get('consentHeld') === 'on'
			});
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { checked: true };
	},
	apply: async (event) => {
		const actor = requirePermission(event, 'groups.import');
		const form = await event.request.formData();
		try {
			await startImport(serviceContext(event, actor), event.params.importId);
		} catch (e) {
			return serviceFailure(form, e);
		}
		redirect(303, localizeHref(`/verwaltung/gruppen/import/${event.params.importId}`));
	},
	discard: async (event) => {
		const actor = requirePermission(event, 'groups.import');
		const form = await event.request.formData();
		try {
			await discardImport(serviceContext(event, actor), event.params.importId);
		} catch (e) {
			return serviceFailure(form, e);
		}
		redirect(303, localizeHref('/verwaltung/gruppen/import'));
	}
};
