import { sequence, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { log } from '#lib/server/log.js';
import { runtime, startRuntime } from '#lib/server/runtime.js';
import { SESSION_COOKIE } from '#lib/server/auth/session-cookie.js';
import { securityHeaders } from '#lib/server/http/security.js';

export const init: ServerInit = async () => {
	const rt = await startRuntime();
	process.once('sveltekit:shutdown', () => {
		rt.close()
			.catch((error: unknown) => log.error('shutdown failed', { error }))
			.finally(() => process.emit('treffpunkt:closed' as never));
	});
};

/** Request id, structured access log, security headers. */
const requestContext: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || randomUUID();
	try {
		event.locals.clientAddress = event.getClientAddress();
	} catch {
		event.locals.clientAddress = 'unknown';
	}
	const response = await resolve(event);
	securityHeaders(response.headers, event.url);
	response.headers.set('x-request-id', event.locals.requestId);
	log.info('request', {
		requestId: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started)
	});
	return response;
};

/** The locale from the URL (/en/… is English, everything else German). */
const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ locale }) =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) })
	);

/** Resolves the session cookie. Authorisation happens in each route's guard, not here. */
const authentication: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.sessionToken = token;
	event.locals.session = token ? await runtime().sessions.validate(token) : undefined;
	return resolve(event);
};

export const handle: Handle = sequence(requestContext, i18n, authentication);

/** Unexpected errors are logged with the request id; the page shows only the id, never a stack trace. */
export const handleError: HandleServerError = ({ kind, error, event }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	if (kind === 'unknown') {
		log.error('unhandled error', { requestId, path: event.url.pathname, error });
		return { message: 'Internal Error', requestId };
	}
	return { requestId };
};
