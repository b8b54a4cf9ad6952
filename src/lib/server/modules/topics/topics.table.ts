import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.table.js';

/**
 * The thesaurus (DIR-7): controlled topics with synonyms, broader/narrower topics and a category.
 * `tenant_id` null = the national starter thesaurus; otherwise the office (usually a state office)
 * that added it — its child offices inherit it. Topics are public vocabulary: everyone may read them.
 */
export const topics = pgTable(
	'topics',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		labelDe: text('label_de').notNull(),
		labelEn: text('label_en').notNull().default(''),
		category: text('category').notNull(),
		synonyms: text('synonyms')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** proposed: suggested from a group form, waiting for a state office or administrator */
		status: text('status').notNull().default('active'),
		/** increases with every edit, so search indexes know when to rebuild */
		revision: integer('revision').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('topics_key_idx').on(t.key),
		index('topics_tenant_idx').on(t.tenantId),
		check('topics_status_check', sql`${t.status} in ('active','proposed','retired')`),
		check(
			'topics_category_check',
			sql`${t.category} in ('addiction','mental_health','chronic_illness','cancer','disability','rare_disease','relatives','family','loss_grief','social_situation','violence','gender_health','older_age')`
		)
	]
);

/** "broader" relations: topic → its broader topic. Narrower topics are the reverse direction. */
export const topicBroader = pgTable(
	'topic_broader',
	{
		topicId: uuid('topic_id')
			.notNull()
			.references(() => topics.id, { onDelete: 'cascade' }),
		broaderId: uuid('broader_id')
			.notNull()
			.references(() => topics.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.topicId, t.broaderId] }), index('topic_broader_broader_idx').on(t.broaderId)]
);
