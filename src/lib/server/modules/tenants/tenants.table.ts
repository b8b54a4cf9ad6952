import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * An office (tenant): contact point, support point, state office or association.
 * Offices form a tree (PLAT-1). The table holds only public office data, so it carries no
 * row-level security; everything an office owns lives in tables keyed by `tenant_id`.
 */
export const tenants = pgTable(
	'tenants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		parentId: uuid('parent_id').references((): AnyPgColumn => tenants.id, { onDelete: 'restrict' }),
		kind: text('kind').notNull(),
		name: text('name').notNull(),
		slug: text('slug').notNull().unique(),
		street: text('street').notNull().default(''),
		postalCode: text('postal_code').notNull().default(''),
		city: text('city').notNull().default(''),
		federalState: text('federal_state').notNull(),
		phone: text('phone').notNull().default(''),
		email: text('email').notNull().default(''),
		website: text('website').notNull().default(''),
		openingHours: text('opening_hours').notNull().default(''),
		consultationHours: text('consultation_hours').notNull().default(''),
		published: boolean('published').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('tenants_parent_idx').on(t.parentId),
		check('tenants_kind_check', sql`${t.kind} in ('contact_point','support_point','state_office','association')`),
		check(
			'tenants_federal_state_check',
			sql`${t.federalState} in ('BW','BY','BE','BB','HB','HH','HE','MV','NI','NW','RP','SL','SN','ST','SH','TH')`
		),
		check('tenants_slug_check', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
	]
);
