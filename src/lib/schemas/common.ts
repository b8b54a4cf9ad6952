import * as v from 'valibot';

/**
 * Input schemas shared by server and forms. Issue messages are message-catalogue keys
 * (messages/de.json, messages/en.json); `localizeIssue` turns them into text.
 */
export const LIMITS = {
	name: 120,
	email: 254,
	passwordMin: 10,
	passwordMax: 200,
	text: 2000,
	short: 200,
	slug: 60
} as const;

export const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'error_too_long'));

export const requiredText = (max: number) => v.pipe(v.string(), v.trim(), v.nonEmpty('error_required'), v.maxLength(max, 'error_too_long'));

export const optionalText = (max: number) => v.optional(trimmed(max), '');

/** Whether "YYYY-MM-DD" is a day that exists (not 2026-02-30), in years the database and people use. */
export function isCalendarDate(value: string): boolean {
	const year = Number(value.slice(0, 4));
	const date = new Date(`${value}T00:00:00Z`);
	return year >= 1900 && year <= 2999 && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A date as a date field sends it: "YYYY-MM-DD", and a day that exists. */
export const isoDate = v.pipe(v.string(), v.trim(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'error_date'), v.check(isCalendarDate, 'error_date'));

export const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('error_email_required'),
	v.maxLength(LIMITS.email, 'error_too_long'),
	v.email('error_email_invalid'),
	v.toLowerCase()
);

export const optionalEmail = v.optional(
	v.union(
		[
			v.literal(''),
			v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.email, 'error_too_long'), v.email('error_email_invalid'), v.toLowerCase())
		],
		'error_email_invalid'
	),
	''
);

export const newPassword = v.pipe(
	v.string(),
	v.nonEmpty('error_password_required'),
	v.minLength(LIMITS.passwordMin, 'error_password_short'),
	v.maxLength(LIMITS.passwordMax, 'error_too_long')
);

/** The roles a person can have in an office (PLAT-2); what each may do is in server/auth/permissions.ts. */
export const ROLES = ['admin', 'staff', 'volunteer', 'group_contact', 'network_member'] as const;
export type Role = (typeof ROLES)[number];

export const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type FederalState = (typeof FEDERAL_STATES)[number];
export const federalState = v.picklist(FEDERAL_STATES, 'error_federal_state');

export const slug = v.pipe(
	v.string(),
	v.trim(),
	v.toLowerCase(),
	v.maxLength(LIMITS.slug, 'error_too_long'),
	v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'error_slug')
);
