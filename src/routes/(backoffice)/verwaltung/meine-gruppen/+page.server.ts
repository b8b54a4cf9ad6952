import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { groupsOfContact } from '#lib/server/modules/groups/contacts.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.propose');
	return { groups: await groupsOfContact(runtime().database.db, actor) };
};
