import { describe, expect, it } from 'vitest';
import { describeRecurrence } from './describe.js';
import type { Recurrence } from './types.js';

const base: Recurrence = {
	frequency: 'weekly',
	interval: 1,
	weekdays: [1],
	weeksOfMonth: [],
	startDate: '2027-01-01',
	endDate: null,
	startTime: '18:00',
	endTime: '19:30',
	breaks: [],
	skipHolidays: false,
	exceptions: []
};
const rule = (overrides: Partial<Recurrence>): Recurrence => ({ ...base, ...overrides });
const both = (r: Recurrence) => [describeRecurrence(r, 'de'), describeRecurrence(r, 'en')];

describe('describeRecurrence', () => {
	it('describes a weekly rule', () => {
		expect(both(base)).toEqual(['wöchentlich montags, 18:00–19:30 Uhr', 'weekly on Mondays, 18:00–19:30']);
	});

	it('describes a weekly rule on several days', () => {
		expect(both(rule({ weekdays: [5, 3, 1] }))).toEqual([
			'wöchentlich montags, mittwochs und freitags, 18:00–19:30 Uhr',
			'weekly on Mondays, Wednesdays and Fridays, 18:00–19:30'
		]);
	});

	it('describes a biweekly rule', () => {
		expect(both(rule({ interval: 2, weekdays: [4], startTime: '19:00', endTime: '21:00' }))).toEqual([
			'alle zwei Wochen donnerstags, 19:00–21:00 Uhr',
			'every other Thursday, 19:00–21:00'
		]);
		expect(both(rule({ interval: 2, weekdays: [2, 4] }))).toEqual([
			'alle zwei Wochen dienstags und donnerstags, 18:00–19:30 Uhr',
			'every other Tuesday and Thursday, 18:00–19:30'
		]);
	});

	it('describes every n weeks', () => {
		expect(both(rule({ interval: 3, weekdays: [6] }))).toEqual([
			'alle drei Wochen samstags, 18:00–19:30 Uhr',
			'every 3 weeks on Saturdays, 18:00–19:30'
		]);
	});

	it('describes the nth weekday of the month', () => {
		expect(both(rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [4, 2], startTime: '19:00', endTime: '21:00' }))).toEqual([
			'jeden 2. und 4. Dienstag im Monat, 19:00–21:00 Uhr',
			'every 2nd and 4th Tuesday of the month, 19:00–21:00'
		]);
		expect(both(rule({ frequency: 'monthly', weekdays: [3], weeksOfMonth: [1] }))).toEqual([
			'jeden 1. Mittwoch im Monat, 18:00–19:30 Uhr',
			'every 1st Wednesday of the month, 18:00–19:30'
		]);
		expect(both(rule({ frequency: 'monthly', weekdays: [3], weeksOfMonth: [-1, 1, 3] }))).toEqual([
			'jeden 1., 3. und letzten Mittwoch im Monat, 18:00–19:30 Uhr',
			'every 1st, 3rd and last Wednesday of the month, 18:00–19:30'
		]);
	});

	it('describes the last weekday of the month', () => {
		expect(both(rule({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [-1], startTime: '18:00', endTime: '20:00' }))).toEqual([
			'monatlich am letzten Freitag, 18:00–20:00 Uhr',
			'monthly on the last Friday, 18:00–20:00'
		]);
	});

	it('describes every n months', () => {
		expect(both(rule({ frequency: 'monthly', interval: 2, weekdays: [5], weeksOfMonth: [-1] }))).toEqual([
			'alle zwei Monate am letzten Freitag, 18:00–19:30 Uhr',
			'every other month on the last Friday, 18:00–19:30'
		]);
		expect(both(rule({ frequency: 'monthly', interval: 3, weekdays: [2], weeksOfMonth: [1, 3] }))).toEqual([
			'alle drei Monate am 1. und 3. Dienstag, 18:00–19:30 Uhr',
			'every 3 months on the 1st and 3rd Tuesday, 18:00–19:30'
		]);
	});

	it('describes a one-off', () => {
		expect(
			both(rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12', startTime: '10:00', endTime: '12:00', skipHolidays: true }))
		).toEqual(['am 12.03.2027, 10:00–12:00 Uhr', 'on 12 Mar 2027, 10:00–12:00']);
	});

	it('appends the end date, breaks and the holiday rule', () => {
		const r = rule({
			frequency: 'monthly',
			weekdays: [2],
			weeksOfMonth: [2, 4],
			startTime: '19:00',
			endTime: '21:00',
			endDate: '2027-12-31',
			breaks: [
				{ from: '07-15', to: '08-31' },
				{ from: '12-20', to: '01-06' },
				{ from: '2027-04-01', to: '2027-04-10' },
				{ from: '2027-10-03', to: '2027-10-03' }
			],
			skipHolidays: true
		});
		expect(both(r)).toEqual([
			'jeden 2. und 4. Dienstag im Monat, 19:00–21:00 Uhr, bis 31.12.2027; Sommerpause 15.07.–31.08.; Winterpause 20.12.–06.01.; Pause 01.04.2027–10.04.2027; Pause 03.10.2027; nicht an Feiertagen',
			'every 2nd and 4th Tuesday of the month, 19:00–21:00, until 31 Dec 2027; summer break 15 Jul–31 Aug; winter break 20 Dec–6 Jan; break 1 Apr 2027–10 Apr 2027; break 3 Oct 2027; not on public holidays'
		]);
	});

	it('describes a summer break alone as in the product text', () => {
		expect(describeRecurrence(rule({ breaks: [{ from: '2027-07-15', to: '2027-08-31' }] }), 'de')).toBe(
			'wöchentlich montags, 18:00–19:30 Uhr; Sommerpause 15.07.2027–31.08.2027'
		);
	});
});
