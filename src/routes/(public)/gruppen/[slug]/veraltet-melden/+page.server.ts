import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { formFailure, invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { AppError } from '#lib/server/errors.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { guardMessageKey, withoutGuardFields } from '#lib/form-guard.js';
import { publicGroupPage, reportOutdatedInformation, REPORT_MESSAGE } from '#lib/server/modules/directory/group-page.service.js';
import { checkPublicForm, formGuard } from '#lib/server/modules/protection/protection.service.js';

// Works without JavaScript: the group page's form posts here; errors and the thanks show on this page.
export const csr = false;

const Slug = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));

/** Optional: empty, or 10 to 2000 characters. */
const ReportInput = v.strictObject({
	message: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.check((text) => text === '' || text.length >= REPORT_MESSAGE.min, 'group_page_report_too_short'),
		v.maxLength(REPORT_MESSAGE.max, 'error_too_long')
	)
});

export const load: PageServerLoad = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, 'not found');
	const db = runtime().database.db;
	const group = await publicGroupPage({ db, locale: getLocale() }, slug.output);
	if (!group) error(404, 'not found');
	return { group: { name: group.name, slug: group.slug }, sent: url.searchParams.has('gesendet'), guard: await formGuard(db) };
};

export const actions: Actions = {
	default: async ({ request, params, locals }) => {
		const form = await request.formData();
		const parsed = parseForm(ReportInput, withoutGuardFields(form));
		if (!parsed.ok) return invalid(parsed.failure);
		const db = runtime().database.db;
		const guard = await checkPublicForm(db, { form, ip: locals.clientAddress, action: 'outdated_report' });
		if (!guard.ok) return formFailure(form, guardMessageKey(guard.reason), { status: guard.reason === 'rate_limited' ? 429 : 400 });
		try {
			await reportOutdatedInformation({ db }, params.slug, parsed.data.message);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'not_found') error(404, 'not found');
			return serviceFailure(withoutGuardFields(form), caught);
		}
		redirect(303, localizeHref(`/gruppen/${params.slug}/veraltet-melden?gesendet=1`));
	}
};
