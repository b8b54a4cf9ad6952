import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Who created, changed, deleted or read what, and when (PLAT-4). Append-only. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		tenantId: uuid('tenant_id'),
		actorUserId: uuid('actor_user_id'),
		actorLabel: text('actor_label').notNull(),
		action: text('action').notNull(),
		entity: text('entity').notNull(),
		entityId: text('entity_id'),
		changes: jsonb('changes').$type<Record<string, unknown>>(),
		requestId: text('request_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('audit_log_tenant_at_idx').on(t.tenantId, t.at)]
);
