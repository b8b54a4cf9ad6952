import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { jobOverview } from '#lib/server/modules/jobs/jobs.service.js';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'jobs.read');
	return jobOverview(runtime().database.db);
};
