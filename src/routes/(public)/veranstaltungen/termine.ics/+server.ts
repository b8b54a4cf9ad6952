import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { programmeCalendar } from '#lib/server/modules/events/events.public.js';

/** All upcoming public events as an iCalendar feed (RFC 5545) for calendar apps to subscribe to. */
export const GET: RequestHandler = async ({ url }) => {
	const origin = publicOrigin(url).replace(/\/+$/, '');
	const ics = await programmeCalendar(runtime().database.db, { pageUrl: (slug) => origin + localizeHref(`/veranstaltungen/${slug}`) });
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="veranstaltungen.ics"',
			'cache-control': 'public, max-age=300'
		}
	});
};
