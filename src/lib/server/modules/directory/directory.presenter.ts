import { describeRecurrence } from '../../../recurrence/index.js';
import type { DirectoryHit, NextMeeting } from './directory.service.js';
import type { PublicPlace } from './public-group.js';
import type { SearchIndex } from './search-index.js';

/** A search result as the page and the API show it: only published data, only what the group allows. */
export type DirectoryItem = {
	id: string;
	slug: string;
	name: string;
	path: string;
	summary: string;
	topics: { id: string; label: string }[];
	audiences: string[];
	languages: string[];
	format: string;
	acceptingMembers: boolean;
	lifecycle: string;
	distanceKm: number | null;
	/** the first meeting place, as the group allows it to be shown */
	place: PublicPlace | null;
	schedule: string[];
	nextMeetings: NextMeeting[];
	accessibility: string[];
	contactPoint: { slug: string; name: string; phone: string };
	lastConfirmed: string | null;
};

export function presentHit(hit: DirectoryHit, index: SearchIndex, locale: 'de' | 'en'): DirectoryItem {
	const group = hit.group;
	const accessibility = new Set(group.series.flatMap((s) => s.accessibility));
	return {
		id: group.id,
		slug: group.slug,
		name: group.name,
		path: `/gruppen/${group.slug}`,
		summary: group.summary,
		topics: group.topicIds
			.map((id) => index.topic(id))
			.filter((t) => t !== undefined)
			.map((t) => ({ id: t.id, label: locale === 'en' && t.labelEn ? t.labelEn : t.labelDe })),
		audiences: group.audiences,
		languages: group.languages,
		format: group.format,
		acceptingMembers: group.acceptingMembers,
		lifecycle: group.lifecycle,
		distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm * 10) / 10,
		place: group.series[0]?.place ?? null,
		schedule: group.series.map((s) => (s.recurrence ? describeRecurrence(s.recurrence, locale) : s.scheduleText)).filter(Boolean),
		nextMeetings: hit.nextMeetings,
		accessibility: [...accessibility],
		contactPoint: { slug: group.officeSlug, name: group.officeName, phone: group.officePhone },
		lastConfirmed: group.confirmedAt
	};
}
