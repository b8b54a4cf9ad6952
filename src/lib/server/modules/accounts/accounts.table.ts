import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.table.js';

/** A person who can log in. Accounts are global; what they may do is per office (memberships). */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash'),
		totpSecret: text('totp_secret'),
		totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
		/** the 30-second step of the last accepted code: a code is accepted once (no replay) */
		totpLastStep: integer('totp_last_step'),
		locale: text('locale').notNull().default('de'),
		disabledAt: timestamp('disabled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('users_email_idx').on(sql`lower(${t.email})`)]
);

/** A role of one person in one office (tenant-owned). */
export const memberships = pgTable(
	'memberships',
	{
		tenantId: uuid('tenant_id')
			.notNull()
			.references(() => tenants.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.userId] }),
		index('memberships_user_idx').on(t.userId),
		check('memberships_role_check', sql`${t.role} in ('admin','staff','volunteer','group_contact','network_member')`)
	]
);

/** A login session. The cookie holds a random token; only its SHA-256 hash is stored. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
		secondFactorDone: boolean('second_factor_done').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]
);

/** Failed and successful login attempts, for rate limiting (kept 24 hours). */
export const loginAttempts = pgTable(
	'login_attempts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		clientAddress: text('client_address').notNull(),
		success: boolean('success').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('login_attempts_email_idx').on(t.email, t.at), index('login_attempts_addr_idx').on(t.clientAddress, t.at)]
);

/** One-time tokens: invitations to an office and password resets. Only the hash is stored. */
export const accountTokens = pgTable(
	'account_tokens',
	{
		id: text('id').primaryKey(),
		purpose: text('purpose').notNull(),
		email: text('email').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
		role: text('role'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [
		index('account_tokens_email_idx').on(t.email),
		check('account_tokens_purpose_check', sql`${t.purpose} in ('invitation','password_reset')`)
	]
);
