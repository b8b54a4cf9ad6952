import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publishedOfficesByState } from '#lib/server/modules/tenants/tenants.service.js';

// Pure content: rendered on the server only, no hydration payload for old phones.
export const csr = false;

export const load: PageServerLoad = async () => ({ states: await publishedOfficesByState(runtime().database.db) });
