import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { instantToWall } from '#lib/recurrence/index.js';
import { parseCalendarQuery } from '#lib/schemas/rooms.js';
import { periodOf } from '#lib/components/rooms/calendar.js';
import { bookingsBetween, listRooms } from '#lib/server/modules/rooms/rooms.service.js';

/** The printable weekly plan for the notice board: confirmed bookings only, titles (group names) and times, no other personal data. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const ctx = { db: runtime().database.db, actor };
	const query = parseCalendarQuery(event.url.searchParams, instantToWall(new Date()).date);
	const period = periodOf('woche', query.date);
	const [rooms, entries] = await Promise.all([
		listRooms(ctx),
		bookingsBetween(ctx, { from: period.from, to: period.to, ...(query.roomId ? { roomId: query.roomId } : {}) })
	]);
	return {
		roomId: query.roomId,
		date: query.date,
		period,
		rooms: rooms.filter((room) => !query.roomId || room.id === query.roomId).map((room) => ({ id: room.id, name: room.name })),
		entries: entries
			.filter((entry) => entry.status === 'confirmed')
			.map((entry) => ({
				bookingId: entry.bookingId,
				roomId: entry.roomId,
				title: entry.title,
				date: entry.date,
				startTime: entry.startTime,
				endTime: entry.endTime
			}))
	};
};
