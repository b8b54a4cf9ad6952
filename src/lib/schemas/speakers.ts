import * as v from 'valibot';
import { LIMITS, optionalEmail, optionalText, requiredText } from './common.js';

/** A speaker or trainer as the form sends it (EVT-4). */
export const SpeakerFormInput = v.strictObject({
	name: requiredText(LIMITS.name),
	topics: optionalText(1000),
	email: optionalEmail,
	phone: optionalText(60),
	notes: optionalText(4000)
});
export type SpeakerFormInput = v.InferOutput<typeof SpeakerFormInput>;
