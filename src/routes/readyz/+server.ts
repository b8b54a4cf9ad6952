import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { runtimeIfReady } from '#lib/server/runtime.js';

// Readiness: the database answers now.
export const GET: RequestHandler = async () => {
	const rt = runtimeIfReady();
	if (!rt?.ready) return json({ status: 'unavailable' }, { status: 503 });
	try {
		await rt.database.ping();
		return json({ status: 'ready', database: rt.database.kind });
	} catch {
		return json({ status: 'unavailable' }, { status: 503 });
	}
};
