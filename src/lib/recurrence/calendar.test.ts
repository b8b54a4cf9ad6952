import { describe, expect, it } from 'vitest';
import {
	addDays,
	civilFromDays,
	daysFromCivil,
	daysInMonth,
	fromDayNumber,
	isIsoDate,
	isWallTime,
	nthWeekdayOfMonth,
	parseMonthDay,
	toDayNumber,
	weekdayOf
} from './calendar.js';

describe('calendar arithmetic', () => {
	it('counts days from 1970-01-01 like Date.UTC does, across centuries and leap days', () => {
		for (const [y, m, d] of [
			[1970, 1, 1],
			[1900, 3, 1],
			[2000, 2, 29],
			[2027, 12, 31],
			[2100, 3, 1],
			[1600, 1, 1]
		] as const) {
			expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
			expect(civilFromDays(daysFromCivil(y, m, d))).toEqual({ year: y, month: m, day: d });
		}
	});

	it('round-trips every day of 400 years', () => {
		const start = daysFromCivil(1900, 1, 1);
		const mismatches: number[] = [];
		for (let n = start; n < start + 146_097; n++) if (toDayNumber(fromDayNumber(n)) !== n) mismatches.push(n);
		expect(mismatches).toEqual([]);
	});

	it('accepts real dates and rejects malformed or impossible ones', () => {
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2027-02-29')).toBe(false);
		expect(isIsoDate('2026-02-30')).toBe(false);
		expect(isIsoDate('2027-13-01')).toBe(false);
		expect(isIsoDate('2027-1-01')).toBe(false);
		expect(isIsoDate('27-01-01')).toBe(false);
		expect(isIsoDate('')).toBe(false);
		expect(isIsoDate(null)).toBe(false);
	});

	it('accepts 24 h wall times only', () => {
		expect(isWallTime('00:00')).toBe(true);
		expect(isWallTime('23:59')).toBe(true);
		expect(isWallTime('24:00')).toBe(false);
		expect(isWallTime('25:00')).toBe(false);
		expect(isWallTime('19:60')).toBe(false);
		expect(isWallTime('9:00')).toBe(false);
	});

	it('reads yearly month-day values, allowing 29 February', () => {
		expect(parseMonthDay('02-29')).toEqual({ month: 2, day: 29 });
		expect(parseMonthDay('04-31')).toBeNull();
		expect(parseMonthDay('2027-04-01')).toBeNull();
	});

	it('knows weekdays, month lengths and date offsets', () => {
		expect(weekdayOf('2027-01-01')).toBe(5);
		expect(weekdayOf('2027-03-28')).toBe(7);
		expect(weekdayOf('2026-12-28')).toBe(1);
		expect(daysInMonth(2028, 2)).toBe(29);
		expect(daysInMonth(2100, 2)).toBe(28);
		expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
		expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
	});

	it('finds the nth and the last weekday of a month', () => {
		expect(nthWeekdayOfMonth(2027, 3, 2, 5)).toBe(30);
		expect(nthWeekdayOfMonth(2027, 2, 2, 5)).toBeNull();
		expect(nthWeekdayOfMonth(2027, 2, 2, -1)).toBe(23);
		expect(nthWeekdayOfMonth(2028, 2, 2, -1)).toBe(29);
		expect(nthWeekdayOfMonth(2027, 1, 5, 1)).toBe(1);
	});
});
