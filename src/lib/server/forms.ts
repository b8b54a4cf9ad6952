import * as v from 'valibot';
import { fail, type ActionFailure } from '@sveltejs/kit';
import { getLocale } from '#lib/paraglide/runtime.js';
import { formatTime } from '../i18n.js';

/** What a failed form returns: the values as typed (never passwords) and one message key per field. */
export type FormFailure = {
	values: Record<string, string>;
	issues: Record<string, string>;
	/** a message key for the whole form, shown in the error summary */
	formError?: string;
	/** parameters for formError */
	formErrorParams?: Record<string, string>;
};

const SECRET_FIELDS = /password|code|token/i;

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

export type Parsed<T> = { ok: true; data: T } | { ok: false; failure: FormFailure };

/** Validates a form against one schema; unknown fields are refused by the schema itself. */
export function parseForm<S extends v.GenericSchema>(schema: S, form: FormData | Record<string, string>): Parsed<v.InferOutput<S>> {
	const values = form instanceof FormData ? formValues(form) : form;
	const result = v.safeParse(schema, values);
	if (result.success) return { ok: true, data: result.output };
	const issues: Record<string, string> = {};
	let formError: string | undefined;
	for (const issue of result.issues) {
		const key = v.getDotPath(issue);
		if (key && !(key in issues)) issues[key] = issue.message;
		else if (!key) formError ??= issue.type === 'strict_object' ? 'error_unknown_field' : issue.message;
	}
	return { ok: false, failure: { values: keep(values), issues, ...(formError ? { formError } : {}) } };
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
