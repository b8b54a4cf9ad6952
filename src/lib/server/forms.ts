import * as v from 'valibot';
import { fail, type ActionFailure } from '@sveltejs/kit';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatTime } from '../i18n.js';
import { AppError } from './errors.js';

/** What a failed form returns: the values as typed (never passwords) and one message key per field. */
export type FormFailure = {
	values: Record<string, string>;
	issues: Record<string, string>;
	/** a message key for the whole form, shown in the error summary */
	formError?: string;
	/** parameters for formError */
	formErrorParams?: Record<string, string>;
};

/** Fields never sent back to the page: passwords, one-time codes, tokens (not e.g. `postalCode`). */
const SECRET_FIELDS = /^(password\w*|code|setupCode|token)$/i;

export function formValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form.entries()) {
		if (typeof value === 'string' && !key.startsWith('_')) values[key] = value;
	}
	return values;
}

function keep(values: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.test(key)));
}

export type FormShape = { lists?: readonly string[]; flags?: readonly string[] };

/**
 * A form's fields as the schema takes them (`input`) and as the page shows them again (`values`):
 * `lists` name checkbox groups (repeated fields → arrays; kept joined by newlines) and `flags`
 * single checkboxes (→ booleans; kept as "on" or "").
 */
export function readForm(form: FormData | Record<string, string>, options: FormShape = {}) {
	const values = form instanceof FormData ? formValues(form) : { ...form };
	const input: Record<string, unknown> = { ...values };
	for (const name of options.lists ?? []) {
		const list = form instanceof FormData ? form.getAll(name).map(String) : (values[name] ?? '').split('\n').filter(Boolean);
		input[name] = list;
		values[name] = list.join('\n');
	}
	for (const name of options.flags ?? []) {
		input[name] = values[name] === 'on' || values[name] === 'true';
		values[name] = input[name] ? 'on' : '';
	}
	return { values: keep(values), input };
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; failure: FormFailure };

/**
 * Validates a form against one schema; unknown fields are refused by the schema itself.
 * `lists` name checkbox groups (sent as repeated fields, passed on as arrays) and `flags` single
 * checkboxes (passed on as booleans); for redisplay a list is kept as its values joined by newlines.
 */
export function parseForm<S extends v.GenericSchema>(
	schema: S,
	form: FormData | Record<string, string>,
	options: FormShape = {}
): Parsed<v.InferOutput<S>> {
	const { values, input } = readForm(form, options);
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, data: result.output };
	const issues: Record<string, string> = {};
	let formError: string | undefined;
	for (const issue of result.issues) {
		const key = v.getDotPath(issue)?.split('.')[0];
		if (key && !(key in issues)) issues[key] = issue.message;
		else if (!key) formError ??= issue.type === 'strict_object' ? 'error_unknown_field' : issue.message;
	}
	return { ok: false, failure: { values, issues, ...(formError ? { formError } : {}) } };
}

export function invalid(failure: FormFailure, status = 400): ActionFailure<FormFailure> {
	return fail(status, failure);
}

/** A failure for the whole form (not one field), keeping what was typed. */
export function formFailure(
	form: FormData,
	formError: string,
	options: { status?: number; issues?: Record<string, string>; params?: Record<string, string> } = {}
): ActionFailure<FormFailure> {
	return fail(options.status ?? 400, {
		values: keep(formValues(form)),
		issues: options.issues ?? {},
		formError,
		...(options.params ? { formErrorParams: options.params } : {})
	});
}

/** HTTP 429 for a login form, saying from what time (Berlin) the person may try again. */
export function rateLimited(form: FormData, retryAt: Date): ActionFailure<FormFailure> {
	return formFailure(form, 'login_rate_limited', { status: 429, params: { time: formatTime(retryAt, getLocale()) } });
}

/**
 * The "map" step of a form action for a service's typed error: a refused field or a conflicting
 * change becomes a message at the form (keeping what was typed); anything else is rethrown.
 */
export function serviceFailure(form: FormData, error: unknown, shape: FormShape = {}): ActionFailure<FormFailure> {
	if (error instanceof AppError) {
		const values = readForm(form, shape).values;
		if (error.code === 'invalid') {
			const issues = (error.details.issues as Record<string, string> | undefined) ?? {};
			const field = error.details.field as string | undefined;
			const code = error.details.code as string | undefined;
			if (field && code) issues[field] = code;
			return fail(400, { values, issues, ...(Object.keys(issues).length ? {} : { formError: code ?? 'error_invalid_choice' }) });
		}
		if (error.code === 'conflict')
			return fail(409, { values, issues: {}, formError: (error.details.code as string) ?? 'error_conflict_changed' });
		if (error.code === 'not_found') return fail(404, { values, issues: {}, formError: 'error_not_found_title' });
		if (error.code === 'forbidden') return fail(403, { values, issues: {}, formError: 'error_forbidden' });
	}
	throw error;
}
