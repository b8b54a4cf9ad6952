import * as v from 'valibot';
import { email, LIMITS, optionalText } from './common.js';

/** DIR-4: limits of an anonymous message to a group and of the answer to it. */
export const RELAY_LIMITS = { messageMin: 10, messageMax: 4000 } as const;

/** Retention of relay messages (and the sender's address): deleted automatically after this many days. */
export const RELAY_RETENTION_DAYS = 90;

const text = (required: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.minLength(RELAY_LIMITS.messageMin, 'relay_message_short'),
		v.maxLength(RELAY_LIMITS.messageMax, 'relay_message_long')
	);

/** The contact form on a group page: the name is optional, the address is needed for the answer. */
export const RelayInput = v.strictObject({
	name: optionalText(LIMITS.name),
	email,
	message: text('relay_message_required'),
	consent: v.literal(true, 'relay_consent_required')
});
export type RelayInput = v.InferOutput<typeof RelayInput>;

/** The answer of the group or the office, written on the page behind the link in the relayed mail. */
export const RelayReplyInput = v.strictObject({ reply: text('relay_reply_required') });
