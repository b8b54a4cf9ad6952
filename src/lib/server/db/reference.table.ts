import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Which version of each shipped reference data set (e.g. the starter thesaurus) a database holds. */
export const referenceVersions = pgTable('reference_versions', {
	name: text('name').primaryKey(),
	version: integer('version').notNull(),
	appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow()
});
