import type { RequestHandler } from './$types';
import { publicOrigin } from '#lib/server/http/origin.js';
import { renderRobots } from '#lib/server/modules/directory/sitemap.service.js';

// A route, not a static file: the sitemap line needs the absolute public origin.
export const GET: RequestHandler = ({ url }) =>
	new Response(renderRobots(publicOrigin(url)), {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
