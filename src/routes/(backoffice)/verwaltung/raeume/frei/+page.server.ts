import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { parseFreeQuery } from '#lib/schemas/rooms.js';
import { findFreeRooms, type FreeRoom } from '#lib/server/modules/rooms/rooms.service.js';

/** The service's field names → the query's. */
const QUERY_FIELD: Record<string, string> = { weekday: 'wochentag', startTime: 'von', endTime: 'bis', attendees: 'personen' };

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const free = parseFreeQuery(event.url.searchParams);
	let results: FreeRoom[] | null = null;
	let issues = free.issues;
	if (free.query) {
		try {
			results = await findFreeRooms({ db: runtime().database.db, actor }, free.query);
		} catch (e) {
			if (!(e instanceof AppError && e.code === 'invalid')) throw e;
			const serviceIssues = (e.details.issues as Record<string, string> | undefined) ?? {};
			issues = Object.fromEntries(Object.entries(serviceIssues).map(([field, key]) => [QUERY_FIELD[field] ?? field, key]));
		}
	}
	return { values: free.values, issues, results, staff: can(actor.role, 'rooms.book') };
};
