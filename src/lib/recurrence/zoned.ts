/**
 * Europe/Berlin wall time ↔ UTC instants, using only Intl (no Temporal, no tz database of our own).
 *
 * Offsets are read from Intl once per zone and UTC year (the instants of that year's offset changes
 * are located by bisection) and cached, so converting thousands of occurrences costs arithmetic only.
 */
import {
	civilFromDays,
	daysFromCivil,
	formatIsoDate,
	isWallTime,
	pad2,
	parseIsoDate,
	wallMinutes,
	weekdayOfDayNumber
} from './calendar.js';
import type { IsoDate, WallTime, Weekday } from './types.js';

export const DEFAULT_ZONE = 'Europe/Berlin';

const MINUTE = 60_000;
const DAY = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormatter(cache: Map<string, Intl.DateTimeFormat>, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	let f = cache.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options });
		cache.set(zone, f);
	}
	return f;
}

const LONG_OFFSET = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Offset of the zone from UTC at an instant, in ms, straight from Intl. */
function intlOffsetMs(zone: string, utcMs: number): number {
	const date = new Date(Math.floor(utcMs / 1000) * 1000);
	// "1/1/2027, GMT+01:00": one format() call, about three times faster than formatToParts.
	const m = LONG_OFFSET.exec(cachedFormatter(offsetFormatters, zone, { timeZoneName: 'longOffset' }).format(date));
	if (m) {
		const sign = m[1] === '-' ? -1 : 1;
		return sign * ((Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * MINUTE + Number(m[4] ?? 0) * 1000);
	}
	return partsOffsetMs(zone, date);
}

/** Fallback for runtimes without 'longOffset': the wall clock's fields minus the instant. Exported for tests. */
export function partsOffsetMs(zone: string, date: Date): number {
	const f = cachedFormatter(partsFormatters, zone, {
		hourCycle: 'h23',
		era: 'short',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric'
	});
	const fields: Record<string, string> = {};
	for (const part of f.formatToParts(date)) fields[part.type] = part.value;
	const year = Number(fields.year);
	const fullYear = fields.era === 'BC' || fields.era === 'B' ? 1 - year : year;
	const wallMs =
		daysFromCivil(fullYear, Number(fields.month), Number(fields.day)) * DAY +
		(Number(fields.hour) % 24) * 3_600_000 +
		Number(fields.minute) * MINUTE +
		Number(fields.second) * 1000;
	return wallMs - date.getTime();
}

interface YearOffsets {
	/** Offset at the first instant of the UTC year. */
	initial: number;
	/** Offset changes within the year, in order. */
	changes: Array<{ at: number; offset: number }>;
}

const yearCache = new Map<string, Map<number, YearOffsets>>();

/**
 * Samples the first of each month and bisects each change to the second. A zone that changed its
 * offset twice within one month (never the case for Europe/Berlin) would show only one change.
 */
function yearOffsets(zone: string, year: number): YearOffsets {
	let zoneYears = yearCache.get(zone);
	if (!zoneYears) {
		zoneYears = new Map();
		yearCache.set(zone, zoneYears);
	}
	const cached = zoneYears.get(year);
	if (cached) return cached;
	const start = daysFromCivil(year, 1, 1) * DAY;
	const initial = intlOffsetMs(zone, start);
	const changes: YearOffsets['changes'] = [];
	let prevT = start;
	let prevOffset = initial;
	for (let month = 2; month <= 13; month++) {
		const t = (month === 13 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month, 1)) * DAY;
		const offset = intlOffsetMs(zone, t);
		if (offset !== prevOffset) {
			let lo = prevT;
			let hi = t;
			while (hi - lo > 1000) {
				const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
				if (intlOffsetMs(zone, mid) === prevOffset) lo = mid;
				else hi = mid;
			}
			changes.push({ at: hi, offset });
		}
		prevT = t;
		prevOffset = offset;
	}
	const result = { initial, changes };
	zoneYears.set(year, result);
	return result;
}

/** Offset of the zone from UTC at the given instant, in milliseconds (Europe/Berlin: 3,600,000 or 7,200,000). */
export function zoneOffsetMs(utcMs: number, zone: string = DEFAULT_ZONE): number {
	const { initial, changes } = yearOffsets(zone, civilFromDays(Math.floor(utcMs / DAY)).year);
	let offset = initial;
	for (const change of changes) {
		if (utcMs < change.at) break;
		offset = change.offset;
	}
	return offset;
}

/**
 * The instant at which the wall clock in `zone` shows `time` on `date`.
 *
 * - A time skipped by the spring-forward change (02:30 on the last Sunday of March) moves forward by
 *   the gap: 02:30 → 03:30 CEST.
 * - A time that occurs twice at the fall-back change (02:30 on the last Sunday of October) takes the
 *   first occurrence (CEST).
 *
 * Throws a RangeError for a malformed date or time.
 */
export function wallTimeToInstant(date: IsoDate, time: WallTime, zone: string = DEFAULT_ZONE): Date {
	const p = parseIsoDate(date);
	if (!p) throw new RangeError(`Invalid date: ${String(date)}`);
	if (!isWallTime(time)) throw new RangeError(`Invalid time: ${String(time)}`);
	return new Date(wallToUtcMs(daysFromCivil(p.year, p.month, p.day), wallMinutes(time), zone));
}

/**
 * wallTimeToInstant on a day number (days since 1970-01-01) and minutes since midnight, in epoch ms.
 * For callers that already hold numbers (expand), skipping the string parsing.
 */
export function wallToUtcMs(dayNumber: number, minutes: number, zone: string = DEFAULT_ZONE): number {
	const naive = dayNumber * DAY + minutes * MINUTE;
	const before = zoneOffsetMs(naive - DAY, zone);
	const after = zoneOffsetMs(naive + DAY, zone);
	// No change within a day either side (offsets never change twice in two days): the common case.
	if (before === after) return naive - before;
	const earlier = naive - Math.max(before, after);
	const later = naive - Math.min(before, after);
	const earlierValid = zoneOffsetMs(earlier, zone) === Math.max(before, after);
	const laterValid = zoneOffsetMs(later, zone) === Math.min(before, after);
	if (earlierValid) return earlier;
	if (laterValid) return later;
	// In a gap: read the wall time with the offset in force before the change, i.e. shift it forward by the gap.
	return naive - before;
}

/** The wall-clock date, time (minutes truncated) and ISO weekday of an instant in `zone` (default Europe/Berlin). */
export function instantToWall(d: Date, zone: string = DEFAULT_ZONE): { date: IsoDate; time: WallTime; weekday: Weekday } {
	const ms = d.getTime();
	if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
	const wall = ms + zoneOffsetMs(ms, zone);
	const days = Math.floor(wall / DAY);
	const minutes = Math.floor((wall - days * DAY) / MINUTE);
	const { year, month, day } = civilFromDays(days);
	return {
		date: formatIsoDate(year, month, day),
		time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`,
		weekday: weekdayOfDayNumber(days)
	};
}
