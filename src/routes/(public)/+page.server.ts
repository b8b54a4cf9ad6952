import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publishedOfficeCount } from '#lib/server/modules/tenants/tenants.service.js';

// Pure content: rendered on the server only, no hydration payload for old phones.
export const csr = false;

export const load: PageServerLoad = async () => ({ officeCount: await publishedOfficeCount(runtime().database.db) });
