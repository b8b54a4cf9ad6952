import type { RequestHandler } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { renderSitemapIndex, sitemapParts } from '#lib/server/modules/directory/sitemap.service.js';

// The sitemap index: the numbered parts /sitemap-{n}.xml with the newest change in each.
export const GET: RequestHandler = async ({ url }) => {
	const parts = await sitemapParts({ db: runtime().database.db });
	return new Response(renderSitemapIndex(publicOrigin(url), parts), {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' }
	});
};
