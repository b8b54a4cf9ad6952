import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { publicProgramme } from '#lib/server/modules/events/events.public.js';

// The public programme (EVT-5): server-rendered, works without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return publicProgramme(runtime().database.db, url.searchParams, getLocale());
};
