/**
 * Plain calendar arithmetic on 'YYYY-MM-DD' strings, without Date objects or time zones.
 * Day numbers count days since 1970-01-01 (proleptic Gregorian calendar).
 */
import type { IsoDate, WallTime, Weekday } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface YMD {
	year: number;
	month: number;
	day: number;
}

export function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a 'YYYY-MM-DD' string; null when malformed or impossible (2026-02-30). */
export function parseIsoDate(value: unknown): YMD | null {
	if (typeof value !== 'string') return null;
	const m = ISO_DATE.exec(value);
	if (!m) return null;
	const year = Number(m[1]);
	const month = Number(m[2]);
	const day = Number(m[3]);
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
	return parseIsoDate(value) !== null;
}

/** Parses 'MM-DD' (any year, so 02-29 is allowed); null when malformed. */
export function parseMonthDay(value: unknown): { month: number; day: number } | null {
	if (typeof value !== 'string') return null;
	const m = MONTH_DAY.exec(value);
	if (!m) return null;
	const month = Number(m[1]);
	const day = Number(m[2]);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
	return { month, day };
}

export function isWallTime(value: unknown): value is WallTime {
	return typeof value === 'string' && WALL_TIME.test(value);
}

/** Minutes since midnight of a valid 'HH:MM'. */
export function wallMinutes(time: WallTime): number {
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function formatWallTime(minutes: number): WallTime {
	return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

export function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
	return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = (month + 9) % 12;
	const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): YMD {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a valid IsoDate (throws on an invalid one: validate first). */
export function toDayNumber(date: IsoDate): number {
	const p = parseIsoDate(date);
	if (!p) throw new RangeError(`Invalid date: ${String(date)}`);
	return daysFromCivil(p.year, p.month, p.day);
}

export function fromDayNumber(days: number): IsoDate {
	const { year, month, day } = civilFromDays(days);
	return formatIsoDate(year, month, day);
}

export function addDays(date: IsoDate, n: number): IsoDate {
	return fromDayNumber(toDayNumber(date) + n);
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(days: number): Weekday {
	return (((((days + 3) % 7) + 7) % 7) + 1) as Weekday;
}

export function weekdayOf(date: IsoDate): Weekday {
	return weekdayOfDayNumber(toDayNumber(date));
}

/** Day number of the Monday of the ISO week containing the given day. */
export function mondayOf(days: number): number {
	return days - (weekdayOfDayNumber(days) - 1);
}

/**
 * Day of month of the nth given weekday (n = 1…5, or -1 for the last), or null when the month
 * has no such day (e.g. a 5th Tuesday).
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): number | null {
	const dim = daysInMonth(year, month);
	if (n === -1) {
		const lastWd = weekdayOfDayNumber(daysFromCivil(year, month, dim));
		return dim - ((lastWd - weekday + 7) % 7);
	}
	const firstWd = weekdayOfDayNumber(daysFromCivil(year, month, 1));
	const day = 1 + ((weekday - firstWd + 7) % 7) + (n - 1) * 7;
	return day <= dim ? day : null;
}

/** Months since year 0 (for interval arithmetic). */
export function monthIndex(year: number, month: number): number {
	return year * 12 + (month - 1);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
	return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
	return a >= b ? a : b;
}
