import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { apiJson, apiLocale, preflight, problem } from '#lib/server/http/problem.js';
import { publicGroupById } from '#lib/server/modules/directory/directory.public.js';

// GET /api/v1/groups/{id}: one public group.
export const GET: RequestHandler = async ({ params, url, request }) => {
	const locale = apiLocale(request, url);
	const group = await publicGroupById(runtime().database.db, params.id, locale);
	if (!group) return problem(404, 'directory_problem_not_found', locale, { detailKey: 'directory_problem_not_found_detail' });
	return apiJson(group, { locale });
};

export const OPTIONS: RequestHandler = () => preflight();
