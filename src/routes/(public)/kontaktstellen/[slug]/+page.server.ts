import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { officePage } from '#lib/server/modules/directory/office-page.service.js';
import { m } from '#lib/paraglide/messages.js';

// Pure content: rendered on the server only, no hydration payload for old phones.
export const csr = false;

const Slug = v.pipe(v.string(), v.maxLength(80), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));
/** the page of the group list; absent means the first */
const Page = v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,4}$/), v.transform(Number)), '1');

export const load: PageServerLoad = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, m.site_office_not_found_text());
	const page = v.safeParse(Page, url.searchParams.get('seite') ?? undefined);
	try {
		return await officePage({ db: runtime().database.db }, { slug: slug.output, page: page.success ? Number(page.output) : 0 });
	} catch (caught) {
		if (caught instanceof AppError && caught.code === 'not_found') {
			error(404, caught.details.page ? m.site_office_page_missing() : m.site_office_not_found_text());
		}
		throw caught;
	}
};
