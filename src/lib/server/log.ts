/** Structured JSON logs, one line per event, to stdout. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
	const level = (process.env.LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info')) as Level | 'silent';
	return order[level] ?? order.info;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
	if (order[level] < threshold()) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, (_key, value) =>
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
