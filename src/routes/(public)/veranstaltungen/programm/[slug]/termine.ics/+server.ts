import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { programmeCalendar } from '#lib/server/modules/events/events.public.js';

const Slug = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));

/** The upcoming events of one published programme (a state office's or an association's) as an iCalendar feed. */
export const GET: RequestHandler = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, 'not found');
	const origin = publicOrigin(url).replace(/\/+$/, '');
	const ics = await programmeCalendar(runtime().database.db, {
		pageUrl: (eventSlug) => origin + localizeHref(`/veranstaltungen/${eventSlug}`),
		programmeSlug: slug.output
	});
	if (ics === null) error(404, 'not found');
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${slug.output}.ics"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
