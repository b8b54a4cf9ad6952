import type { LayoutServerLoad } from './$types';

// Public pages: no guard; only whether someone is logged in (to show the right link).
export const load: LayoutServerLoad = ({ locals }) => ({
	loggedIn: !!locals.session?.secondFactorDone || (!!locals.session && !locals.session.needsSecondFactor)
});
