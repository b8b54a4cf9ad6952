import { describe, it, expect } from 'vitest';
import data from './starter-thesaurus.json' with { type: 'json' };
import { TOPIC_CATEGORIES } from '../../../schemas/topic.js';

/** DIR-7: the German starter thesaurus that ships with Treffpunkt. */

type Category = { key: string; de: string; en: string };
type Topic = { key: string; de: string; en: string; category: string; broader: string[]; synonyms: string[] };

const categories = data.categories as Category[];
const topics = data.topics as Topic[];
const byKey = new Map(topics.map((topic) => [topic.key, topic]));

// the categories the database accepts (topics_category_check) and the forms offer
const CATEGORY_KEYS: readonly string[] = TOPIC_CATEGORIES;

const lower = (text: string) => text.toLocaleLowerCase('de');

function duplicates(values: string[]): string[] {
	const seen = new Set<string>();
	const twice = new Set<string>();
	for (const value of values) (seen.has(value) ? twice : seen).add(value);
	return [...twice];
}

/** Topics whose preferred label or one of whose synonyms is the word (case-insensitive). */
function resolve(word: string): Topic[] {
	const wanted = lower(word);
	return topics.filter((topic) => lower(topic.de) === wanted || topic.synonyms.some((synonym) => lower(synonym) === wanted));
}

describe('starter thesaurus (DIR-7)', () => {
	it('has a version, a licence and at least 300 topics', () => {
		expect(data.version).toBeGreaterThanOrEqual(1);
		expect(data.licence).toMatch(/CC0/);
		expect(topics.length).toBeGreaterThanOrEqual(300);
	});

	it('has unique, well-formed keys', () => {
		for (const topic of topics) expect(topic.key, topic.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		expect(duplicates(topics.map((topic) => topic.key))).toEqual([]);
	});

	it('has unique, non-empty German and English labels', () => {
		for (const topic of topics) {
			expect(topic.de.trim(), topic.key).toBe(topic.de);
			expect(topic.en.trim(), topic.key).toBe(topic.en);
			expect(topic.de.length, topic.key).toBeGreaterThan(0);
			expect(topic.en.length, topic.key).toBeGreaterThan(0);
		}
		expect(duplicates(topics.map((topic) => lower(topic.de)))).toEqual([]);
		expect(duplicates(topics.map((topic) => lower(topic.en)))).toEqual([]);
	});

	it('uses exactly the known categories, each with at least 5 topics', () => {
		expect(categories.map((category) => category.key).sort()).toEqual([...CATEGORY_KEYS].sort());
		for (const category of categories) {
			expect(category.de.length, category.key).toBeGreaterThan(0);
			expect(category.en.length, category.key).toBeGreaterThan(0);
		}
		for (const topic of topics) expect(CATEGORY_KEYS, topic.key).toContain(topic.category);
		for (const key of CATEGORY_KEYS) {
			expect(topics.filter((topic) => topic.category === key).length, key).toBeGreaterThanOrEqual(5);
		}
	});

	it('points broader terms at existing topics, at most two each', () => {
		for (const topic of topics) {
			expect(topic.broader.length, topic.key).toBeLessThanOrEqual(2);
			expect(duplicates(topic.broader), topic.key).toEqual([]);
			for (const broader of topic.broader) {
				expect(byKey.has(broader), `${topic.key} → ${broader}`).toBe(true);
				expect(broader, topic.key).not.toBe(topic.key);
			}
		}
	});

	it('has no cycles: no topic is its own ancestor', () => {
		const ancestorsOf = (key: string): Set<string> => {
			const found = new Set<string>();
			const queue = [...(byKey.get(key)?.broader ?? [])];
			while (queue.length > 0) {
				const next = queue.shift() as string;
				if (found.has(next)) continue;
				found.add(next);
				queue.push(...(byKey.get(next)?.broader ?? []));
			}
			return found;
		};
		for (const topic of topics) expect(ancestorsOf(topic.key).has(topic.key), topic.key).toBe(false);
	});

	it('builds a real hierarchy with umbrella topics and several levels', () => {
		const umbrellas = new Set(topics.flatMap((topic) => topic.broader));
		expect(umbrellas.size).toBeGreaterThanOrEqual(20);
		const depth = (key: string): number => 1 + Math.max(0, ...(byKey.get(key)?.broader ?? []).map(depth));
		expect(Math.max(...topics.map((topic) => depth(topic.key)))).toBeGreaterThanOrEqual(3);
		// the examples from the brief
		expect(byKey.get('alkoholabhaengigkeit')?.broader).toContain('substanzabhaengigkeit');
		expect(byKey.get('substanzabhaengigkeit')?.broader).toContain('sucht');
		expect(byKey.get('brustkrebs')?.broader).toContain('krebs');
	});

	it('has trimmed, non-empty synonyms that never equal another topic’s preferred label', () => {
		const labelOwner = new Map(topics.map((topic) => [lower(topic.de), topic.key]));
		for (const topic of topics) {
			expect(topic.synonyms.length, topic.key).toBeGreaterThan(0);
			expect(duplicates(topic.synonyms.map(lower)), topic.key).toEqual([]);
			for (const synonym of topic.synonyms) {
				expect(typeof synonym).toBe('string');
				expect(synonym.length, topic.key).toBeGreaterThan(0);
				expect(synonym.trim(), topic.key).toBe(synonym);
				const owner = labelOwner.get(lower(synonym));
				expect(owner === undefined || owner === topic.key, `${topic.key}: "${synonym}" is the label of ${owner}`).toBe(true);
			}
		}
	});

	it('keeps synonyms shared between topics to a handful of truly ambiguous words', () => {
		const owners = new Map<string, Set<string>>();
		for (const topic of topics) {
			for (const synonym of topic.synonyms) owners.set(lower(synonym), (owners.get(lower(synonym)) ?? new Set()).add(topic.key));
		}
		const shared = [...owners].filter(([, keys]) => keys.size > 1).map(([synonym]) => synonym);
		expect(shared.length, shared.join(', ')).toBeLessThanOrEqual(10);
	});

	it.each([
		['Alkohol', 'addiction'],
		['trinken', 'addiction'],
		['saufen', 'addiction'],
		['Spielsucht', 'addiction'],
		['Sucht', 'addiction'],
		['Burnout', 'mental_health'],
		['Depression', 'mental_health'],
		['Angst', 'mental_health'],
		['Bipolar', 'mental_health'],
		['manisch-depressiv', 'mental_health'],
		['PTBS', 'mental_health'],
		['ADHS', 'mental_health'],
		['psychische Erkrankung', 'mental_health'],
		['Parkinson', 'chronic_illness'],
		['Long Covid', 'chronic_illness'],
		['MS', 'chronic_illness'],
		['COPD', 'chronic_illness'],
		['Krebs', 'cancer'],
		['Brustkrebs', 'cancer'],
		['pflegende Angehörige', 'relatives'],
		['Trauer', 'loss_grief'],
		['Sternenkinder', 'loss_grief'],
		['Alleinerziehende', 'family'],
		['Schulden', 'social_situation'],
		['Einsamkeit', 'social_situation'],
		['häusliche Gewalt', 'violence'],
		['queer', 'gender_health'],
		['Demenz', 'older_age'],
		['gehörlos', 'disability'],
		['Mukoviszidose', 'rare_disease']
	])('resolves the everyday word "%s" to %s', (word, category) => {
		const found = resolve(word);
		expect(found.length, word).toBeGreaterThan(0);
		for (const topic of found) expect(topic.category, `${word} → ${topic.key}`).toBe(category);
	});
});
