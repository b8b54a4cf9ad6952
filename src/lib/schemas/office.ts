import * as v from 'valibot';
import { federalState, LIMITS, optionalEmail, optionalText, requiredText } from './common.js';

export const OFFICE_KINDS = ['contact_point', 'support_point', 'state_office', 'association'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

export const postalCode = v.optional(
	v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^\d{5}$/, 'error_postal_code'))], 'error_postal_code'),
	''
);

/** The editable data of an office (PLAT-1). */
export const OfficeInput = v.strictObject({
	name: requiredText(LIMITS.name),
	kind: v.picklist(OFFICE_KINDS, 'error_office_kind'),
	federalState,
	street: optionalText(LIMITS.short),
	postalCode,
	city: optionalText(LIMITS.short),
	phone: optionalText(60),
	email: optionalEmail,
	website: optionalText(LIMITS.short),
	openingHours: optionalText(LIMITS.text),
	consultationHours: optionalText(LIMITS.text)
});
export type OfficeInput = v.InferOutput<typeof OfficeInput>;

/** A new office's data with only the required fields given; everything else starts empty. */
export function newOffice(name: string, kind: OfficeKind, federalState: OfficeInput['federalState']): OfficeInput {
	return {
		name,
		kind,
		federalState,
		street: '',
		postalCode: '',
		city: '',
		phone: '',
		email: '',
		website: '',
		openingHours: '',
		consultationHours: ''
	};
}
