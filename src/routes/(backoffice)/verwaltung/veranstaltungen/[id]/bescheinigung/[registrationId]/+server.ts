import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { isUuid } from '#lib/server/ids.js';
import { certificate } from '#lib/server/modules/events/attendance.service.js';

/** The participation certificate of one person who was there, as a PDF (EVT-3). */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id) || !isUuid(event.params.registrationId)) error(404, 'not found');
	try {
		const { filename, bytes } = await certificate({ db: runtime().database.db, actor }, event.params.id, event.params.registrationId);
		return new Response(Buffer.from(bytes), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="${filename}"`,
				'cache-control': 'no-store'
			}
		});
	} catch (failure) {
		if (failure instanceof AppError && (failure.code === 'not_found' || failure.code === 'invalid')) error(404, 'not found');
		throw failure;
	}
};
