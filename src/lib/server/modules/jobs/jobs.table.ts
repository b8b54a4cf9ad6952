import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** One unit of background work. Claimed with FOR UPDATE SKIP LOCKED, so it runs once across processes. */
export const jobs = pgTable(
	'jobs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
		dedupeKey: text('dedupe_key'),
		status: text('status').notNull().default('queued'),
		runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(5),
		lockedBy: text('locked_by'),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [
		index('jobs_due_idx').on(t.status, t.runAt),
		uniqueIndex('jobs_dedupe_idx').on(t.dedupeKey),
		check('jobs_status_check', sql`${t.status} in ('queued','running','done','failed')`)
	]
);

/** Recurring jobs: the runner enqueues one job per due slot (deduplicated by schedule name and slot). */
export const jobSchedules = pgTable('job_schedules', {
	name: text('name').primaryKey(),
	everySeconds: integer('every_seconds').notNull(),
	nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
	lastRunAt: timestamp('last_run_at', { withTimezone: true }),
	lastStatus: text('last_status'),
	lastError: text('last_error')
});
