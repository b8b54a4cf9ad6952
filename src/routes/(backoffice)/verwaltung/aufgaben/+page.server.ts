import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { jobOverview } from '#lib/server/modules/jobs/jobs.service.js';
import { AppError } from '#lib/server/errors.js';
import { m } from '#lib/paraglide/messages.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'jobs.read');
	try {
		return await jobOverview(runtime().database.db, actor);
	} catch (e) {
		if (e instanceof AppError && e.code === 'forbidden') error(403, m.error_forbidden());
		throw e;
	}
};
