import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { log } from '../../log.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { tenants } from '../tenants/tenants.table.js';
import { jobs, jobSchedules } from './jobs.table.js';

/**
 * The one database-backed job runner. Jobs survive restarts (they are rows), retry with
 * exponential backoff, and are claimed with FOR UPDATE SKIP LOCKED so that exactly one of
 * several processes sharing a PostgreSQL server runs each job.
 */
export type JobContext = { db: Db; now: Date; jobId: string; attempt: number };
export type JobHandler = (payload: Record<string, unknown>, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
export type ScheduleDefinition = { name: string; everySeconds: number };

export type EnqueueOptions = {
	name: string;
	payload?: Record<string, unknown>;
	runAt?: Date;
	dedupeKey?: string;
	maxAttempts?: number;
};

/** Adds a job inside the caller's transaction; a duplicate dedupeKey is ignored. */
export async function enqueue(tx: Queryable, options: EnqueueOptions): Promise<void> {
	await tx
		.insert(jobs)
		.values({
			name: options.name,
			payload: options.payload ?? {},
			runAt: options.runAt ?? new Date(),
			dedupeKey: options.dedupeKey ?? null,
			maxAttempts: options.maxAttempts ?? 5
		})
		.onConflictDoNothing({ target: jobs.dedupeKey });
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 6 hours. */
export function backoffSeconds(attempt: number): number {
	return Math.min(30 * 2 ** Math.max(0, attempt - 1), 6 * 3600);
}

export async function ensureSchedules(db: Db, schedules: ScheduleDefinition[], now = new Date()): Promise<void> {
	if (schedules.length === 0) return;
	await inScope(db, { kind: 'system' }, async (tx) => {
		for (const s of schedules) {
			await tx
				.insert(jobSchedules)
				.values({ name: s.name, everySeconds: s.everySeconds, nextRunAt: now })
				.onConflictDoUpdate({ target: jobSchedules.name, set: { everySeconds: s.everySeconds } });
		}
	});
}

/** Turns due schedule slots into jobs (one per slot, deduplicated across processes). */
export async function enqueueDueSchedules(db: Db, now = new Date()): Promise<number> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const due = rowsOf<{ name: string; next_run_at: string | Date; every_seconds: number }>(
			await tx.execute(
				sql`select name, next_run_at, every_seconds from job_schedules where next_run_at <= ${now.toISOString()}::timestamptz for update skip locked`
			)
		);
		for (const row of due) {
			const slot = new Date(row.next_run_at);
			await enqueue(tx, {
				name: row.name,
				payload: { schedule: row.name },
				runAt: now,
				dedupeKey: `${row.name}@${slot.toISOString()}`,
				maxAttempts: 3
			});
			let next = slot.getTime() + row.every_seconds * 1000;
			if (next <= now.getTime()) next = now.getTime() + row.every_seconds * 1000;
			await tx
				.update(jobSchedules)
				.set({ nextRunAt: new Date(next) })
				.where(eq(jobSchedules.name, row.name));
		}
		return due.length;
	});
}

type ClaimedJob = { id: string; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number };

async function claim(db: Db, workerId: string, now: Date): Promise<ClaimedJob | undefined> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const result = await tx.execute(sql`
			update jobs set status = 'running', locked_by = ${workerId},
				locked_until = ${now.toISOString()}::timestamptz + interval '5 minutes', attempts = attempts + 1
			where id = (
				select id from jobs
				where (status = 'queued' and run_at <= ${now.toISOString()}::timestamptz)
					or (status = 'running' and locked_until < ${now.toISOString()}::timestamptz)
				order by run_at
				limit 1
				for update skip locked
			)
			returning id, name, payload, attempts, max_attempts`);
		return rowsOf<ClaimedJob>(result)[0];
	});
}

async function finish(db: Db, job: ClaimedJob, error: unknown, now: Date): Promise<void> {
	const message = error === undefined ? null : error instanceof Error ? error.message : String(error);
	await inScope(db, { kind: 'system' }, async (tx) => {
		if (message === null) {
			await tx
				.update(jobs)
				.set({ status: 'done', finishedAt: now, lockedBy: null, lockedUntil: null, lastError: null })
				.where(eq(jobs.id, job.id));
		} else {
			const giveUp = job.attempts >= job.max_attempts;
			await tx
				.update(jobs)
				.set({
					status: giveUp ? 'failed' : 'queued',
					runAt: new Date(now.getTime() + backoffSeconds(job.attempts) * 1000),
					lastError: message.slice(0, 2000),
					lockedBy: null,
					lockedUntil: null,
					finishedAt: giveUp ? now : null
				})
				.where(eq(jobs.id, job.id));
		}
		const schedule = typeof job.payload.schedule === 'string' ? job.payload.schedule : undefined;
		if (schedule) {
			await tx
				.update(jobSchedules)
				.set({ lastRunAt: now, lastStatus: message === null ? 'ok' : 'error', lastError: message })
				.where(eq(jobSchedules.name, schedule));
		}
	});
}

/** Runs due jobs until none is left or `limit` ran. Returns how many ran. */
export async function runDueJobs(
	db: Db,
	handlers: JobHandlers,
	options: { workerId: string; limit?: number; now?: () => Date }
): Promise<number> {
	const clock = options.now ?? (() => new Date());
	let ran = 0;
	while (ran < (options.limit ?? 50)) {
		const job = await claim(db, options.workerId, clock());
		if (!job) break;
		ran++;
		const handler = handlers[job.name];
		let failure: unknown;
		try {
			if (!handler) throw new Error(`no handler for job ${job.name}`);
			await handler(job.payload, { db, now: clock(), jobId: job.id, attempt: job.attempts });
		} catch (error) {
			failure = error ?? new Error('job failed');
			log.warn('job failed', { job: job.name, jobId: job.id, attempt: job.attempts, error });
		}
		await finish(db, job, failure, clock());
	}
	return ran;
}

/** Starts the background loop of one process. Returns a function that stops it and waits. */
export function startJobRunner(db: Db, handlers: JobHandlers, options: { workerId: string; intervalMs?: number }): () => Promise<void> {
	let stopped = false;
	let current: Promise<unknown> = Promise.resolve();
	const tick = async () => {
		try {
			await enqueueDueSchedules(db);
			await runDueJobs(db, handlers, { workerId: options.workerId });
		} catch (error) {
			if (!stopped) log.error('job runner tick failed', { error });
		}
	};
	const timer = setInterval(() => {
		if (stopped) return;
		current = current.then(tick);
	}, options.intervalMs ?? 5000);
	timer.unref();
	current = current.then(tick);
	return async () => {
		stopped = true;
		clearInterval(timer);
		await current;
	};
}

export type ScheduleStatus = {
	name: string;
	everySeconds: number;
	nextRunAt: Date;
	lastRunAt: Date | null;
	lastStatus: string | null;
	lastError: string | null;
};
export type JobRow = {
	id: string;
	name: string;
	status: string;
	attempts: number;
	runAt: Date;
	lastError: string | null;
	finishedAt: Date | null;
};

/**
 * For the administrators' overview: schedules with their last run, and recent jobs. Jobs belong to
 * the whole installation, so only administrators of a top-level office (one without a parent)
 * may see them; pass `actor` to check that.
 */
export async function jobOverview(db: Db, actor?: Actor): Promise<{ schedules: ScheduleStatus[]; recent: JobRow[] }> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		if (actor?.kind === 'user') {
			const [office] = await tx.select({ parentId: tenants.parentId }).from(tenants).where(eq(tenants.id, actor.tenantId));
			if (!office || office.parentId !== null || actor.role !== 'admin')
				throw new AppError('forbidden', 'jobs are visible to administrators of a top-level office');
		}
		const schedules = await tx
			.select({
				name: jobSchedules.name,
				everySeconds: jobSchedules.everySeconds,
				nextRunAt: jobSchedules.nextRunAt,
				lastRunAt: jobSchedules.lastRunAt,
				lastStatus: jobSchedules.lastStatus,
				lastError: jobSchedules.lastError
			})
			.from(jobSchedules)
			.orderBy(jobSchedules.name);
		const recent = await tx
			.select({
				id: jobs.id,
				name: jobs.name,
				status: jobs.status,
				attempts: jobs.attempts,
				runAt: jobs.runAt,
				lastError: jobs.lastError,
				finishedAt: jobs.finishedAt
			})
			.from(jobs)
			.where(and(sql`${jobs.createdAt} > now() - interval '7 days'`))
			.orderBy(desc(jobs.createdAt))
			.limit(50);
		return { schedules, recent };
	});
}
