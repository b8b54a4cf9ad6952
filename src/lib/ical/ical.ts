/**
 * A small RFC 5545 (iCalendar) writer: calendars of events for feeds and downloads (group meetings,
 * room bookings, events). Pure: everything, including DTSTAMP, is passed in; nothing reads the clock.
 *
 * - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 sequence (3.1).
 * - TEXT values are escaped (backslash, semicolon, comma, newline; 3.3.11); other control
 *   characters are dropped, as TEXT must not contain them.
 * - Times are either wall times in a zone (DTSTART;TZID=Europe/Berlin:20270316T190000, with the
 *   zone's VTIMEZONE in the calendar), UTC instants (…Z) or whole days (VALUE=DATE).
 * - A recurring event carries RRULE (and EXDATE, RECURRENCE-ID overrides); a caller that must be
 *   exact about holidays and breaks writes one event per occurrence instead (see recurrence/rrule.ts).
 */
import { zoneDefinition } from './timezones.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** When something happens: a wall time in a zone (default Europe/Berlin), an instant, or a whole day. */
export type ICalTime = { date: string; time: string; zone?: string } | { utc: Date } | { date: string };

export type ICalStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export interface ICalEvent {
	/** globally unique and stable across downloads, so a client updates instead of duplicating */
	uid: string;
	start: ICalTime;
	/** DTEND (exclusive; for whole days the day after the last one) */
	end?: ICalTime;
	summary: string;
	description?: string;
	location?: string;
	url?: string;
	status?: ICalStatus;
	/** the rule without its name, e.g. 'FREQ=MONTHLY;BYDAY=2TU,4TU' */
	rrule?: string;
	/** dates the rule produces that do not take place, in the same form as `start` */
	exdates?: ICalTime[];
	/** for an override of one occurrence of a recurring event with the same uid */
	recurrenceId?: ICalTime;
	sequence?: number;
	created?: Date;
	lastModified?: Date;
	categories?: string[];
	/** TRANSP:TRANSPARENT (does not block time in the subscriber's calendar) */
	transparent?: boolean;
	/** DTSTAMP; defaults to the calendar's */
	dtstamp?: Date;
}

export interface ICalCalendar {
	/** PRODID, e.g. '-//Treffpunkt//Wegweiser//DE' */
	prodId: string;
	/** DTSTAMP of every event that does not bring its own: when this feed was written */
	dtstamp: Date;
	/** X-WR-CALNAME / NAME: the name subscribers see */
	name?: string;
	/** X-WR-CALDESC / DESCRIPTION */
	description?: string;
	/** METHOD; 'PUBLISH' unless null (a file attached to a scheduling message sets its own) */
	method?: 'PUBLISH' | 'REQUEST' | 'CANCEL' | null;
	/** X-WR-TIMEZONE, the zone clients should show the calendar in */
	timezone?: string;
	/** how often subscribers should refresh, as an RFC 5545 duration (e.g. 'PT6H'): REFRESH-INTERVAL and X-PUBLISHED-TTL */
	refreshInterval?: string;
	/** URL of the feed itself, or of the page it belongs to */
	url?: string;
	events: ICalEvent[];
}

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
	return (
		value
			.toWellFormed()
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex -- TEXT must not contain controls other than tab and newline
			.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\n/g, '\\n')
	);
}

/** A parameter value: quoted when it holds ':', ';' or ','; double quotes and controls are dropped (3.2). */
export function paramValue(value: string): string {
	// eslint-disable-next-line no-control-regex -- parameter values must not contain controls or DQUOTE
	const clean = value.toWellFormed().replace(/[\u0000-\u0008\u000a-\u001f\u007f"]/g, '');
	return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A URI value: no escaping, but never a line break or control character that could forge a property. */
function uriValue(value: string): string {
	// eslint-disable-next-line no-control-regex -- a URI contains no controls
	return value.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '');
}

function utf8Length(codePoint: number): number {
	return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no line is longer than 75 octets (excluding CRLF): a break is CRLF
 * followed by one space, which counts towards the next line's 75. Never splits a UTF-8 sequence.
 */
export function foldLine(line: string): string {
	let out = '';
	let octets = 0;
	for (const ch of line.toWellFormed()) {
		const n = utf8Length(ch.codePointAt(0)!);
		if (octets + n > 75) {
			out += '\r\n ';
			octets = 1;
		}
		out += ch;
		octets += n;
	}
	return out;
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** 'YYYYMMDD' from 'YYYY-MM-DD' (a RangeError for anything else). */
function compactDate(date: string): string {
	const m = DATE.exec(date);
	if (!m) throw new RangeError(`Invalid date: ${String(date)}`);
	return `${m[1]}${m[2]}${m[3]}`;
}

/** 'YYYYMMDDTHHMMSSZ' */
export function utcStamp(d: Date): string {
	if (Number.isNaN(d.getTime())) throw new RangeError('Invalid Date');
	return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

const DEFAULT_ZONE = 'Europe/Berlin';

/** Property parameters and value of a time, and the zone it needs (if any). */
function timeValue(t: ICalTime): { params: string; value: string; zone: string | null } {
	if ('utc' in t) return { params: '', value: utcStamp(t.utc), zone: null };
	if (!('time' in t)) return { params: ';VALUE=DATE', value: compactDate(t.date), zone: null };
	const m = TIME.exec(t.time);
	if (!m) throw new RangeError(`Invalid time: ${String(t.time)}`);
	const zone = t.zone ?? DEFAULT_ZONE;
	zoneDefinition(zone);
	return { params: `;TZID=${paramValue(zone)}`, value: `${compactDate(t.date)}T${m[1]}${m[2]}00`, zone };
}

/** Collects the content lines of a calendar (unfolded) and the zones its times use. */
class Lines {
	readonly lines: string[] = [];
	readonly zones = new Set<string>();
	add(name: string, value: string, params = ''): void {
		this.lines.push(`${name}${params}:${value}`);
	}
	text(name: string, value: string | undefined): void {
		if (value !== undefined && value !== '') this.add(name, escapeText(value));
	}
	uri(name: string, value: string | undefined): void {
		if (value) this.add(name, uriValue(value), name === 'URL' ? '' : ';VALUE=URI');
	}
	time(name: string, t: ICalTime): void {
		const { params, value, zone } = timeValue(t);
		if (zone) this.zones.add(zone);
		this.add(name, value, params);
	}
	/** EXDATE: one line per zone/kind, as all values of one property share its parameters. */
	times(name: string, list: ICalTime[]): void {
		const groups = new Map<string, string[]>();
		for (const t of list) {
			const { params, value, zone } = timeValue(t);
			if (zone) this.zones.add(zone);
			groups.set(params, [...(groups.get(params) ?? []), value]);
		}
		for (const [params, values] of groups) this.add(name, values.join(','), params);
	}
}

function writeEvent(out: Lines, event: ICalEvent, dtstamp: Date): void {
	if (!event.uid) throw new RangeError('An event needs a UID');
	out.add('BEGIN', 'VEVENT');
	out.text('UID', event.uid);
	out.add('DTSTAMP', utcStamp(event.dtstamp ?? dtstamp));
	if (event.created) out.add('CREATED', utcStamp(event.created));
	if (event.lastModified) out.add('LAST-MODIFIED', utcStamp(event.lastModified));
	if (event.recurrenceId) out.time('RECURRENCE-ID', event.recurrenceId);
	out.time('DTSTART', event.start);
	if (event.end) out.time('DTEND', event.end);
	if (event.rrule) out.add('RRULE', event.rrule.replace(/^RRULE:/i, '').replace(/[^A-Za-z0-9=;,+-]/g, ''));
	if (event.exdates?.length) out.times('EXDATE', event.exdates);
	out.text('SUMMARY', event.summary);
	out.text('DESCRIPTION', event.description);
	out.text('LOCATION', event.location);
	out.uri('URL', event.url);
	if (event.categories?.length) out.add('CATEGORIES', event.categories.map(escapeText).join(','));
	if (event.status) out.add('STATUS', event.status);
	if (event.sequence !== undefined) out.add('SEQUENCE', String(Math.max(0, Math.floor(event.sequence))));
	if (event.transparent) out.add('TRANSP', 'TRANSPARENT');
	out.add('END', 'VEVENT');
}

function writeZone(out: Lines, tzid: string): void {
	const zone = zoneDefinition(tzid);
	out.add('BEGIN', 'VTIMEZONE');
	out.add('TZID', zone.tzid);
	out.add('X-LIC-LOCATION', zone.tzid);
	for (const rule of zone.rules) {
		out.add('BEGIN', rule.kind);
		out.add('TZOFFSETFROM', rule.offsetFrom);
		out.add('TZOFFSETTO', rule.offsetTo);
		out.add('TZNAME', rule.name);
		out.add('DTSTART', rule.dtstart);
		out.add('RRULE', rule.rrule);
		out.add('END', rule.kind);
	}
	out.add('END', 'VTIMEZONE');
}

/** The calendar as an iCalendar stream: CRLF line endings, folded lines, one VTIMEZONE per zone used. */
export function writeCalendar(calendar: ICalCalendar): string {
	const body = new Lines();
	for (const event of calendar.events) writeEvent(body, event, calendar.dtstamp);
	if (calendar.timezone) body.zones.add(calendar.timezone);

	const head = new Lines();
	head.add('BEGIN', 'VCALENDAR');
	head.add('VERSION', '2.0');
	head.text('PRODID', calendar.prodId);
	head.add('CALSCALE', 'GREGORIAN');
	if (calendar.method !== null) head.add('METHOD', calendar.method ?? 'PUBLISH');
	if (calendar.name) {
		head.text('NAME', calendar.name);
		head.text('X-WR-CALNAME', calendar.name);
	}
	if (calendar.description) {
		head.text('DESCRIPTION', calendar.description);
		head.text('X-WR-CALDESC', calendar.description);
	}
	if (calendar.timezone) head.text('X-WR-TIMEZONE', calendar.timezone);
	if (calendar.url) head.uri('URL', calendar.url);
	if (calendar.refreshInterval && /^P[0-9WDTHMS]+$/.test(calendar.refreshInterval)) {
		head.add('REFRESH-INTERVAL', calendar.refreshInterval, ';VALUE=DURATION');
		head.add('X-PUBLISHED-TTL', calendar.refreshInterval);
	}
	for (const zone of [...body.zones].sort()) writeZone(head, zone);

	const lines = [...head.lines, ...body.lines, 'END:VCALENDAR'];
	return lines.map(foldLine).join('\r\n') + '\r\n';
}
