import { GROUP_FORMATS, LIFECYCLE_STATES, MODERATION_STATES } from './group.js';

/** The group list's filters as they stand in the URL (bookmarkable, savable as a view). */
export type GroupListQuery = {
	q: string;
	topic: string;
	lifecycle: string;
	moderation: string;
	format: string;
	attention: '' | 'stale' | 'review' | 'unconfirmed';
	sort: 'name' | 'updated' | 'confirmed' | 'lifecycle';
	dir: 'asc' | 'desc';
	page: number;
};

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T | ''): T | '' =>
	value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** Unknown or malformed parameters fall back to "no filter" rather than an error page. */
export function parseGroupListQuery(params: URLSearchParams): GroupListQuery {
	const page = Number(params.get('seite') ?? '1');
	const topic = params.get('topic') ?? '';
	return {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		topic: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(topic) ? topic : '',
		lifecycle: pick(params.get('lifecycle'), LIFECYCLE_STATES, ''),
		moderation: pick(params.get('moderation'), MODERATION_STATES, ''),
		format: pick(params.get('format'), GROUP_FORMATS, ''),
		attention: pick(params.get('attention'), ['stale', 'review', 'unconfirmed'] as const, ''),
		sort: pick(params.get('sort'), ['name', 'updated', 'confirmed', 'lifecycle'] as const, 'name') || 'name',
		dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
		page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1
	};
}

/** The URL of the list with some filters changed (and back to page 1 unless a page is given). */
export function groupListHref(base: string, current: { toString(): string }, changes: Record<string, string | number>): string {
	const params = new URLSearchParams(current.toString());
	if (!('seite' in changes)) params.delete('seite');
	for (const [key, value] of Object.entries(changes)) {
		if (value === '' || (value === 1 && key === 'seite')) params.delete(key);
		else params.set(key, String(value));
	}
	const query = params.toString();
	return query ? `${base}?${query}` : base;
}
