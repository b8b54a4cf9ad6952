import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { Recurrence } from '../../../recurrence/index.js';
import { tenants } from '../tenants/tenants.table.js';
import { inList, tenantId, timestamptz } from '../../db/columns.js';
import { users } from '../accounts/accounts.table.js';
import { topics } from '../topics/topics.table.js';

/**
 * A self-help group (GRP-1): not a place and not a meeting. It belongs to the contact point
 * responsible for it (`tenant_id`); its meetings are `meeting_series`, its people `contact_persons`.
 */
export const groups = pgTable(
	'groups',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		firstVisit: text('first_visit').notNull().default(''),
		audiences: text('audiences')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		languages: text('languages')
			.array()
			.notNull()
			.default(sql`'{de}'::text[]`),
		/** free keywords: topics not (yet) in the thesaurus, searchable */
		keywords: text('keywords')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		format: text('format').notNull().default('in_person'),
		acceptingMembers: boolean('accepting_members').notNull().default(true),
		lifecycle: text('lifecycle').notNull().default('active'),
		lifecycleSince: date('lifecycle_since', { mode: 'string' }),
		moderation: text('moderation').notNull().default('draft'),
		contactMode: text('contact_mode').notNull().default('office'),
		addressVisibility: text('address_visibility').notNull().default('approximate'),
		associationId: uuid('association_id').references(() => tenants.id, { onDelete: 'set null' }),
		estimatedSize: integer('estimated_size'),
		website: text('website').notNull().default(''),
		/** for duplicate detection: normalised name + postal code */
		dedupeKey: text('dedupe_key').notNull(),
		/** something an import or a proposal could not place, for staff to look at */
		reviewNote: text('review_note').notNull().default(''),
		/** freshness (GRP-3) */
		confirmedAt: timestamptz('confirmed_at'),
		staleSince: timestamptz('stale_since'),
		confirmationRequestedAt: timestamptz('confirmation_requested_at'),
		publishedAt: timestamptz('published_at'),
		/** optimistic concurrency: each change increments it */
		version: integer('version').notNull().default(1),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('groups_slug_idx').on(t.slug),
		index('groups_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`),
		index('groups_tenant_dedupe_idx').on(t.tenantId, t.dedupeKey),
		index('groups_tenant_updated_idx').on(t.tenantId, t.updatedAt),
		check('groups_format_check', sql`${t.format} in ${inList(['in_person', 'online', 'hybrid'])}`),
		check('groups_lifecycle_check', sql`${t.lifecycle} in ${inList(['interest', 'founding', 'active', 'paused', 'dissolved'])}`),
		check('groups_moderation_check', sql`${t.moderation} in ${inList(['draft', 'review', 'published', 'hidden'])}`),
		check('groups_contact_mode_check', sql`${t.contactMode} in ${inList(['relay', 'office'])}`),
		check('groups_address_visibility_check', sql`${t.addressVisibility} in ${inList(['public', 'approximate', 'hidden'])}`),
		check('groups_slug_check', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
	]
);

export const groupTopics = pgTable(
	'group_topics',
	{
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		topicId: uuid('topic_id')
			.notNull()
			.references(() => topics.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.groupId, t.topicId] }), index('group_topics_topic_idx').on(t.topicId)]
);

/** A group's regular meetings: when (one recurrence) and where. */
export const meetingSeries = pgTable(
	'meeting_series',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		/** null when the schedule is only known as text (an import could not parse it) */
		recurrence: jsonb('recurrence').$type<Recurrence>(),
		scheduleText: text('schedule_text').notNull().default(''),
		locationKind: text('location_kind').notNull().default('address'),
		street: text('street').notNull().default(''),
		postalCode: text('postal_code').notNull().default(''),
		city: text('city').notNull().default(''),
		/** the public hint for "approximate": district or town */
		district: text('district').notNull().default(''),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		stepFree: text('step_free').notNull().default('unknown'),
		accessibleToilet: boolean('accessible_toilet').notNull().default(false),
		hearingLoop: boolean('hearing_loop').notNull().default(false),
		signLanguage: boolean('sign_language').notNull().default(false),
		position: integer('position').notNull().default(0),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		updatedAt: timestamptz('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('meeting_series_group_idx').on(t.groupId),
		index('meeting_series_tenant_postal_idx').on(t.tenantId, t.postalCode),
		check('meeting_series_location_check', sql`${t.locationKind} in ${inList(['address', 'online', 'on_request'])}`),
		check('meeting_series_step_free_check', sql`${t.stepFree} in ${inList(['yes', 'partial', 'no', 'unknown'])}`)
	]
);

/** Every lifecycle and moderation change, with its date and who made it. */
export const groupHistory = pgTable(
	'group_history',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		fromState: text('from_state'),
		toState: text('to_state').notNull(),
		/** the date the change took effect (a group may have paused last month) */
		effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
		note: text('note').notNull().default(''),
		actorLabel: text('actor_label').notNull(),
		at: timestamptz('at').notNull().defaultNow()
	},
	(t) => [
		index('group_history_group_idx').on(t.groupId, t.at),
		check('group_history_kind_check', sql`${t.kind} in ${inList(['lifecycle', 'moderation', 'confirmation'])}`)
	]
);

/** A group's contact person (GRP-2): minimal personal data, only with a consent on record. */
export const contactPersons = pgTable(
	'contact_persons',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		email: text('email').notNull().default(''),
		phone: text('phone').notNull().default(''),
		/** the login of a group contact who may propose changes to this group */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [index('contact_persons_group_idx').on(t.groupId), index('contact_persons_user_idx').on(t.userId)]
);

/** What a person agreed to, when and how; withdrawal is recorded, not deleted. */
export const consents = pgTable(
	'consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		contactPersonId: uuid('contact_person_id')
			.notNull()
			.references(() => contactPersons.id, { onDelete: 'cascade' }),
		purpose: text('purpose').notNull(),
		source: text('source').notNull(),
		givenOn: date('given_on', { mode: 'string' }).notNull(),
		recordedBy: text('recorded_by').notNull(),
		withdrawnAt: timestamptz('withdrawn_at'),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('consents_person_idx').on(t.contactPersonId),
		check('consents_source_check', sql`${t.source} in ${inList(['form', 'written', 'verbal', 'email', 'import'])}`),
		check('consents_purpose_check', sql`${t.purpose} in ${inList(['group_contact'])}`)
	]
);

/** A change to a group's entry proposed from outside the office (a group contact), for staff review. */
export const changeProposals = pgTable(
	'change_proposals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
		proposedByLabel: text('proposed_by_label').notNull(),
		baseVersion: integer('base_version').notNull(),
		changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
		status: text('status').notNull().default('pending'),
		comment: text('comment').notNull().default(''),
		decidedByLabel: text('decided_by_label'),
		decidedAt: timestamptz('decided_at'),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('change_proposals_tenant_status_idx').on(t.tenantId, t.status),
		index('change_proposals_group_idx').on(t.groupId),
		check('change_proposals_status_check', sql`${t.status} in ${inList(['pending', 'approved', 'returned', 'withdrawn'])}`)
	]
);

/** "This entry is outdated" reports from the public page (GRP-3), queued for staff. */
export const outdatedReports = pgTable(
	'outdated_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		message: text('message').notNull(),
		resolvedAt: timestamptz('resolved_at'),
		resolvedByLabel: text('resolved_by_label'),
		resolution: text('resolution').notNull().default(''),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [index('outdated_reports_tenant_idx').on(t.tenantId, t.resolvedAt)]
);

/** Support given to a group by the contact point (GRP-4), for the annual report. */
export const supportEntries = pgTable(
	'support_entries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		on: date('on', { mode: 'string' }).notNull(),
		minutes: integer('minutes').notNull(),
		staffLabel: text('staff_label').notNull(),
		note: text('note').notNull().default(''),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [
		index('support_entries_group_idx').on(t.groupId, t.on),
		check(
			'support_entries_kind_check',
			sql`${t.kind} in ${inList(['founding', 'accompaniment', 'supervision', 'mediation', 'public_relations', 'funding_advice', 'other'])}`
		),
		check('support_entries_minutes_check', sql`${t.minutes} > 0 and ${t.minutes} <= 1440`)
	]
);

/** A view of the group list someone saved: a name and the query string of its filters. */
export const savedViews = pgTable(
	'saved_views',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		query: text('query').notNull(),
		createdAt: timestamptz('created_at').notNull().defaultNow()
	},
	(t) => [index('saved_views_user_idx').on(t.tenantId, t.userId)]
);

/** An import of a spreadsheet (GRP-6): staged rows first, then applied in short steps. */
export const groupImports = pgTable(
	'group_imports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		tenantId: tenantId(),
		createdByLabel: text('created_by_label').notNull(),
		fileName: text('file_name').notNull(),
		status: text('status').notNull().default('staged'),
		options: jsonb('options').$type<{ draft: boolean; consentHeld: boolean }>().notNull(),
		totalRows: integer('total_rows').notNull().default(0),
		validRows: integer('valid_rows').notNull().default(0),
		appliedRows: integer('applied_rows').notNull().default(0),
		error: text('error'),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		finishedAt: timestamptz('finished_at')
	},
	(t) => [
		index('group_imports_tenant_idx').on(t.tenantId, t.createdAt),
		check('group_imports_status_check', sql`${t.status} in ${inList(['staged', 'applying', 'done', 'failed', 'discarded'])}`)
	]
);

export const groupImportRows = pgTable(
	'group_import_rows',
	{
		importId: uuid('import_id')
			.notNull()
			.references(() => groupImports.id, { onDelete: 'cascade' }),
		tenantId: tenantId(),
		line: integer('line').notNull(),
		fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
		issues: jsonb('issues').$type<{ field: string; code: string; params?: Record<string, string> }[]>().notNull(),
		warnings: jsonb('warnings').$type<{ field: string; code: string; params?: Record<string, string> }[]>().notNull(),
		/** the existing group this row updates (same Treffpunkt-ID or same name and postal code) */
		matchGroupId: uuid('match_group_id'),
		applied: boolean('applied').notNull().default(false)
	},
	(t) => [primaryKey({ columns: [t.importId, t.line] })]
);

/**
 * One-time links in the yearly confirmation e-mail (GRP-3): the group confirms its entry, or says
 * what changed, without an account. Only the SHA-256 hash of the token is stored.
 */
export const confirmationTokens = pgTable(
	'confirmation_tokens',
	{
		id: text('id').primaryKey(),
		tenantId: tenantId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		createdAt: timestamptz('created_at').notNull().defaultNow(),
		expiresAt: timestamptz('expires_at').notNull(),
		usedAt: timestamptz('used_at')
	},
	(t) => [index('confirmation_tokens_group_idx').on(t.groupId)]
);
