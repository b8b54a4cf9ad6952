/**
 * Expands a recurrence into dated occurrences. Pure: the window (and, for nextOccurrences, `now`)
 * is passed in; nothing reads the clock.
 */
import {
	civilFromDays,
	daysFromCivil,
	fromDayNumber,
	isIsoDate,
	isWallTime,
	maxDate,
	minDate,
	monthIndex,
	mondayOf,
	nthWeekdayOfMonth,
	parseIsoDate,
	parseMonthDay,
	toDayNumber,
	wallMinutes,
	weekdayOfDayNumber
} from './calendar.js';
import { holidaysOf } from './holidays.js';
import type { DateRange, Exception, FederalState, IsoDate, Occurrence, Recurrence, WallTime, WeekOfMonth, Weekday } from './types.js';
import { WEEKDAYS, WEEKS_OF_MONTH } from './types.js';
import { instantToWall, wallToUtcMs } from './zoned.js';

export interface ExpandOptions {
	/** First date of the window (inclusive). */
	from: IsoDate;
	/** Last date of the window (inclusive). */
	to: IsoDate;
	/** Whose public holidays are skipped when the rule says skipHolidays. */
	federalState: FederalState;
	/** At most this many occurrences (the earliest). */
	limit?: number;
}

export interface NextOccurrencesOptions {
	now: Date;
	count: number;
	federalState: FederalState;
	/** How far ahead to look, in days from today's date (default 730). */
	horizonDays?: number;
}

const MINUTE = 60_000;

/** The rule's valid weekdays, unique and in order (anything outside 1…7 is ignored). */
export function ruleWeekdays(rule: Pick<Recurrence, 'weekdays'>): Weekday[] {
	return WEEKDAYS.filter((d) => rule.weekdays.includes(d));
}

/** The rule's valid weeks of the month, unique, 1…5 then -1 (last). */
export function ruleWeeksOfMonth(rule: Pick<Recurrence, 'weeksOfMonth'>): WeekOfMonth[] {
	return WEEKS_OF_MONTH.filter((w) => rule.weeksOfMonth.includes(w));
}

/** A valid interval for expansion (validation additionally limits it to 12). */
function intervalOf(rule: Recurrence): number | null {
	if (rule.frequency === 'once') return 1;
	return Number.isInteger(rule.interval) && rule.interval >= 1 ? rule.interval : null;
}

/** Whether the rule is well-formed enough to expand; a malformed rule expands to nothing. */
export function isExpandable(rule: Recurrence): boolean {
	if (!isIsoDate(rule.startDate) || (rule.endDate !== null && !isIsoDate(rule.endDate))) return false;
	if (!isWallTime(rule.startTime) || !isWallTime(rule.endTime) || rule.endTime <= rule.startTime) return false;
	if (intervalOf(rule) === null) return false;
	switch (rule.frequency) {
		case 'once':
			return true;
		case 'weekly':
			return ruleWeekdays(rule).length > 0;
		case 'monthly':
			return ruleWeekdays(rule).length > 0 && ruleWeeksOfMonth(rule).length > 0;
		default:
			return false;
	}
}

/** Is a break range well-formed: both 'YYYY-MM-DD' with from ≤ to, or both 'MM-DD'? */
export function isValidBreak(range: DateRange): boolean {
	if (typeof range !== 'object' || range === null) return false;
	if (isIsoDate(range.from) && isIsoDate(range.to)) return range.from <= range.to;
	return parseMonthDay(range.from) !== null && parseMonthDay(range.to) !== null;
}

/** Whether `date` falls in the range (yearly 'MM-DD' ranges may wrap the year end). Malformed ranges match nothing. */
export function isInBreak(date: IsoDate, range: DateRange): boolean {
	return isValidBreak(range) && inValidBreak(date, range);
}

function inValidBreak(date: IsoDate, range: DateRange): boolean {
	if (range.from.length === 10) return range.from <= date && date <= range.to;
	const md = date.slice(5);
	return range.from <= range.to ? range.from <= md && md <= range.to : md >= range.from || md <= range.to;
}

function isValidException(ex: Exception): boolean {
	if (typeof ex !== 'object' || ex === null || !isIsoDate(ex.date)) return false;
	if (ex.kind === 'cancel') return true;
	if (ex.kind !== 'move') return false;
	return isIsoDate(ex.toDate) && isWallTime(ex.startTime) && isWallTime(ex.endTime) && ex.endTime > ex.startTime;
}

/** Valid exceptions by original date; a later exception for the same date replaces an earlier one. */
function exceptionsByDate(rule: Recurrence): Map<IsoDate, Exception> {
	const map = new Map<IsoDate, Exception>();
	for (const ex of rule.exceptions) if (isValidException(ex)) map.set(ex.date, ex);
	return map;
}

/**
 * Does the rule's pattern (weekday, week of month, interval, start and end date) produce `date`,
 * before breaks, holidays and exceptions are applied?
 */
export function matchesPattern(rule: Recurrence, date: IsoDate): boolean {
	if (!isExpandable(rule) || !isIsoDate(date)) return false;
	if (date < rule.startDate || (rule.endDate !== null && date > rule.endDate)) return false;
	if (rule.frequency === 'once') return date === rule.startDate;
	const days = toDayNumber(date);
	const weekday = weekdayOfDayNumber(days);
	if (!ruleWeekdays(rule).includes(weekday)) return false;
	const interval = intervalOf(rule)!;
	if (rule.frequency === 'weekly') {
		const weeks = (mondayOf(days) - mondayOf(toDayNumber(rule.startDate))) / 7;
		return weeks % interval === 0;
	}
	const start = parseIsoDate(rule.startDate)!;
	const { year, month, day } = civilFromDays(days);
	if ((monthIndex(year, month) - monthIndex(start.year, start.month)) % interval !== 0) return false;
	return ruleWeeksOfMonth(rule).some((n) => nthWeekdayOfMonth(year, month, weekday, n) === day);
}

/**
 * The day numbers the pattern produces within [lo, hi] (day numbers, already clipped to the rule's
 * start and end), ascending. Jumps straight to the first week or month in the window.
 */
function* patternDays(rule: Recurrence, lo: number, hi: number): Generator<number> {
	const startDays = toDayNumber(rule.startDate);
	const interval = intervalOf(rule)!;
	if (rule.frequency === 'once') {
		if (lo <= startDays && startDays <= hi) yield startDays;
		return;
	}
	const weekdays = ruleWeekdays(rule);
	if (rule.frequency === 'weekly') {
		const anchor = mondayOf(startDays);
		const weeks = Math.floor((mondayOf(lo) - anchor) / 7);
		for (let monday = anchor + Math.ceil(weeks / interval) * interval * 7; monday <= hi; monday += interval * 7) {
			for (const wd of weekdays) {
				const d = monday + wd - 1;
				if (d > hi) return;
				if (d >= lo) yield d;
			}
		}
		return;
	}
	const weeks = ruleWeeksOfMonth(rule);
	const start = civilFromDays(startDays);
	const first = civilFromDays(lo);
	const anchor = monthIndex(start.year, start.month);
	const offset = monthIndex(first.year, first.month) - anchor;
	for (let mi = anchor + Math.ceil(offset / interval) * interval; ; mi += interval) {
		const year = Math.floor(mi / 12);
		const month = (mi % 12) + 1;
		const monthStart = daysFromCivil(year, month, 1);
		if (monthStart > hi) return;
		const daysInThisMonth = new Set<number>();
		for (const wd of weekdays) {
			for (const n of weeks) {
				const day = nthWeekdayOfMonth(year, month, wd, n);
				if (day !== null) daysInThisMonth.add(day);
			}
		}
		for (const day of [...daysInThisMonth].sort((a, b) => a - b)) {
			const d = monthStart + day - 1;
			if (d > hi) return;
			if (d >= lo) yield d;
		}
	}
}

/**
 * One occurrence at wall time on a day. If the start falls in the spring-forward gap and is pushed
 * past the end (02:30–03:15 on the last Sunday of March), the end keeps the planned duration.
 */
function makeOccurrence(days: number, startTime: WallTime, endTime: WallTime, originalDate?: IsoDate): Occurrence {
	const date = fromDayNumber(days);
	const startMinutes = wallMinutes(startTime);
	const endMinutes = wallMinutes(endTime);
	const startMs = wallToUtcMs(days, startMinutes);
	let endMs = wallToUtcMs(days, endMinutes);
	if (endMs <= startMs) endMs = startMs + (endMinutes - startMinutes) * MINUTE;
	const start = new Date(startMs);
	const end = new Date(endMs);
	return originalDate === undefined ? { date, start, end, moved: false } : { date, start, end, moved: true, originalDate };
}

function byStart(a: Occurrence, b: Occurrence): number {
	return a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime() || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
}

function assertDate(value: IsoDate, name: string): void {
	if (!isIsoDate(value)) throw new RangeError(`${name} is not a valid date: ${String(value)}`);
}

/**
 * The occurrences of `rule` on dates in [from, to] (inclusive), sorted by start.
 *
 * - Breaks, and public holidays of `federalState` when `rule.skipHolidays`, remove dates.
 * - A 'cancel' exception removes its date; a 'move' exception replaces it with an occurrence on
 *   `toDate` at the given times, included when `toDate` is in the window. The moved occurrence is
 *   not removed by a break or holiday, and a move applies even when the original date fell on one
 *   (moving a meeting off Pfingstmontag). Exceptions on dates the pattern does not produce are ignored.
 * - A malformed rule (see validateRecurrence) yields no occurrences; a malformed window throws.
 */
export function expand(rule: Recurrence, opts: ExpandOptions): Occurrence[] {
	assertDate(opts.from, 'from');
	assertDate(opts.to, 'to');
	const limit = opts.limit === undefined ? Number.POSITIVE_INFINITY : Math.floor(opts.limit);
	if (!(limit > 0) || opts.from > opts.to || !isExpandable(rule)) return [];

	const exceptions = exceptionsByDate(rule);
	const breaks = rule.breaks.filter(isValidBreak);

	const moved: Occurrence[] = [];
	for (const ex of exceptions.values()) {
		if (ex.kind === 'move' && ex.toDate >= opts.from && ex.toDate <= opts.to && matchesPattern(rule, ex.date)) {
			moved.push(makeOccurrence(toDayNumber(ex.toDate), ex.startTime, ex.endTime, ex.date));
		}
	}

	const result: Occurrence[] = [];
	const lo = toDayNumber(maxDate(opts.from, rule.startDate));
	const hi = toDayNumber(rule.endDate === null ? opts.to : minDate(opts.to, rule.endDate));
	if (lo <= hi) {
		for (const days of patternDays(rule, lo, hi)) {
			if (result.length >= limit) break;
			const date = fromDayNumber(days);
			if (exceptions.has(date)) continue;
			if (breaks.some((b) => inValidBreak(date, b))) continue;
			if (rule.skipHolidays && holidaysOf(Number(date.slice(0, 4)), opts.federalState).has(date)) continue;
			result.push(makeOccurrence(days, rule.startTime, rule.endTime));
		}
	}
	if (moved.length === 0) return result;
	return [...result, ...moved].sort(byStart).slice(0, limit);
}

/**
 * The next `count` occurrences whose end is after `now`, looking `horizonDays` (default 730) ahead
 * of today's date in Europe/Berlin.
 */
export function nextOccurrences(rule: Recurrence, opts: NextOccurrencesOptions): Occurrence[] {
	const { now, count, federalState } = opts;
	const horizonDays = opts.horizonDays ?? 730;
	if (!(count > 0) || !(horizonDays >= 0)) return [];
	const todayDays = toDayNumber(instantToWall(now).date);
	const today = fromDayNumber(todayDays);
	// No occurrence crosses midnight, so only today's can already have ended.
	const todays = expand(rule, { from: today, to: today, federalState }).filter((o) => o.end.getTime() > now.getTime());
	if (todays.length >= count || horizonDays < 1) return todays.slice(0, count);
	const later = expand(rule, {
		from: fromDayNumber(todayDays + 1),
		to: fromDayNumber(todayDays + Math.floor(horizonDays)),
		federalState,
		limit: count - todays.length
	});
	return [...todays, ...later];
}
