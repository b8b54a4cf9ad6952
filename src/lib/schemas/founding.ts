import * as v from 'valibot';
import { email } from './common.js';

/** Founding interest (DIR-5): the public form. Whether the postal code exists is checked by the service (offline data). */
export const FoundingInterestInput = v.strictObject({
	topic: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('founding_topic_required'),
		v.minLength(2, 'founding_topic_length'),
		v.maxLength(100, 'founding_topic_length')
	),
	postalCode: v.pipe(v.string(), v.trim(), v.nonEmpty('founding_postal_code_required'), v.maxLength(20, 'error_postal_code')),
	email,
	consent: v.literal(true, 'founding_consent_required')
});
export type FoundingInterestInput = v.InferOutput<typeof FoundingInterestInput>;

/** "Gründung starten" and "Löschen" on the staff page: a cluster key or an interest id, both checked by the service. */
export const FoundingClusterInput = v.strictObject({
	cluster: v.pipe(v.string(), v.trim(), v.nonEmpty('founding_cluster_gone'), v.maxLength(260))
});
export const FoundingInterestIdInput = v.strictObject({ interestId: v.pipe(v.string(), v.trim(), v.maxLength(40)) });
