import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { serviceContext } from '#lib/server/runtime.js';
import { listProgrammes } from '#lib/server/modules/events/programmes.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const programmes = await listProgrammes(serviceContext(event, actor));
	return {
		own: programmes.filter((programme) => programme.own),
		inherited: programmes.filter((programme) => !programme.own),
		canEdit: can(actor.role, 'events.edit')
	};
};
