import { AppError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL, a form or a file is a record id (a UUID in its usual written form). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * A record id from outside is checked before it reaches SQL: a malformed one is "not found"
 * (a 404 with a German message), not a database error (a 500).
 */
export function assertId(value: string, what = 'record'): void {
	if (!isUuid(value)) throw new AppError('not_found', `${what} not found`);
}
