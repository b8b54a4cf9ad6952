import type { PageServerLoad } from './$types';
import { runtime } from '#lib/server/runtime.js';
import { publishedOffices } from '#lib/server/modules/tenants/tenants.service.js';

export const load: PageServerLoad = async () => ({ offices: await publishedOffices(runtime().database.db) });
