import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A text file sent with a mail. */
export type MailAttachment = { filename: string; contentType: string; content: string };

/** Every e-mail Treffpunkt writes is stored here first (COM-1), then sent when SMTP is configured. */
export const outbox = pgTable(
	'mail_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: uuid('tenant_id'),
		template: text('template').notNull(),
		locale: text('locale').notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		bodyText: text('body_text').notNull(),
		params: jsonb('params').$type<Record<string, string>>().notNull(),
		/** files sent with the mail, as text: an event's .ics (EVT-2) */
		attachments: jsonb('attachments')
			.$type<MailAttachment[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		/** what the mail belongs to, to follow its delivery: an organiser's message, a registration (COM-1) */
		referenceId: uuid('reference_id'),
		status: text('status').notNull().default('stored'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [
		index('mail_outbox_tenant_created_idx').on(t.tenantId, t.createdAt),
		index('mail_outbox_reference_idx').on(t.referenceId),
		check('mail_outbox_status_check', sql`${t.status} in ('stored','queued','sent','failed')`)
	]
);
