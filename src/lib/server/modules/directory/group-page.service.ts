/**
 * The public group page (DIR-3), its calendar feed and the "report outdated information" form.
 *
 * Reads published data in system scope (a visitor belongs to no office) and shows only what
 * public-group.ts allows: a group that is not published, not meeting or founding, or whose office
 * is not published does not exist here; its meeting place only as the group chose.
 */
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { formatDate, t } from '../../../i18n.js';
import { writeCalendar, type ICalEvent } from '../../../ical/index.js';
import {
	addDays,
	expand,
	holidayName,
	instantToWall,
	zoneOffsetMs,
	type FederalState,
	type IsoDate,
	type Recurrence,
	type WallTime,
	type Weekday
} from '../../../recurrence/index.js';
import { groups } from '../groups/groups.table.js';
import { seriesOf, topicsOf } from '../groups/groups.repository.js';
import { presentSeries } from '../groups/groups.presenter.js';
import { reportOutdated } from '../groups/groups.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { telHref, websiteHref } from './office-page.service.js';
import { accessibilityOf, isPublicGroup, publicPlace, type AccessibilityFeature, type PublicPlace } from './public-group.js';

export type PublicLocale = 'de' | 'en';

/** What the public pages need: the database, the clock and the reader's language. */
export type PublicContext = { db: Db; now?: Date; locale?: PublicLocale };

/** How many coming meetings a series shows, and at most how many lines with cancelled dates between them. */
export const NEXT_MEETINGS = 4;
export const NEXT_LINES = 5;

/** How far ahead the calendar feed reaches (at least the next 12 months). */
export const FEED_DAYS = 400;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type MeetingDate = {
	date: IsoDate;
	weekday: Weekday;
	startTime: WallTime;
	endTime: WallTime;
	/** ISO instants */
	start: string;
	end: string;
	/** `holiday`: skipped because of a public holiday; `moved`: takes place on this date instead of `movedFrom` */
	status: 'scheduled' | 'moved' | 'cancelled' | 'holiday';
	holiday?: string;
	movedFrom?: IsoDate;
};

export type PublicMeeting = {
	id: string;
	/** the schedule in words ("jeden 2. und 4. Dienstag im Monat, 19:00–21:00 Uhr"), or the text an import kept */
	schedule: string;
	place: PublicPlace;
	accessibility: AccessibilityFeature[];
	next: MeetingDate[];
};

export type GroupPageOffice = {
	name: string;
	slug: string;
	street: string;
	postalCode: string;
	city: string;
	phone: string;
	email: string;
	website: string;
	openingHours: string;
	consultationHours: string;
	telHref: string | null;
	websiteHref: string | null;
};

export type GroupPage = {
	id: string;
	slug: string;
	name: string;
	description: string;
	firstVisit: string;
	topics: { id: string; label: string }[];
	keywords: string[];
	audiences: string[];
	languages: { code: string; name: string }[];
	format: string;
	acceptingMembers: boolean;
	lifecycle: 'active' | 'founding' | 'paused';
	lifecycleSince: IsoDate | null;
	contactMode: string;
	/** the group's own website as a safe http(s) link, or null */
	websiteHref: string | null;
	/** the day the entry was last confirmed (Berlin date) */
	confirmedOn: IsoDate | null;
	/** the town for the title: the first meeting place that shows one, else the office's */
	town: string;
	meetings: PublicMeeting[];
	office: GroupPageOffice;
};

async function findPublicGroup(tx: Queryable, slug: string) {
	const [row] = await tx
		.select({
			id: groups.id,
			tenantId: groups.tenantId,
			slug: groups.slug,
			name: groups.name,
			description: groups.description,
			firstVisit: groups.firstVisit,
			audiences: groups.audiences,
			languages: groups.languages,
			keywords: groups.keywords,
			format: groups.format,
			acceptingMembers: groups.acceptingMembers,
			lifecycle: groups.lifecycle,
			lifecycleSince: groups.lifecycleSince,
			moderation: groups.moderation,
			contactMode: groups.contactMode,
			addressVisibility: groups.addressVisibility,
			website: groups.website,
			confirmedAt: groups.confirmedAt,
			publishedAt: groups.publishedAt,
			updatedAt: groups.updatedAt,
			office: {
				name: tenants.name,
				slug: tenants.slug,
				street: tenants.street,
				postalCode: tenants.postalCode,
				city: tenants.city,
				phone: tenants.phone,
				email: tenants.email,
				website: tenants.website,
				openingHours: tenants.openingHours,
				consultationHours: tenants.consultationHours,
				federalState: tenants.federalState,
				published: tenants.published
			}
		})
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(eq(groups.slug, slug))
		.limit(1);
	return row;
}

/** The group with its series and topics, or null when it does not exist or is not public. */
async function loadPublic(db: Db, slug: string) {
	if (typeof slug !== 'string' || slug.length > 200 || !SLUG.test(slug)) return null;
	return inScope(db, systemScope, async (tx) => {
		const group = await findPublicGroup(tx, slug);
		if (!group || !isPublicGroup(group, group.office.published)) return null;
		const [series, topics] = await Promise.all([seriesOf(tx, [group.id]), topicsOf(tx, [group.id])]);
		return { group, series, topics };
	});
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadPublic>>>;
type SeriesRow = Loaded['series'][number];

const wall = (iso: string | Date) => instantToWall(typeof iso === 'string' ? new Date(iso) : iso);

/**
 * The coming dates of a series: the next meetings (from the recurrence engine, as the back office
 * shows them) and, between them, the dates that do not take place — cancelled, or a public holiday
 * of the office's federal state the group skips — so that someone who knows "every Tuesday" sees
 * why this Tuesday is missing.
 */
function comingDates(series: SeriesRow, rule: Recurrence, context: { federalState: FederalState; locale: PublicLocale; now: Date }) {
	const actual = presentSeries(series, { ...context, count: NEXT_MEETINGS }).next;
	const cancelled = new Set(rule.exceptions.filter((ex) => ex.kind === 'cancel').map((ex) => ex.date));
	const last = actual.at(-1)?.start;
	// the same rule without holidays and cancellations: the dates that would have been
	const planned = presentSeries(
		{ ...series, recurrence: { ...rule, skipHolidays: false, exceptions: rule.exceptions.filter((ex) => ex.kind !== 'cancel') } },
		{ ...context, count: NEXT_MEETINGS + 12 }
	).next;
	const taken = new Set(actual.map((o) => o.start));
	const skipped = planned.filter((o) => !taken.has(o.start) && (last === undefined || o.start < last));

	const dates: MeetingDate[] = [];
	for (const o of [...actual, ...skipped]) {
		const start = wall(o.start);
		const base = { date: o.date, weekday: start.weekday, startTime: start.time, endTime: wall(o.end).time, start: o.start, end: o.end };
		if (taken.has(o.start)) {
			const move = rule.exceptions.find((ex) => ex.kind === 'move' && ex.toDate === o.date && ex.startTime === start.time);
			dates.push(move ? { ...base, status: 'moved', movedFrom: move.date } : { ...base, status: 'scheduled' });
		} else if (cancelled.has(o.date)) {
			dates.push({ ...base, status: 'cancelled' });
		} else {
			const holiday = rule.skipHolidays ? holidayName(o.date, context.federalState) : undefined;
			dates.push(holiday ? { ...base, status: 'holiday', holiday } : { ...base, status: 'cancelled' });
		}
	}
	return dates.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).slice(0, NEXT_LINES);
}

function languageName(code: string, locale: PublicLocale): string {
	const key = `language_${code}`;
	const known = t(key, {}, locale);
	if (known !== key) return known;
	try {
		return new Intl.DisplayNames([locale === 'en' ? 'en' : 'de'], { type: 'language', fallback: 'code' }).of(code) ?? code;
	} catch {
		return code;
	}
}

function toPage({ group, series, topics }: Loaded, now: Date, locale: PublicLocale): GroupPage {
	const federalState = group.office.federalState as FederalState;
	const meets = group.lifecycle !== 'paused';
	const meetings: PublicMeeting[] = series.map((s) => {
		const presented = presentSeries(s, { federalState, locale, now, count: NEXT_MEETINGS });
		return {
			id: s.id,
			schedule: presented.description,
			place: publicPlace(s, group.addressVisibility),
			accessibility: accessibilityOf(s),
			next: meets && s.recurrence ? comingDates(s, s.recurrence, { federalState, locale, now }) : []
		};
	});
	const placeTown = meetings.map((m) => (m.place.kind === 'address' ? m.place.city : null)).find((city) => !!city);
	const { federalState: _state, published: _published, ...office } = group.office;
	return {
		id: group.id,
		slug: group.slug,
		name: group.name,
		description: group.description,
		firstVisit: group.firstVisit,
		topics: topics.map((topic) => ({ id: topic.id, label: (locale === 'en' && topic.labelEn) || topic.labelDe })),
		keywords: group.keywords,
		audiences: group.audiences,
		languages: group.languages.map((code) => ({ code, name: languageName(code, locale) })),
		format: group.format,
		acceptingMembers: group.acceptingMembers,
		lifecycle: group.lifecycle as GroupPage['lifecycle'],
		lifecycleSince: group.lifecycleSince,
		contactMode: group.contactMode,
		websiteHref: websiteHref(group.website),
		confirmedOn: group.confirmedAt ? wall(group.confirmedAt).date : null,
		town: placeTown || group.office.city,
		meetings,
		office: { ...office, telHref: telHref(office.phone), websiteHref: websiteHref(office.website) }
	};
}

/** The public page of a group, or null when there is no such public group (the page answers 404). */
export async function publicGroupPage({ db, now = new Date(), locale = 'de' }: PublicContext, slug: string): Promise<GroupPage | null> {
	const loaded = await loadPublic(db, slug);
	return loaded ? toPage(loaded, now, locale) : null;
}

/** A meeting place as one line of text (the feed's LOCATION). */
export function placeText(place: PublicPlace, locale: PublicLocale): string {
	if (place.kind === 'online') return t('group_page_place_online', {}, locale);
	if (place.kind === 'on_request') return t('group_page_place_on_request', {}, locale);
	const town = [place.postalCode, place.city].filter(Boolean).join(' ');
	const district = place.district && place.district !== place.city ? place.district : '';
	return [place.street, town, district].filter(Boolean).join(', ');
}

const compact = (date: IsoDate) => date.replace(/-/g, '');

/**
 * The group's meetings as an iCalendar feed: one event per meeting from today for FEED_DAYS days,
 * expanded by the recurrence engine (holidays of the office's state and breaks as the group
 * chose, cancelled dates left out, moved dates on their new day). Each meeting keeps its UID
 * (series and planned date) from one download to the next. Null when there is no such public group.
 */
export async function groupMeetingsCalendar(
	{ db, now = new Date(), locale = 'de' }: PublicContext,
	slug: string,
	links: { pageUrl: string }
): Promise<string | null> {
	const loaded = await loadPublic(db, slug);
	if (!loaded) return null;
	const { group, series } = loaded;
	const federalState = group.office.federalState as FederalState;
	const host = new URL(links.pageUrl).host;
	const today = wall(now).date;
	const events: { at: number; event: ICalEvent }[] = [];
	if (group.lifecycle !== 'paused') {
		for (const s of series) {
			const rule = s.recurrence;
			if (!rule) continue;
			const schedule = presentSeries(s, { federalState, locale, now, count: 0 }).description;
			const location = placeText(publicPlace(s, group.addressVisibility), locale);
			for (const o of expand(rule, { from: today, to: addDays(today, FEED_DAYS), federalState, limit: 1000 })) {
				if (o.end.getTime() <= now.getTime()) continue;
				const start = wall(o.start);
				const end = wall(o.end);
				const moved = o.originalDate ? t('group_page_ics_moved', { date: formatDate(o.originalDate, locale) }, locale) : '';
				events.push({
					at: o.start.getTime(),
					event: {
						uid: `${s.id}-${compact(o.originalDate ?? o.date)}@${host}`,
						start: { date: start.date, time: start.time },
						end: { date: end.date, time: end.time },
						summary: group.name,
						description: [moved, schedule, links.pageUrl].filter(Boolean).join('\n'),
						location,
						url: links.pageUrl,
						status: 'CONFIRMED',
						sequence: 0
					}
				});
			}
		}
	}
	events.sort((a, b) => a.at - b.at);
	return writeCalendar({
		prodId: '-//Treffpunkt//Wegweiser Selbsthilfe//DE',
		dtstamp: now,
		name: t('group_page_ics_name', { name: group.name }, locale),
		description: t('group_page_ics_description', { name: group.name, office: group.office.name }, locale),
		timezone: 'Europe/Berlin',
		refreshInterval: 'PT12H',
		url: links.pageUrl,
		events: events.map((e) => e.event)
	});
}

/** The note of an "outdated" report: optional; when given, 10 to 2000 characters. */
export const REPORT_MESSAGE = { min: 10, max: 2000 } as const;

/**
 * "Report outdated information" from the public page: queued for the group's office (GRP-3). Only
 * for a group the public can see; anything else is `not_found`, as if it did not exist. The note
 * is checked again here (the form's schema says the same), so no other caller can queue junk.
 */
export async function reportOutdatedInformation({ db }: PublicContext, slug: string, message: string): Promise<void> {
	const text = typeof message === 'string' ? message.trim() : '';
	if (text !== '' && text.length < REPORT_MESSAGE.min)
		throw new AppError('invalid', 'report too short', { field: 'message', code: 'group_page_report_too_short' });
	if (text.length > REPORT_MESSAGE.max) throw new AppError('invalid', 'report too long', { field: 'message', code: 'error_too_long' });
	const loaded = await loadPublic(db, slug);
	if (!loaded) throw new AppError('not_found', 'group not found');
	await reportOutdated(db, loaded.group.slug, text);
}

/** "2027-03-16T19:00:00+01:00": an instant as Berlin wall time with its offset (schema.org dates). */
export function berlinDateTime(iso: string): string {
	const d = new Date(iso);
	const { date, time } = instantToWall(d);
	const offset = zoneOffsetMs(d.getTime()) / 60_000;
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function postalAddress(place: Extract<PublicPlace, { kind: 'address' }>) {
	return {
		'@type': 'PostalAddress',
		...(place.street ? { streetAddress: place.street } : {}),
		...(place.postalCode ? { postalCode: place.postalCode } : {}),
		...(place.city ? { addressLocality: place.city } : {}),
		addressCountry: 'DE'
	};
}

const EVENT_STATUS: Record<MeetingDate['status'], string> = {
	scheduled: 'https://schema.org/EventScheduled',
	moved: 'https://schema.org/EventRescheduled',
	cancelled: 'https://schema.org/EventCancelled',
	holiday: 'https://schema.org/EventCancelled'
};

/**
 * schema.org JSON-LD for the page: the group as an Organization with its coming meetings as Events
 * and the office as its ContactPoint. Built from the page model only, so it holds no more than the
 * page shows (no street unless the group shows its address).
 */
export function groupJsonLd(page: GroupPage, links: { pageUrl: string; officeUrl: string }) {
	const address = page.meetings.map((m) => m.place).find((p): p is Extract<PublicPlace, { kind: 'address' }> => p.kind === 'address');
	const events = page.meetings.flatMap((meeting) =>
		meeting.next.map((date) => ({
			'@type': 'Event',
			name: page.name,
			startDate: berlinDateTime(date.start),
			endDate: berlinDateTime(date.end),
			eventStatus: EVENT_STATUS[date.status],
			eventAttendanceMode:
				meeting.place.kind === 'online' ? 'https://schema.org/OnlineEventAttendanceMode' : 'https://schema.org/OfflineEventAttendanceMode',
			...(meeting.place.kind === 'address'
				? { location: { '@type': 'Place', address: postalAddress(meeting.place) } }
				: meeting.place.kind === 'online'
					? { location: { '@type': 'VirtualLocation', url: links.pageUrl } }
					: {}),
			inLanguage: page.languages.map((l) => l.code),
			isAccessibleForFree: true,
			url: links.pageUrl,
			organizer: { '@id': `${links.pageUrl}#gruppe` }
		}))
	);
	const office = page.office;
	return {
		'@context': 'https://schema.org',
		'@type': 'Organization',
		'@id': `${links.pageUrl}#gruppe`,
		name: page.name,
		url: links.pageUrl,
		...(page.description ? { description: page.description } : {}),
		...(page.topics.length || page.keywords.length ? { keywords: [...page.topics.map((x) => x.label), ...page.keywords].join(', ') } : {}),
		...(address
			? { areaServed: { '@type': 'Place', address: postalAddress({ ...address, street: null }) } }
			: page.town
				? { areaServed: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: page.town, addressCountry: 'DE' } } }
				: {}),
		contactPoint: {
			'@type': 'ContactPoint',
			name: office.name,
			url: links.officeUrl,
			...(office.phone ? { telephone: office.phone } : {}),
			...(office.email ? { email: office.email } : {})
		},
		...(events.length ? { event: events } : {})
	};
}

/** JSON for a <script type="application/ld+json"> element: '<', '>' and '&' escaped, so no text can close the element. */
export function jsonForScript(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}
