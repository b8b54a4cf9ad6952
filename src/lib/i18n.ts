import { m } from '#lib/paraglide/messages.js';

type MessageFn = (params?: Record<string, string>) => string;

/** The text of a catalogue key (used for validation issues, which carry keys, not text). */
export function t(key: string, params: Record<string, string> = {}): string {
	const fn = (m as unknown as Record<string, MessageFn | undefined>)[key];
	return fn ? fn(params) : key;
}

export type FormState =
	| { values?: Record<string, string>; issues?: Record<string, string>; formError?: string; formErrorParams?: Record<string, string> }
	| null
	| undefined;

/** Field errors and the summary list for a form's failure state. */
export function formErrors(form: FormState) {
	const issues = form?.issues ?? {};
	const fieldError = (name: string) => (issues[name] ? t(issues[name]) : '');
	const summary = Object.entries(issues).map(([field, key]) => ({ field, message: t(key) }));
	const formError = form?.formError ? t(form.formError, form.formErrorParams ?? {}) : '';
	const value = (name: string, fallback = '') => form?.values?.[name] ?? fallback;
	return { fieldError, summary, formError, value };
}

export const FEDERAL_STATE_OPTIONS = () =>
	(['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const).map((value) => ({
		value,
		label: t(`state_${value}`)
	}));

export const ROLE_OPTIONS = () =>
	(['admin', 'staff', 'volunteer', 'group_contact', 'network_member'] as const).map((value) => ({ value, label: t(`role_${value}`) }));

export function formatDateTime(value: Date | string, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(new Date(value));
}
