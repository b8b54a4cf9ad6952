/**
 * Property-style tests: a few hundred seeded random rules, each expanded over a random window and
 * checked against a deliberately naive, independent implementation that walks day by day with
 * Date.UTC and asks feiertagejs directly.
 */
import { isHoliday as packageIsHoliday } from 'feiertagejs';
import { describe, expect, it } from 'vitest';
import { expand } from './expand.js';
import type { DateRange, FederalState, Recurrence, WeekOfMonth, Weekday } from './types.js';
import { instantToWall } from './zoned.js';

const DAY = 86_400_000;
const STATES: FederalState[] = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];

/** mulberry32: small, seeded, good enough for test data. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const pad = (n: number) => String(n).padStart(2, '0');

function generate(rnd: () => number): { rule: Recurrence; from: string; to: string; state: FederalState } {
	const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
	const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
	const subset = <T>(items: readonly T[]): T[] => {
		const chosen = items.filter(() => rnd() < 0.3);
		return chosen.length > 0 ? chosen : [pick(items)];
	};
	const frequency = pick(['once', 'weekly', 'weekly', 'monthly', 'monthly'] as const);
	const startMs = ms('2024-01-01') + int(0, 365 * 8) * DAY;
	const startMinutes = int(0, 22 * 60);
	const endMinutes = Math.min(startMinutes + int(15, 240), 23 * 60 + 59);
	const breaks: DateRange[] = [];
	for (let i = int(0, 2); i > 0; i--) {
		if (rnd() < 0.5) {
			const from = startMs + int(-60, 700) * DAY;
			breaks.push({ from: iso(from), to: iso(from + int(0, 60) * DAY) });
		} else {
			breaks.push({ from: `${pad(int(1, 12))}-${pad(int(1, 28))}`, to: `${pad(int(1, 12))}-${pad(int(1, 28))}` });
		}
	}
	const rule: Recurrence = {
		frequency,
		interval: frequency === 'once' ? 1 : int(1, frequency === 'weekly' ? 4 : 6),
		weekdays: frequency === 'once' ? [] : subset<Weekday>([1, 2, 3, 4, 5, 6, 7]),
		weeksOfMonth: frequency === 'monthly' ? subset<WeekOfMonth>([1, 2, 3, 4, 5, -1]) : [],
		startDate: iso(startMs),
		endDate: rnd() < 0.5 ? null : iso(startMs + int(0, 3 * 365) * DAY),
		startTime: `${pad(Math.floor(startMinutes / 60))}:${pad(startMinutes % 60)}`,
		endTime: `${pad(Math.floor(endMinutes / 60))}:${pad(endMinutes % 60)}`,
		breaks,
		skipHolidays: rnd() < 0.5,
		exceptions: []
	};
	const fromMs = startMs + int(-100, 1500) * DAY;
	return { rule, from: iso(fromMs), to: iso(fromMs + int(0, 800) * DAY), state: pick(STATES) };
}

const holidayMemo = new Map<string, boolean>();
/** feiertagejs directly, plus Berlin's one-off Tag der Befreiung 2025, which holidays.ts adds. */
function naiveIsHoliday(date: string, state: FederalState): boolean {
	const key = `${state}|${date}`;
	let result = holidayMemo.get(key);
	if (result === undefined) {
		result = packageIsHoliday(date, state) || (state === 'BE' && date === '2025-05-08');
		holidayMemo.set(key, result);
	}
	return result;
}

/** ISO weekday from Date.UTC. */
const weekdayOf = (date: string) => (((new Date(ms(date)).getUTCDay() + 6) % 7) + 1) as Weekday;

function naiveMatches(rule: Recurrence, date: string): boolean {
	if (date < rule.startDate || (rule.endDate !== null && date > rule.endDate)) return false;
	if (rule.frequency === 'once') return date === rule.startDate;
	const weekday = weekdayOf(date);
	if (!rule.weekdays.includes(weekday)) return false;
	if (rule.frequency === 'weekly') {
		const monday = (d: string) => ms(d) - (weekdayOf(d) - 1) * DAY;
		return Math.round((monday(date) - monday(rule.startDate)) / (7 * DAY)) % rule.interval === 0;
	}
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const [sy, sm] = rule.startDate.split('-').map(Number) as [number, number];
	if ((y * 12 + m - (sy * 12 + sm)) % rule.interval !== 0) return false;
	const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
	const nth = Math.ceil(d / 7) as WeekOfMonth;
	return rule.weeksOfMonth.includes(nth) || (rule.weeksOfMonth.includes(-1) && d + 7 > daysInMonth);
}

function naiveInBreak(date: string, range: DateRange): boolean {
	if (range.from.length === 10) return range.from <= date && date <= range.to;
	const md = date.slice(5);
	return range.from <= range.to ? range.from <= md && md <= range.to : md >= range.from || md <= range.to;
}

/** The last Sunday of March, when 02:00–02:59 does not exist. */
function isSpringForward(date: string): boolean {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return m === 3 && weekdayOf(date) === 7 && d + 7 > 31 && y > 0;
}

describe('expansion of random rules', () => {
	const rnd = random(20_270_101);
	const samples = Array.from({ length: 300 }, () => generate(rnd));

	it('produces exactly the dates a naive day-by-day walk finds', () => {
		for (const { rule, from, to, state } of samples) {
			const expected: string[] = [];
			for (let t = ms(from); t <= ms(to); t += DAY) {
				const date = iso(t);
				if (!naiveMatches(rule, date)) continue;
				if (rule.breaks.some((b) => naiveInBreak(date, b))) continue;
				if (rule.skipHolidays && naiveIsHoliday(date, state)) continue;
				expected.push(date);
			}
			const actual = expand(rule, { from, to, federalState: state }).map((o) => o.date);
			expect(actual, JSON.stringify({ rule, from, to, state })).toEqual(expected);
		}
	});

	it('gives occurrences that match the rule, sorted and unique, at the rule’s wall time', () => {
		let total = 0;
		for (const { rule, from, to, state } of samples) {
			const occurrences = expand(rule, { from, to, federalState: state });
			total += occurrences.length;
			const context = JSON.stringify({ rule, from, to, state });
			for (const [i, o] of occurrences.entries()) {
				expect(o.date >= from && o.date <= to, context).toBe(true);
				expect(o.date >= rule.startDate && (rule.endDate === null || o.date <= rule.endDate), context).toBe(true);
				expect(naiveMatches(rule, o.date), context).toBe(true);
				if (rule.frequency !== 'once') expect(rule.weekdays).toContain(weekdayOf(o.date));
				expect(
					rule.breaks.some((b) => naiveInBreak(o.date, b)),
					context
				).toBe(false);
				if (rule.skipHolidays) expect(naiveIsHoliday(o.date, state), context).toBe(false);
				expect(o.moved).toBe(false);
				expect(o.end.getTime()).toBeGreaterThan(o.start.getTime());
				if (!isSpringForward(o.date) || rule.startTime < '02:00' || rule.startTime >= '03:00') {
					expect(instantToWall(o.start)).toMatchObject({ date: o.date, time: rule.startTime });
				}
				const previous = occurrences[i - 1];
				if (previous) {
					expect(o.start.getTime(), context).toBeGreaterThan(previous.start.getTime());
					expect(o.date > previous.date, context).toBe(true);
				}
			}
		}
		// The generator must actually exercise the engine.
		expect(total).toBeGreaterThan(3000);
	});

	it('gives the same first occurrences with a limit as without', () => {
		for (const { rule, from, to, state } of samples.slice(0, 100)) {
			const all = expand(rule, { from, to, federalState: state });
			expect(expand(rule, { from, to, federalState: state, limit: 5 })).toEqual(all.slice(0, 5));
		}
	});
});
