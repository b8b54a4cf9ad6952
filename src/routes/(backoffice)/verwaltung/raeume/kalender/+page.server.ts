import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { instantToWall } from '#lib/recurrence/index.js';
import { parseCalendarQuery } from '#lib/schemas/rooms.js';
import { periodOf } from '#lib/components/rooms/calendar.js';
import { bookingsBetween, listRooms } from '#lib/server/modules/rooms/rooms.service.js';

// the calendar is links and a GET form: it needs no script, and a month of all rooms would otherwise
// send every booking twice (as HTML and as hydration data)
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const ctx = { db: runtime().database.db, actor };
	const today = instantToWall(new Date()).date;
	const query = parseCalendarQuery(event.url.searchParams, today);
	const period = periodOf(query.view, query.date);
	const [rooms, entries] = await Promise.all([
		listRooms(ctx),
		bookingsBetween(ctx, { from: period.from, to: period.to, ...(query.roomId ? { roomId: query.roomId } : {}) })
	]);
	const params = event.url.searchParams;
	const saved = Number(params.get('gebucht') ?? '');
	return {
		...query,
		today,
		period,
		rooms: rooms.map((room) => ({ id: room.id, name: room.name })),
		entries: entries.map((entry) => ({
			bookingId: entry.bookingId,
			roomId: entry.roomId,
			roomName: entry.roomName,
			title: entry.title,
			status: entry.status,
			date: entry.date,
			startTime: entry.startTime,
			endTime: entry.endTime
		})),
		staff: can(actor.role, 'rooms.book'),
		saved:
			saved > 0
				? { count: saved, skipped: Number(params.get('ausgelassen') ?? '0') || 0, requested: params.get('status') === 'requested' }
				: null
	};
};
