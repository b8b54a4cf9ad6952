import { m } from '#lib/paraglide/messages.js';
import { FEDERAL_STATES, ROLES } from './schemas/common.js';

type MessageFn = (params?: Record<string, string>, options?: { locale?: 'de' | 'en' }) => string;

/**
 * The text of a catalogue key (validation issues and role or state names carry keys, not text),
 * in the request's language or in `locale` (e-mails are written in the recipient's language).
 */
export function t(key: string, params: Record<string, string> = {}, locale?: 'de' | 'en'): string {
	const fn = (m as unknown as Record<string, MessageFn | undefined>)[key];
	return fn ? fn(params, locale ? { locale } : undefined) : key;
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

export const FEDERAL_STATE_OPTIONS = () => FEDERAL_STATES.map((value) => ({ value, label: t(`state_${value}`) }));

export const ROLE_OPTIONS = () => ROLES.map((value) => ({ value, label: t(`role_${value}`) }));

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'de-DE');

/** Date and time in Berlin wall time: `medium` for tables, `long` for running text such as e-mails. */
export function formatDateTime(value: Date | string, locale: string, style: 'medium' | 'long' = 'medium'): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
		new Date(value)
	);
}

/** The time of day in Berlin wall time, e.g. "14:05". */
export function formatTime(value: Date, locale: string): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(value);
}
