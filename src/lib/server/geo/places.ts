import { FEDERAL_STATES, type FederalState } from '#lib/schemas/common.js';
import data from './de-postal-codes.tsv?raw';

/**
 * Offline geocoding of German postal codes and town names (DIR-2). The data is the shipped dataset
 * de-postal-codes.tsv (ODbL / CC BY 4.0, see docs/data-sources.md), at town or district-centre precision:
 * no external service is asked, which keeps searches private and tests free of network.
 */

export type { FederalState };

/** exact: centre of the place the code is named after, which has no other code; place: centre of a town with several
 * codes (all Berlin codes share the centre of Berlin); neighbour: estimated from numerically neighbouring codes. */
export type PostalCodeQuality = 'exact' | 'place' | 'neighbour';

export type GeoPoint = { lat: number; lon: number };

export type PostalCodeInfo = {
	postalCode: string;
	place: string;
	otherPlaces: string[];
	state: FederalState;
	lat: number;
	lon: number;
	quality: PostalCodeQuality;
};

export type PlaceMatch = {
	place: string;
	state: FederalState;
	lat: number;
	lon: number;
	postalCodes: string[];
};

export type ResolvedPlace = {
	kind: 'postal_code' | 'place';
	label: string;
	lat: number;
	lon: number;
	state: FederalState;
};

const STATES = new Set<string>(FEDERAL_STATES);
const QUALITIES = new Set<string>(['exact', 'place', 'neighbour']);

/** Parses the dataset; throws on a malformed line so a broken rebuild cannot ship silently. */
export function parsePostalCodeTsv(text: string): PostalCodeInfo[] {
	const lines = text.split('\n').filter((l) => l.trim() !== '');
	const header = lines.shift();
	if (header !== 'postal_code\tplace\tother_places\tstate\tlat\tlon\tquality') throw new Error('de-postal-codes.tsv: unexpected header');
	return lines.map((line, i) => {
		const [postalCode = '', place = '', others = '', state = '', lat = '', lon = '', quality = '', ...rest] = line.split('\t');
		const info = {
			postalCode,
			place,
			otherPlaces: others ? others.split('|') : [],
			state: state as FederalState,
			lat: Number(lat),
			lon: Number(lon),
			quality: quality as PostalCodeQuality
		};
		const valid =
			rest.length === 0 &&
			/^\d{5}$/.test(postalCode) &&
			place !== '' &&
			STATES.has(state) &&
			QUALITIES.has(quality) &&
			lat !== '' &&
			lon !== '' &&
			Number.isFinite(info.lat) &&
			Number.isFinite(info.lon);
		if (!valid) throw new Error(`de-postal-codes.tsv line ${i + 2} is malformed: ${line}`);
		return info;
	});
}

let byCode: Map<string, PostalCodeInfo> | null = null;

function codes(): Map<string, PostalCodeInfo> {
	byCode ??= new Map(parsePostalCodeTsv(data).map((r) => [r.postalCode, r]));
	return byCode;
}

/** All postal codes of the dataset, sorted. */
export function listPostalCodes(): PostalCodeInfo[] {
	return [...codes().values()];
}

/** "01067", " 01067 ", "D-01067", "D 01067", "DE-01067" → "01067"; anything else → null. */
export function normalizePostalCode(code: string): string | null {
	const m = /^(?:DE?[\s-]*)?(\d{5})$/i.exec(code.trim());
	return m ? m[1]! : null;
}

export function lookupPostalCode(code: string): PostalCodeInfo | null {
	const normalized = normalizePostalCode(code);
	return normalized ? (codes().get(normalized) ?? null) : null;
}

export function isKnownPostalCode(code: string): boolean {
	return lookupPostalCode(code) !== null;
}

/** Great-circle distance (haversine, mean earth radius). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------------------------------------------------------
// Place names

/** Search keys: lower case, umlauts as typed on a keyboard without them (ü → ue), accents and punctuation dropped. */
function searchKey(s: string, umlauts: 'expand' | 'strip'): string {
	let t = s.toLowerCase().replace(/ß/g, 'ss');
	if (umlauts === 'expand') t = t.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
	return t
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.replace(/\bst\b/g, 'sankt');
}

type PlaceEntry = PlaceMatch & { sortName: string };
type IndexKey = { key: string; entry: number; alias: boolean };
type PlaceIndex = { entries: PlaceEntry[]; keys: IndexKey[]; exact: Map<string, number[]> };

let placeIndex: PlaceIndex | null = null;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One entry per town: the codes that list a name (as main or other place) in one federal state, split where they lie
 * more than 30 km apart (two villages of the same name). The centre is the mean of the codes named after the place,
 * else of all its codes.
 */
function buildPlaceIndex(): PlaceIndex {
	type Cluster = { place: string; state: FederalState; main: PostalCodeInfo[]; all: PostalCodeInfo[]; centre: GeoPoint };
	const groups = new Map<string, Cluster[]>();
	for (const info of codes().values()) {
		for (const [k, name] of [info.place, ...info.otherPlaces].entries()) {
			const groupKey = `${name}\u0000${info.state}`;
			let clusters = groups.get(groupKey);
			if (!clusters) groups.set(groupKey, (clusters = []));
			let cluster = clusters.find((c) => distanceKm(c.centre, info) <= 30);
			if (!cluster)
				clusters.push((cluster = { place: name, state: info.state, main: [], all: [], centre: { lat: info.lat, lon: info.lon } }));
			cluster.all.push(info);
			if (k === 0) cluster.main.push(info);
			const basis = cluster.main.length ? cluster.main : cluster.all;
			cluster.centre = {
				lat: basis.reduce((s, c) => s + c.lat, 0) / basis.length,
				lon: basis.reduce((s, c) => s + c.lon, 0) / basis.length
			};
		}
	}

	const entries: PlaceEntry[] = [];
	const keys: IndexKey[] = [];
	const exact = new Map<string, number[]>();
	for (const clusters of groups.values()) {
		for (const c of clusters) {
			const entry = entries.length;
			entries.push({
				place: c.place,
				state: c.state,
				lat: round3(c.centre.lat),
				lon: round3(c.centre.lon),
				postalCodes: c.all.map((i) => i.postalCode).sort(),
				sortName: searchKey(c.place, 'expand')
			});
			const own = new Set([searchKey(c.place, 'expand'), searchKey(c.place, 'strip')]);
			for (const key of own) {
				keys.push({ key, entry, alias: false });
				const list = exact.get(key);
				if (list) list.push(entry);
				else exact.set(key, [entry]);
			}
			// later parts of "Villingen-Schwenningen", "Cottbus - Chóśebuz", "Bad Homburg" are found too, ranked lower
			const parts = c.place.split(/\s+-\s+|-(?=\p{Lu})|^Bad\s+/u).slice(1);
			for (const part of parts) {
				for (const key of new Set([searchKey(part, 'expand'), searchKey(part, 'strip')])) {
					if (key && !own.has(key)) keys.push({ key, entry, alias: true });
				}
			}
		}
	}
	keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.entry - b.entry));
	return { entries, keys, exact };
}

function index(): PlaceIndex {
	placeIndex ??= buildPlaceIndex();
	return placeIndex;
}

function lowerBound(keys: IndexKey[], q: string): number {
	let lo = 0;
	let hi = keys.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (keys[mid]!.key < q) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Towns (and districts listed as other places of a code) whose name starts with the query; case-, umlaut- and
 * accent-insensitive ("Muenchen", "münchen", "Munchen" → München). Exact names first, then by size (number of codes).
 */
export function searchPlaces(query: string, limit = 10): PlaceMatch[] {
	if (limit <= 0) return [];
	const { entries, keys, exact } = index();
	const variants = [...new Set([searchKey(query, 'expand'), searchKey(query, 'strip')])].filter(Boolean);
	if (!variants.length) return [];
	/** rank: 0 exact name, 1 name prefix, 2 exact name part, 3 name-part prefix */
	const ranks = new Map<number, number>();
	const rank = (entry: number, r: number) => ranks.set(entry, Math.min(ranks.get(entry) ?? r, r));
	for (const q of variants) {
		for (const e of exact.get(q) ?? []) rank(e, 0);
		for (let i = lowerBound(keys, q); i < keys.length && keys[i]!.key.startsWith(q); i++) {
			const k = keys[i]!;
			rank(k.entry, (k.alias ? 2 : 0) + (k.key === q ? 0 : 1));
		}
	}
	return [...ranks]
		.map(([e, r]) => ({ e: entries[e]!, r }))
		.sort(
			(a, b) =>
				a.r - b.r ||
				b.e.postalCodes.length - a.e.postalCodes.length ||
				(a.e.sortName < b.e.sortName ? -1 : a.e.sortName > b.e.sortName ? 1 : 0) ||
				(a.e.state < b.e.state ? -1 : 1)
		)
		.slice(0, limit)
		.map(({ e }) => ({ place: e.place, state: e.state, lat: e.lat, lon: e.lon, postalCodes: [...e.postalCodes] }));
}

/**
 * A search box's input to coordinates: a postal code ("10115", "D-10115", "10115 Berlin") or else the best matching
 * town. Unknown postal codes give null rather than a guess.
 */
export function resolvePlace(query: string): ResolvedPlace | null {
	const trimmed = query.trim();
	const withCode = /^(?:DE?[\s-]*)?(\d{5})(?:\s+(.*))?$/i.exec(trimmed);
	if (withCode) {
		const info = lookupPostalCode(withCode[1]!);
		if (info) return { kind: 'postal_code', label: `${info.postalCode} ${info.place}`, lat: info.lat, lon: info.lon, state: info.state };
		if (!withCode[2]) return null;
		return resolvePlace(withCode[2]);
	}
	if (/^\d+$/.test(trimmed)) return null;
	const best = searchPlaces(trimmed, 1)[0];
	return best ? { kind: 'place', label: best.place, lat: best.lat, lon: best.lon, state: best.state } : null;
}
