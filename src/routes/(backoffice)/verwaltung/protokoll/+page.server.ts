import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { auditPage } from '#lib/server/modules/audit/audit.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'audit.read');
	const before = Number(event.url.searchParams.get('vor')) || undefined;
	const page = await auditPage(runtime().database.db, actor, before);
	return { rows: page.rows, next: page.next, paged: before !== undefined };
};
