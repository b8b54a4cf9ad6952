import * as v from 'valibot';
import { optionalText } from './common.js';

const scale = v.optional(
	v.union([v.literal(''), v.picklist(['1', '2', '3', '4', '5'], 'events_feedback_scale_invalid')], 'events_feedback_scale_invalid'),
	''
);

/** The feedback form after an event (EVT-3): three optional scales 1–5 and a text. */
export const FeedbackFormInput = v.strictObject({
	overall: scale,
	content: scale,
	organisation: scale,
	comment: optionalText(4000)
});
