import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { countOpenRequests, listRooms } from '#lib/server/modules/rooms/rooms.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.read');
	const ctx = { db: runtime().database.db, actor };
	const staff = can(actor.role, 'rooms.book');
	const [rooms, openRequests] = await Promise.all([
		listRooms(ctx, { includeInactive: can(actor.role, 'rooms.edit') }),
		staff ? countOpenRequests(ctx) : Promise.resolve(0)
	]);
	return { rooms, openRequests, mayEdit: can(actor.role, 'rooms.edit'), staff };
};
