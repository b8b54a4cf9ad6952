import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { groups } from '../groups/groups.table.js';
import { topics } from '../topics/topics.table.js';

/**
 * Founding interest (DIR-5): someone found no fitting group and leaves a topic, a postal code and
 * an e-mail address with consent. It belongs to the office nearest to the postal code; staff see
 * interests clustered by topic and area and start a founding group from a cluster.
 */
export const foundingInterests = pgTable(
	'founding_interests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		/** the thesaurus topic, when the typed topic matched one */
		topicId: uuid('topic_id').references(() => topics.id, { onDelete: 'set null' }),
		/** what the person typed */
		topicText: text('topic_text').notNull(),
		postalCode: text('postal_code').notNull(),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		/** the consent text shown, and when it was given (the record of consent) */
		consentText: text('consent_text').notNull(),
		consentedAt: timestamptz('consented_at').notNull(),
		status: text('status').notNull().default('open'),
		/** the founding group started from this interest's cluster */
		groupId: uuid('group_id').references(() => groups.id, { onDelete: 'set null' }),
		notifiedAt: timestamptz('notified_at'),
		/** hash of the token in the link that withdraws the interest and erases the address */
		withdrawTokenHash: text('withdraw_token_hash').notNull(),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		deleteAfter: timestamptz('delete_after').notNull()
	},
	(t) => [
		index('founding_interests_tenant_status_idx').on(t.tenantId, t.status),
		index('founding_interests_withdraw_idx').on(t.withdrawTokenHash),
		index('founding_interests_delete_after_idx').on(t.deleteAfter),
		check('founding_interests_status_check', sql`${t.status} in ${inList(['open', 'notified', 'withdrawn'])}`),
		check('founding_interests_locale_check', sql`${t.locale} in ${inList(['de', 'en'])}`)
	]
);
