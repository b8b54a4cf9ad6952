import type { PageServerLoad } from './$types';
import { orNotFound } from '#lib/server/http/not-found.js';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { contactView } from '#lib/server/modules/groups/proposals.service.js';
import { groupBookings } from '#lib/server/modules/rooms/rooms.service.js';

/** A group contact's room bookings of her group: every future date with its status and, where declined or cancelled, the reason. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.request');
	const db = runtime().database.db;
	return orNotFound(async () => {
		const view = await contactView({ db, actor }, event.params.id);
		const bookings = await groupBookings({ db, actor }, event.params.id);
		return { id: view.group.id, name: view.group.name, bookings };
	});
};
