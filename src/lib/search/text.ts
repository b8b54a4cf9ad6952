import { normalizeTerm } from '../server/modules/topics/vocabulary.js';
import { germanStem } from './german-stem.js';

/**
 * How the directory turns text into search terms: the thesaurus' normal form (lower case, umlauts
 * as ae/oe/ue/ss), split into words, without words that carry no meaning in a search for a group,
 * each reduced to its German stem.
 */

/** Words that say nothing about which group someone looks for. */
const STOPWORDS = new Set(
	(
		'a ab aber alle als am an auch auf aus bei bin bis da dass das dem den der des die dies diese dieser doch du ein eine einem einen einer eines er es fuer gibt hat haben ich ihr im in ist ja kein keine man mein meine mit nach nicht noch nur ob oder ohne sich sie sind so um und uns unter vom von vor was wenn wer wie wir wird zu zum zur ' +
		'the and for of with to my our' +
		' gruppe gruppen selbsthilfe selbsthilfegruppe selbsthilfegruppen shg treffen treff treffpunkt hilfe gespraechskreis gespraechsgruppe kreis group groups self help'
	).split(' ')
);

export function isStopword(normalWord: string): boolean {
	return STOPWORDS.has(normalWord);
}

/** The normal-form words of a text, without stopwords and single letters. */
export function words(text: string): string[] {
	const normal = normalizeTerm(text);
	if (!normal) return [];
	return normal.split(' ').filter((word) => word.length > 1 && !STOPWORDS.has(word));
}

/** The search terms (stems) of a text, each once. */
export function terms(text: string): string[] {
	return [...new Set(words(text).map(germanStem))];
}

export { germanStem, normalizeTerm };
