import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { config, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { log } from './log.js';
import { isSetupDone } from './modules/accounts/accounts.service.js';
import { warmDirectory } from './modules/directory/directory.service.js';
import { ensureSchedules, startJobRunner } from './modules/jobs/jobs.service.js';
import { jobHandlers, SCHEDULES } from './modules/jobs/jobs.registry.js';
import type { MailSettings } from './modules/mail/mail.service.js';
import { SessionCache, watchSessionChanges } from './modules/accounts/session-cache.js';

/**
 * The process-wide services of a running server: the database, the job runner and the one-time
 * setup code. Created once by the `init` hook, closed on shutdown. Nothing per-user lives here.
 */
export type Runtime = {
	config: Config;
	database: Database;
	/** validated sessions, kept for a minute and forgotten as soon as the database announces a change */
	sessions: SessionCache;
	mail: MailSettings;
	/** printed to the log at start while no administrator exists; null once setup is done */
	setupCode: string | null;
	ready: boolean;
	close(): Promise<void>;
};

let current: Runtime | undefined;
let starting: Promise<Runtime> | undefined;

export function runtime(): Runtime {
	if (!current) throw new Error('runtime not started');
	return current;
}

export function runtimeIfReady(): Runtime | undefined {
	return current;
}

export async function startRuntime(cfg: Config = config()): Promise<Runtime> {
	starting ??= (async () => {
		const database = cfg.databaseUrl
			? await openDatabase({ kind: 'postgres', url: cfg.databaseUrl })
			: await openDatabase({ kind: 'pglite', dataDir: cfg.dataDir });
		log.info('database ready', { kind: database.kind, dataDir: cfg.databaseUrl ? undefined : cfg.dataDir });
		const sessions = new SessionCache(database.db);
		const stopWatching = await watchSessionChanges(database, sessions, (trusted) => {
			if (!trusted && current?.ready) log.warn('session changes not heard: every request asks the database until they arrive again');
		});
		const mail: MailSettings = { smtpUrl: cfg.smtpUrl, from: cfg.mailFrom };
		let stopJobs: (() => Promise<void>) | undefined;
		if (cfg.jobs) {
			await ensureSchedules(database.db, SCHEDULES);
			stopJobs = startJobRunner(database.db, jobHandlers(mail, cfg.origin ?? `http://${cfg.host}:${cfg.port}`), {
				workerId: `${os.hostname()}:${process.pid}`
			});
		}
		// the public search index loads in the background; the first search waits for it if needed
		warmDirectory(database.db);
		const setupCode = (await isSetupDone(database.db)) ? null : randomBytes(6).toString('hex');
		if (setupCode) log.info('no administrator yet: open /einrichtung and enter the setup code', { setupCode });
		let closing: Promise<void> | undefined;
		current = {
			config: cfg,
			database,
			sessions,
			mail,
			setupCode,
			ready: true,
			close() {
				closing ??= (async () => {
					current!.ready = false;
					await stopJobs?.();
					await stopWatching();
					await database.close();
					log.info('database closed');
				})();
				return closing;
			}
		};
		return current;
	})();
	return starting;
}

/** For the request that changed its own session (sign-out, switching office, second factor): the next page sees the change. */
export function forgetOwnSession(locals: App.Locals): void {
	if (locals.sessionToken) runtime().sessions.forget(locals.sessionToken);
}

/** Marks setup as done so that the first-run page closes for good. */
export function closeSetup(): void {
	if (current) current.setupCode = null;
}

/**
 * What a back-office form action hands to a service: the database, who acts (after the guard), the
 * request id for the audit log, and the office she acts for.
 */
export function serviceContext<A extends { tenantId: string }>(event: { locals: App.Locals }, actor: A) {
	return { db: runtime().database.db, actor, requestId: event.locals.requestId, tenantId: actor.tenantId };
}
