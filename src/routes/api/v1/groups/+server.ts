import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { apiJson, apiLocale, preflight, problem } from '#lib/server/http/problem.js';
import { searchPublicGroups } from '#lib/server/modules/directory/directory.public.js';
import { API_PARAMS } from '#lib/server/modules/directory/directory.query.js';

// GET /api/v1/groups: the directory search (same filters as /gruppen), public data only.
export const GET: RequestHandler = async ({ url, request }) => {
	const locale = apiLocale(request, url);
	const outcome = await searchPublicGroups(runtime().database.db, url.searchParams, locale);
	if (!outcome.ok)
		return problem(400, 'directory_problem_invalid', locale, {
			detailKey: 'directory_problem_invalid_detail',
			invalidParams: Object.entries(outcome.issues).map(([param, messageKey]) => ({
				name: API_PARAMS[param as keyof typeof API_PARAMS],
				messageKey
			}))
		});
	return apiJson(outcome.json(), { locale });
};

export const OPTIONS: RequestHandler = () => preflight();
