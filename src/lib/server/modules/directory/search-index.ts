import { editDistance, normalizeTerm, type VocabularyTopic } from '../topics/vocabulary.js';
import { germanStem, terms, words, isStopword } from '../../../search/text.js';
import { distanceKm } from '../../geo/places.js';
import { weekdayOf, type Recurrence } from '../../../recurrence/index.js';
import type { AccessibilityFeature, PublicPlace } from './public-group.js';
import { ACCESSIBILITY_FEATURES } from './public-group.js';

/**
 * The directory's search engine (DIR-1): an in-memory index of the public groups, held by every
 * server process and kept current from the database's change feed (directory.service.ts).
 * Pure: no database, no clock. Design target: 100,000 groups in well under 100 MB, a query in a
 * few milliseconds.
 *
 * Matching, per typed word (all words must match; if no group matches all, any word may):
 * - the thesaurus: a label or synonym (also by stem, by prefix and with a typo) selects its topic
 *   and all narrower topics (strong), and the directly broader topics (weak fallback);
 * - the groups' own words (name, keywords, audience, description) by German stem, by prefix
 *   ("alkohol" finds "alkoholkranke") and, when a word is unknown, with one or two typos.
 */

export type DirectorySeries = {
	recurrence: Recurrence | null;
	scheduleText: string;
	place: PublicPlace;
	lat: number | null;
	lon: number | null;
	accessibility: AccessibilityFeature[];
};

export type DirectoryGroup = {
	id: string;
	slug: string;
	name: string;
	description: string;
	firstVisit: string;
	keywords: string[];
	topicIds: string[];
	audiences: string[];
	languages: string[];
	format: string;
	acceptingMembers: boolean;
	lifecycle: string;
	officeId: string;
	officeSlug: string;
	officeName: string;
	officePhone: string;
	federalState: string;
	confirmedAt: string | null;
	updatedAt: string;
	series: DirectorySeries[];
};

/** What the index keeps of a group: everything a result shows, nothing more. */
export type IndexedGroup = Omit<DirectoryGroup, 'description' | 'firstVisit' | 'keywords'> & {
	summary: string;
	lat: number | null;
	lon: number | null;
	accessMask: number;
	weekdayMask: number;
	timeMask: number;
};

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

export type SearchQuery = {
	q?: string;
	place?: { lat: number; lon: number } | undefined;
	radiusKm?: number;
	topicIds?: string[];
	audiences?: string[];
	languages?: string[];
	formats?: string[];
	accessible?: AccessibilityFeature[];
	weekdays?: number[];
	timesOfDay?: TimeOfDay[];
	newMembers?: boolean;
	page?: number;
	pageSize?: number;
};

export type SearchHit = { group: IndexedGroup; distanceKm: number | null; score: number };

export type FacetCounts = {
	topics: { id: string; count: number }[];
	audiences: Record<string, number>;
	languages: Record<string, number>;
	formats: Record<string, number>;
	accessible: Record<string, number>;
	weekdays: Record<string, number>;
	timesOfDay: Record<string, number>;
	newMembers: number;
};

export type SearchResult = {
	total: number;
	page: number;
	pageSize: number;
	items: SearchHit[];
	/** nearest matches outside the radius, when fewer than 5 groups with a place are inside */
	beyondRadius: SearchHit[];
	facets: FacetCounts;
	/** words that matched nothing and were read as another word */
	corrections: { typed: string; read: string }[];
	/** thesaurus topics the words were understood as */
	understoodTopicIds: string[];
	/** no group matched every word: these match some of them */
	partial: boolean;
	/** words that matched nothing at all */
	unmatched: string[];
};

const MIN_RADIUS_RESULTS = 5;
const BEYOND_LIMIT = 5;
const MAX_PREFIX_EXPANSION = 400;
const MAX_TOPIC_FACETS = 40;
const SUMMARY_LENGTH = 220;
const FIELD = { description: 1, keyword: 2, name: 3 } as const;
const SCORE = { topic: 4, narrower: 3.5, broader: 0.8, exact: 1, prefix: 0.75, typo: 0.55 } as const;

const accessBit = (feature: AccessibilityFeature) => 1 << ACCESSIBILITY_FEATURES.indexOf(feature);
const timeBit = (time: TimeOfDay) => 1 << TIMES_OF_DAY.indexOf(time);

export function timeOfDayOf(startTime: string): TimeOfDay {
	const hour = Number(startTime.slice(0, 2));
	return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

/** The weekdays (ISO 1–7) and times of day a series meets on. */
export function meetingPattern(rule: Recurrence | null): { weekdays: number[]; times: TimeOfDay[] } {
	if (!rule) return { weekdays: [], times: [] };
	const weekdays = rule.frequency === 'once' || !rule.weekdays?.length ? [weekdayOf(rule.startDate)] : [...rule.weekdays];
	return { weekdays, times: rule.startTime ? [timeOfDayOf(rule.startTime)] : [] };
}

function summaryOf(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= SUMMARY_LENGTH) return flat;
	const cut = flat.slice(0, SUMMARY_LENGTH);
	return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_LENGTH - 30))} …`;
}

/** Words searchable for an audience, in both languages. */
const AUDIENCE_WORDS: Record<string, string> = {
	affected: 'Betroffene affected',
	relatives: 'Angehörige Angehoerige relatives family Familie',
	parents: 'Eltern Mütter Väter parents',
	young_people: 'Junge Menschen Jugendliche junge Erwachsene young people youth'
};

type Vocab = {
	topics: Map<string, VocabularyTopic>;
	/** normal form of a label or synonym (one or more words) → topic ids */
	byPhrase: Map<string, string[]>;
	/** stem of a one-word label or synonym → topic ids */
	byStem: Map<string, string[]>;
	/** sorted normal forms, for prefix and typo matching */
	phrases: string[];
	narrower: Map<string, string[]>;
	broader: Map<string, string[]>;
};

function addTo(map: Map<string, string[]>, key: string, value: string) {
	const list = map.get(key);
	if (!list) map.set(key, [value]);
	else if (!list.includes(value)) list.push(value);
}

export function buildVocab(topics: VocabularyTopic[], broaderPairs: { topicId: string; broaderId: string }[]): Vocab {
	const byPhrase = new Map<string, string[]>();
	const byStem = new Map<string, string[]>();
	for (const topic of topics) {
		for (const label of [topic.labelDe, topic.labelEn, ...topic.synonyms]) {
			const normal = normalizeTerm(label);
			if (!normal) continue;
			addTo(byPhrase, normal, topic.id);
			if (!normal.includes(' ')) addTo(byStem, germanStem(normal), topic.id);
		}
	}
	const narrower = new Map<string, string[]>();
	const broader = new Map<string, string[]>();
	const known = new Set(topics.map((t) => t.id));
	for (const { topicId, broaderId } of broaderPairs) {
		if (!known.has(topicId) || !known.has(broaderId)) continue;
		addTo(narrower, broaderId, topicId);
		addTo(broader, topicId, broaderId);
	}
	return {
		topics: new Map(topics.map((t) => [t.id, t])),
		byPhrase,
		byStem,
		phrases: [...byPhrase.keys()].sort(),
		narrower,
		broader
	};
}

/** A topic and everything narrower, at any depth. */
function withNarrower(vocab: Vocab, ids: Iterable<string>): Set<string> {
	const out = new Set<string>();
	const stack = [...ids];
	while (stack.length) {
		const id = stack.pop()!;
		if (out.has(id)) continue;
		out.add(id);
		for (const child of vocab.narrower.get(id) ?? []) stack.push(child);
	}
	return out;
}

function prefixRange(sorted: string[], prefix: string): [number, number] {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < prefix) lo = mid + 1;
		else hi = mid;
	}
	let end = lo;
	while (end < sorted.length && sorted[end]!.startsWith(prefix)) end++;
	return [lo, end];
}

const maxTypos = (word: string) => (word.length <= 4 ? 0 : word.length <= 7 ? 1 : 2);

/** Office fields shared by all groups of an office (kept once per office). */
type OfficeInfo = { officeId: string; officeSlug: string; officeName: string; officePhone: string; federalState: string };

/** What the index keeps of a group for showing it; the series stay JSON until a result shows them. */
type StoredGroup = {
	id: string;
	slug: string;
	name: string;
	summary: string;
	lifecycle: string;
	format: string;
	acceptingMembers: boolean;
	confirmedAt: string | null;
	updatedAt: string;
	audiences: readonly string[];
	languages: readonly string[];
	topicIds: readonly string[];
	office: OfficeInfo;
	series: string;
};

const FORMAT_CODES = ['in_person', 'online', 'hybrid'];
const AUDIENCE_CODES = ['affected', 'relatives', 'parents', 'young_people'];
const INITIAL_CAPACITY = 1024;

type Column = Float64Array | Uint8Array | Uint32Array;

function grow<T extends Column>(array: T, size: number): T {
	if (size <= array.length) return array;
	const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
	next.set(array as never);
	return next;
}

/** Fast approximate distance in km (equirectangular), exact enough to compare within 200 km. */
function roughKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
	const x = (lon2 - lon1) * Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180)) * 111.32;
	const y = (lat2 - lat1) * 110.57;
	return Math.sqrt(x * x + y * y);
}

export class SearchIndex {
	private groups: (StoredGroup | null)[] = [];
	private slotById = new Map<string, number>();
	// one column per filter, indexed by slot
	private lat = new Float64Array(INITIAL_CAPACITY);
	private lon = new Float64Array(INITIAL_CAPACITY);
	private accessMask = new Uint8Array(INITIAL_CAPACITY);
	private weekdayMask = new Uint8Array(INITIAL_CAPACITY);
	private timeMask = new Uint8Array(INITIAL_CAPACITY);
	private audienceMask = new Uint8Array(INITIAL_CAPACITY);
	private formatCode = new Uint8Array(INITIAL_CAPACITY);
	private accepting = new Uint8Array(INITIAL_CAPACITY);
	/** term → encoded postings (slot * 4 + field weight) */
	private postings = new Map<string, number[]>();
	private topicPostings = new Map<string, number[]>();
	private sortedTerms: string[] | null = null;
	private termsByInitial: Map<string, string[]> | null = null;
	private vocab: Vocab = buildVocab([], []);
	private offices = new Map<string, OfficeInfo>();
	/** identical small lists (["de"], ["affected"] …) are kept once */
	private lists = new Map<string, readonly string[]>();
	/** every distinct list (languages, topic ids) once, numbered: columns hold the numbers */
	private listOrdinal = new Map<string, number>();
	private listByOrdinal: (readonly string[])[] = [];
	private languageList = new Uint32Array(INITIAL_CAPACITY);
	private topicList = new Uint32Array(INITIAL_CAPACITY);
	private alive = new Uint8Array(INITIAL_CAPACITY);
	private dead = 0;
	/** increases with every change; results cached under an older version are stale */
	version = 0;

	get size(): number {
		return this.slotById.size;
	}

	setVocabulary(topics: VocabularyTopic[], broaderPairs: { topicId: string; broaderId: string }[]): void {
		this.vocab = buildVocab(topics, broaderPairs);
		this.version++;
	}

	topic(id: string): VocabularyTopic | undefined {
		return this.vocab.topics.get(id);
	}

	/** The topic a normal-form label or synonym names, if any. */
	findTopicByLabel(normal: string): string | undefined {
		return this.vocab.byPhrase.get(normal)?.[0];
	}

	/** A public group as indexed, or undefined. */
	get(id: string): IndexedGroup | undefined {
		const slot = this.slotById.get(id);
		return slot === undefined ? undefined : this.view(slot);
	}

	broaderOf(id: string): string[] {
		return this.vocab.broader.get(id) ?? [];
	}

	/** Every active topic, for the API and the filter. */
	allTopics(): VocabularyTopic[] {
		return [...this.vocab.topics.values()];
	}

	topicsWithNarrower(ids: string[]): Set<string> {
		return withNarrower(this.vocab, ids);
	}

	/** The number of a list; identical lists (["de"], ["affected"] …) share one. */
	private listNumber(list: readonly string[]): number {
		const key = list.join('\u0001');
		let ordinal = this.listOrdinal.get(key);
		if (ordinal === undefined) {
			ordinal = this.listByOrdinal.length;
			this.listOrdinal.set(key, ordinal);
			this.listByOrdinal.push(Object.freeze([...list]));
		}
		return ordinal;
	}

	private shared(list: readonly string[]): readonly string[] {
		return this.listByOrdinal[this.listNumber(list)]!;
	}

	/** Adds a group or replaces its previous version. */
	upsert(group: DirectoryGroup): void {
		this.removeSlot(group.id);
		const slot = this.groups.length;
		const size = slot + 1;
		this.lat = grow(this.lat, size);
		this.lon = grow(this.lon, size);
		this.accessMask = grow(this.accessMask, size);
		this.weekdayMask = grow(this.weekdayMask, size);
		this.timeMask = grow(this.timeMask, size);
		this.audienceMask = grow(this.audienceMask, size);
		this.formatCode = grow(this.formatCode, size);
		this.accepting = grow(this.accepting, size);
		this.alive = grow(this.alive, size);
		this.languageList = grow(this.languageList, size);
		this.topicList = grow(this.topicList, size);

		let accessMask = 0;
		let weekdayMask = 0;
		let timeMask = 0;
		let lat = Number.NaN;
		let lon = Number.NaN;
		for (const series of group.series) {
			for (const feature of series.accessibility) accessMask |= accessBit(feature);
			const pattern = meetingPattern(series.recurrence);
			for (const day of pattern.weekdays) weekdayMask |= 1 << day;
			for (const time of pattern.times) timeMask |= timeBit(time);
			if (Number.isNaN(lat) && series.lat !== null && series.lon !== null) {
				lat = series.lat;
				lon = series.lon;
			}
		}
		this.lat[slot] = lat;
		this.lon[slot] = lon;
		this.accessMask[slot] = accessMask;
		this.weekdayMask[slot] = weekdayMask;
		this.timeMask[slot] = timeMask;
		this.audienceMask[slot] = group.audiences.reduce(
			(mask, a) => mask | (AUDIENCE_CODES.includes(a) ? 1 << AUDIENCE_CODES.indexOf(a) : 0),
			0
		);
		this.formatCode[slot] = Math.max(0, FORMAT_CODES.indexOf(group.format));
		this.accepting[slot] = group.acceptingMembers ? 1 : 0;
		this.alive[slot] = 1;
		this.languageList[slot] = this.listNumber(group.languages);
		this.topicList[slot] = this.listNumber([...new Set(group.topicIds)]);

		let office = this.offices.get(group.officeId);
		const officeKey = `${group.officeSlug}\u0001${group.officeName}\u0001${group.officePhone}\u0001${group.federalState}`;
		if (!office || `${office.officeSlug}\u0001${office.officeName}\u0001${office.officePhone}\u0001${office.federalState}` !== officeKey) {
			office = {
				officeId: group.officeId,
				officeSlug: group.officeSlug,
				officeName: group.officeName,
				officePhone: group.officePhone,
				federalState: group.federalState
			};
			this.offices.set(group.officeId, office);
		}
		const topicIds = [...new Set(group.topicIds)];
		this.groups.push({
			id: group.id,
			slug: group.slug,
			name: group.name,
			summary: summaryOf(group.description),
			lifecycle: group.lifecycle,
			format: group.format,
			acceptingMembers: group.acceptingMembers,
			confirmedAt: group.confirmedAt,
			updatedAt: group.updatedAt,
			audiences: this.shared(group.audiences),
			languages: this.shared(group.languages),
			topicIds: this.shared(topicIds),
			office,
			series: JSON.stringify(group.series)
		});
		this.slotById.set(group.id, slot);

		const fieldOf = new Map<string, number>();
		const note = (text: string, field: number) => {
			for (const term of terms(text)) if ((fieldOf.get(term) ?? 0) < field) fieldOf.set(term, field);
		};
		note(`${group.description} ${group.firstVisit}`, FIELD.description);
		note(group.keywords.join(' '), FIELD.keyword);
		note(group.audiences.map((a) => AUDIENCE_WORDS[a] ?? '').join(' '), FIELD.keyword);
		note(group.name, FIELD.name);
		for (const [term, field] of fieldOf) {
			let list = this.postings.get(term);
			if (!list) {
				list = [];
				this.postings.set(term, list);
				this.sortedTerms = null;
				this.termsByInitial = null;
			}
			list.push(slot * 4 + field);
		}
		for (const topicId of topicIds) {
			let list = this.topicPostings.get(topicId);
			if (!list) this.topicPostings.set(topicId, (list = []));
			list.push(slot);
		}
		this.version++;
	}

	/** The full record of one slot, for the few groups a result shows. */
	private view(slot: number): IndexedGroup {
		const g = this.groups[slot]!;
		const lat = this.lat[slot]!;
		return {
			id: g.id,
			slug: g.slug,
			name: g.name,
			summary: g.summary,
			lifecycle: g.lifecycle,
			format: g.format,
			acceptingMembers: g.acceptingMembers,
			confirmedAt: g.confirmedAt,
			updatedAt: g.updatedAt,
			audiences: [...g.audiences],
			languages: [...g.languages],
			topicIds: [...g.topicIds],
			...g.office,
			series: JSON.parse(g.series) as DirectorySeries[],
			lat: Number.isNaN(lat) ? null : lat,
			lon: Number.isNaN(lat) ? null : this.lon[slot]!,
			accessMask: this.accessMask[slot]!,
			weekdayMask: this.weekdayMask[slot]!,
			timeMask: this.timeMask[slot]!
		};
	}

	remove(id: string): void {
		if (this.removeSlot(id)) this.version++;
	}

	has(id: string): boolean {
		return this.slotById.has(id);
	}

	private removeSlot(id: string): boolean {
		const slot = this.slotById.get(id);
		if (slot === undefined) return false;
		this.groups[slot] = null;
		this.alive[slot] = 0;
		this.slotById.delete(id);
		this.dead++;
		// postings keep pointing at the empty slot until the next compaction
		if (this.dead > 1000 && this.dead > this.groups.length / 4) this.compact();
		return true;
	}

	/** Drops empty slots and their postings (after many updates). */
	compact(): void {
		const remap = new Int32Array(this.groups.length).fill(-1);
		let next = 0;
		for (let slot = 0; slot < this.groups.length; slot++) {
			if (!this.groups[slot]) continue;
			remap[slot] = next;
			this.groups[next] = this.groups[slot]!;
			for (const column of [
				this.lat,
				this.lon,
				this.accessMask,
				this.weekdayMask,
				this.timeMask,
				this.audienceMask,
				this.formatCode,
				this.accepting,
				this.alive,
				this.languageList,
				this.topicList
			])
				column[next] = column[slot]!;
			next++;
		}
		this.groups.length = next;
		for (const [term, list] of this.postings) {
			const kept: number[] = [];
			for (const code of list) {
				const to = remap[code >> 2]!;
				if (to >= 0) kept.push(to * 4 + (code & 3));
			}
			if (kept.length) this.postings.set(term, kept);
			else this.postings.delete(term);
		}
		for (const [topic, list] of this.topicPostings) {
			const kept = list.map((slot) => remap[slot]!).filter((slot) => slot >= 0);
			if (kept.length) this.topicPostings.set(topic, kept);
			else this.topicPostings.delete(topic);
		}
		this.slotById = new Map(this.groups.map((group, slot) => [group!.id, slot]));
		this.dead = 0;
		this.sortedTerms = null;
		this.termsByInitial = null;
	}

	private terms(): string[] {
		this.sortedTerms ??= [...this.postings.keys()].sort();
		return this.sortedTerms;
	}

	private initialBuckets(): Map<string, string[]> {
		if (!this.termsByInitial) {
			const buckets = new Map<string, string[]>();
			for (const term of this.postings.keys()) addTo(buckets, term[0]!, term);
			this.termsByInitial = buckets;
		}
		return this.termsByInitial;
	}

	/** Scores of one typed word per slot (0 = no match), with how it was understood. */
	private scoreWord(
		word: string,
		phraseTopics: string[] | undefined,
		scores: Float32Array,
		touched: number[]
	): { matched: boolean; topics: string[]; correction?: string } {
		const stem = germanStem(word);
		const touch = (slot: number, score: number) => {
			const before = scores[slot]!;
			if (before === 0) touched.push(slot);
			if (before < score) scores[slot] = score;
		};
		let matched = false;
		let correction: string | undefined;

		// 1. the thesaurus
		let topicIds = phraseTopics ?? this.vocab.byPhrase.get(word) ?? this.vocab.byStem.get(stem);
		if (!topicIds && word.length >= 4) {
			const [from, to] = prefixRange(this.vocab.phrases, word);
			const found = new Set<string>();
			for (let i = from; i < to && found.size < 50; i++) for (const id of this.vocab.byPhrase.get(this.vocab.phrases[i]!)!) found.add(id);
			if (found.size) topicIds = [...found];
		}
		const topicMatches = (ids: string[]) => {
			const direct = new Set(ids);
			for (const id of withNarrower(this.vocab, ids)) {
				for (const slot of this.topicPostings.get(id) ?? []) {
					touch(slot, direct.has(id) ? SCORE.topic : SCORE.narrower);
					matched = true;
				}
			}
			// broader topics (general groups that also welcome this) after the specific ones, weaker the further up
			let level = ids;
			const visited = new Set(withNarrower(this.vocab, ids));
			for (let depth = 0; depth < 3 && level.length; depth++) {
				const up = [...new Set(level.flatMap((id) => this.vocab.broader.get(id) ?? []))].filter((id) => !visited.has(id));
				for (const id of up) {
					visited.add(id);
					for (const slot of this.topicPostings.get(id) ?? []) {
						touch(slot, SCORE.broader - depth * 0.2);
						matched = true;
					}
				}
				level = up;
			}
		};
		if (topicIds) topicMatches(topicIds);

		// 2. the groups' own words: same stem, then words that begin with it
		const exact = this.postings.get(stem);
		if (exact)
			for (const code of exact) {
				touch(code >> 2, SCORE.exact * (code & 3));
				matched = true;
			}
		if (stem.length >= 3) {
			const sorted = this.terms();
			const [from, to] = prefixRange(sorted, stem);
			for (let i = from; i < Math.min(to, from + MAX_PREFIX_EXPANSION); i++) {
				const term = sorted[i]!;
				if (term === stem) continue;
				for (const code of this.postings.get(term)!) {
					touch(code >> 2, SCORE.prefix * (code & 3));
					matched = true;
				}
			}
		}

		// 3. typos: only for words that matched nothing
		if (!matched && !topicIds) {
			const allowed = maxTypos(word);
			if (allowed > 0) {
				let best: { term: string; distance: number; topics?: string[] } | undefined;
				for (const phrase of this.vocab.phrases) {
					if (phrase.includes(' ') || Math.abs(phrase.length - word.length) > allowed) continue;
					const distance = editDistance(word, phrase, allowed);
					if (distance <= allowed && (!best || distance < best.distance))
						best = { term: phrase, distance, topics: this.vocab.byPhrase.get(phrase)! };
				}
				for (const term of this.initialBuckets().get(stem[0]!) ?? []) {
					if (Math.abs(term.length - stem.length) > allowed) continue;
					const distance = editDistance(stem, term, allowed);
					if (distance <= allowed && (!best || distance < best.distance)) best = { term, distance };
				}
				if (best) {
					correction = best.term;
					if (best.topics) {
						topicIds = best.topics;
						topicMatches(best.topics);
					} else {
						for (const code of this.postings.get(best.term)!) {
							touch(code >> 2, SCORE.typo * (code & 3));
							matched = true;
						}
					}
				}
			}
		}
		return { matched, topics: topicIds ?? [], ...(correction ? { correction } : {}) };
	}

	/** Score buffers are reused between searches (a search runs start to end without waiting). */
	private scorePool: { scores: Float32Array; touched: number[] }[] = [];

	private borrowScores(n: number): { scores: Float32Array; touched: number[] } {
		const buffer = this.scorePool.pop();
		if (buffer && buffer.scores.length >= n) return buffer;
		return { scores: new Float32Array(Math.max(n, INITIAL_CAPACITY)), touched: [] };
	}

	private returnScores(buffer: { scores: Float32Array; touched: number[] }): void {
		for (const slot of buffer.touched) buffer.scores[slot] = 0;
		buffer.touched.length = 0;
		if (this.scorePool.length < 8) this.scorePool.push(buffer);
	}

	search(query: SearchQuery): SearchResult {
		const page = Math.max(1, query.page ?? 1);
		const pageSize = Math.max(1, query.pageSize ?? 20);
		const radius = query.radiusKm ?? 25;
		const n = this.groups.length;

		// --- words → per-slot relevance, and the slots any word touched (the only candidates then)
		const typed = words(query.q ?? '');
		const corrections: { typed: string; read: string }[] = [];
		const understood = new Set<string>();
		const unmatched: string[] = [];
		let relevance: Float32Array | null = null;
		let candidates: number[] | null = null;
		let partial = false;
		const borrowed: { scores: Float32Array; touched: number[] }[] = [];
		if (typed.length) {
			const matchedWords: { scores: Float32Array; touched: number[] }[] = [];
			for (let i = 0; i < typed.length; i++) {
				// two words that together are a thesaurus phrase ("soziale phobie") count as one
				const pair = i + 1 < typed.length ? this.vocab.byPhrase.get(`${typed[i]} ${typed[i + 1]}`) : undefined;
				const buffer = this.borrowScores(n);
				borrowed.push(buffer);
				const word = pair ? `${typed[i]} ${typed[i + 1]}` : typed[i]!;
				const outcome = this.scoreWord(pair ? word.replace(' ', '') : word, pair, buffer.scores, buffer.touched);
				if (pair) i++;
				outcome.topics.forEach((id) => understood.add(id));
				if (outcome.correction) corrections.push({ typed: word, read: outcome.correction });
				if (outcome.matched) matchedWords.push(buffer);
				else unmatched.push(word);
			}
			candidates = [];
			if (matchedWords.length === 1) {
				relevance = matchedWords[0]!.scores;
				candidates = matchedWords[0]!.touched;
			} else if (matchedWords.length > 1) {
				// every word must match: walk the rarest word's slots
				const combined = this.borrowScores(n);
				borrowed.push(combined);
				relevance = combined.scores;
				const rarest = matchedWords.reduce((a, b) => (b.touched.length < a.touched.length ? b : a));
				for (const slot of rarest.touched) {
					let sum = 0;
					let all = true;
					for (const word of matchedWords) {
						const score = word.scores[slot]!;
						if (score === 0) {
							all = false;
							break;
						}
						sum += score;
					}
					if (all) {
						relevance[slot] = sum;
						combined.touched.push(slot);
					}
				}
				if (!combined.touched.length) {
					partial = true;
					for (const word of matchedWords)
						for (const slot of word.touched) {
							if (relevance[slot] === 0) combined.touched.push(slot);
							relevance[slot] = relevance[slot]! + word.scores[slot]! / matchedWords.length;
						}
				}
				candidates = combined.touched;
			}
			// slot order, so that equal keys keep index order as without words; a word that touches most
			// groups is cheaper to check slot by slot
			candidates = candidates.length * 4 > n ? null : Array.from(Int32Array.from(candidates).sort());
			if (!candidates && !relevance) relevance = new Float32Array(n);
		}

		// --- filters as bit masks over the columns
		let topicAllowed: Uint8Array | null = null;
		if (query.topicIds?.length) {
			topicAllowed = new Uint8Array(n);
			for (const id of this.topicsWithNarrower(query.topicIds)) for (const slot of this.topicPostings.get(id) ?? []) topicAllowed[slot] = 1;
		}
		const accessWanted = (query.accessible ?? []).reduce((mask, f) => mask | accessBit(f), 0);
		const weekdayWanted = (query.weekdays ?? []).reduce((mask, d) => mask | (1 << d), 0);
		const timeWanted = (query.timesOfDay ?? []).reduce((mask, t) => mask | timeBit(t), 0);
		const audienceWanted = (query.audiences ?? []).reduce((mask, a) => mask | (1 << AUDIENCE_CODES.indexOf(a)), 0);
		let formatAllowed = 0b111;
		if (query.formats?.length) {
			formatAllowed = 0;
			for (const format of query.formats) formatAllowed |= 1 << FORMAT_CODES.indexOf(format);
			// hybrid groups can be visited in person and online
			if (formatAllowed & 0b011) formatAllowed |= 0b100;
		}
		const languages = query.languages?.length ? query.languages : null;
		const place = query.place;

		// --- one pass: matches inside the radius (slot, rank key, distance), facet counts, nearest five outside
		const size = candidates ? candidates.length : n;
		const matchSlot = new Int32Array(size);
		const matchKey = new Float64Array(size);
		const matchDistance = new Float64Array(size);
		let count = 0;
		let nearby = 0;
		const outside: { slot: number; distance: number }[] = [];
		const facetFormats = new Int32Array(3);
		const facetAudiences = new Int32Array(4);
		const facetAccess = new Int32Array(4);
		const facetWeekdays = new Int32Array(8);
		const facetTimes = new Int32Array(3);
		// counted per distinct list, spread over its members after the pass
		const facetTopicLists = new Int32Array(this.listByOrdinal.length);
		const facetLanguageLists = new Int32Array(this.listByOrdinal.length);
		let languageAllowed: Uint8Array | null = null;
		if (languages) {
			languageAllowed = new Uint8Array(this.listByOrdinal.length);
			this.listByOrdinal.forEach((list, ordinal) => {
				if (languages.some((l) => list.includes(l))) languageAllowed![ordinal] = 1;
			});
		}
		let facetNew = 0;
		const scanned = candidates ? candidates.length : n;
		for (let c = 0; c < scanned; c++) {
			const slot = candidates ? candidates[c]! : c;
			if (!this.alive[slot]) continue;
			const score = relevance ? relevance[slot]! : 1;
			if (score <= 0) continue;
			if (topicAllowed && !topicAllowed[slot]) continue;
			if (audienceWanted && !(this.audienceMask[slot]! & audienceWanted)) continue;
			if (!((1 << this.formatCode[slot]!) & formatAllowed)) continue;
			if (accessWanted && (this.accessMask[slot]! & accessWanted) !== accessWanted) continue;
			if (weekdayWanted && !(this.weekdayMask[slot]! & weekdayWanted)) continue;
			if (timeWanted && !(this.timeMask[slot]! & timeWanted)) continue;
			if (query.newMembers && !this.accepting[slot]) continue;
			if (languageAllowed && !languageAllowed[this.languageList[slot]!]) continue;
			let distance = -1;
			if (place) {
				const online = this.formatCode[slot] === 1;
				const lat = this.lat[slot]!;
				if (!online) {
					// groups without a known place are found only without a place filter
					if (Number.isNaN(lat)) continue;
					const rough = roughKm(place.lat, place.lon, lat, this.lon[slot]!);
					if (rough > radius) {
						if (outside.length < BEYOND_LIMIT || rough < outside[outside.length - 1]!.distance) {
							outside.push({ slot, distance: rough });
							outside.sort((x, y) => x.distance - y.distance);
							if (outside.length > BEYOND_LIMIT) outside.pop();
						}
						continue;
					}
					distance = rough;
					nearby++;
				}
			}
			matchSlot[count] = slot;
			matchDistance[count] = distance;
			// without a place: relevance; with one: relevance damped by distance, or nearest first
			matchKey[count] = !place
				? score
				: relevance
					? score / (1 + (distance < 0 ? radius : distance) / 15)
					: -(distance < 0 ? radius : distance);
			count++;
			facetFormats[this.formatCode[slot]!]!++;
			const audiences = this.audienceMask[slot]!;
			for (let i = 0; i < 4; i++) if (audiences & (1 << i)) facetAudiences[i]!++;
			const access = this.accessMask[slot]!;
			for (let i = 0; i < 4; i++) if (access & (1 << i)) facetAccess[i]!++;
			const days = this.weekdayMask[slot]!;
			for (let day = 1; day <= 7; day++) if (days & (1 << day)) facetWeekdays[day]!++;
			const times = this.timeMask[slot]!;
			for (let i = 0; i < 3; i++) if (times & (1 << i)) facetTimes[i]!++;
			facetTopicLists[this.topicList[slot]!]!++;
			facetLanguageLists[this.languageList[slot]!]!++;
			if (this.accepting[slot]) facetNew++;
		}

		// --- the shown page: the best `page × pageSize` kept in a small heap, not a sort of every match
		// a page beyond the last costs nothing (and cannot be used to make the server sort everything)
		const wanted = (page - 1) * pageSize >= count ? 0 : Math.min(count, page * pageSize);
		const better = (a: number, b: number) => matchKey[a]! > matchKey[b]! || (matchKey[a] === matchKey[b] && a < b);
		const heap: number[] = [];
		const siftDown = (from: number) => {
			let i = from;
			for (;;) {
				const left = 2 * i + 1;
				const right = left + 1;
				let worst = i;
				if (left < heap.length && better(heap[worst]!, heap[left]!)) worst = left;
				if (right < heap.length && better(heap[worst]!, heap[right]!)) worst = right;
				if (worst === i) return;
				[heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
				i = worst;
			}
		};
		for (let m = 0; m < count && wanted > 0; m++) {
			if (heap.length < wanted) {
				heap.push(m);
				let i = heap.length - 1;
				while (i > 0) {
					const parent = (i - 1) >> 1;
					if (!better(heap[parent]!, heap[i]!)) break;
					[heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
					i = parent;
				}
			} else if (better(m, heap[0]!)) {
				heap[0] = m;
				siftDown(0);
			}
		}
		heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
		const hit = (slot: number, distance: number, score: number): SearchHit => {
			const group = this.view(slot);
			const exact =
				place && distance >= 0 && group.lat !== null && group.lon !== null ? distanceKm(place, { lat: group.lat, lon: group.lon }) : null;
			return { group, distanceKm: exact, score };
		};
		const items = heap
			.slice((page - 1) * pageSize)
			.map((m) => hit(matchSlot[m]!, matchDistance[m]!, relevance ? relevance[matchSlot[m]!]! : 1));

		// online groups are shown everywhere, but they do not replace a group one can walk to
		const beyondRadius =
			place && nearby < MIN_RADIUS_RESULTS ? outside.map(({ slot }) => hit(slot, 0, relevance ? relevance[slot]! : 1)) : [];

		const record = (codes: readonly string[], counts: Int32Array, offset = 0) =>
			Object.fromEntries(codes.map((code, i) => [code, counts[i + offset]!]).filter(([, c]) => (c as number) > 0));
		const topicCounts = new Map<string, number>();
		const languageCounts: Record<string, number> = {};
		for (let ordinal = 0; ordinal < this.listByOrdinal.length; ordinal++) {
			const list = this.listByOrdinal[ordinal]!;
			const topicCount = facetTopicLists[ordinal]!;
			if (topicCount) for (const id of list) topicCounts.set(id, (topicCounts.get(id) ?? 0) + topicCount);
			const languageCount = facetLanguageLists[ordinal]!;
			if (languageCount) for (const code of list) languageCounts[code] = (languageCounts[code] ?? 0) + languageCount;
		}
		const topics = [...topicCounts].map(([id, count]) => ({ id, count }));
		topics.sort((a, b) => b.count - a.count);
		for (const buffer of borrowed) this.returnScores(buffer);
		return {
			total: count,
			page,
			pageSize,
			items,
			beyondRadius,
			facets: {
				topics: topics.slice(0, MAX_TOPIC_FACETS),
				audiences: record(AUDIENCE_CODES, facetAudiences),
				languages: languageCounts,
				formats: record(FORMAT_CODES, facetFormats),
				accessible: record(ACCESSIBILITY_FEATURES, facetAccess),
				weekdays: record(['1', '2', '3', '4', '5', '6', '7'], facetWeekdays, 1),
				timesOfDay: record(TIMES_OF_DAY, facetTimes),
				newMembers: facetNew
			},
			corrections,
			understoodTopicIds: [...understood],
			partial,
			unmatched
		};
	}
}

export { isStopword };
