/**
 * Text folding shared by header recognition and value normalisers: case-, accent- and
 * punctuation-insensitive, with German transcriptions (ä = ae, ß = ss) treated alike.
 */

/** Lower case, accents removed, ß → ss, ae/oe/ue → a/o/u (so "Angehoerige" equals "Angehörige"). */
export function fold(text: string): string {
	return text
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ae/g, 'a')
		.replace(/oe/g, 'o')
		.replace(/ue/g, 'u');
}

/** The folded words of a text: every run of characters other than a–z and 0–9 separates words. */
export function words(text: string): string[] {
	return fold(text)
		.split(/[^a-z0-9]+/)
		.filter((word) => word !== '');
}

/** Words that carry no meaning in everyday cell values ("über die Kontaktstelle" = "Kontaktstelle"). */
const STOPWORDS = new Set([
	'a',
	'an',
	'auf',
	'das',
	'dem',
	'den',
	'der',
	'des',
	'die',
	'for',
	'fur',
	'im',
	'in',
	'nur',
	'the',
	'to',
	'uber',
	'via',
	'zu',
	'zum',
	'zur'
]);

/** The comparable form of an everyday value: folded words without stop words, joined by one space. */
export function valueKey(text: string): string {
	return words(text)
		.filter((word) => !STOPWORDS.has(word))
		.join(' ');
}

/** Removes parenthesised and bracketed parts: "Deutsch (Muttersprache)" → "Deutsch ". */
export function withoutBrackets(text: string): string {
	return text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
}

/** Values that mean "no information" in a cell; they count as empty. */
const NO_INFORMATION = new Set(['-', '–', '—', '/', '?', '--', 'k.a.', 'k. a.', 'keine angabe', 'keine angaben', 'n/a', 'n.a.', 'na']);

/** True when a cell is empty or only says that nothing is known ("-", "k. A.", "n/a"). */
export function isBlank(text: string): boolean {
	const trimmed = text.trim();
	return trimmed === '' || NO_INFORMATION.has(trimmed.toLowerCase());
}

/** Builds a lookup from everyday values (compared by `valueKey`) to model values. */
export function dictionary<T>(entries: ReadonlyArray<readonly [T, readonly string[]]>): Map<string, T> {
	const map = new Map<string, T>();
	for (const [value, names] of entries) {
		for (const name of names) {
			const key = valueKey(name);
			if (key === '') throw new Error(`value "${name}" has no words`);
			const existing = map.get(key);
			if (existing !== undefined && existing !== value) throw new Error(`ambiguous value "${name}"`);
			map.set(key, value);
		}
	}
	return map;
}

/**
 * Finds a model value for everyday text: the whole text, then without brackets, then the part
 * before the first comma, colon or bracket, then its first word ("Ja, mit Aufzug" → "ja").
 */
export function lookup<T>(map: Map<string, T>, text: string): T | undefined {
	const candidates = [text, withoutBrackets(text), text.split(/[,;:(]/)[0] ?? ''];
	for (const candidate of candidates) {
		const key = valueKey(candidate);
		const found = key === '' ? undefined : map.get(key);
		if (found !== undefined) return found;
	}
	const first = valueKey(text).split(' ')[0] ?? '';
	return first === '' ? undefined : map.get(first);
}
