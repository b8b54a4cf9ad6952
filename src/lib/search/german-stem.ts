/**
 * A German stemmer after the Snowball "German" algorithm (M. Porter), written for terms already
 * in the project's normal form (lower case, umlauts as ae/oe/ue, ß as ss: see normalizeTerm).
 * Stems are not words: they only need to be the same for the forms of one word, e.g.
 * "Angehörige" / "Angehörigen" → "angehoerig", "Depressionen" → "depression".
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.has(c);
const S_ENDING = new Set(['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'r', 't']);
const ST_ENDING = new Set(['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 't']);

/** Start of the region after the first non-vowel that follows a vowel, from `from` on. */
function regionAfter(word: string, from: number): number {
	for (let i = from + 1; i < word.length; i++) {
		if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
	}
	return word.length;
}

export function germanStem(input: string): string {
	if (input.length < 4 || /\d/.test(input)) return input;
	// u and y between vowels count as consonants: mark them upper case while stemming
	let word = '';
	for (let i = 0; i < input.length; i++) {
		const c = input[i]!;
		if ((c === 'u' || c === 'y') && isVowel(input[i - 1]) && isVowel(input[i + 1])) word += c.toUpperCase();
		else word += c;
	}
	let r1 = regionAfter(word, 0);
	if (r1 < 3) r1 = 3;
	const r2 = regionAfter(word, r1 - 1 < 0 ? 0 : r1 - 1 >= word.length ? word.length : r1 - 1);
	const inR1 = (suffix: string) => word.length - suffix.length >= r1;
	const inR2 = (suffix: string) => word.length - suffix.length >= Math.max(r2, r1);

	// step 1
	const step1 = ['ern', 'em', 'er', 'en', 'es', 'e', 's'].find((s) => word.endsWith(s));
	if (step1 && inR1(step1)) {
		if (step1 === 's') {
			if (S_ENDING.has(word[word.length - 2] ?? '')) word = word.slice(0, -1);
		} else {
			word = word.slice(0, -step1.length);
			if ((step1 === 'e' || step1 === 'en' || step1 === 'es') && word.endsWith('niss')) word = word.slice(0, -1);
		}
	}
	// step 2
	const step2 = ['est', 'en', 'er', 'st'].find((s) => word.endsWith(s));
	if (step2 && inR1(step2)) {
		if (step2 === 'st') {
			if (ST_ENDING.has(word[word.length - 3] ?? '') && word.length - 3 >= 3) word = word.slice(0, -2);
		} else word = word.slice(0, -step2.length);
	}
	// step 3: derivational suffixes
	const step3 = ['heit', 'lich', 'keit', 'isch', 'end', 'ung', 'ig', 'ik'].find((s) => word.endsWith(s));
	if (step3 && inR2(step3)) {
		const before = word.slice(0, -step3.length);
		if (step3 === 'end' || step3 === 'ung') {
			word = before;
			if (word.endsWith('ig') && !word.endsWith('eig') && inR2('ig')) word = word.slice(0, -2);
		} else if (step3 === 'ig' || step3 === 'ik' || step3 === 'isch') {
			if (!before.endsWith('e')) word = before;
		} else if (step3 === 'lich' || step3 === 'heit') {
			word = before;
			if ((word.endsWith('er') || word.endsWith('en')) && inR1('er')) word = word.slice(0, -2);
		} else if (step3 === 'keit') {
			word = before;
			if (word.endsWith('lich') && inR2('lich')) word = word.slice(0, -4);
			else if (word.endsWith('ig') && inR2('ig')) word = word.slice(0, -2);
		}
	}
	return word.toLowerCase();
}
