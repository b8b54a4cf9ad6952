import * as v from 'valibot';
import path from 'node:path';

/** Runtime configuration, read once from the environment and validated. */
const ConfigSchema = v.object({
	DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://'))),
	TREFFPUNKT_DATA_DIR: v.optional(v.string(), './data'),
	PORT: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(65535)), '3000'),
	HOST: v.optional(v.string(), '127.0.0.1'),
	ORIGIN: v.optional(v.pipe(v.string(), v.url('ORIGIN must be a URL such as https://treffpunkt.example.org'))),
	SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://'))),
	MAIL_FROM: v.optional(v.string(), 'Treffpunkt <treffpunkt@localhost>'),
	LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
	TREFFPUNKT_JOBS: v.optional(v.picklist(['on', 'off']), 'on')
});

export type Config = {
	databaseUrl: string | undefined;
	dataDir: string;
	port: number;
	host: string;
	origin: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
	jobs: boolean;
};

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const picked = Object.fromEntries(
		Object.keys(ConfigSchema.entries)
			.map((k) => [k, env[k] === '' ? undefined : env[k]])
			.filter(([, value]) => value !== undefined)
	);
	const result = v.safeParse(ConfigSchema, picked);
	if (!result.success) {
		const lines = result.issues.map((issue) => `  ${v.getDotPath(issue) ?? '?'}: ${issue.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const c = result.output;
	return {
		databaseUrl: c.DATABASE_URL,
		dataDir: path.resolve(c.TREFFPUNKT_DATA_DIR),
		port: c.PORT,
		host: c.HOST,
		origin: c.ORIGIN?.replace(/\/$/, ''),
		smtpUrl: c.SMTP_URL,
		mailFrom: c.MAIL_FROM,
		logLevel: c.LOG_LEVEL,
		jobs: c.TREFFPUNKT_JOBS === 'on'
	};
}

let cached: Config | undefined;
export function config(): Config {
	cached ??= readConfig();
	return cached;
}
