import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { m } from '#lib/paraglide/messages.js';
import { defaultStatisticsYear, parseStatisticsYear, roomStatistics, statisticsCsv } from '#lib/server/modules/rooms/statistics.service.js';

/** `/verwaltung/raeume/statistik/csv?jahr=2026`: the year's statistics as a CSV file for the annual report. */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'rooms.book');
	const asked = event.url.searchParams.get('jahr');
	const year = asked === null || asked.trim() === '' ? defaultStatisticsYear() : parseStatisticsYear(asked);
	if (year === null) error(400, m.rooms_stats_year_invalid());
	const stats = await roomStatistics({ db: runtime().database.db, actor }, year);
	const locale = getLocale() === 'en' ? 'en' : 'de';
	return new Response(Buffer.from(statisticsCsv(stats, locale)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${locale === 'en' ? 'room-use' : 'raumnutzung'}-${year}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
