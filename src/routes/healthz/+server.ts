import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { runtimeIfReady } from '#lib/server/runtime.js';

// Liveness: 200 once the database is open and migrations are applied (the runtime starts only then).
export const GET: RequestHandler = () => {
	const rt = runtimeIfReady();
	return rt?.ready ? json({ status: 'ok' }) : json({ status: 'starting' }, { status: 503 });
};
