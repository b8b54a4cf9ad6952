import type { PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { defaultStatisticsYear, parseStatisticsYear, roomStatistics } from '#lib/server/modules/rooms/statistics.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.book');
	const asked = event.url.searchParams.get('jahr');
	const year = asked === null || asked.trim() === '' ? defaultStatisticsYear() : parseStatisticsYear(asked);
	if (year === null) return { asked, yearError: 'rooms_stats_year_invalid', stats: null };
	const stats = await roomStatistics({ db: runtime().database.db, actor }, year);
	return { asked: String(year), yearError: '', stats };
};
