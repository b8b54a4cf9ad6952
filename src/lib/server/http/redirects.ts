import { localizeHref } from '#lib/paraglide/runtime.js';

/** A safe local target for "continue to" parameters: a path on this site, never another origin. */
export function safeNext(value: string | null | undefined, fallback = '/verwaltung'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return localizeHref(fallback);
	return value;
}
