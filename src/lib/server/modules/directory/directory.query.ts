import { AUDIENCES, COMMON_LANGUAGES, GROUP_FORMATS } from '../../../schemas/group.js';
import { resolvePlace, searchPlaces } from '../../geo/places.js';
import { isUuid } from '../../ids.js';
import { editDistance, normalizeTerm } from '../topics/vocabulary.js';
import { ACCESSIBILITY_FEATURES, type AccessibilityFeature } from './public-group.js';
import { TIMES_OF_DAY, type SearchIndex, type SearchQuery, type TimeOfDay } from './search-index.js';

/**
 * One reading of a directory search for the page (/gruppen, German parameter names) and the API
 * (/api/v1/groups, English names): the same checks, the same messages, the same query.
 */

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_RADIUS_KM = 25;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

export type DirectoryParam =
	| 'q'
	| 'near'
	| 'radiusKm'
	| 'topic'
	| 'audience'
	| 'language'
	| 'format'
	| 'accessible'
	| 'weekday'
	| 'timeOfDay'
	| 'newMembers'
	| 'page'
	| 'pageSize';

/** The page's parameter names (bookmarkable German URLs). */
export const PAGE_PARAMS: Record<DirectoryParam, string> = {
	q: 'q',
	near: 'ort',
	radiusKm: 'umkreis',
	topic: 'thema',
	audience: 'fuer',
	language: 'sprache',
	format: 'form',
	accessible: 'barrierefrei',
	weekday: 'tag',
	timeOfDay: 'zeit',
	newMembers: 'neu',
	page: 'seite',
	pageSize: 'anzahl'
};

export const API_PARAMS: Record<DirectoryParam, string> = {
	q: 'q',
	near: 'near',
	radiusKm: 'radiusKm',
	topic: 'topic',
	audience: 'audience',
	language: 'language',
	format: 'format',
	accessible: 'accessible',
	weekday: 'weekday',
	timeOfDay: 'timeOfDay',
	newMembers: 'newMembers',
	page: 'page',
	pageSize: 'pageSize'
};

export type ParsedDirectoryQuery = {
	query: SearchQuery;
	/** what was asked, to show in the form (raw text for text fields) */
	values: {
		q: string;
		near: string;
		radiusKm: string;
		topics: string[];
		audiences: string[];
		languages: string[];
		formats: string[];
		accessible: string[];
		weekdays: string[];
		timesOfDay: string[];
		newMembers: boolean;
	};
	/** message keys by parameter */
	issues: Partial<Record<DirectoryParam, string>>;
	placeLabel: string | null;
	/** places whose names begin like an unknown place */
	placeSuggestions: string[];
};

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** Reads the parameters; `index` resolves topic labels. Never throws. */
export function parseDirectoryQuery(
	params: URLSearchParams,
	names: Record<DirectoryParam, string>,
	index: SearchIndex
): ParsedDirectoryQuery {
	const issues: ParsedDirectoryQuery['issues'] = {};
	const all = (param: DirectoryParam) =>
		params
			.getAll(names[param])
			.flatMap((value) => value.split(','))
			.map((value) => value.trim())
			.filter(Boolean);
	const one = (param: DirectoryParam) => (params.get(names[param]) ?? '').trim();
	const within = <T extends string>(param: DirectoryParam, allowed: readonly T[]): T[] => {
		const values = all(param);
		if (values.some((value) => !(allowed as readonly string[]).includes(value))) issues[param] = `directory_error_${param}`;
		return values.filter((value): value is T => (allowed as readonly string[]).includes(value));
	};
	const integer = (param: DirectoryParam, min: number, max: number, fallback: number) => {
		const raw = one(param);
		if (!raw) return fallback;
		const value = Number(raw);
		if (!/^-?\d+$/.test(raw) || value < min || value > max) {
			issues[param] = `directory_error_${param}`;
			return fallback;
		}
		return value;
	};

	const q = params.get(names.q) ?? '';
	if (q.length > MAX_QUERY_LENGTH) issues.q = 'directory_error_q';
	const near = one('near');
	let placeLabel: string | null = null;
	let placeSuggestions: string[] = [];
	let place: SearchQuery['place'];
	if (near) {
		const resolved = near.length <= 100 ? resolvePlace(near) : null;
		if (resolved) {
			place = { lat: resolved.lat, lon: resolved.lon };
			placeLabel = resolved.label;
		} else {
			issues.near = /^\D*\d{5}\D*$/.test(near) ? 'directory_error_postal_code' : 'directory_error_near';
			const typed = normalizeTerm(near.replace(/\d/g, ''));
			if (typed.length >= 3)
				placeSuggestions = searchPlaces(typed.slice(0, 3), 500)
					.map((p) => {
						const name = normalizeTerm(p.place);
						return { place: p.place, distance: Math.min(editDistance(typed, name, 3), editDistance(typed, name.split(' ')[0]!, 3)) };
					})
					.filter((p) => p.distance <= 3)
					.sort((a, b) => a.distance - b.distance)
					.slice(0, 5)
					.map((p) => p.place);
		}
	}
	const radiusKm = integer('radiusKm', 1, 200, DEFAULT_RADIUS_KM);
	const topicValues = all('topic');
	const topicIds: string[] = [];
	for (const value of topicValues) {
		const id = isUuid(value) && index.topic(value) ? value : index.findTopicByLabel(normalizeTerm(value));
		if (id) topicIds.push(id);
		else issues.topic = 'directory_error_topic';
	}
	const audiences = within('audience', AUDIENCES);
	const languages = all('language').filter((code) => {
		const ok = LANGUAGE_CODE.test(code) || (COMMON_LANGUAGES as readonly string[]).includes(code);
		if (!ok) issues.language = 'directory_error_language';
		return ok;
	});
	const formats = within('format', GROUP_FORMATS);
	const accessible = within<AccessibilityFeature>('accessible', ACCESSIBILITY_FEATURES);
	const weekdays = within('weekday', ['1', '2', '3', '4', '5', '6', '7'] as const);
	const timesOfDay = within<TimeOfDay>('timeOfDay', TIMES_OF_DAY);
	const newMembersRaw = one('newMembers');
	if (newMembersRaw && !['true', 'false', 'ja', '1', 'on'].includes(newMembersRaw)) issues.newMembers = 'directory_error_newMembers';
	const newMembers = ['true', 'ja', '1', 'on'].includes(newMembersRaw);
	const page = integer('page', 1, 100_000, 1);
	const pageSize = integer('pageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);

	return {
		query: {
			q: issues.q ? q.slice(0, MAX_QUERY_LENGTH) : q,
			place,
			radiusKm,
			topicIds,
			audiences,
			languages,
			formats,
			accessible,
			weekdays: weekdays.map(Number),
			timesOfDay,
			newMembers,
			page,
			pageSize
		},
		values: {
			q,
			near,
			radiusKm: one('radiusKm') || String(DEFAULT_RADIUS_KM),
			topics: topicIds,
			audiences,
			languages,
			formats,
			accessible,
			weekdays,
			timesOfDay,
			newMembers
		},
		issues,
		placeLabel,
		placeSuggestions
	};
}
