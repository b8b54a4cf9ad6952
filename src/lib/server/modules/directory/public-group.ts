/**
 * What the public may see of a group: the one rule for the search index, the group page, the
 * `.ics` feed and the API. Pure functions, no database.
 */

/** Lifecycle states shown in the public directory (interest and dissolved groups are not). */
export const PUBLIC_LIFECYCLES = ['active', 'founding', 'paused'] as const;

/** A group is public when staff published it, it meets (or is founding) and its office is published. */
export function isPublicGroup(group: { moderation: string; lifecycle: string }, officePublished: boolean): boolean {
	return officePublished && group.moderation === 'published' && (PUBLIC_LIFECYCLES as readonly string[]).includes(group.lifecycle);
}

export type PublicPlace =
	| { kind: 'online' }
	| { kind: 'on_request' }
	/** `street` only when the group shows its address; `postalCode` and `city` unless it hides it */
	| { kind: 'address'; street: string | null; postalCode: string | null; city: string | null; district: string | null };

type SeriesPlace = { locationKind: string; street: string; postalCode: string; city: string; district: string };

/**
 * A meeting place as the group allows it to be shown: `public` shows the address, `approximate`
 * the district or town with its postal code, `hidden` nothing but "on request".
 */
export function publicPlace(series: SeriesPlace, addressVisibility: string): PublicPlace {
	if (series.locationKind === 'online') return { kind: 'online' };
	if (series.locationKind === 'on_request' || addressVisibility === 'hidden') return { kind: 'on_request' };
	if (addressVisibility === 'public')
		return {
			kind: 'address',
			street: series.street || null,
			postalCode: series.postalCode || null,
			city: series.city || null,
			district: series.district || null
		};
	return {
		kind: 'address',
		street: null,
		postalCode: series.postalCode || null,
		city: series.city || null,
		district: series.district || null
	};
}

/** Accessibility features of a meeting place, as the filter and the API name them. */
export const ACCESSIBILITY_FEATURES = ['step_free', 'accessible_toilet', 'hearing_loop', 'sign_language'] as const;
export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];

export function accessibilityOf(series: {
	locationKind: string;
	stepFree: string;
	accessibleToilet: boolean;
	hearingLoop: boolean;
	signLanguage: boolean;
}): AccessibilityFeature[] {
	if (series.locationKind !== 'address') return series.signLanguage ? ['sign_language'] : [];
	const features: AccessibilityFeature[] = [];
	if (series.stepFree === 'yes') features.push('step_free');
	if (series.accessibleToilet) features.push('accessible_toilet');
	if (series.hearingLoop) features.push('hearing_loop');
	if (series.signLanguage) features.push('sign_language');
	return features;
}
