import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { runtime } from '#lib/server/runtime.js';
import { groupRoomCalendar } from '#lib/server/modules/rooms/rooms.service.js';

/** A group's room bookings as an iCalendar feed (ROOM-4): for its contact persons and the office. */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const feed = await orNotFound(() => groupRoomCalendar({ db: runtime().database.db, actor }, event.params.id));
	return new Response(feed.body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${feed.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
