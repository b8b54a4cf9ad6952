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
	| {
			values?: Record<string, string>;
			issues?: Record<string, string>;
			formError?: string;
			formErrorParams?: Record<string, string>;
			/** a field's message parameters, e.g. the unknown word of a topic */
			issueParams?: Record<string, Record<string, string>>;
	  }
	| null
	| undefined;

/** Field errors and the summary list for a form's failure state. */
export function formErrors(form: FormState) {
	const issues = form?.issues ?? {};
	const fieldError = (name: string) => (issues[name] ? t(issues[name]) : '');
	const summary = Object.entries(issues).map(([field, key]) => ({ field, message: t(key) }));
	const formError = form?.formError ? t(form.formError, form.formErrorParams ?? {}) : '';
	const value = (name: string, fallback = '') => form?.values?.[name] ?? fallback;
	/** a checkbox group's ticked values (kept joined by newlines) */
	const list = (name: string, fallback = '') => (form?.values?.[name] ?? fallback).split('\n').filter(Boolean);
	return { fieldError, summary, formError, value, list };
}

/** What formErrors gives a form's fields: their messages and the values as typed. */
export type FormErrors = ReturnType<typeof formErrors>;

export const FEDERAL_STATE_OPTIONS = () => FEDERAL_STATES.map((value) => ({ value, label: t(`state_${value}`) }));

export const ROLE_OPTIONS = () => ROLES.map((value) => ({ value, label: t(`role_${value}`) }));

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'de-DE');

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The date formatter for a language ('de' → de-DE, 'en' → en-GB) and options, made once and kept:
 * building an Intl.DateTimeFormat costs far more than using it, and a calendar page formats hundreds of dates.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(intlLocale(locale), options);
		dateFormats.set(key, format);
	}
	return format;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** The number formatter for a language and options, made once and kept (as dateFormat). */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(intlLocale(locale), options);
		numberFormats.set(key, format);
	}
	return format;
}

/** Date and time in Berlin wall time: `medium` for tables, `long` for running text such as e-mails. */
export function formatDateTime(value: Date | string, locale: string, style: 'medium' | 'long' = 'medium'): string {
	return dateFormat(locale, { dateStyle: style, timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(value));
}

/** The time of day in Berlin wall time, e.g. "14:05". */
export function formatTime(value: Date, locale: string): string {
	return dateFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(value);
}

/** A calendar date: a Date (shown in Berlin) or an ISO date "2027-03-12" (shown as it is). */
export function formatDate(value: Date | string, locale: string): string {
	const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
	return dateFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(date);
}
