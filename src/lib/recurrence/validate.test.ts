import { describe, expect, it } from 'vitest';
import type { Recurrence } from './types.js';
import { validateRecurrence } from './validate.js';

const base: Recurrence = {
	frequency: 'weekly',
	interval: 1,
	weekdays: [2],
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
const check = (r: Recurrence) => validateRecurrence(r, { federalState: 'BE', today: '2027-01-01' });

describe('validateRecurrence', () => {
	it('accepts valid rules of every kind', () => {
		expect(check(base)).toEqual([]);
		expect(check(rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [2, 4], interval: 12 }))).toEqual([]);
		expect(check(rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12' }))).toEqual([]);
		expect(check(rule({ breaks: [{ from: '12-20', to: '01-06' }], skipHolidays: true, endDate: '2027-12-31' }))).toEqual([]);
	});

	it('reports an end date before the start date', () => {
		expect(check(rule({ endDate: '2026-12-31' }))).toEqual([{ field: 'endDate', code: 'recurrence_end_before_start' }]);
	});

	it('accepts an end date equal to the start date of a matching day', () => {
		expect(check(rule({ startDate: '2027-01-05', endDate: '2027-01-05' }))).toEqual([]);
	});

	it('reports an end time not after the start time', () => {
		expect(check(rule({ endTime: '19:00' }))).toEqual([{ field: 'endTime', code: 'recurrence_time_order' }]);
		expect(check(rule({ startTime: '21:00', endTime: '01:00' }))).toEqual([{ field: 'endTime', code: 'recurrence_time_order' }]);
	});

	it('reports weekly and monthly rules without a weekday', () => {
		expect(check(rule({ weekdays: [] }))).toEqual([{ field: 'weekdays', code: 'recurrence_no_weekday' }]);
		expect(check(rule({ frequency: 'monthly', weekdays: [], weeksOfMonth: [1] }))).toEqual([
			{ field: 'weekdays', code: 'recurrence_no_weekday' }
		]);
	});

	it('reports a monthly rule without weeks of the month', () => {
		expect(check(rule({ frequency: 'monthly', weeksOfMonth: [] }))).toEqual([
			{ field: 'weeksOfMonth', code: 'recurrence_no_week_of_month' }
		]);
	});

	it('reports an interval below 1, above 12 or fractional', () => {
		for (const interval of [0, -1, 13, 1.5, Number.NaN]) {
			expect(check(rule({ interval }))).toEqual([{ field: 'interval', code: 'recurrence_bad_interval' }]);
		}
		expect(check(rule({ frequency: 'monthly', weeksOfMonth: [1], interval: 13 }))).toEqual([
			{ field: 'interval', code: 'recurrence_bad_interval' }
		]);
	});

	it('reports malformed and impossible dates', () => {
		expect(check(rule({ startDate: '2026-02-30' }))).toEqual([{ field: 'startDate', code: 'recurrence_invalid_date' }]);
		expect(check(rule({ endDate: '31.12.2027' }))).toEqual([{ field: 'endDate', code: 'recurrence_invalid_date' }]);
		expect(check(rule({ exceptions: [{ date: '2027-02-29', kind: 'cancel' }] }))).toEqual([
			{ field: 'exceptions', code: 'recurrence_invalid_date' }
		]);
	});

	it('reports malformed and impossible times', () => {
		expect(check(rule({ startTime: '25:00' }))).toEqual([{ field: 'startTime', code: 'recurrence_invalid_time' }]);
		expect(check(rule({ endTime: '21.00' }))).toEqual([{ field: 'endTime', code: 'recurrence_invalid_time' }]);
		expect(
			check(rule({ exceptions: [{ date: '2027-01-05', kind: 'move', toDate: '2027-01-06', startTime: '19:00', endTime: '24:00' }] }))
		).toEqual([{ field: 'exceptions', code: 'recurrence_invalid_time' }]);
		expect(
			check(rule({ exceptions: [{ date: '2027-01-05', kind: 'move', toDate: '2027-01-06', startTime: '20:00', endTime: '19:00' }] }))
		).toEqual([{ field: 'exceptions', code: 'recurrence_time_order' }]);
	});

	it('reports malformed breaks', () => {
		for (const range of [
			{ from: '2027-08-31', to: '2027-07-15' },
			{ from: '2027-07-15', to: '08-31' },
			{ from: '13-01', to: '01-06' },
			{ from: '07-15', to: '' }
		]) {
			expect(check(rule({ breaks: [range] }))).toEqual([{ field: 'breaks', code: 'recurrence_bad_break' }]);
		}
	});

	it('reports a rule that produces no date, e.g. only Christmas Day with holidays skipped', () => {
		const christmas = rule({ frequency: 'once', weekdays: [], startDate: '2027-12-25', skipHolidays: true });
		expect(check(christmas)).toEqual([{ field: 'rule', code: 'recurrence_no_occurrences' }]);
		expect(check({ ...christmas, skipHolidays: false })).toEqual([]);
	});

	it('reports a series that lies entirely in a break or is entirely cancelled', () => {
		expect(check(rule({ endDate: '2027-01-31', breaks: [{ from: '2027-01-01', to: '2027-01-31' }] }))).toEqual([
			{ field: 'rule', code: 'recurrence_no_occurrences' }
		]);
		const once = rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12', exceptions: [{ date: '2027-03-12', kind: 'cancel' }] });
		expect(check(once)).toEqual([{ field: 'rule', code: 'recurrence_no_occurrences' }]);
	});

	it('reports a start and end date between which the pattern never falls', () => {
		expect(check(rule({ startDate: '2027-01-06', endDate: '2027-01-11' }))).toEqual([{ field: 'rule', code: 'recurrence_no_occurrences' }]);
		// A 5th Monday of February only every 12 years: none within two years of the start.
		expect(check(rule({ frequency: 'monthly', interval: 12, weekdays: [1], weeksOfMonth: [5], startDate: '2027-02-01' }))).toEqual([
			{ field: 'rule', code: 'recurrence_no_occurrences' }
		]);
	});

	it('counts a moved occurrence as an occurrence', () => {
		const r = rule({
			frequency: 'once',
			weekdays: [],
			startDate: '2027-12-25',
			skipHolidays: true,
			exceptions: [{ date: '2027-12-25', kind: 'move', toDate: '2027-12-27', startTime: '19:00', endTime: '21:00' }]
		});
		expect(check(r)).toEqual([]);
	});

	it('reports several problems at once, without checking for occurrences', () => {
		expect(check(rule({ startDate: 'x', startTime: '7', weekdays: [], interval: 0, breaks: [{ from: 'a', to: 'b' }] }))).toEqual([
			{ field: 'startDate', code: 'recurrence_invalid_date' },
			{ field: 'startTime', code: 'recurrence_invalid_time' },
			{ field: 'interval', code: 'recurrence_bad_interval' },
			{ field: 'weekdays', code: 'recurrence_no_weekday' },
			{ field: 'breaks', code: 'recurrence_bad_break' }
		]);
	});
});
