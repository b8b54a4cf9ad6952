import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tenantId, timestamptz } from '../../db/columns.js';
import { groups } from '../groups/groups.table.js';

/**
 * Starter volunteers (GRP-5, "In-Gang-Setzer/innen"): trained volunteers who accompany a group's
 * first meetings and then withdraw. Minimal personal data, kept only with consent.
 */
export const starterVolunteers = pgTable(
	'starter_volunteers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		name: text('name').notNull(),
		email: text('email').notNull().default(''),
		phone: text('phone').notNull().default(''),
		trainedOn: date('trained_on', { mode: 'string' }),
		active: boolean('active').notNull().default(true),
		consentSource: text('consent_source').notNull(),
		consentGivenOn: date('consent_given_on', { mode: 'string' }).notNull(),
		consentWithdrawnAt: timestamptz('consent_withdrawn_at'),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [index('starter_volunteers_tenant_idx').on(t.tenantId, t.name)]
);

/** A group's request for a starter volunteer, the assignment, and how it ended. */
export const starterRequests = pgTable(
	'starter_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		/** new: a group being founded; existing: a group that wants a fresh start */
		kind: text('kind').notNull(),
		requestedOn: date('requested_on', { mode: 'string' }).notNull(),
		note: text('note').notNull().default(''),
		status: text('status').notNull().default('open'),
		volunteerId: uuid('volunteer_id').references(() => starterVolunteers.id, { onDelete: 'set null' }),
		/** accompanied meetings allowed (8 for a new group, 6 for an existing one unless changed) */
		meetingLimit: integer('meeting_limit').notNull(),
		report: text('report').notNull().default(''),
		closedOn: date('closed_on', { mode: 'string' }),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('starter_requests_tenant_idx').on(t.tenantId, t.status),
		index('starter_requests_group_idx').on(t.groupId),
		check('starter_requests_kind_check', sql`${t.kind} in ('new','existing')`),
		check('starter_requests_status_check', sql`${t.status} in ('open','assigned','completed','withdrawn')`),
		check('starter_requests_limit_check', sql`${t.meetingLimit} between 1 and 50`)
	]
);

/** One accompanied meeting, counted against the request's limit. */
export const starterMeetings = pgTable(
	'starter_meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		requestId: uuid('request_id')
			.notNull()
			.references(() => starterRequests.id, { onDelete: 'cascade' }),
		on: date('on', { mode: 'string' }).notNull(),
		note: text('note').notNull().default(''),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [index('starter_meetings_request_idx').on(t.requestId, t.on)]
);
