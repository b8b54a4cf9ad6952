/**
 * A recurrence in natural language, German or English. Times are 24 h in both languages so that
 * "19:00–21:00" cannot be misread.
 */
import { parseIsoDate, parseMonthDay } from './calendar.js';
import { isValidBreak, ruleWeekdays, ruleWeeksOfMonth } from './expand.js';
import type { DateRange, Recurrence, WeekOfMonth, Weekday } from './types.js';

export type DescribeLocale = 'de' | 'en';

type BreakKind = 'summer' | 'winter' | 'other';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Words {
	/** "montags" / "Mondays" */
	weekdayPlural: Record<Weekday, string>;
	/** "Montag" / "Monday" */
	weekday: Record<Weekday, string>;
	and: string;
	numbers: Readonly<Record<number, string>>;
	breaks: Record<BreakKind, string>;
	noHolidays: string;
}

const WORDS: Record<DescribeLocale, Words> = {
	de: {
		weekdayPlural: { 1: 'montags', 2: 'dienstags', 3: 'mittwochs', 4: 'donnerstags', 5: 'freitags', 6: 'samstags', 7: 'sonntags' },
		weekday: { 1: 'Montag', 2: 'Dienstag', 3: 'Mittwoch', 4: 'Donnerstag', 5: 'Freitag', 6: 'Samstag', 7: 'Sonntag' },
		and: 'und',
		numbers: {
			2: 'zwei',
			3: 'drei',
			4: 'vier',
			5: 'fünf',
			6: 'sechs',
			7: 'sieben',
			8: 'acht',
			9: 'neun',
			10: 'zehn',
			11: 'elf',
			12: 'zwölf'
		},
		breaks: { summer: 'Sommerpause', winter: 'Winterpause', other: 'Pause' },
		noHolidays: 'nicht an Feiertagen'
	},
	en: {
		weekdayPlural: { 1: 'Mondays', 2: 'Tuesdays', 3: 'Wednesdays', 4: 'Thursdays', 5: 'Fridays', 6: 'Saturdays', 7: 'Sundays' },
		weekday: { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' },
		and: 'and',
		numbers: {},
		breaks: { summer: 'summer break', winter: 'winter break', other: 'break' },
		noHolidays: 'not on public holidays'
	}
};

/** "a", "a und b", "a, b und c" */
function joinList(items: string[], and: string): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

function englishOrdinal(n: number): string {
	const mod100 = n % 100;
	const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
	return `${n}${suffix}`;
}

/** 12.03.2027 / 12 Mar 2027; 15.07. / 15 Jul without a year. Unparseable input is shown as is. */
function formatDate(value: string, locale: DescribeLocale): string {
	const full = parseIsoDate(value);
	const md = full ?? parseMonthDay(value);
	if (!md) return value;
	const year = full ? full.year : null;
	if (locale === 'de') return `${String(md.day).padStart(2, '0')}.${String(md.month).padStart(2, '0')}.${year ?? ''}`;
	return `${md.day} ${EN_MONTHS[md.month - 1]}${year === null ? '' : ` ${year}`}`;
}

function breakKind(range: DateRange): BreakKind {
	const month = (s: string) => Number(s.length === 10 ? s.slice(5, 7) : s.slice(0, 2));
	const from = month(range.from);
	const to = month(range.to);
	if (from >= 6 && from <= 9 && to >= 6 && to <= 9 && from <= to) return 'summer';
	if ((from === 12 || from === 1) && (to === 12 || to === 1)) return 'winter';
	return 'other';
}

function describeBreak(range: DateRange, locale: DescribeLocale): string {
	const label = WORDS[locale].breaks[breakKind(range)];
	const from = formatDate(range.from, locale);
	const to = formatDate(range.to, locale);
	return `${label} ${from === to ? from : `${from}–${to}`}`;
}

function ordinals(weeks: WeekOfMonth[], locale: DescribeLocale): string {
	const words = weeks.map((n) => (n === -1 ? (locale === 'de' ? 'letzten' : 'last') : locale === 'de' ? `${n}.` : englishOrdinal(n)));
	return joinList(words, WORDS[locale].and);
}

/** German: adverbs for weekly ("montags"), accusative "jeden 2. Dienstag im Monat", dative "am letzten Freitag". */
function patternDe(rule: Recurrence): string {
	const w = WORDS.de;
	const days = ruleWeekdays(rule);
	const n = w.numbers[rule.interval] ?? String(rule.interval);
	if (rule.frequency === 'once') return `am ${formatDate(rule.startDate, 'de')}`;
	if (rule.frequency === 'weekly') {
		const adverbs = joinList(
			days.map((d) => w.weekdayPlural[d]),
			w.and
		);
		return rule.interval === 1 ? `wöchentlich ${adverbs}` : `alle ${n} Wochen ${adverbs}`;
	}
	const weeks = ruleWeeksOfMonth(rule);
	const nouns = joinList(
		days.map((d) => w.weekday[d]),
		w.and
	);
	if (rule.interval !== 1) return `alle ${n} Monate am ${ordinals(weeks, 'de')} ${nouns}`;
	if (weeks.length === 1 && weeks[0] === -1) return `monatlich am letzten ${nouns}`;
	return `jeden ${ordinals(weeks, 'de')} ${nouns} im Monat`;
}

/** English: "weekly on Mondays", "every other Thursday", "every 2nd and 4th Tuesday of the month". */
function patternEn(rule: Recurrence): string {
	const w = WORDS.en;
	const days = ruleWeekdays(rule);
	if (rule.frequency === 'once') return `on ${formatDate(rule.startDate, 'en')}`;
	const nouns = joinList(
		days.map((d) => w.weekday[d]),
		w.and
	);
	if (rule.frequency === 'weekly') {
		const plurals = joinList(
			days.map((d) => w.weekdayPlural[d]),
			w.and
		);
		if (rule.interval === 1) return `weekly on ${plurals}`;
		if (rule.interval === 2) return `every other ${nouns}`;
		return `every ${rule.interval} weeks on ${plurals}`;
	}
	const weeks = ruleWeeksOfMonth(rule);
	if (rule.interval !== 1) {
		const every = rule.interval === 2 ? 'every other month' : `every ${rule.interval} months`;
		return `${every} on the ${ordinals(weeks, 'en')} ${nouns}`;
	}
	if (weeks.length === 1 && weeks[0] === -1) return `monthly on the last ${nouns}`;
	return `every ${ordinals(weeks, 'en')} ${nouns} of the month`;
}

/**
 * E.g. de "jeden 2. und 4. Dienstag im Monat, 19:00–21:00 Uhr; Sommerpause 15.07.–31.08.; nicht an Feiertagen",
 * en "every 2nd and 4th Tuesday of the month, 19:00–21:00; summer break 15 Jul–31 Aug; not on public holidays".
 * An end date is appended (", bis 31.12.2027" / ", until 31 Dec 2027"); exceptions are not described
 * (they are listed with their dates).
 */
export function describeRecurrence(rule: Recurrence, locale: DescribeLocale): string {
	const w = WORDS[locale];
	let text = `${locale === 'de' ? patternDe(rule) : patternEn(rule)}, ${rule.startTime}–${rule.endTime}${locale === 'de' ? ' Uhr' : ''}`;
	if (rule.frequency !== 'once' && rule.endDate !== null) {
		text += locale === 'de' ? `, bis ${formatDate(rule.endDate, locale)}` : `, until ${formatDate(rule.endDate, locale)}`;
	}
	for (const range of rule.breaks) if (isValidBreak(range)) text += `; ${describeBreak(range, locale)}`;
	if (rule.skipHolidays && rule.frequency !== 'once') text += `; ${w.noHolidays}`;
	return text;
}
