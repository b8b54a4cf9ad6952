import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { can } from '#lib/server/auth/permissions.js';
import { runtime } from '#lib/server/runtime.js';
import { listEvents } from '#lib/server/modules/events/events.queries.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const when = event.url.searchParams.get('zeit') === 'vergangen' ? 'past' : 'upcoming';
	const events = await listEvents({ db: runtime().database.db, actor }, { when });
	return { events, when, canEdit: can(actor.role, 'events.edit') };
};
