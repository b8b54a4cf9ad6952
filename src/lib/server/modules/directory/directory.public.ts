import type { Db } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { isUuid } from '../../ids.js';
import { nearestOffice, publishedOfficesByState } from '../tenants/tenants.service.js';
import { publicGroupTexts } from './directory.repository.js';
import { presentHit, type DirectoryItem } from './directory.presenter.js';
import {
	API_PARAMS,
	DEFAULT_PAGE_SIZE,
	DEFAULT_RADIUS_KM,
	PAGE_PARAMS,
	parseDirectoryQuery,
	type DirectoryParam
} from './directory.query.js';
import type { GeoPoint } from '../../geo/places.js';
import type { FacetCounts, SearchIndex } from './search-index.js';
import { directoryIndex, searchDirectory, withMeetings, type DirectoryResult } from './directory.service.js';

/** The public JSON API (/api/v1): the same search and the same public data as the pages. */

export type ApiSearchBody = {
	items: DirectoryItem[];
	total: number;
	page: number;
	pageSize: number;
	beyondRadius: DirectoryItem[];
	place: string | null;
	corrections: { typed: string; read: string }[];
	facets: unknown;
};

type ApiOutcome =
	| { ok: true; body: ApiSearchBody; /** the body as JSON, written once per cached answer */ json: () => string }
	| { ok: false; issues: Partial<Record<DirectoryParam, string>> };

const ANSWER_CACHE_SIZE = 200;
const ANSWER_MAX_AGE_MS = 60_000;
/** Finished answers per index: valid while the index has not changed and no shown date has passed. */
const answers = new WeakMap<SearchIndex, Map<string, { version: number; from: number; until: number; outcome: ApiOutcome }>>();

export async function searchPublicGroups(db: Db, params: URLSearchParams, locale: 'de' | 'en', now = new Date()): Promise<ApiOutcome> {
	const index = await directoryIndex(db);
	const key = `${locale}?${params.toString()}`;
	let cache = answers.get(index);
	if (!cache) answers.set(index, (cache = new Map()));
	const cached = cache.get(key);
	const time = now.getTime();
	if (cached && cached.version === index.version && time >= cached.from && time < cached.until) return cached.outcome;

	const parsed = parseDirectoryQuery(params, API_PARAMS, index);
	if (Object.keys(parsed.issues).length) return { ok: false, issues: parsed.issues };
	const result = await searchDirectory(db, parsed.query, now);
	const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
	if (result.page > lastPage) return { ok: false, issues: { page: 'directory_error_page_beyond' } };
	const body: ApiSearchBody = {
		items: result.items.map((hit) => presentHit(hit, index, locale)),
		total: result.total,
		page: result.page,
		pageSize: result.pageSize,
		beyondRadius: result.beyondRadius.map((hit) => presentHit(hit, index, locale)),
		place: parsed.placeLabel,
		corrections: result.corrections,
		facets: result.facets
	};
	let json: string | undefined;
	const outcome: ApiOutcome = { ok: true, body, json: () => (json ??= JSON.stringify(body)) };
	// the next meeting dates in it stay right until the first shown one has ended
	const firstEnd = Math.min(
		...[...body.items, ...body.beyondRadius].map((item) => Date.parse(item.nextMeetings[0]?.end ?? '') || Infinity)
	);
	if (cache.size >= ANSWER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
	cache.set(key, { version: index.version, from: time, until: Math.min(firstEnd, time + ANSWER_MAX_AGE_MS), outcome });
	return outcome;
}

/** One public group with its full texts, or null (unknown, not public, or not an id). */
export async function publicGroupById(db: Db, id: string, locale: 'de' | 'en', now = new Date()) {
	if (!isUuid(id)) return null;
	const index = await directoryIndex(db);
	const group = index.get(id);
	if (!group) return null;
	const texts = await inScope(db, systemScope, (tx) => publicGroupTexts(tx, id));
	if (!texts) return null;
	return { ...presentHit(withMeetings({ group, distanceKm: null, score: 1 }, now, 5), index, locale), ...texts };
}

export async function publicTopics(db: Db, locale: 'de' | 'en') {
	const index = await directoryIndex(db);
	return index
		.allTopics()
		.map((topic) => ({
			id: topic.id,
			key: topic.key,
			label: locale === 'en' && topic.labelEn ? topic.labelEn : topic.labelDe,
			labelDe: topic.labelDe,
			labelEn: topic.labelEn,
			category: topic.category,
			synonyms: topic.synonyms,
			broader: index.broaderOf(topic.id)
		}))
		.sort((a, b) => a.label.localeCompare(b.label, locale));
}

export async function publicContactPoints(db: Db) {
	const states = await publishedOfficesByState(db);
	return states.flatMap((state) =>
		state.offices.map((office) => ({
			id: office.id,
			slug: office.slug,
			name: office.name,
			kind: office.kind,
			street: office.street,
			postalCode: office.postalCode,
			city: office.city,
			federalState: office.federalState,
			phone: office.phone,
			email: office.email,
			website: office.website,
			path: `/kontaktstellen/${office.slug}`
		}))
	);
}

export type SearchPageData = {
	values: ReturnType<typeof parseDirectoryQuery>['values'];
	issues: Partial<Record<DirectoryParam, string>>;
	placeLabel: string | null;
	placeSuggestions: string[];
	/** false before the first search (nothing typed, no filter): the page shows only the form */
	searched: boolean;
	total: number;
	page: number;
	pages: number;
	pageSize: number;
	/** the asked page is beyond the last one */
	pageBeyond: boolean;
	items: DirectoryItem[];
	beyondRadius: DirectoryItem[];
	corrections: { typed: string; read: string }[];
	partial: boolean;
	unmatched: string[];
	facets: FacetCounts;
	topicOptions: { value: string; label: string; count: number }[];
	radiusKm: number;
	nearestOffice: { name: string; slug: string; phone: string } | null;
};

/** Everything the search page (/gruppen) shows for its URL. */
export async function searchPage(db: Db, params: URLSearchParams, locale: 'de' | 'en', now = new Date()): Promise<SearchPageData> {
	const index = await directoryIndex(db);
	const parsed = parseDirectoryQuery(params, PAGE_PARAMS, index);
	const searched = [...params.keys()].some((key) => key !== PAGE_PARAMS.radiusKm && params.get(key) !== '');
	const blocked = Boolean(parsed.issues.near || parsed.issues.q);
	// an unknown place or an overlong text is answered at the field, not with results for something else
	const result = blocked
		? emptyResult(parsed.query.page ?? 1, parsed.query.pageSize ?? DEFAULT_PAGE_SIZE)
		: await searchDirectory(db, parsed.query, now);
	const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
	const label = (id: string) => {
		const topic = index.topic(id);
		return topic ? (locale === 'en' && topic.labelEn ? topic.labelEn : topic.labelDe) : id;
	};
	const counts = new Map(result.facets.topics.map((t) => [t.id, t.count]));
	for (const id of parsed.query.topicIds ?? []) if (!counts.has(id)) counts.set(id, 0);
	const topicOptions = [...counts]
		.map(([value, count]) => ({ value, label: label(value), count }))
		.sort((a, b) => a.label.localeCompare(b.label, locale));
	const nearest = searched && result.total === 0 && !blocked ? await nearestPublishedOffice(db, parsed.query.place ?? null) : null;
	return {
		values: parsed.values,
		issues: parsed.issues,
		placeLabel: parsed.placeLabel,
		placeSuggestions: parsed.placeSuggestions,
		searched,
		total: result.total,
		page: result.page,
		pages,
		pageSize: result.pageSize,
		pageBeyond: result.total > 0 && result.page > pages,
		items: result.items.map((hit) => presentHit(hit, index, locale)),
		beyondRadius: result.beyondRadius.map((hit) => presentHit(hit, index, locale)),
		corrections: result.corrections,
		partial: result.partial,
		unmatched: result.unmatched,
		facets: result.facets,
		topicOptions,
		radiusKm: parsed.query.radiusKm ?? DEFAULT_RADIUS_KM,
		nearestOffice: nearest
	};
}

/** The published contact point nearest to a point (contact points before other offices), or any one without a point. */
export async function nearestPublishedOffice(
	db: Db,
	point: GeoPoint | null
): Promise<{ name: string; slug: string; phone: string } | null> {
	const offices = (await publishedOfficesByState(db)).flatMap((state) => state.offices);
	const office = point ? nearestOffice(offices, point) : (offices.find((o) => o.kind === 'contact_point') ?? offices[0]);
	return office ? { name: office.name, slug: office.slug, phone: office.phone } : null;
}

const emptyResult = (page: number, pageSize: number): DirectoryResult => ({
	total: 0,
	page,
	pageSize,
	items: [],
	beyondRadius: [],
	facets: { topics: [], audiences: {}, languages: {}, formats: {}, accessible: {}, weekdays: {}, timesOfDay: {}, newMembers: 0 },
	corrections: [],
	understoodTopicIds: [],
	partial: false,
	unmatched: []
});
