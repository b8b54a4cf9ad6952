import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	smallint,
	text,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { users } from '../accounts/accounts.table.js';
import { roomBookings, rooms } from '../rooms/rooms.table.js';
import { topics } from '../topics/topics.table.js';

export const EVENT_KINDS = ['talk', 'workshop', 'training_series', 'self_help_day', 'group_meeting'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_AUDIENCES = ['group_members', 'group_leaders', 'staff', 'public'] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];
export const EVENT_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
/**
 * confirmed: has a place; waitlisted: waits in order of registration; offered: a freed place is
 * held for her until `offer_expires_at`; cancelled: she (or the office) cancelled; expired: she did
 * not confirm an offered place in time (the next one was asked).
 */
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled', 'expired'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A programme (EVT-1): a state office's or an association's events under one title, shown by every member office. */
export const programmes = pgTable(
	'programmes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		published: boolean('published').notNull().default(false),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('programmes_slug_key').on(t.slug)]
);

/** An event or training (EVT-1) with one or several sessions. */
export const events = pgTable(
	'events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		programmeId: uuid('programme_id').references(() => programmes.id, { onDelete: 'set null' }),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		kind: text('kind').notNull(),
		audiences: text('audiences')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		format: text('format').notNull().default('in_person'),
		/** a room of the office (its sessions are booked in it), or `venue` for an address elsewhere */
		roomId: uuid('room_id').references(() => rooms.id, { onDelete: 'set null' }),
		venue: text('venue').notNull().default(''),
		postalCode: text('postal_code').notNull().default(''),
		city: text('city').notNull().default(''),
		/** sent only to confirmed participants, never shown publicly */
		onlineUrl: text('online_url').notNull().default(''),
		/** places; null = no limit */
		capacity: integer('capacity'),
		registrationOpensAt: timestamptz('registration_opens_at'),
		registrationClosesAt: timestamptz('registration_closes_at'),
		/** free text: "kostenfrei", "15 € (ermäßigt 5 €)"; empty = free of charge */
		fee: text('fee').notNull().default(''),
		accessibility: text('accessibility').notNull().default(''),
		language: text('language').notNull().default('de'),
		/** the extra questions of the registration form, each with its purpose: [{ key, label, purpose, required }] */
		extraFields: jsonb('extra_fields')
			.$type<{ key: string; label: string; purpose: string; required: boolean }[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		status: text('status').notNull().default('draft'),
		cancelReason: text('cancel_reason').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('events_slug_key').on(t.slug),
		index('events_tenant_status_idx').on(t.tenantId, t.status),
		index('events_programme_idx').on(t.programmeId),
		check('events_kind_check', sql`${t.kind} in ${inList(EVENT_KINDS)}`),
		check('events_format_check', sql`${t.format} in ${inList(EVENT_FORMATS)}`),
		check('events_status_check', sql`${t.status} in ${inList(EVENT_STATUSES)}`),
		check('events_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`)
	]
);

/** One session of an event: a talk has one, a training series several (EVT-1). */
export const eventSessions = pgTable(
	'event_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		title: text('title').notNull().default(''),
		startsAt: timestamptz('starts_at').notNull(),
		endsAt: timestamptz('ends_at').notNull(),
		/** the room booking that holds the event's room for this session */
		roomBookingId: uuid('room_booking_id').references(() => roomBookings.id, { onDelete: 'set null' })
	},
	(t) => [index('event_sessions_event_start_idx').on(t.eventId, t.startsAt), index('event_sessions_start_idx').on(t.startsAt)]
);

export const eventTopics = pgTable(
	'event_topics',
	{
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		topicId: uuid('topic_id')
			.notNull()
			.references(() => topics.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.eventId, t.topicId] }), index('event_topics_topic_idx').on(t.topicId)]
);

/** Speakers and trainers (EVT-4), kept by an office with their consent. */
export const speakers = pgTable(
	'speakers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		name: text('name').notNull(),
		topics: text('topics').notNull().default(''),
		email: text('email').notNull().default(''),
		phone: text('phone').notNull().default(''),
		notes: text('notes').notNull().default(''),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [index('speakers_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`)]
);

export const eventSpeakers = pgTable(
	'event_speakers',
	{
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		speakerId: uuid('speaker_id')
			.notNull()
			.references(() => speakers.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.eventId, t.speakerId] }), index('event_speakers_speaker_idx').on(t.speakerId)]
);

/**
 * A person's registration (EVT-2): no account; she manages it through the link in her e-mail
 * (`token_hash` is the hash of that link's secret). One active registration per e-mail and event.
 */
export const eventRegistrations = pgTable(
	'event_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		/** the order of registration (taken under the event's lock): places and the waitlist go by it */
		seq: bigserial('seq', { mode: 'number' }).notNull(),
		name: text('name').notNull(),
		email: text('email').notNull(),
		locale: text('locale').notNull().default('de'),
		/** answers to the event's extra questions, by key */
		answers: jsonb('answers')
			.$type<Record<string, string>>()
			.notNull()
			.default(sql`'{}'::jsonb`),
		status: text('status').notNull(),
		/** a freed place is held until then (status offered) */
		offerExpiresAt: timestamptz('offer_expires_at'),
		tokenHash: text('token_hash').notNull(),
		attended: boolean('attended'),
		remindedAt: timestamptz('reminded_at'),
		feedbackRequestedAt: timestamptz('feedback_requested_at'),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('event_registrations_event_status_idx').on(t.eventId, t.status, t.seq),
		uniqueIndex('event_registrations_token_key').on(t.tokenHash),
		uniqueIndex('event_registrations_active_email_key')
			.on(t.eventId, sql`lower(${t.email})`)
			.where(sql`${t.status} in ('confirmed', 'waitlisted', 'offered')`),
		check('event_registrations_status_check', sql`${t.status} in ${inList(REGISTRATION_STATUSES)}`)
	]
);

/** The short feedback after an event (EVT-3): a few scales 1–5 and a text, one per registration. */
export const eventFeedback = pgTable(
	'event_feedback',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		registrationId: uuid('registration_id').references(() => eventRegistrations.id, { onDelete: 'set null' }),
		overall: smallint('overall'),
		content: smallint('content'),
		organisation: smallint('organisation'),
		comment: text('comment').notNull().default(''),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('event_feedback_event_idx').on(t.eventId),
		uniqueIndex('event_feedback_registration_key').on(t.registrationId),
		check(
			'event_feedback_scales_check',
			sql`coalesce(${t.overall}, 3) between 1 and 5 and coalesce(${t.content}, 3) between 1 and 5 and coalesce(${t.organisation}, 3) between 1 and 5`
		)
	]
);

export const EVENT_MESSAGE_AUDIENCES = ['all', 'confirmed', 'waitlisted'] as const;
export type EventMessageAudience = (typeof EVENT_MESSAGE_AUDIENCES)[number];

/**
 * A message of the organiser to the people registered for an event (COM-1): one mail per person
 * through the outbox, each carrying `reference_id` = this message's id, so its delivery can be followed.
 */
export const eventMessages = pgTable(
	'event_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		/** who receives it: everyone holding or waiting for a place, only confirmed, only the waitlist */
		audience: text('audience').notNull(),
		subject: text('subject').notNull(),
		body: text('body').notNull(),
		recipientCount: integer('recipient_count').notNull().default(0),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('event_messages_event_idx').on(t.eventId, t.createdAt),
		check('event_messages_audience_check', sql`${t.audience} in ${inList(EVENT_MESSAGE_AUDIENCES)}`)
	]
);
