import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { searchPage } from '#lib/server/modules/directory/directory.public.js';

// The public search (DIR-1): server-rendered, works without JavaScript; /js/search.js only
// refreshes the results as filters change.
export const csr = false;

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return searchPage(runtime().database.db, url.searchParams, getLocale());
};
