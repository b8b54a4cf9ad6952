import { describe, expect, it } from 'vitest';
import { parseScheduleText } from './parse.js';
import type { Recurrence } from './types.js';

const today = '2027-01-04';
const parse = (text: string) => parseScheduleText(text, { today });
const defaults = { startDate: today, endDate: null, breaks: [], skipHolidays: false, exceptions: [] };
const weekly = (weekdays: Recurrence['weekdays'], startTime: string, endTime: string, interval = 1): Recurrence => ({
	frequency: 'weekly',
	interval,
	weekdays,
	weeksOfMonth: [],
	startTime,
	endTime,
	...defaults
});
const monthly = (
	weeksOfMonth: Recurrence['weeksOfMonth'],
	weekday: Recurrence['weekdays'][number],
	startTime: string,
	endTime: string
): Recurrence => ({
	frequency: 'monthly',
	interval: 1,
	weekdays: [weekday],
	weeksOfMonth,
	startTime,
	endTime,
	...defaults
});

describe('parseScheduleText', () => {
	const cases: Array<[string, Recurrence]> = [
		['jeden 1. Mittwoch im Monat 18 Uhr', monthly([1], 3, '18:00', '20:00')],
		['jeden 2. und 4. Dienstag, 19:00–21:00 Uhr', monthly([2, 4], 2, '19:00', '21:00')],
		['jeden 2. + 4. Dienstag 19-21 Uhr', monthly([2, 4], 2, '19:00', '21:00')],
		['wöchentlich montags 18:00', weekly([1], '18:00', '20:00')],
		['montags 19 Uhr', weekly([1], '19:00', '21:00')],
		['immer dienstags 19.30 – 21.30 Uhr', weekly([2], '19:30', '21:30')],
		['14-tägig donnerstags 19 Uhr', weekly([4], '19:00', '21:00', 2)],
		['alle 2 Wochen freitags 17-19 Uhr', weekly([5], '17:00', '19:00', 2)],
		['monatlich am letzten Freitag, 18 Uhr', monthly([-1], 5, '18:00', '20:00')],
		['letzter Freitag im Monat 18:00-20:00', monthly([-1], 5, '18:00', '20:00')],
		['jeden ersten Montag im Monat um 19 Uhr', monthly([1], 1, '19:00', '21:00')],
		['1. und 3. Mittwoch 15:00 bis 17:00', monthly([1, 3], 3, '15:00', '17:00')],
		['Di 19-21 Uhr', weekly([2], '19:00', '21:00')],
		['mittwochs und freitags 10-12 Uhr', weekly([3, 5], '10:00', '12:00')]
	];

	for (const [text, rule] of cases) {
		it(`reads "${text}"`, () => {
			expect(parse(text)).toEqual({ rule, confidence: 'exact' });
		});
	}

	it('reads common variants of the same schedules', () => {
		expect(parse('Jeden 2./4. Dienstag von 19 bis 21 Uhr')?.rule).toEqual(monthly([2, 4], 2, '19:00', '21:00'));
		expect(parse('jeden 2. u. 4. Dienstag 19 Uhr - 21 Uhr')?.rule).toEqual(monthly([2, 4], 2, '19:00', '21:00'));
		expect(parse('Mo. + Do. 18.00-20.00 Uhr')?.rule).toEqual(weekly([1, 4], '18:00', '20:00'));
		expect(parse('jede Woche Montag ab 18 Uhr')?.rule).toEqual(weekly([1], '18:00', '20:00'));
		expect(parse('alle drei Wochen samstags 10 Uhr')?.rule).toEqual(weekly([6], '10:00', '12:00', 3));
		expect(parse('vierzehntägig mittwochs, 9:30 Uhr')?.rule).toEqual(weekly([3], '09:30', '11:30', 2));
		expect(parse('jeden zweiten Dienstag des Monats, 19 Uhr')?.rule).toEqual(monthly([2], 2, '19:00', '21:00'));
		expect(parse('  MONTAGS   19 UHR. ')?.rule).toEqual(weekly([1], '19:00', '21:00'));
		expect(parse('jeden 3. Donnerstag im Monat von 18:30 bis 20:00 Uhr')?.rule).toEqual(monthly([3], 4, '18:30', '20:00'));
		expect(parse('monatlich, 1. Montag, 19 Uhr')?.rule).toEqual(monthly([1], 1, '19:00', '21:00'));
		expect(parse('Mittwochs 14-tägig 18 Uhr')?.rule).toEqual(weekly([3], '18:00', '20:00', 2));
		expect(parse('alle 14 Tage montags 19 Uhr')?.rule).toEqual(weekly([1], '19:00', '21:00', 2));
		expect(parse('jede 2. Woche montags 19 Uhr')?.rule).toEqual(weekly([1], '19:00', '21:00', 2));
		expect(parse('19-21 Uhr, dienstags')?.rule).toEqual(weekly([2], '19:00', '21:00'));
		expect(parse('alle 2 Monate am letzten Freitag 18 Uhr')?.rule).toEqual({ ...monthly([-1], 5, '18:00', '20:00'), interval: 2 });
	});

	it('uses today as the start of an open-ended series', () => {
		const parsed = parseScheduleText('montags 19 Uhr', { today: '2030-05-06' });
		expect(parsed?.rule.startDate).toBe('2030-05-06');
		expect(parsed?.rule.endDate).toBeNull();
		expect(() => parseScheduleText('montags 19 Uhr', { today: '06.05.2030' })).toThrow(RangeError);
	});

	it('refuses texts that are not a schedule', () => {
		for (const text of ['nach Vereinbarung', 'unregelmäßig', 'siehe Homepage', '', '   ', 'Termine auf Anfrage'])
			expect(parse(text)).toBeNull();
	});

	it('refuses ambiguous or incomplete schedules', () => {
		for (const text of [
			// every other Tuesday, or the 2nd Tuesday of the month?
			'jeden zweiten Dienstag 19 Uhr',
			'jeden 2. Dienstag 19 Uhr',
			'jeden dritten Mittwoch 18 Uhr',
			// no time
			'montags',
			'jeden 1. Mittwoch im Monat',
			// two times
			'Di 10-12 Uhr und Do 18-20 Uhr',
			// two ordinals for two weekdays
			'1. Montag und 3. Mittwoch 19 Uhr',
			'1. Montag und Mittwoch 19 Uhr',
			// a weekday range
			'Mo - Fr 9-12 Uhr',
			'Mo bis Fr 9 Uhr',
			// monthly without saying which week
			'monatlich dienstags 19 Uhr',
			// conflicting rhythms
			'wöchentlich 14-tägig montags 19 Uhr',
			'14-tägig am 1. Montag 19 Uhr',
			// impossible or midnight-crossing times
			'montags 25 Uhr',
			'montags 19:75',
			'freitags 23 Uhr',
			'freitags 22-2 Uhr',
			'montags 21-19 Uhr',
			// dates and additional conditions
			'am 12.03.2027 19 Uhr',
			'montags 19 Uhr, nicht in den Ferien',
			'montags 19 Uhr (außer Feiertage)',
			'jeden vorletzten Freitag 18 Uhr',
			'alle 13 Wochen montags 19 Uhr'
		]) {
			expect(parse(text), text).toBeNull();
		}
	});
});
