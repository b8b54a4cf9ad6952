import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { groupLoanHistory } from '#lib/server/modules/equipment/equipment.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'equipment.read');
	const groupId = event.url.searchParams.get('gruppe');
	if (!groupId) error(404, 'not found');
	return orNotFound(() => groupLoanHistory(serviceContext(event, actor), groupId));
};
