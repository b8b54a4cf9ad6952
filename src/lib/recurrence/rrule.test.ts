import { describe, expect, it } from 'vitest';
import { toRRule } from './rrule.js';
import type { Recurrence } from './types.js';

const base: Recurrence = {
	frequency: 'weekly',
	interval: 1,
	weekdays: [1],
	weeksOfMonth: [],
	startDate: '2027-01-01',
	endDate: null,
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: false,
	exceptions: []
};
const rule = (overrides: Partial<Recurrence>): Recurrence => ({ ...base, ...overrides });

describe('toRRule', () => {
	it('writes a weekly rule, starting on the first matching date', () => {
		expect(toRRule(base)).toEqual({ dtstart: { date: '2027-01-04', time: '19:00' }, rrule: 'FREQ=WEEKLY;BYDAY=MO', exdates: [] });
		expect(toRRule(rule({ weekdays: [5, 1, 3] })).rrule).toBe('FREQ=WEEKLY;BYDAY=MO,WE,FR');
	});

	it('writes a biweekly rule', () => {
		expect(toRRule(rule({ interval: 2, weekdays: [4], startDate: '2026-12-29' }))).toEqual({
			dtstart: { date: '2026-12-31', time: '19:00' },
			rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
			exdates: []
		});
	});

	it("starts a biweekly rule in a week of the series' rhythm", () => {
		// The week of 1 January 2027 is the anchor; its Thursday lies before the start, so the next is two weeks on.
		expect(toRRule(rule({ interval: 2, weekdays: [4] })).dtstart.date).toBe('2027-01-14');
	});

	it('writes nth and last weekday rules', () => {
		expect(toRRule(rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [4, 2] })).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU,4TU');
		expect(toRRule(rule({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [-1] })).rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
		expect(toRRule(rule({ frequency: 'monthly', weekdays: [4, 2], weeksOfMonth: [1, 3] })).rrule).toBe(
			'FREQ=MONTHLY;BYDAY=1TU,1TH,3TU,3TH'
		);
		expect(toRRule(rule({ frequency: 'monthly', interval: 3, weekdays: [3], weeksOfMonth: [1] }))).toEqual({
			dtstart: { date: '2027-01-06', time: '19:00' },
			rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE',
			exdates: []
		});
	});

	it('writes UNTIL in UTC as the last second of the end date in Berlin', () => {
		expect(toRRule(rule({ endDate: '2027-12-31' })).rrule).toBe('FREQ=WEEKLY;UNTIL=20271231T225959Z;BYDAY=MO');
		expect(toRRule(rule({ endDate: '2027-07-31' })).rrule).toBe('FREQ=WEEKLY;UNTIL=20270731T215959Z;BYDAY=MO');
	});

	it('writes a one-off without a rule', () => {
		expect(toRRule(rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12', startTime: '10:00' }))).toEqual({
			dtstart: { date: '2027-03-12', time: '10:00' },
			rrule: null,
			exdates: []
		});
	});

	it('lists cancelled dates of the series as exdates, not moved ones or breaks', () => {
		const r = rule({
			breaks: [{ from: '07-15', to: '08-31' }],
			skipHolidays: true,
			exceptions: [
				{ date: '2027-02-15', kind: 'cancel' },
				{ date: '2027-01-11', kind: 'cancel' },
				{ date: '2027-01-12', kind: 'cancel' },
				{ date: '2027-01-18', kind: 'move', toDate: '2027-01-19', startTime: '19:00', endTime: '21:00' }
			]
		});
		expect(toRRule(r)).toEqual({
			dtstart: { date: '2027-01-04', time: '19:00' },
			rrule: 'FREQ=WEEKLY;BYDAY=MO',
			exdates: ['2027-01-11', '2027-02-15']
		});
	});
});
