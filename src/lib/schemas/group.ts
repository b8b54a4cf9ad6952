import * as v from 'valibot';
import { isoDate, LIMITS, optionalEmail, optionalText, requiredText } from './common.js';
import { scheduleEntries } from './schedule.js';

/**
 * The value lists of a self-help group's record (GRP-1) and its input schemas. Labels live in the
 * message catalogue as `<list>_<value>` (e.g. `audience_relatives`), so one list serves the form,
 * the filters, the import and the export.
 */
export const AUDIENCES = ['affected', 'relatives', 'parents', 'young_people'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const GROUP_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type GroupFormat = (typeof GROUP_FORMATS)[number];

/** Where a group is in its life: interest → founding → active → paused → dissolved. */
export const LIFECYCLE_STATES = ['interest', 'founding', 'active', 'paused', 'dissolved'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** Whether the entry is public: draft → review → published → hidden. */
export const MODERATION_STATES = ['draft', 'review', 'published', 'hidden'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/** relay: messages are passed on to the group's contact person; office: contact only through the contact point. */
export const CONTACT_MODES = ['relay', 'office'] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];

/** How much of the meeting address the public sees. */
export const ADDRESS_VISIBILITIES = ['public', 'approximate', 'hidden'] as const;
export type AddressVisibility = (typeof ADDRESS_VISIBILITIES)[number];

export const LOCATION_KINDS = ['address', 'online', 'on_request'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const STEP_FREE_VALUES = ['yes', 'partial', 'no', 'unknown'] as const;
export type StepFree = (typeof STEP_FREE_VALUES)[number];

export const SUPPORT_KINDS = [
	'founding',
	'accompaniment',
	'supervision',
	'mediation',
	'public_relations',
	'funding_advice',
	'other'
] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const CONSENT_SOURCES = ['form', 'written', 'verbal', 'email', 'import'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const GROUP_LIMITS = { description: 4000, firstVisit: 2000, topics: 12, keywords: 12, languages: 20, size: 10000 } as const;

/** Languages offered in the form; the import knows many more names (spreadsheet/values.ts). */
export const COMMON_LANGUAGES = ['de', 'en', 'tr', 'ar', 'ru', 'uk', 'pl', 'fa', 'ku', 'es', 'fr', 'it', 'dgs'] as const;

/** A group of checkboxes: each value from the list, and no more values than there are boxes. */
const checkboxList = <T extends readonly string[]>(values: T, message: string) =>
	v.optional(v.pipe(v.array(v.picklist(values, message)), v.maxLength(values.length, message)), []);

/** The group's own record as staff edit it (meetings and contact persons have their own forms). */
export const GroupInput = v.strictObject({
	name: requiredText(LIMITS.short),
	description: optionalText(GROUP_LIMITS.description),
	firstVisit: optionalText(GROUP_LIMITS.firstVisit),
	/** topics as typed, separated by commas: matched to the thesaurus by label or synonym */
	topics: optionalText(1000),
	/** free keywords, separated by commas: searchable words that are not (yet) topics */
	keywords: optionalText(1000),
	/** keep unknown topic words as keywords and propose them as new topics */
	proposeUnknown: v.optional(v.boolean(), false),
	audiences: checkboxList(AUDIENCES, 'error_invalid_choice'),
	languages: v.optional(
		v.pipe(
			v.array(v.pipe(v.string(), v.regex(/^[a-z]{2,3}$/, 'error_invalid_choice'))),
			v.maxLength(GROUP_LIMITS.languages, 'error_invalid_choice')
		),
		[]
	),
	format: v.picklist(GROUP_FORMATS, 'error_invalid_choice'),
	acceptingMembers: v.boolean(),
	contactMode: v.picklist(CONTACT_MODES, 'error_invalid_choice'),
	addressVisibility: v.picklist(ADDRESS_VISIBILITIES, 'error_invalid_choice'),
	website: v.optional(
		v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.short, 'error_too_long'), v.url('error_url'))], 'error_url'),
		''
	),
	estimatedSize: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'error_number'))], 'error_number'), ''),
	associationId: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.uuid('error_invalid_choice'))]), ''),
	/** only when a group is created; later changes go through the status form with a date */
	lifecycle: v.optional(v.picklist(LIFECYCLE_STATES, 'error_invalid_choice'), 'active')
});
export type GroupInput = v.InferOutput<typeof GroupInput>;

export const LifecycleInput = v.strictObject({
	status: v.picklist(LIFECYCLE_STATES, 'error_invalid_choice'),
	since: isoDate,
	note: optionalText(LIMITS.short)
});

export const ContactPersonInput = v.strictObject({
	name: requiredText(LIMITS.name),
	email: optionalEmail,
	phone: optionalText(60),
	consentSource: v.picklist(CONSENT_SOURCES, 'contact_consent_required'),
	consentDate: isoDate,
	consentConfirmed: v.literal(true, 'contact_consent_required')
});
export type ContactPersonInput = v.InferOutput<typeof ContactPersonInput>;

export const SupportEntryInput = v.strictObject({
	kind: v.picklist(SUPPORT_KINDS, 'error_invalid_choice'),
	date: isoDate,
	minutes: v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'error_number')),
	note: optionalText(LIMITS.text)
});

/** A meeting series as the form sends it: the schedule (shared with room bookings) and the place. */
export const SeriesInput = v.strictObject({
	...scheduleEntries,
	locationKind: v.picklist(LOCATION_KINDS, 'error_invalid_choice'),
	street: optionalText(LIMITS.short),
	postalCode: v.optional(
		v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^\d{5}$/, 'error_postal_code'))], 'error_postal_code'),
		''
	),
	city: optionalText(LIMITS.short),
	district: optionalText(LIMITS.short),
	stepFree: v.picklist(STEP_FREE_VALUES, 'error_invalid_choice'),
	accessibleToilet: v.boolean(),
	hearingLoop: v.boolean(),
	signLanguage: v.boolean()
});
export type SeriesInput = v.InferOutput<typeof SeriesInput>;

/** GRP-5: a trained starter volunteer ("In-Gang-Setzer/in") joins the pool, with consent. */
export const VolunteerInput = v.strictObject({
	name: requiredText(LIMITS.name),
	email: optionalEmail,
	phone: optionalText(60),
	trainedOn: v.optional(v.union([v.literal(''), isoDate], 'error_date'), ''),
	consentSource: v.picklist(CONSENT_SOURCES, 'contact_consent_required'),
	consentDate: isoDate,
	consentConfirmed: v.literal(true, 'contact_consent_required')
});

export const StarterRequestInput = v.strictObject({
	groupId: v.pipe(v.string(), v.uuid('error_invalid_choice')),
	kind: v.picklist(['new', 'existing'], 'error_invalid_choice'),
	note: optionalText(LIMITS.text),
	meetingLimit: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d{1,2}$/, 'error_number'))], 'error_number'), '')
});

export const StarterMeetingInput = v.strictObject({ on: isoDate, note: optionalText(LIMITS.short) });

export const StarterCloseInput = v.strictObject({
	status: v.picklist(['completed', 'withdrawn'], 'error_invalid_choice'),
	report: optionalText(LIMITS.text)
});
