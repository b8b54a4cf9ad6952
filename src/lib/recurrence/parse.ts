/**
 * Parses the free-text meeting descriptions found in spreadsheets ("jeden 2. und 4. Dienstag,
 * 19:00–21:00 Uhr") into a rule. Deliberately strict: every word must be understood, and anything
 * that could be read two ways ("jeden zweiten Dienstag": monthly or every other week?) yields null,
 * so the caller keeps the text as free text.
 */
import { formatWallTime, isIsoDate } from './calendar.js';
import type { IsoDate, Recurrence, WeekOfMonth, Weekday } from './types.js';
import { WEEKDAYS, WEEKS_OF_MONTH } from './types.js';

export interface ParseOptions {
	/** Becomes the rule's startDate (a biweekly rule counts its weeks from this date's week). */
	today: IsoDate;
}

export interface ParsedSchedule {
	rule: Recurrence;
	confidence: 'exact';
}

/** Duration assumed when only a start time is given. */
const DEFAULT_DURATION_MINUTES = 120;

const WEEKDAY_WORDS: Record<string, Weekday> = {
	montag: 1,
	montags: 1,
	mo: 1,
	dienstag: 2,
	dienstags: 2,
	di: 2,
	mittwoch: 3,
	mittwochs: 3,
	mi: 3,
	donnerstag: 4,
	donnerstags: 4,
	do: 4,
	freitag: 5,
	freitags: 5,
	fr: 5,
	samstag: 6,
	samstags: 6,
	sonnabend: 6,
	sonnabends: 6,
	sa: 6,
	sonntag: 7,
	sonntags: 7,
	so: 7
};

const ORDINAL_STEMS: Record<string, WeekOfMonth> = { erst: 1, zweit: 2, dritt: 3, viert: 4, fünft: 5, fuenft: 5, letzt: -1 };

const NUMBER_WORDS: Record<string, number> = {
	zwei: 2,
	drei: 3,
	vier: 4,
	fünf: 5,
	fuenf: 5,
	sechs: 6,
	sieben: 7,
	acht: 8,
	neun: 9,
	zehn: 10,
	elf: 11,
	zwölf: 12,
	zwoelf: 12
};

const FILLERS = new Set(['jeden', 'jede', 'jeder', 'jedem', 'immer', 'am', 'und', 'jeweils', '.']);

const BIWEEKLY = [
	/^(14|vierzehn)-?tägig(e[nmrs]?)?$/,
	/^(14|vierzehn)-?tägl(ich|\.)?$/,
	/^(2|zwei)-?wöchentl(ich|\.)?$/,
	/^(2|zwei)-?wöchig$/
];
const WEEKLY = [/^wöchentl(ich|\.)?$/, /^woechentlich$/];
const MONTHLY = [/^monatl(ich|\.)?$/];

/** Hours and minutes of one time; null when impossible (25:00, 19:75). */
function timeOf(hours: string | undefined, minutes: string | undefined): number | null {
	const h = Number(hours);
	const m = minutes === undefined ? 0 : Number(minutes);
	if (!Number.isInteger(h) || h > 23 || m > 59) return null;
	return h * 60 + m;
}

const T = String.raw`(\d{1,2})(?:[:.](\d{2}))?`;
const NOT_AFTER = String.raw`(?<![\d.:])`;
const RANGE = new RegExp(String.raw`${NOT_AFTER}(?:von\s+)?${T}\s*(?:uhr\s*)?(?:-|bis)\s*${T}(?![\d:]|\.\d)(?:\s*uhr\b)?`, 'g');
const SINGLE = [
	new RegExp(String.raw`${NOT_AFTER}(?:(?:um|ab)\s+)?${T}\s*uhr\b`, 'g'),
	new RegExp(String.raw`${NOT_AFTER}(?:(?:um|ab)\s+)?(\d{1,2})[:.](\d{2})(?![\d.:])`, 'g'),
	new RegExp(String.raw`${NOT_AFTER}(?:um|ab)\s+${T}(?![\d.:])`, 'g')
];

interface Extracted {
	rest: string;
	start: number;
	end: number;
}

/** Finds exactly one time or time range; null for none, several, or an impossible one. */
function extractTimes(text: string): Extracted | null {
	const found: Array<{ start: number | null; end: number | null }> = [];
	let rest = text.replace(RANGE, (_m, h1: string, m1: string | undefined, h2: string, m2: string | undefined) => {
		found.push({ start: timeOf(h1, m1), end: timeOf(h2, m2) });
		return ' ';
	});
	for (const re of SINGLE) {
		rest = rest.replace(re, (_m, h: string, m: string | undefined) => {
			const start = timeOf(h, m);
			found.push({ start, end: start === null ? null : start + DEFAULT_DURATION_MINUTES });
			return ' ';
		});
	}
	const only = found[0];
	if (found.length !== 1 || !only || only.start === null || only.end === null) return null;
	if (only.end <= only.start || only.end >= 24 * 60) return null;
	return { rest, start: only.start, end: only.end };
}

function ordinalOf(token: string): WeekOfMonth | null {
	const digit = /^([1-5])\.$/.exec(token);
	if (digit) return Number(digit[1]) as WeekOfMonth;
	const word = /^([a-zäöü]+?)(e|en|er|em)$/.exec(token);
	return word ? (ORDINAL_STEMS[word[1]!] ?? null) : null;
}

function countOf(token: string | undefined): number | null {
	if (token === undefined) return null;
	if (/^\d{1,2}$/.test(token)) return Number(token);
	return NUMBER_WORDS[token] ?? null;
}

/**
 * Parses a German meeting description into a weekly or monthly rule starting `today`, open-ended,
 * without breaks or holiday skipping; null when the text is not understood with certainty.
 * A single start time gets a duration of two hours.
 */
export function parseScheduleText(text: string, opts: ParseOptions): ParsedSchedule | null {
	if (!isIsoDate(opts.today)) throw new RangeError(`today is not a valid date: ${String(opts.today)}`);
	if (typeof text !== 'string') return null;
	const normalized = text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')
		.replace(/[\u2010-\u2015\u2212]/g, '-')
		.replace(/\s+/g, ' ')
		.trim();
	if (normalized === '') return null;

	const times = extractTimes(normalized);
	if (!times) return null;

	const tokens = times.rest
		.replace(/[+&/]/g, ' und ')
		.replace(/(^|\s)(u\.|sowie)(?=\s|$)/g, ' und ')
		.split(/[\s,]+/)
		.filter((t) => t !== '');

	const weekdays: Weekday[] = [];
	const ordinals: WeekOfMonth[] = [];
	let weekInterval: number | null = null;
	let monthInterval: number | null = null;
	let monthWord = false;
	let conflict = false;
	const setWeekInterval = (n: number) => {
		if (weekInterval !== null && weekInterval !== n) conflict = true;
		weekInterval = n;
	};

	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i]!;
		const next = tokens[i + 1];
		const afterNext = tokens[i + 2];
		if (t === 'alle') {
			const n = countOf(next);
			if (n !== null && (afterNext === 'wochen' || afterNext === 'woche')) {
				setWeekInterval(n);
				i += 2;
				continue;
			}
			if (n !== null && (afterNext === 'monate' || afterNext === 'monat')) {
				if (monthInterval !== null && monthInterval !== n) conflict = true;
				monthInterval = n;
				i += 2;
				continue;
			}
			if (next === '14' && afterNext === 'tage') {
				setWeekInterval(2);
				i += 2;
				continue;
			}
			return null;
		}
		if ((t === 'jede' || t === 'jeden') && (next === '2.' || next === 'zweite') && afterNext === 'woche') {
			setWeekInterval(2);
			i += 2;
			continue;
		}
		if ((t === 'jede' || t === 'jeden') && next === 'woche') {
			setWeekInterval(1);
			i += 1;
			continue;
		}
		if ((t === '14' || t === 'vierzehn') && next !== undefined && BIWEEKLY.some((re) => re.test(`14${next}`))) {
			setWeekInterval(2);
			i += 1;
			continue;
		}
		if (BIWEEKLY.some((re) => re.test(t))) {
			setWeekInterval(2);
			continue;
		}
		if (WEEKLY.some((re) => re.test(t))) {
			setWeekInterval(1);
			continue;
		}
		if (MONTHLY.some((re) => re.test(t))) {
			monthWord = true;
			continue;
		}
		if ((t === 'im' || t === 'pro' || t === 'jeden') && next === 'monat') {
			monthWord = true;
			i += 1;
			continue;
		}
		if (t === 'des' && next === 'monats') {
			monthWord = true;
			i += 1;
			continue;
		}
		const weekday = WEEKDAY_WORDS[t.endsWith('.') ? t.slice(0, -1) : t];
		if (weekday !== undefined) {
			if (!weekdays.includes(weekday)) weekdays.push(weekday);
			continue;
		}
		const ordinal = ordinalOf(t);
		if (ordinal !== null) {
			// "2. Dienstag und 4. Donnerstag" cannot be expressed by one rule.
			if (weekdays.length > 0) return null;
			if (!ordinals.includes(ordinal)) ordinals.push(ordinal);
			continue;
		}
		if (FILLERS.has(t)) continue;
		return null;
	}

	if (conflict || weekdays.length === 0) return null;
	const base = {
		startDate: opts.today,
		endDate: null,
		startTime: formatWallTime(times.start),
		endTime: formatWallTime(times.end),
		breaks: [],
		skipHolidays: false,
		exceptions: []
	};
	const sortedWeekdays = WEEKDAYS.filter((d) => weekdays.includes(d));

	if (ordinals.length > 0) {
		if (weekInterval !== null || weekdays.length > 1) return null;
		const interval = monthInterval ?? 1;
		if (interval < 1 || interval > 12) return null;
		// A lone "2." / "zweiten" could mean "every other"; only the 1st and the last are unambiguous without "im Monat".
		const only = ordinals[0];
		if (ordinals.length === 1 && only !== 1 && only !== -1 && !monthWord && monthInterval === null) return null;
		const weeksOfMonth = WEEKS_OF_MONTH.filter((w) => ordinals.includes(w));
		return { rule: { frequency: 'monthly', interval, weekdays: sortedWeekdays, weeksOfMonth, ...base }, confidence: 'exact' };
	}

	if (monthWord || monthInterval !== null) return null;
	const interval: number = weekInterval ?? 1;
	if (interval < 1 || interval > 12) return null;
	return { rule: { frequency: 'weekly', interval, weekdays: sortedWeekdays, weeksOfMonth: [], ...base }, confidence: 'exact' };
}
