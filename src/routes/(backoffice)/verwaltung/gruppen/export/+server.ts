import type { RequestHandler } from './$types';
import { instantToWall } from '#lib/recurrence/index.js';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { parseGroupListQuery } from '#lib/schemas/group-list.js';
import { exportGroups } from '#lib/server/modules/groups/export.service.js';

export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'groups.import');
	const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	const bytes = await exportGroups(runtime().database.db, actor, parseGroupListQuery(event.url.searchParams), format, getLocale());
	const date = instantToWall(new Date()).date;
	return new Response(Buffer.from(bytes), {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="gruppen-${date}.${format}"`,
			'cache-control': 'no-store'
		}
	});
};
