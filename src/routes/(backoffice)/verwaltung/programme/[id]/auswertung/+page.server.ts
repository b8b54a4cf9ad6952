import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { programmeEvaluation } from '#lib/server/modules/events/feedback.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.read');
	return { evaluation: await orNotFound(() => programmeEvaluation(serviceContext(event, actor), event.params.id)) };
};
