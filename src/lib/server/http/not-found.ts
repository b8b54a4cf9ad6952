import { error } from '@sveltejs/kit';
import { AppError } from '../errors.js';

/** A page's load: a record the service does not find (or may not show) becomes the 404 page. */
export async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) error(404, 'not found');
		throw e;
	}
}
