import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { apiJson, apiLocale, preflight } from '#lib/server/http/problem.js';
import { publicContactPoints } from '#lib/server/modules/directory/directory.public.js';

// GET /api/v1/contact-points: the published offices.
export const GET: RequestHandler = async ({ url, request }) => {
	const locale = apiLocale(request, url);
	return apiJson({ items: await publicContactPoints(runtime().database.db) }, { locale });
};

export const OPTIONS: RequestHandler = () => preflight();
