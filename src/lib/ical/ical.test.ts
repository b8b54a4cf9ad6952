import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, writeCalendar, type ICalCalendar, type ICalEvent } from './index.js';
import { expand, instantToWall, toRRule, type Recurrence } from '../recurrence/index.js';

const STAMP = new Date('2027-01-15T10:00:00Z');

const calendar = (events: ICalEvent[], overrides: Partial<ICalCalendar> = {}): string =>
	writeCalendar({ prodId: '-//Treffpunkt//Test//DE', dtstamp: STAMP, name: 'Termine', events, ...overrides });

const meeting = (date: string, overrides: Partial<ICalEvent> = {}): ICalEvent => ({
	uid: `m-${date}@example.org`,
	start: { date, time: '19:00' },
	end: { date, time: '21:00' },
	summary: 'Gesprächskreis',
	...overrides
});

function parse(ics: string) {
	const root = new ICAL.Component(ICAL.parse(ics));
	return { root, events: root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

/** The physical lines of the stream, without their CRLF. */
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);

const weekly = (overrides: Partial<Recurrence>): Recurrence => ({
	frequency: 'weekly',
	interval: 1,
	weekdays: [1],
	weeksOfMonth: [],
	startDate: '2027-01-04',
	endDate: null,
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: false,
	exceptions: [],
	...overrides
});

describe('writeCalendar (RFC 5545)', () => {
	it('writes a publishable calendar with CRLF line endings and a Europe/Berlin VTIMEZONE', () => {
		const ics = calendar([meeting('2027-03-16')]);
		expect(
			ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Treffpunkt//Test//DE\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n')
		).toBe(true);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expect(ics).toContain('X-WR-CALNAME:Termine\r\n');
		expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20270316T190000\r\n');
		expect(ics).toContain('DTEND;TZID=Europe/Berlin:20270316T210000\r\n');
		expect(ics).toContain('DTSTAMP:20270115T100000Z\r\n');

		const { root, events } = parse(ics);
		const zones = root.getAllSubcomponents('vtimezone');
		expect(zones).toHaveLength(1);
		expect(zones[0]!.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
		expect(zones[0]!.getAllSubcomponents('daylight')[0]!.getFirstPropertyValue('tzoffsetto')!.toString()).toBe('+02:00');
		expect(zones[0]!.getAllSubcomponents('standard')[0]!.getFirstPropertyValue('tzoffsetto')!.toString()).toBe('+01:00');
		expect(events).toHaveLength(1);
		expect(events[0]!.uid).toBe('m-2027-03-16@example.org');
		expect(events[0]!.startDate.toJSDate()).toEqual(new Date('2027-03-16T18:00:00Z'));
	});

	it('leaves the VTIMEZONE out when no time needs it, and refuses a zone it cannot describe', () => {
		const ics = calendar([meeting('2027-03-16', { start: { utc: new Date('2027-03-16T18:00:00Z') }, end: { date: '2027-03-17' } })]);
		expect(ics).not.toContain('VTIMEZONE');
		expect(ics).toContain('DTSTART:20270316T180000Z\r\n');
		expect(ics).toContain('DTEND;VALUE=DATE:20270317\r\n');
		expect(() => calendar([meeting('2027-03-16', { start: { date: '2027-03-16', time: '19:00', zone: 'Europe/Paris' } })])).toThrow(
			RangeError
		);
		expect(() => calendar([meeting('2027-02-30x')])).toThrow(RangeError);
	});

	it('places meetings at 19:00 Berlin time on both sides of the March and October changes', () => {
		// 2027: summer time from Sunday 28 March, winter time from Sunday 31 October
		const dates = ['2027-03-22', '2027-03-29', '2027-10-25', '2027-11-01'];
		const { events } = parse(calendar(dates.map((date) => meeting(date))));
		expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
			'2027-03-22T18:00:00.000Z',
			'2027-03-29T17:00:00.000Z',
			'2027-10-25T17:00:00.000Z',
			'2027-11-01T18:00:00.000Z'
		]);
		expect(events.map((e) => e.endDate.toJSDate().toISOString())).toEqual([
			'2027-03-22T20:00:00.000Z',
			'2027-03-29T19:00:00.000Z',
			'2027-10-25T19:00:00.000Z',
			'2027-11-01T20:00:00.000Z'
		]);
	});

	it('writes expanded occurrences exactly: a Monday group skips Easter Monday (29 March 2027, the day after the change)', () => {
		const rule = weekly({ skipHolidays: true });
		const occurrences = expand(rule, { from: '2027-03-15', to: '2027-04-12', federalState: 'NI' });
		expect(occurrences.map((o) => o.date)).toEqual(['2027-03-15', '2027-03-22', '2027-04-05', '2027-04-12']);
		const events = occurrences.map((o) => {
			const start = instantToWall(o.start);
			const end = instantToWall(o.end);
			return meeting(o.date, { start: { date: start.date, time: start.time }, end: { date: end.date, time: end.time } });
		});
		const parsed = parse(calendar(events)).events;
		expect(parsed.map((e) => e.startDate.toJSDate())).toEqual(occurrences.map((o) => o.start));
		expect(parsed.map((e) => e.endDate.toJSDate())).toEqual(occurrences.map((o) => o.end));
	});

	it('writes RRULE and EXDATE that a client expands to the same dates as the recurrence engine, across both changes', () => {
		const rule = weekly({
			frequency: 'monthly',
			weekdays: [2],
			weeksOfMonth: [2, 4],
			startDate: '2027-01-01',
			exceptions: [{ date: '2027-04-13', kind: 'cancel' }]
		});
		const exported = toRRule(rule);
		const ics = calendar([
			{
				uid: 'series-1@example.org',
				start: exported.dtstart,
				end: { date: exported.dtstart.date, time: rule.endTime },
				rrule: exported.rrule!,
				exdates: exported.exdates.map((date) => ({ date, time: rule.startTime })),
				summary: 'Jeden 2. und 4. Dienstag'
			}
		]);
		expect(ics).toContain('RRULE:FREQ=MONTHLY;BYDAY=2TU,4TU\r\n');
		expect(ics).toContain('EXDATE;TZID=Europe/Berlin:20270413T190000\r\n');

		const [event] = parse(ics).events;
		const iterator = event!.iterator();
		const fromClient: Date[] = [];
		for (let next = iterator.next(); next && fromClient.length < 24; next = iterator.next()) fromClient.push(next.toJSDate());
		const fromEngine = expand(rule, { from: '2027-01-01', to: '2028-12-31', federalState: 'BE', limit: 24 }).map((o) => o.start);
		expect(fromClient).toEqual(fromEngine);
		expect(fromClient.map((d) => d.toISOString())).toContain('2027-03-23T18:00:00.000Z');
		expect(fromClient.map((d) => d.toISOString())).toContain('2027-10-26T17:00:00.000Z');
		expect(fromClient.map((d) => d.toISOString())).toContain('2027-11-09T18:00:00.000Z');
		expect(fromClient.map((d) => d.toISOString())).toContain('2027-04-27T17:00:00.000Z');
		expect(fromClient.map((d) => d.toISOString())).not.toContain('2027-04-13T17:00:00.000Z');
	});

	it('escapes text so that commas, semicolons, backslashes and line breaks survive', () => {
		const summary = 'Angehörige, Freunde; Nachbarn \\ alle';
		const description = 'Erste Zeile\nZweite Zeile\r\nDritte Zeile\rEnde';
		expect(escapeText(summary)).toBe('Angehörige\\, Freunde\\; Nachbarn \\\\ alle');
		expect(escapeText('a\u0000b\u0007c\td')).toBe('abc\td');
		const ics = calendar([meeting('2027-03-16', { summary, description, location: 'Kirchenstraße 6, 21244 Buchholz' })]);
		const [event] = parse(ics).events;
		expect(event!.summary).toBe(summary);
		expect(event!.description).toBe('Erste Zeile\nZweite Zeile\nDritte Zeile\nEnde');
		expect(event!.location).toBe('Kirchenstraße 6, 21244 Buchholz');
	});

	it('cannot be tricked into another property by a line break in a value', () => {
		const ics = calendar([
			meeting('2027-03-16', {
				summary: 'Treffen\r\nSTATUS:CANCELLED',
				url: 'https://example.org/a\r\nSTATUS:CANCELLED',
				status: 'CONFIRMED'
			})
		]);
		expect(physicalLines(ics).filter((line) => line.startsWith('STATUS:'))).toEqual(['STATUS:CONFIRMED']);
		const [event] = parse(ics).events;
		expect(event!.summary).toBe('Treffen\nSTATUS:CANCELLED');
	});

	it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
		const description = `${'Selbsthilfe für Angehörige – '.repeat(12)}ÄÖÜäöüß€ 👪🧑‍🤝‍🧑 ${'x'.repeat(200)}`;
		const ics = calendar([meeting('2027-03-16', { description, summary: '🙂'.repeat(40) })]);
		for (const line of physicalLines(ics)) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
			// a split UTF-8 sequence would not survive a round trip through bytes
			expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
		}
		expect(physicalLines(ics).filter((line) => line.startsWith(' ')).length).toBeGreaterThan(5);
		const [event] = parse(ics).events;
		expect(event!.description).toBe(description);
		expect(event!.summary).toBe('🙂'.repeat(40));
	});

	it('folds at exactly 75 octets and continues with one space', () => {
		expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
		expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
		// a two-octet character that would end at octet 76 moves to the next line whole
		expect(foldLine(`${'a'.repeat(74)}ä`)).toBe(`${'a'.repeat(74)}\r\n ä`);
		expect(foldLine('a'.repeat(75 + 74 + 1))).toBe(`${'a'.repeat(75)}\r\n ${'a'.repeat(74)}\r\n a`);
	});

	it('writes status, URL, sequence, categories and calendar properties', () => {
		const ics = calendar(
			[
				meeting('2027-03-16', {
					status: 'CANCELLED',
					url: 'https://example.org/gruppen/a?x=1;y=2',
					sequence: 2,
					categories: ['Sucht', 'Angehörige, Freunde'],
					lastModified: new Date('2027-01-01T00:00:00Z'),
					transparent: true
				})
			],
			{ description: 'Alle Treffen', refreshInterval: 'PT6H', timezone: 'Europe/Berlin', url: 'https://example.org/gruppen/a' }
		);
		expect(ics).toContain('URL:https://example.org/gruppen/a?x=1;y=2\r\n');
		expect(ics).toContain('CATEGORIES:Sucht,Angehörige\\, Freunde\r\n');
		expect(ics).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n');
		expect(ics).toContain('X-WR-TIMEZONE:Europe/Berlin\r\n');
		const { root, events } = parse(ics);
		expect(root.getFirstPropertyValue('x-wr-caldesc')).toBe('Alle Treffen');
		expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(events[0]!.component.getFirstPropertyValue('url')).toBe('https://example.org/gruppen/a?x=1;y=2');
		expect(events[0]!.sequence).toBe(2);
	});
});
