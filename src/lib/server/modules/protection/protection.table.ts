import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns.js';

/**
 * Counters for rate limits on public forms, shared by every server process (system scope only).
 * `key` is e.g. `relay:ip:<hash of the address>`; one row per key and fixed window.
 */
export const rateLimitHits = pgTable(
	'rate_limit_hits',
	{
		key: text('key').notNull(),
		windowStart: timestamptz('window_start').notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.key, t.windowStart] })]
);

/** Secrets of this installation (e.g. the key that signs form challenges), created on first use. */
export const instanceSecrets = pgTable('instance_secrets', {
	name: text('name').primaryKey(),
	value: text('value').notNull(),
	createdAt: timestamptz('created_at').notNull().defaultNow()
});
