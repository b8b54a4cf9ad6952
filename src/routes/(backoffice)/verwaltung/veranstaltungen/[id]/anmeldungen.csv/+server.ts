import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { isUuid } from '#lib/server/ids.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { m } from '#lib/paraglide/messages.js';
import { formatDateTime, t } from '#lib/i18n.js';
import { registrationsCsv } from '#lib/server/modules/events/events.queries.js';

/** The registrations of an event as CSV (semicolons, UTF-8 with BOM) for a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'events.read');
	if (!isUuid(event.params.id)) error(404, 'not found');
	const locale = getLocale();
	try {
		const { bytes, slug } = await registrationsCsv({ db: runtime().database.db, actor }, event.params.id, {
			headers: [
				m.events_page_reg_name(),
				m.events_page_reg_email(),
				m.events_page_reg_status(),
				m.events_page_reg_position(),
				m.events_page_reg_date()
			],
			status: (status) => t(`events_page_reg_status_${status}`),
			date: (date) => formatDateTime(date, locale)
		});
		return new Response(Buffer.from(bytes), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="anmeldungen-${slug}.csv"`,
				'cache-control': 'no-store'
			}
		});
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};
