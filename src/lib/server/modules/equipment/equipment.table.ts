import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { users } from '../accounts/accounts.table.js';
import { groups } from '../groups/groups.table.js';

export const EQUIPMENT_CONDITIONS = ['good', 'worn', 'damaged', 'missing_parts'] as const;
export type EquipmentCondition = (typeof EQUIPMENT_CONDITIONS)[number];
export const LOAN_STATUSES = ['reserved', 'handed_out', 'returned', 'cancelled'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/**
 * One piece of equipment the office lends (ROOM-5): "Mobile Lautsprecheranlage mit zwei
 * Funkmikrofonen", "Beamer", "Tablet 1" … Items that exist several times are separate rows, so
 * each can be reserved, handed out and checked on its own.
 */
export const equipmentItems = pgTable(
	'equipment_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		name: text('name').notNull(),
		/** what belongs to it and how to use it: "2 Funkmikrofone, Netzteil, Tasche" */
		description: text('description').notNull().default(''),
		/** the condition after the last return */
		condition: text('condition').notNull().default('good'),
		active: boolean('active').notNull().default(true),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('equipment_items_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`),
		check('equipment_items_condition_check', sql`${t.condition} in ${inList(EQUIPMENT_CONDITIONS)}`)
	]
);

/**
 * A reservation and loan of one item for whole days, `from_date` … `until_date` inclusive (ROOM-5).
 * The exclusion constraint (custom migration) refuses two reserved or handed-out loans of one
 * item whose days overlap. A loan goes reserved → handed_out → returned (or cancelled).
 */
export const equipmentLoans = pgTable(
	'equipment_loans',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		itemId: uuid('item_id')
			.notNull()
			.references(() => equipmentItems.id, { onDelete: 'cascade' }),
		/** the borrowing group; null for the office's own use or another borrower named in `borrower` */
		groupId: uuid('group_id').references(() => groups.id, { onDelete: 'set null' }),
		/** who borrows, as staff note it ("Frau K., Gruppe Lichtblick"); no more than needed to get it back */
		borrower: text('borrower').notNull().default(''),
		fromDate: date('from_date', { mode: 'string' }).notNull(),
		untilDate: date('until_date', { mode: 'string' }).notNull(),
		status: text('status').notNull().default('reserved'),
		handedOutAt: timestamptz('handed_out_at'),
		conditionOut: text('condition_out').notNull().default(''),
		returnedAt: timestamptz('returned_at'),
		conditionBack: text('condition_back').notNull().default(''),
		/** notes on hand-out and return: "Kabel fehlt" */
		notes: text('notes').notNull().default(''),
		remindedAt: timestamptz('reminded_at'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('equipment_loans_tenant_item_from_idx').on(t.tenantId, t.itemId, t.fromDate),
		index('equipment_loans_group_idx').on(t.groupId),
		check('equipment_loans_status_check', sql`${t.status} in ${inList(LOAN_STATUSES)}`),
		check('equipment_loans_date_order_check', sql`${t.untilDate} >= ${t.fromDate}`)
	]
);
