/**
 * The public programme (EVT-5): upcoming published events of all offices with filters (topic,
 * format, date range, audience, place with radius), one event's page with its schema.org Event
 * JSON-LD, why registration is or is not possible, and the .ics feed of all upcoming events.
 * Read across offices (people have no account); the online link is never read here.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { distanceKm, lookupPostalCode, resolvePlace } from '../../geo/places.js';
import { isUuid } from '../../ids.js';
import { tokenId } from '../../auth/crypto.js';
import { instantToWall, isIsoDate, type IsoDate } from '../../../recurrence/index.js';
import { writeCalendar } from '../../../ical/index.js';
import { rooms } from '../rooms/rooms.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { topics } from '../topics/topics.table.js';
import {
	EVENT_AUDIENCES,
	EVENT_FORMATS,
	eventRegistrations,
	eventSessions,
	eventSpeakers,
	eventTopics,
	events,
	programmes,
	speakers,
	type EventAudience,
	type EventFormat,
	type RegistrationStatus
} from './events.table.js';
import { availabilityOf, type RegistrationAvailability } from './registrations.service.js';

export const PROGRAMME_PAGE_SIZE = 20;
export const DEFAULT_EVENT_RADIUS_KM = 25;
export const EVENT_RADII_KM = [5, 10, 25, 50, 100] as const;

/** The programme page's parameters (bookmarkable German URLs, like the group search). */
export const PROGRAMME_PARAMS = {
	topic: 'thema',
	format: 'form',
	from: 'von',
	to: 'bis',
	audience: 'fuer',
	place: 'ort',
	radiusKm: 'umkreis',
	programme: 'programm',
	page: 'seite'
} as const;

export type ProgrammeQuery = {
	topicId: string | null;
	format: EventFormat | null;
	from: IsoDate | null;
	to: IsoDate | null;
	audience: EventAudience | null;
	place: string;
	radiusKm: number;
	/** a published programme's slug: only its events */
	programme: string | null;
	page: number;
};

/** Reads the filters; anything unknown is ignored rather than refused (a shared link keeps working). */
export function parseProgrammeQuery(params: URLSearchParams): ProgrammeQuery {
	const get = (name: string) => (params.get(name) ?? '').trim();
	const topic = get(PROGRAMME_PARAMS.topic);
	const format = get(PROGRAMME_PARAMS.format);
	const audience = get(PROGRAMME_PARAMS.audience);
	const from = get(PROGRAMME_PARAMS.from);
	const to = get(PROGRAMME_PARAMS.to);
	const radius = Number(get(PROGRAMME_PARAMS.radiusKm));
	const page = Number(get(PROGRAMME_PARAMS.page));
	const programme = get(PROGRAMME_PARAMS.programme);
	return {
		topicId: isUuid(topic) ? topic : null,
		format: (EVENT_FORMATS as readonly string[]).includes(format) ? (format as EventFormat) : null,
		from: isIsoDate(from) ? from : null,
		to: isIsoDate(to) ? to : null,
		audience: (EVENT_AUDIENCES as readonly string[]).includes(audience) ? (audience as EventAudience) : null,
		place: get(PROGRAMME_PARAMS.place).slice(0, 100),
		radiusKm: (EVENT_RADII_KM as readonly number[]).includes(radius) ? radius : DEFAULT_EVENT_RADIUS_KM,
		programme: /^[a-z0-9-]{1,160}$/.test(programme) ? programme : null,
		page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1
	};
}

export type PublicSession = { title: string; startsAt: Date; endsAt: Date };

export type PublicEventSummary = {
	id: string;
	slug: string;
	title: string;
	kind: string;
	format: string;
	audiences: string[];
	status: string;
	/** the room's or the venue's place, empty for an online event */
	place: string;
	postalCode: string;
	city: string;
	officeName: string;
	officeSlug: string;
	officePublished: boolean;
	fee: string;
	language: string;
	sessions: PublicSession[];
	topics: { id: string; label: string }[];
	/** distance from the searched place, when one was given and the event has a place */
	distanceKm: number | null;
};

type BaseRow = Awaited<ReturnType<typeof selectEvents>>[number];

function selectEvents(tx: Queryable, where: ReturnType<typeof and>) {
	return tx
		.select({
			id: events.id,
			tenantId: events.tenantId,
			slug: events.slug,
			title: events.title,
			description: events.description,
			kind: events.kind,
			format: events.format,
			audiences: events.audiences,
			status: events.status,
			cancelReason: events.cancelReason,
			venue: events.venue,
			postalCode: events.postalCode,
			city: events.city,
			roomName: rooms.name,
			capacity: events.capacity,
			registrationOpensAt: events.registrationOpensAt,
			registrationClosesAt: events.registrationClosesAt,
			fee: events.fee,
			accessibility: events.accessibility,
			language: events.language,
			extraFields: events.extraFields,
			programmeTitle: programmes.title,
			programmeSlug: programmes.slug,
			officeName: tenants.name,
			officeSlug: tenants.slug,
			officePublished: tenants.published,
			officeStreet: tenants.street,
			officePostalCode: tenants.postalCode,
			officeCity: tenants.city,
			officeEmail: tenants.email,
			officePhone: tenants.phone,
			officeWebsite: tenants.website
		})
		.from(events)
		.innerJoin(tenants, eq(tenants.id, events.tenantId))
		.leftJoin(rooms, eq(rooms.id, events.roomId))
		.leftJoin(programmes, and(eq(programmes.id, events.programmeId), eq(programmes.published, true)))
		.where(where);
}

/** Where the event takes place, in words; online events have none. */
function placeOf(
	row: Pick<
		BaseRow,
		'format' | 'roomName' | 'venue' | 'postalCode' | 'city' | 'officeName' | 'officeStreet' | 'officePostalCode' | 'officeCity'
	>
): { place: string; postalCode: string; city: string; street: string } {
	if (row.format === 'online') return { place: '', postalCode: '', city: '', street: '' };
	if (row.roomName) {
		const address = [row.officeStreet, [row.officePostalCode, row.officeCity].filter(Boolean).join(' ')].filter(Boolean).join(', ');
		return {
			place: [row.roomName, row.officeName, address].filter(Boolean).join(', '),
			postalCode: row.officePostalCode,
			city: row.officeCity,
			street: row.officeStreet
		};
	}
	const tail = [row.postalCode, row.city].filter(Boolean).join(' ');
	const place = row.venue.includes(tail) || !tail ? row.venue : [row.venue, tail].filter(Boolean).join(', ');
	return { place, postalCode: row.postalCode, city: row.city, street: '' };
}

async function sessionsOf(tx: Queryable, ids: string[]): Promise<Map<string, PublicSession[]>> {
	if (!ids.length) return new Map();
	const rows = await tx
		.select({ eventId: eventSessions.eventId, title: eventSessions.title, startsAt: eventSessions.startsAt, endsAt: eventSessions.endsAt })
		.from(eventSessions)
		.where(inArray(eventSessions.eventId, ids))
		.orderBy(asc(eventSessions.startsAt));
	const map = new Map<string, PublicSession[]>();
	for (const { eventId, ...session } of rows) map.set(eventId, [...(map.get(eventId) ?? []), session]);
	return map;
}

async function topicsOf(tx: Queryable, ids: string[], locale: 'de' | 'en'): Promise<Map<string, { id: string; label: string }[]>> {
	if (!ids.length) return new Map();
	const rows = await tx
		.select({ eventId: eventTopics.eventId, id: topics.id, labelDe: topics.labelDe, labelEn: topics.labelEn })
		.from(eventTopics)
		.innerJoin(topics, eq(topics.id, eventTopics.topicId))
		.where(inArray(eventTopics.eventId, ids));
	const map = new Map<string, { id: string; label: string }[]>();
	for (const row of rows)
		map.set(row.eventId, [
			...(map.get(row.eventId) ?? []),
			{ id: row.id, label: locale === 'en' && row.labelEn ? row.labelEn : row.labelDe }
		]);
	return map;
}

/** Published (and cancelled, so people see it) events whose last session has not ended yet. */
const upcomingWhere = (now: Date) =>
	and(
		inArray(events.status, ['published', 'cancelled']),
		sql`exists (select 1 from ${eventSessions} where ${eventSessions.eventId} = ${events.id} and ${eventSessions.endsAt} > ${now.toISOString()}::timestamptz)`
	);

export type ProgrammePage = {
	query: ProgrammeQuery;
	items: PublicEventSummary[];
	total: number;
	pages: number;
	/** the searched place as understood ("10115 Berlin"), or null */
	placeLabel: string | null;
	/** a place was given but not found: the filter is not applied and the page says so */
	placeUnknown: boolean;
	/** the topics of the upcoming events, for the filter */
	topicOptions: { id: string; label: string }[];
	/** the programme asked for (`programm=`), when it is published; a programme asked for but not found lists nothing */
	programme: { slug: string; title: string; description: string; officeName: string } | null;
};

/** A coming session of a programme event with what filtering and ordering need (and nothing the list shows). */
type ComingRow = {
	id: string;
	title: string;
	format: string;
	/** the postal code of the event's place: its venue's, or the office's when in a room of the office; empty online */
	placeCode: string;
	sessionTitle: string;
	/** epoch milliseconds: the same number from both drivers */
	startMs: number | string;
	endMs: number | string;
};

/** What the list shows of an event besides its sessions and topics. */
type ListedRow = Omit<PublicEventSummary, 'place' | 'postalCode' | 'city' | 'sessions' | 'topics' | 'distanceKm' | 'audiences'> & {
	audiences: string[] | string;
	venue: string;
	postalCode: string;
	city: string;
	roomName: string | null;
	officeStreet: string;
	officePostalCode: string;
	officeCity: string;
};

/**
 * A session ends on the day it starts (`sessionInstants`), so a session not yet ended started less
 * than two days ago: this lower bound lets the index on `starts_at` find the coming sessions
 * without reading the history.
 */
const SESSION_SPAN_MS = 2 * 86_400_000;

/** The coming sessions (not yet ended), as SQL: the programme's events are the events of these. */
const comingSessions = (now: Date) =>
	sql`s.starts_at > ${new Date(now.getTime() - SESSION_SPAN_MS).toISOString()}::timestamptz and s.ends_at > ${now.toISOString()}::timestamptz`;

/** Every coming session of a published or cancelled event, soonest first, with the event's format, title and place. */
async function comingRows(
	tx: Queryable,
	now: Date,
	query: Pick<ProgrammeQuery, 'format' | 'audience' | 'programme'>
): Promise<ComingRow[]> {
	return rowsOf<ComingRow>(
		await tx.execute(sql`
			select e.id, e.title, e.format,
				case when e.format = 'online' then ''
					when e.room_id is not null then (select t.postal_code from ${tenants} t where t.id = e.tenant_id)
					else e.postal_code end as "placeCode",
				s.title as "sessionTitle",
				(extract(epoch from s.starts_at) * 1000)::float8 as "startMs", (extract(epoch from s.ends_at) * 1000)::float8 as "endMs"
			from ${eventSessions} s
			join ${events} e on e.id = s.event_id
			where ${comingSessions(now)} and e.status in ('published', 'cancelled')
				${query.format ? sql`and e.format = ${query.format}` : sql``}
				${query.audience ? sql`and ${query.audience} = any(e.audiences)` : sql``}
				${query.programme ? sql`and e.programme_id = (select p.id from ${programmes} p where p.slug = ${query.programme} and p.published)` : sql``}
			order by s.starts_at, s.id`)
	);
}

/** The topics of the events with a coming session. */
async function comingTopics(tx: Queryable, now: Date) {
	return rowsOf<{ eventId: string; id: string; labelDe: string; labelEn: string | null }>(
		await tx.execute(sql`
			select et.event_id as "eventId", tp.id, tp.label_de as "labelDe", tp.label_en as "labelEn"
			from ${eventTopics} et join ${topics} tp on tp.id = et.topic_id
			where et.event_id in (select s.event_id from ${eventSessions} s where ${comingSessions(now)})`)
	);
}

/** The events of one page of the list, with their office and place. */
async function listedRows(tx: Queryable, ids: string[]): Promise<ListedRow[]> {
	if (!ids.length) return [];
	return rowsOf<ListedRow>(
		await tx.execute(sql`
			select e.id, e.slug, e.title, e.kind, e.format, array_to_json(e.audiences) as audiences, e.status, e.venue,
				e.postal_code as "postalCode", e.city, r.name as "roomName", e.fee, e.language,
				t.name as "officeName", t.slug as "officeSlug", t.published as "officePublished", t.street as "officeStreet",
				t.postal_code as "officePostalCode", t.city as "officeCity"
			from ${events} e
			join ${tenants} t on t.id = e.tenant_id
			left join ${rooms} r on r.id = e.room_id
			where e.id = any(${`{${ids.join(',')}}`}::uuid[])`)
	);
}

const collators = new Map<string, Intl.Collator>();
/** A collator made once per language: `localeCompare(…, locale)` builds one for every comparison. */
function collator(locale: string): Intl.Collator {
	let made = collators.get(locale);
	if (!made) collators.set(locale, (made = new Intl.Collator(locale)));
	return made;
}

/** The programme page: upcoming events of all offices, soonest first, filtered and paged. */
export async function publicProgramme(db: Db, params: URLSearchParams, locale: 'de' | 'en', now = new Date()): Promise<ProgrammePage> {
	const query = parseProgrammeQuery(params);
	const resolved = query.place ? resolvePlace(query.place) : null;
	const compare = collator(locale).compare;
	// all coming events, lightly: enough to filter, count and order them; then the one page shown, in full.
	// The sessions and the topics are read at the same time, on two connections (PGlite takes one after the other).
	const coming = inScope(db, systemScope, (tx) => comingRows(tx, now, query));
	coming.catch(() => undefined); // awaited below; a failure of the other read must not leave it unhandled
	return inScope(db, systemScope, async (tx) => {
		const [programme] = query.programme
			? await tx
					.select({ slug: programmes.slug, title: programmes.title, description: programmes.description, officeName: tenants.name })
					.from(programmes)
					.innerJoin(tenants, eq(tenants.id, programmes.tenantId))
					.where(and(eq(programmes.slug, query.programme), eq(programmes.published, true)))
			: [];
		const topicRows = await comingTopics(tx, now);
		const sessions = await coming;
		const topicMap = new Map<string, { id: string; label: string }[]>();
		for (const row of topicRows) {
			const topic = { id: row.id, label: locale === 'en' && row.labelEn ? row.labelEn : row.labelDe };
			const list = topicMap.get(row.eventId);
			if (list) list.push(topic);
			else topicMap.set(row.eventId, [topic]);
		}
		// the sessions come soonest first: an event's first row carries the event, the others add their session
		const byEvent = new Map<string, { row: ComingRow; sessions: PublicSession[] }>();
		for (const row of sessions) {
			const session = { title: row.sessionTitle, startsAt: new Date(Number(row.startMs)), endsAt: new Date(Number(row.endMs)) };
			const seen = byEvent.get(row.id);
			if (seen) seen.sessions.push(session);
			else byEvent.set(row.id, { row, sessions: [session] });
		}
		const topicOptions = new Map<string, string>();
		const found: {
			id: string;
			title: string;
			sessions: PublicSession[];
			topics: { id: string; label: string }[];
			distanceKm: number | null;
		}[] = [];
		for (const { row, sessions: eventSessionsList } of byEvent.values()) {
			const eventTopicsList = topicMap.get(row.id) ?? [];
			for (const topic of eventTopicsList) topicOptions.set(topic.id, topic.label);
			if (query.topicId && !eventTopicsList.some((topic) => topic.id === query.topicId)) continue;
			if (query.from || query.to) {
				const dates = eventSessionsList.map((s) => instantToWall(s.startsAt).date);
				if (query.from && !dates.some((date) => date >= query.from!)) continue;
				if (query.to && !dates.some((date) => date <= query.to!)) continue;
			}
			let distance: number | null = null;
			if (resolved && row.format !== 'online') {
				const info = row.placeCode ? lookupPostalCode(row.placeCode) : null;
				if (!info) continue;
				distance = distanceKm(resolved, info);
				if (distance > query.radiusKm) continue;
			}
			found.push({
				id: row.id,
				title: row.title,
				sessions: eventSessionsList,
				topics: eventTopicsList,
				distanceKm: distance === null ? null : Math.round(distance)
			});
		}
		found.sort((a, b) => a.sessions[0]!.startsAt.getTime() - b.sessions[0]!.startsAt.getTime() || compare(a.title, b.title));
		const pages = Math.max(1, Math.ceil(found.length / PROGRAMME_PAGE_SIZE));
		const page = Math.min(query.page, pages);
		const shown = found.slice((page - 1) * PROGRAMME_PAGE_SIZE, page * PROGRAMME_PAGE_SIZE);
		const details = new Map(
			(
				await listedRows(
					tx,
					shown.map((event) => event.id)
				)
			).map((row) => [row.id, row])
		);
		const items: PublicEventSummary[] = [];
		for (const event of shown) {
			const row = details.get(event.id);
			if (!row) continue;
			const where = placeOf(row);
			items.push({
				id: row.id,
				slug: row.slug,
				title: row.title,
				kind: row.kind,
				format: row.format,
				audiences: typeof row.audiences === 'string' ? (JSON.parse(row.audiences) as string[]) : (row.audiences ?? []),
				status: row.status,
				place: where.place,
				postalCode: where.postalCode,
				city: where.city,
				officeName: row.officeName,
				officeSlug: row.officeSlug,
				officePublished: row.officePublished,
				fee: row.fee,
				language: row.language,
				sessions: event.sessions,
				topics: event.topics,
				distanceKm: event.distanceKm
			});
		}
		return {
			query: { ...query, page },
			items,
			total: found.length,
			pages,
			placeLabel: resolved?.label ?? null,
			placeUnknown: !!query.place && !resolved,
			topicOptions: [...topicOptions].map(([id, label]) => ({ id, label })).sort((a, b) => compare(a.label, b.label)),
			programme: programme ?? null
		};
	});
}

export type PublicEvent = PublicEventSummary & {
	description: string;
	cancelReason: string;
	street: string;
	accessibility: string;
	/** the event's programme, when it is published */
	programmeTitle: string | null;
	programmeSlug: string | null;
	capacity: number | null;
	taken: number;
	waitlisted: number;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	availability: RegistrationAvailability;
	extraFields: { key: string; label: string; purpose: string; required: boolean }[];
	speakers: { name: string; topics: string }[];
	office: { name: string; slug: string; published: boolean; email: string; phone: string; website: string };
};

/** One event's public page by its slug; null for unknown slugs and drafts. */
export async function publicEvent(db: Db, slug: string, locale: 'de' | 'en', now = new Date()): Promise<PublicEvent | null> {
	if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 200) return null;
	return inScope(db, systemScope, async (tx) => {
		const [row] = await selectEvents(tx, and(eq(events.slug, slug), inArray(events.status, ['published', 'cancelled'])));
		if (!row) return null;
		const [sessions, topicMap, speakerRows, counts] = await Promise.all([
			sessionsOf(tx, [row.id]),
			topicsOf(tx, [row.id], locale),
			tx
				.select({ name: speakers.name, topics: speakers.topics })
				.from(eventSpeakers)
				.innerJoin(speakers, eq(speakers.id, eventSpeakers.speakerId))
				.where(eq(eventSpeakers.eventId, row.id))
				.orderBy(asc(speakers.name)),
			tx
				.select({ status: eventRegistrations.status, n: sql<number>`count(*)::int` })
				.from(eventRegistrations)
				.where(and(eq(eventRegistrations.eventId, row.id), inArray(eventRegistrations.status, ['confirmed', 'offered', 'waitlisted'])))
				.groupBy(eventRegistrations.status)
		]);
		const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
		const taken = count('confirmed') + count('offered');
		const eventSessionsList = sessions.get(row.id) ?? [];
		const where = placeOf(row);
		return {
			id: row.id,
			slug: row.slug,
			title: row.title,
			kind: row.kind,
			format: row.format,
			audiences: row.audiences,
			status: row.status,
			place: where.place,
			postalCode: where.postalCode,
			city: where.city,
			street: where.street,
			officeName: row.officeName,
			officeSlug: row.officeSlug,
			officePublished: row.officePublished,
			fee: row.fee,
			language: row.language,
			sessions: eventSessionsList,
			topics: topicMap.get(row.id) ?? [],
			distanceKm: null,
			description: row.description,
			cancelReason: row.cancelReason,
			accessibility: row.accessibility,
			programmeTitle: row.programmeTitle,
			programmeSlug: row.programmeSlug,
			capacity: row.capacity,
			taken,
			waitlisted: count('waitlisted'),
			registrationOpensAt: row.registrationOpensAt,
			registrationClosesAt: row.registrationClosesAt,
			availability: availabilityOf(
				{
					status: row.status,
					capacity: row.capacity,
					registrationOpensAt: row.registrationOpensAt,
					registrationClosesAt: row.registrationClosesAt,
					firstStart: eventSessionsList[0]?.startsAt ?? null
				},
				taken,
				now
			),
			extraFields: row.extraFields,
			speakers: speakerRows,
			office: {
				name: row.officeName,
				slug: row.officeSlug,
				published: row.officePublished,
				email: row.officeEmail,
				phone: row.officePhone,
				website: row.officeWebsite
			}
		};
	});
}

const ATTENDANCE_MODE: Record<string, string> = {
	in_person: 'https://schema.org/OfflineEventAttendanceMode',
	online: 'https://schema.org/OnlineEventAttendanceMode',
	hybrid: 'https://schema.org/MixedEventAttendanceMode'
};

const OFFER_AVAILABILITY: Record<RegistrationAvailability, string> = {
	open: 'https://schema.org/InStock',
	waitlist: 'https://schema.org/SoldOut',
	not_yet_open: 'https://schema.org/PreOrder',
	closed: 'https://schema.org/SoldOut',
	cancelled: 'https://schema.org/Discontinued',
	not_published: 'https://schema.org/Discontinued',
	past: 'https://schema.org/Discontinued'
};

/**
 * schema.org Event for search engines: dates, status (EventCancelled), attendance mode, place (never
 * the online link: the virtual location is the event's page), organiser and the offer.
 */
export function eventJsonLd(event: PublicEvent, urls: { pageUrl: string; officeUrl: string | null }): Record<string, unknown> {
	const first = event.sessions[0];
	const last = event.sessions.at(-1);
	const physical =
		event.format !== 'online'
			? {
					'@type': 'Place',
					name: event.place,
					address: {
						'@type': 'PostalAddress',
						...(event.street ? { streetAddress: event.street } : {}),
						...(event.postalCode ? { postalCode: event.postalCode } : {}),
						...(event.city ? { addressLocality: event.city } : {}),
						addressCountry: 'DE'
					}
				}
			: null;
	const virtual = event.format !== 'in_person' ? { '@type': 'VirtualLocation', url: urls.pageUrl } : null;
	const location = physical && virtual ? [physical, virtual] : (physical ?? virtual);
	const free = !event.fee.trim() || /^(kostenfrei|kostenlos|frei|free|0\s*€?)$/i.test(event.fee.trim());
	return {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: event.title,
		...(event.description ? { description: event.description } : {}),
		url: urls.pageUrl,
		...(first ? { startDate: first.startsAt.toISOString() } : {}),
		...(last ? { endDate: last.endsAt.toISOString() } : {}),
		eventStatus: event.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
		eventAttendanceMode: ATTENDANCE_MODE[event.format] ?? ATTENDANCE_MODE.in_person,
		location,
		inLanguage: event.language,
		isAccessibleForFree: free,
		organizer: {
			'@type': 'Organization',
			name: event.office.name,
			...(urls.officeUrl ? { url: urls.officeUrl } : {})
		},
		...(event.speakers.length ? { performer: event.speakers.map((speaker) => ({ '@type': 'Person', name: speaker.name })) } : {}),
		...(event.sessions.length > 1
			? {
					subEvent: event.sessions.map((session, index) => ({
						'@type': 'Event',
						name: session.title || `${event.title} (${index + 1}/${event.sessions.length})`,
						startDate: session.startsAt.toISOString(),
						endDate: session.endsAt.toISOString()
					}))
				}
			: {}),
		offers: {
			'@type': 'Offer',
			url: urls.pageUrl,
			...(free ? { price: '0', priceCurrency: 'EUR' } : { description: event.fee }),
			availability: OFFER_AVAILABILITY[event.availability],
			...(event.registrationOpensAt ? { validFrom: event.registrationOpensAt.toISOString() } : {})
		}
	};
}

/**
 * All upcoming public events as one iCalendar feed (one VEVENT per session, Europe/Berlin wall
 * time; cancelled events with STATUS:CANCELLED). `programmeSlug` limits it to one programme.
 */
export async function programmeCalendar(
	db: Db,
	options: { pageUrl: (slug: string) => string; now?: Date; programmeSlug?: string }
): Promise<string | null> {
	const now = options.now ?? new Date();
	return inScope(db, systemScope, async (tx) => {
		let name = 'Treffpunkt – Veranstaltungen';
		const conditions = [upcomingWhere(now)];
		if (options.programmeSlug) {
			const [programme] = await tx
				.select({ id: programmes.id, title: programmes.title })
				.from(programmes)
				.where(and(eq(programmes.slug, options.programmeSlug), eq(programmes.published, true)));
			if (!programme) return null;
			name = programme.title;
			conditions.push(eq(events.programmeId, programme.id));
		}
		const rows = await selectEvents(tx, and(...conditions));
		const sessions = await sessionsOf(
			tx,
			rows.map((row) => row.id)
		);
		return writeCalendar({
			prodId: '-//Treffpunkt//Veranstaltungen//DE',
			dtstamp: now,
			method: 'PUBLISH',
			name,
			events: rows.flatMap((row) => {
				const list = sessions.get(row.id) ?? [];
				const url = options.pageUrl(row.slug);
				const where = placeOf(row);
				const location = [where.place, row.format !== 'in_person' ? 'Online' : ''].filter(Boolean).join(' · ');
				return list.map((session, index) => {
					const start = instantToWall(session.startsAt);
					const end = instantToWall(session.endsAt);
					return {
						uid: `event-${row.id}-${index + 1}@treffpunkt`,
						start: { date: start.date, time: start.time, zone: 'Europe/Berlin' },
						end: { date: end.date, time: end.time, zone: 'Europe/Berlin' },
						summary: list.length > 1 ? `${row.title} (${index + 1}/${list.length})` : row.title,
						description: `${row.officeName}\n${url}`,
						...(location ? { location } : {}),
						url,
						status: row.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const)
					};
				});
			})
		});
	});
}

export type RegistrationView = {
	name: string;
	status: RegistrationStatus;
	/** 1 for the first on the waitlist; null when not waiting */
	waitlistPosition: number | null;
	offerExpiresAt: Date | null;
	event: { slug: string; title: string; status: string; format: string; place: string; sessions: PublicSession[]; officeName: string };
};

/**
 * What the person's own page shows (reached by the link in her e-mail, no account): her name and
 * status, her place on the waitlist, the deadline of an offered place, and the event. null for an
 * unknown link.
 */
export async function registrationView(db: Db, token: string): Promise<RegistrationView | null> {
	if (!token || token.length > 100) return null;
	return inScope(db, systemScope, async (tx) => {
		const [registration] = await tx
			.select({
				eventId: eventRegistrations.eventId,
				seq: eventRegistrations.seq,
				name: eventRegistrations.name,
				status: eventRegistrations.status,
				offerExpiresAt: eventRegistrations.offerExpiresAt
			})
			.from(eventRegistrations)
			.where(eq(eventRegistrations.tokenHash, tokenId(token)));
		if (!registration) return null;
		const [row] = await selectEvents(tx, and(eq(events.id, registration.eventId)));
		if (!row) return null;
		let waitlistPosition: number | null = null;
		if (registration.status === 'waitlisted') {
			const [ahead] = await tx
				.select({ n: sql<number>`count(*)::int` })
				.from(eventRegistrations)
				.where(
					and(
						eq(eventRegistrations.eventId, registration.eventId),
						eq(eventRegistrations.status, 'waitlisted'),
						lte(eventRegistrations.seq, registration.seq)
					)
				);
			waitlistPosition = ahead?.n ?? 1;
		}
		const sessions = await sessionsOf(tx, [row.id]);
		return {
			name: registration.name,
			status: registration.status as RegistrationStatus,
			waitlistPosition,
			offerExpiresAt: registration.offerExpiresAt,
			event: {
				slug: row.slug,
				title: row.title,
				status: row.status,
				format: row.format,
				place: placeOf(row).place,
				sessions: sessions.get(row.id) ?? [],
				officeName: row.officeName
			}
		};
	});
}
