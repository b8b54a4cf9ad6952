import * as v from 'valibot';
import { LIMITS, optionalText, requiredText } from './common.js';

export const TOPIC_CATEGORIES = [
	'addiction',
	'mental_health',
	'chronic_illness',
	'cancer',
	'disability',
	'rare_disease',
	'relatives',
	'family',
	'loss_grief',
	'social_situation',
	'violence',
	'gender_health',
	'older_age'
] as const;
export type TopicCategory = (typeof TOPIC_CATEGORIES)[number];

/** A thesaurus topic as the topics page edits it (DIR-7); synonyms separated by commas. */
export const TopicInput = v.strictObject({
	labelDe: requiredText(LIMITS.name),
	labelEn: optionalText(LIMITS.name),
	category: v.picklist(TOPIC_CATEGORIES, 'error_invalid_choice'),
	synonyms: optionalText(LIMITS.text),
	/** the broader topic ('' for none); only when editing */
	broaderId: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.uuid('error_invalid_choice'))], 'error_invalid_choice'))
});
