import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { serviceContext } from '#lib/server/runtime.js';
import { berlinToday, listInventory, listOverdue } from '#lib/server/modules/equipment/equipment.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'equipment.read');
	const context = serviceContext(event, actor);
	const includeInactive = event.url.searchParams.get('alle') === '1';
	const [items, overdue] = await Promise.all([listInventory(context, { includeInactive }), listOverdue(context)]);
	return { items, overdue, includeInactive, today: berlinToday(new Date()), canLend: can(actor.role, 'equipment.lend') };
};
