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
export type IndexedGroup = Omit<DirectoryGroup, 'description' | 'firstVisit'> & {
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

export class SearchIndex {
	private docs: (IndexedGroup | null)[] = [];
	private slotById = new Map<string, number>();
	/** term → encoded postings (slot * 4 + field weight) */
	private postings = new Map<string, number[]>();
	private topicPostings = new Map<string, number[]>();
	private sortedTerms: string[] | null = null;
	private termsByInitial: Map<string, string[]> | null = null;
	private vocab: Vocab = buildVocab([], []);
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
		return slot === undefined ? undefined : (this.docs[slot] ?? undefined);
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

	/** Adds a group or replaces its previous version. */
	upsert(group: DirectoryGroup): void {
		this.removeSlot(group.id);
		const slot = this.docs.length;
		let accessMask = 0;
		let weekdayMask = 0;
		let timeMask = 0;
		let lat: number | null = null;
		let lon: number | null = null;
		for (const series of group.series) {
			for (const feature of series.accessibility) accessMask |= accessBit(feature);
			const pattern = meetingPattern(series.recurrence);
			for (const day of pattern.weekdays) weekdayMask |= 1 << day;
			for (const time of pattern.times) timeMask |= timeBit(time);
			if (lat === null && series.lat !== null && series.lon !== null) {
				lat = series.lat;
				lon = series.lon;
			}
		}
		const { description, firstVisit, ...rest } = group;
		this.docs.push({ ...rest, summary: summaryOf(description), lat, lon, accessMask, weekdayMask, timeMask });
		this.slotById.set(group.id, slot);

		const fieldOf = new Map<string, number>();
		const note = (text: string, field: number) => {
			for (const term of terms(text)) if ((fieldOf.get(term) ?? 0) < field) fieldOf.set(term, field);
		};
		note(`${description} ${firstVisit}`, FIELD.description);
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
		for (const topicId of new Set(group.topicIds)) {
			let list = this.topicPostings.get(topicId);
			if (!list) this.topicPostings.set(topicId, (list = []));
			list.push(slot);
		}
		this.version++;
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
		this.docs[slot] = null;
		this.slotById.delete(id);
		this.dead++;
		// postings keep pointing at the empty slot until the next compaction
		if (this.dead > 1000 && this.dead > this.docs.length / 4) this.compact();
		return true;
	}

	/** Drops empty slots and their postings (after many updates). */
	compact(): void {
		const alive = this.docs.filter((d): d is IndexedGroup => d !== null);
		const remap = new Int32Array(this.docs.length).fill(-1);
		let next = 0;
		this.docs.forEach((doc, slot) => {
			if (doc) remap[slot] = next++;
		});
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
		this.docs = alive;
		this.slotById = new Map(alive.map((doc, slot) => [doc.id, slot]));
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
		scores: Float32Array
	): { matched: boolean; topics: string[]; correction?: string } {
		const stem = germanStem(word);
		const touch = (slot: number, score: number) => {
			if (scores[slot]! < score) scores[slot] = score;
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

	search(query: SearchQuery): SearchResult {
		const page = Math.max(1, query.page ?? 1);
		const pageSize = Math.max(1, query.pageSize ?? 20);
		const radius = query.radiusKm ?? 25;
		const n = this.docs.length;

		// --- words → per-slot relevance
		const typed = words(query.q ?? '');
		const corrections: { typed: string; read: string }[] = [];
		const understood = new Set<string>();
		const unmatched: string[] = [];
		let relevance: Float32Array | null = null;
		let partial = false;
		if (typed.length) {
			const wordScores: Float32Array[] = [];
			for (let i = 0; i < typed.length; i++) {
				// two words that together are a thesaurus phrase ("soziale phobie") count as one
				const pair = i + 1 < typed.length ? this.vocab.byPhrase.get(`${typed[i]} ${typed[i + 1]}`) : undefined;
				const scores = new Float32Array(n);
				const word = pair ? `${typed[i]} ${typed[i + 1]}` : typed[i]!;
				const outcome = this.scoreWord(pair ? word.replace(' ', '') : word, pair, scores);
				if (pair) i++;
				outcome.topics.forEach((id) => understood.add(id));
				if (outcome.correction) corrections.push({ typed: word, read: outcome.correction });
				if (outcome.matched) wordScores.push(scores);
				else unmatched.push(word);
			}
			relevance = new Float32Array(n);
			if (wordScores.length) {
				let any = false;
				for (let slot = 0; slot < n; slot++) {
					let sum = 0;
					let all = true;
					for (const scores of wordScores) {
						const s = scores[slot]!;
						if (s === 0) all = false;
						sum += s;
					}
					if (all && sum > 0) {
						relevance[slot] = sum;
						any = true;
					}
				}
				if (!any && wordScores.length > 1) {
					partial = true;
					for (let slot = 0; slot < n; slot++) {
						let sum = 0;
						for (const scores of wordScores) sum += scores[slot]!;
						relevance[slot] = sum / wordScores.length;
					}
				}
			}
			// words that matched nothing do not empty the result when other words matched
			if (!wordScores.length) relevance = new Float32Array(n); // nothing matches
		}

		// --- filters
		const topicFilter = query.topicIds?.length ? this.topicsWithNarrower(query.topicIds) : null;
		const accessWanted = (query.accessible ?? []).reduce((mask, f) => mask | accessBit(f), 0);
		const weekdayWanted = (query.weekdays ?? []).reduce((mask, d) => mask | (1 << d), 0);
		const timeWanted = (query.timesOfDay ?? []).reduce((mask, t) => mask | timeBit(t), 0);
		const formats = query.formats?.length ? new Set(query.formats) : null;
		const matchesFormat = (format: string) =>
			!formats || formats.has(format) || (format === 'hybrid' && (formats.has('in_person') || formats.has('online')));

		const inside: SearchHit[] = [];
		const outside: SearchHit[] = [];
		const place = query.place;
		const latSpan = radius / 111.2;
		for (let slot = 0; slot < n; slot++) {
			const doc = this.docs[slot];
			if (!doc) continue;
			const score = relevance ? relevance[slot]! : 1;
			if (score <= 0) continue;
			if (topicFilter && !doc.topicIds.some((id) => topicFilter.has(id))) continue;
			if (query.audiences?.length && !query.audiences.some((a) => doc.audiences.includes(a))) continue;
			if (query.languages?.length && !query.languages.some((l) => doc.languages.includes(l))) continue;
			if (!matchesFormat(doc.format)) continue;
			if (accessWanted && (doc.accessMask & accessWanted) !== accessWanted) continue;
			if (weekdayWanted && !(doc.weekdayMask & weekdayWanted)) continue;
			if (timeWanted && !(doc.timeMask & timeWanted)) continue;
			if (query.newMembers && !doc.acceptingMembers) continue;
			if (!place) {
				inside.push({ group: doc, distanceKm: null, score });
				continue;
			}
			if (doc.format === 'online' || doc.lat === null || doc.lon === null) {
				// online groups are near everyone; groups without a known place only without a place filter
				if (doc.format === 'online') inside.push({ group: doc, distanceKm: null, score });
				continue;
			}
			if (Math.abs(doc.lat - place.lat) <= latSpan) {
				const distance = distanceKm(place, { lat: doc.lat, lon: doc.lon });
				if (distance <= radius) {
					inside.push({ group: doc, distanceKm: distance, score });
					continue;
				}
			}
			outside.push({ group: doc, distanceKm: null, score });
		}

		// --- ranking: relevance, damped by distance; without words, nearest first
		const rank = (hit: SearchHit) => {
			if (!place) return hit.score;
			const distance = hit.distanceKm ?? radius;
			return relevance ? hit.score / (1 + distance / 15) : -distance;
		};
		const keyed = inside.map((hit) => ({ hit, key: rank(hit) }));
		keyed.sort((a, b) => b.key - a.key || a.hit.group.name.localeCompare(b.hit.group.name, 'de'));
		const sorted = keyed.map((k) => k.hit);

		let beyondRadius: SearchHit[] = [];
		// online groups are shown everywhere, but they do not replace a group one can walk to
		const nearby = place ? sorted.filter((hit) => hit.distanceKm !== null).length : 0;
		if (place && nearby < MIN_RADIUS_RESULTS && outside.length) {
			for (const hit of outside) hit.distanceKm = distanceKm(place, { lat: hit.group.lat!, lon: hit.group.lon! });
			outside.sort((a, b) => a.distanceKm! - b.distanceKm!);
			beyondRadius = outside.slice(0, BEYOND_LIMIT);
		}

		return {
			total: sorted.length,
			page,
			pageSize,
			items: sorted.slice((page - 1) * pageSize, page * pageSize),
			beyondRadius,
			facets: facetsOf(sorted),
			corrections,
			understoodTopicIds: [...understood],
			partial,
			unmatched
		};
	}
}

function facetsOf(hits: SearchHit[]): FacetCounts {
	const topics = new Map<string, number>();
	const facets: FacetCounts = {
		topics: [],
		audiences: {},
		languages: {},
		formats: {},
		accessible: {},
		weekdays: {},
		timesOfDay: {},
		newMembers: 0
	};
	const bump = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);
	for (const { group } of hits) {
		for (const id of group.topicIds) topics.set(id, (topics.get(id) ?? 0) + 1);
		for (const a of group.audiences) bump(facets.audiences, a);
		for (const l of group.languages) bump(facets.languages, l);
		bump(facets.formats, group.format);
		ACCESSIBILITY_FEATURES.forEach((f, i) => group.accessMask & (1 << i) && bump(facets.accessible, f));
		for (let day = 1; day <= 7; day++) if (group.weekdayMask & (1 << day)) bump(facets.weekdays, String(day));
		TIMES_OF_DAY.forEach((t, i) => group.timeMask & (1 << i) && bump(facets.timesOfDay, t));
		if (group.acceptingMembers) facets.newMembers++;
	}
	facets.topics = [...topics].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count);
	return facets;
}

export { isStopword };
