/**
 * Pure matching of what people type to thesaurus topics: the group form, the import and (later) the
 * directory search share these rules. Terms are compared in a normal form: lower case, umlauts as
 * ae/oe/ue/ss (so "Angehoerige" and "Angehörige" are the same), other accents and punctuation removed.
 */
export type VocabularyTopic = { id: string; key: string; labelDe: string; labelEn: string; category: string; synonyms: string[] };

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

export function normalizeTerm(text: string): string {
	return text
		.toLowerCase()
		.replace(/[äöüß]/g, (c) => UMLAUTS[c] ?? c)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
			current.push(value);
			if (value < rowMin) rowMin = value;
		}
		if (rowMin > max) return max + 1;
		previous = current;
	}
	return previous[b.length] ?? max + 1;
}

export type Vocabulary = {
	topics: VocabularyTopic[];
	/** normal form of a label or synonym → topic */
	byTerm: Map<string, VocabularyTopic>;
	byId: Map<string, VocabularyTopic>;
};

export function buildVocabulary(topics: VocabularyTopic[]): Vocabulary {
	const byTerm = new Map<string, VocabularyTopic>();
	// preferred labels win over synonyms when a word is both
	for (const topic of topics) byTerm.set(normalizeTerm(topic.labelDe), topic);
	for (const topic of topics) {
		for (const term of [topic.labelEn, topic.key.replace(/-/g, ' '), ...topic.synonyms]) {
			const normal = normalizeTerm(term);
			if (normal && !byTerm.has(normal)) byTerm.set(normal, topic);
		}
	}
	return { topics, byTerm, byId: new Map(topics.map((topic) => [topic.id, topic])) };
}

/** The topic a typed label means (preferred label, synonym or English label), or undefined. */
export function matchTopic(vocabulary: Vocabulary, label: string): VocabularyTopic | undefined {
	return vocabulary.byTerm.get(normalizeTerm(label));
}

/** The topics nearest to an unknown label: same beginning, containing it, or a small typo away. */
export function suggestTopics(vocabulary: Vocabulary, label: string, limit = 5): VocabularyTopic[] {
	const wanted = normalizeTerm(label);
	if (!wanted) return [];
	const scored = new Map<string, { topic: VocabularyTopic; score: number }>();
	const maxTypos = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
	for (const [term, topic] of vocabulary.byTerm) {
		let score: number | undefined;
		if (term.startsWith(wanted) || wanted.startsWith(term)) score = 1;
		else if (term.includes(wanted) || (term.length >= 4 && wanted.includes(term))) score = 2;
		else {
			const distance = editDistance(wanted, term, maxTypos);
			if (distance <= maxTypos) score = 2 + distance;
		}
		if (score === undefined) continue;
		const previous = scored.get(topic.id);
		if (!previous || previous.score > score) scored.set(topic.id, { topic, score });
	}
	return [...scored.values()]
		.sort((a, b) => a.score - b.score || a.topic.labelDe.localeCompare(b.topic.labelDe, 'de'))
		.slice(0, limit)
		.map((entry) => entry.topic);
}

/** Splits typed labels into known topics and unknown words (kept as free keywords). */
export function resolveLabels(vocabulary: Vocabulary, labels: string[]): { topicIds: string[]; unknown: string[] } {
	const topicIds: string[] = [];
	const unknown: string[] = [];
	for (const label of labels) {
		const trimmed = label.trim();
		if (!trimmed) continue;
		const topic = matchTopic(vocabulary, trimmed);
		if (topic) {
			if (!topicIds.includes(topic.id)) topicIds.push(topic.id);
		} else if (!unknown.some((word) => normalizeTerm(word) === normalizeTerm(trimmed))) unknown.push(trimmed);
	}
	return { topicIds, unknown };
}
