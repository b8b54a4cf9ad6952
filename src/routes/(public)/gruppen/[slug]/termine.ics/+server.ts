import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { groupMeetingsCalendar } from '#lib/server/modules/directory/group-page.service.js';

const Slug = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));

/** The group's meetings as an iCalendar feed (RFC 5545) for calendar apps to subscribe to. */
export const GET: RequestHandler = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, 'not found');
	const pageUrl = publicOrigin(url).replace(/\/+$/, '') + localizeHref(`/gruppen/${slug.output}`);
	const ics = await groupMeetingsCalendar({ db: runtime().database.db, locale: getLocale() }, slug.output, { pageUrl });
	if (ics === null) error(404, 'not found');
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${slug.output}.ics"`,
			// calendar apps poll; a change or an unpublished group shows within minutes
			'cache-control': 'public, max-age=300'
		}
	});
};
