import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { runtime } from '#lib/server/runtime.js';
import { roomCalendar } from '#lib/server/modules/rooms/rooms.service.js';

/** The room's bookings as an iCalendar feed (ROOM-4), for the back office's calendar apps. */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const feed = await orNotFound(() => roomCalendar({ db: runtime().database.db, actor }, event.params.roomId));
	return new Response(feed.body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${feed.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
