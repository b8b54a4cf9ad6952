import { runtime } from '../runtime.js';

/** The public origin for links in e-mails: ORIGIN if configured, else the request's own. */
export function publicOrigin(url: URL): string {
	return runtime().config.origin ?? url.origin;
}
