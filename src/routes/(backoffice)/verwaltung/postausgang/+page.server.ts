import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { listOutbox } from '#lib/server/modules/mail/mail.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'outbox.read');
	const raw = event.url.searchParams.get('vor');
	const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
	const rt = runtime();
	const page = await listOutbox(rt.database.db, actor.tenantId, { before });
	return { rows: page.rows, next: page.next?.toISOString() ?? null, paged: before !== undefined, smtp: !!rt.mail.smtpUrl };
};
