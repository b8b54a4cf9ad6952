import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { inScope } from '#lib/server/db/scope.js';
import { listAudit } from '#lib/server/modules/audit/audit.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'audit.read');
	const before = Number(event.url.searchParams.get('vor')) || undefined;
	const page = await inScope(runtime().database.db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
		listAudit(tx, actor.tenantId, { before })
	);
	return { rows: page.rows, next: page.next, paged: before !== undefined };
};
