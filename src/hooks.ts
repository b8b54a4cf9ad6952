import type { Reroute } from '@sveltejs/kit/hooks';
import { deLocalizeUrl } from '#lib/paraglide/runtime.js';

// /en/anmelden is served by the route /anmelden; the locale comes from the URL (Paraglide).
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
