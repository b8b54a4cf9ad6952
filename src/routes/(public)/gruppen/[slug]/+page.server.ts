import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { groupJsonLd, jsonForScript, publicGroupPage } from '#lib/server/modules/directory/group-page.service.js';
import { formGuard } from '#lib/server/modules/protection/protection.service.js';

// The group page (DIR-3): rendered on the server only, works without JavaScript on an old phone.
export const csr = false;

const Slug = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));

export const load: PageServerLoad = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, 'not found');
	const db = runtime().database.db;
	const group = await publicGroupPage({ db, locale: getLocale() }, slug.output);
	// unknown, unpublished, dissolved, hidden or in an unpublished office: all look the same
	if (!group) error(404, 'not found');
	const origin = publicOrigin(url).replace(/\/+$/, '');
	const pageUrl = origin + localizeHref(`/gruppen/${group.slug}`);
	const officeUrl = origin + localizeHref(`/kontaktstellen/${group.office.slug}`);
	const [relayGuard, reportGuard] = await Promise.all([formGuard(db), formGuard(db)]);
	return { group, pageUrl, jsonLd: jsonForScript(groupJsonLd(group, { pageUrl, officeUrl })), relayGuard, reportGuard };
};
