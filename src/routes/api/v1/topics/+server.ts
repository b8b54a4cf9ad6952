import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { apiJson, apiLocale, preflight } from '#lib/server/http/problem.js';
import { publicTopics } from '#lib/server/modules/directory/directory.public.js';

// GET /api/v1/topics: the thesaurus the search understands.
export const GET: RequestHandler = async ({ url, request }) => {
	const locale = apiLocale(request, url);
	return apiJson({ items: await publicTopics(runtime().database.db, locale) }, { locale });
};

export const OPTIONS: RequestHandler = () => preflight();
