/** Structured JSON logs, one line per event, to stdout. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
	const level = (process.env.LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info')) as Level | 'silent';
	return order[level] ?? order.info;
}

/**
 * The one-time links (invitation, new password, the yearly confirmation) carry their secret in the
 * path: a log line keeps the route but not the token, so nobody who reads the logs can use a link.
 */
export function redactPath(path: string): string {
	return path.replace(/(\/(?:einladung|passwort-neu|eintrag-bestaetigen)\/)[^/?#]+/g, '$1[token]');
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
	if (order[level] < threshold()) return;
	const safe = typeof fields.path === 'string' ? { ...fields, path: redactPath(fields.path) } : fields;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe }, (_key, value) =>
		value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value
	);
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const log = {
	debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
	info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
	warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
	error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields)
};
