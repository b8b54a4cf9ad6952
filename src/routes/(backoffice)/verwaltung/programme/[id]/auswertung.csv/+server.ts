import type { RequestHandler } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { orNotFound } from '#lib/server/http/not-found.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { programmeEvaluation, programmeEvaluationCsv } from '#lib/server/modules/events/feedback.service.js';

/** A programme's evaluation as CSV (semicolons, UTF-8 with BOM) for a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const actor = requirePermission(event, 'events.read');
	const evaluation = await orNotFound(() => programmeEvaluation(serviceContext(event, actor), event.params.id));
	const bytes = programmeEvaluationCsv(evaluation, getLocale() === 'en' ? 'en' : 'de');
	return new Response(Buffer.from(bytes), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="auswertung-${evaluation.programme.slug}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
