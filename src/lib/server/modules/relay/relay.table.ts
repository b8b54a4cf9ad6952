import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { groups } from '../groups/groups.table.js';

/**
 * An anonymous message from the public directory to a group (DIR-4), relayed by e-mail to the
 * group's contact person or to the office, as the group chose. Neither side sees the other's
 * address until one answers. Deleted automatically 90 days after it was sent.
 */
export const relayMessages = pgTable(
	'relay_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		/** who received it: the group's contact person or the office */
		recipientKind: text('recipient_kind').notNull(),
		senderName: text('sender_name').notNull().default(''),
		senderEmail: text('sender_email').notNull(),
		body: text('body').notNull(),
		locale: text('locale').notNull().default('de'),
		/** hash of the one-time token in the recipient's answer link */
		replyTokenHash: text('reply_token_hash').notNull(),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		answeredAt: timestamptz('answered_at'),
		deleteAfter: timestamptz('delete_after').notNull()
	},
	(t) => [
		index('relay_messages_group_idx').on(t.groupId),
		index('relay_messages_delete_after_idx').on(t.deleteAfter),
		index('relay_messages_reply_token_idx').on(t.replyTokenHash),
		check('relay_messages_recipient_check', sql`${t.recipientKind} in ${inList(['contact', 'office'])}`),
		check('relay_messages_locale_check', sql`${t.locale} in ${inList(['de', 'en'])}`)
	]
);
