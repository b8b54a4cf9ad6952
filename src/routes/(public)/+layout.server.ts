import type { LayoutServerLoad } from './$types';
import { publicOrigin } from '#lib/server/http/origin.js';

// Public pages: no guard; only whether someone is logged in (to show the right link), and the
// public origin for absolute canonical and alternate links (SeoHead).
export const load: LayoutServerLoad = ({ locals, url }) => ({
	loggedIn: !!locals.session?.secondFactorDone || (!!locals.session && !locals.session.needsSecondFactor),
	siteOrigin: publicOrigin(url)
});
