import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { users } from '../accounts/accounts.table.js';

/** Bookable hours per ISO weekday ('1' = Monday … '7' = Sunday), wall time in Europe/Berlin; a missing day is closed. */
export type BookableHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', { from: string; to: string }>>;

/** 09:00–22:00 on every day: what a room may be booked for unless the office says otherwise. */
export const DEFAULT_BOOKABLE_HOURS: BookableHours = Object.fromEntries(
	['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { from: '09:00', to: '22:00' }])
) as BookableHours;

export const BOOKING_OWNERS = ['group', 'event', 'internal'] as const;
export type BookingOwner = (typeof BOOKING_OWNERS)[number];
export const BOOKING_STATUSES = ['requested', 'confirmed', 'declined', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** A room of an office that groups, events and the office itself can book (ROOM-1). */
export const rooms = pgTable(
	'rooms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		name: text('name').notNull(),
		capacity: integer('capacity').notNull(),
		stepFree: boolean('step_free').notNull().default(false),
		accessibleToilet: boolean('accessible_toilet').notNull().default(false),
		hearingLoop: boolean('hearing_loop').notNull().default(false),
		/** fixed equipment of the room (not lent): "Beamer an der Decke", "Flipchart" */
		equipment: text('equipment')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		bookableHours: jsonb('bookable_hours')
			.$type<BookableHours>()
			.notNull()
			.default(
				sql`'{"1":{"from":"09:00","to":"22:00"},"2":{"from":"09:00","to":"22:00"},"3":{"from":"09:00","to":"22:00"},"4":{"from":"09:00","to":"22:00"},"5":{"from":"09:00","to":"22:00"},"6":{"from":"09:00","to":"22:00"},"7":{"from":"09:00","to":"22:00"}}'::jsonb`
			),
		rules: text('rules').notNull().default(''),
		/** free text: "1 € pro Person, höchstens 10 €"; empty = free of charge */
		fee: text('fee').notNull().default(''),
		active: boolean('active').notNull().default(true),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [index('rooms_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`), check('rooms_capacity_check', sql`${t.capacity} > 0`)]
);

/**
 * One concrete occurrence of a room booking (ROOM-2, ROOM-3): a series is the rows that share
 * `series_id`. The exclusion constraint (custom migration) refuses two requested or confirmed
 * rows of one room whose times overlap.
 */
export const roomBookings = pgTable(
	'room_bookings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		// office, room and group are checked together by the same-office foreign keys (tenant_id, room_id) →
		// rooms and (tenant_id, group_id) → groups (migration 0016), which also cascade; single-column keys
		// on top would only triple the checks of every inserted date (a year's series inserts 52 rows)
		tenantId: uuid('tenant_id').notNull(),
		roomId: uuid('room_id').notNull(),
		seriesId: uuid('series_id').notNull(),
		ownerKind: text('owner_kind').notNull(),
		groupId: uuid('group_id'),
		title: text('title').notNull(),
		status: text('status').notNull().default('requested'),
		startsAt: timestamptz('starts_at').notNull(),
		endsAt: timestamptz('ends_at').notNull(),
		/** how many people are expected (checked against the room's capacity) */
		attendees: integer('attendees').notNull().default(1),
		/** what the requester wrote to the office */
		note: text('note').notNull().default(''),
		/** why staff declined or cancelled (sent to the group contact) */
		reason: text('reason').notNull().default(''),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamptz('decided_at'),
		/** when the reminder e-mail for this occurrence went to the outbox */
		remindedAt: timestamptz('reminded_at'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('room_bookings_tenant_status_start_idx').on(t.tenantId, t.status, t.startsAt),
		index('room_bookings_tenant_room_start_idx').on(t.tenantId, t.roomId, t.startsAt),
		index('room_bookings_series_idx').on(t.seriesId),
		index('room_bookings_group_idx').on(t.groupId),
		check('room_bookings_owner_kind_check', sql`${t.ownerKind} in ${inList(BOOKING_OWNERS)}`),
		check('room_bookings_status_check', sql`${t.status} in ${inList(BOOKING_STATUSES)}`),
		check('room_bookings_group_owner_check', sql`(${t.ownerKind} = 'group') = (${t.groupId} is not null)`)
	]
);
