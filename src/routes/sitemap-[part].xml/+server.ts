import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { renderUrlSet, sitemapPart } from '#lib/server/modules/directory/sitemap.service.js';

const Part = v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/), v.transform(Number));

// One part of the sitemap: every page in it in German and English (see sitemap.service.ts).
export const GET: RequestHandler = async ({ params, url }) => {
	const part = v.safeParse(Part, params.part);
	if (!part.success) error(404, 'Not Found');
	const entries = await sitemapPart({ db: runtime().database.db }, part.output);
	if (!entries) error(404, 'Not Found');
	return new Response(renderUrlSet(publicOrigin(url), entries), {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' }
	});
};
