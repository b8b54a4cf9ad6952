/**
 * Public holidays per German federal state, from feiertagejs, with German names.
 *
 * Corrections on top of the package (checked against the states' holiday laws):
 * - Reformationstag (31 Oct) became a holiday in HB, HH, NI and SH only in 2018 (in 2017 it was one
 *   everywhere, which the package already knows); the package lists it for those states in every year.
 * - Berlin made 8 May a one-off holiday (Tag der Befreiung) in 2020 and 2025.
 * Regional holidays of single municipalities (Friedensfest Augsburg, Fronleichnam in parts of SN and
 * TH) are not included: a contact point serves a whole region.
 */
import { getHolidays } from 'feiertagejs';
import { formatIsoDate, parseIsoDate } from './calendar.js';
import type { FederalState, IsoDate } from './types.js';

const GERMAN_NAMES: Record<string, string> = {
	NEUJAHRSTAG: 'Neujahr',
	HEILIGEDREIKOENIGE: 'Heilige Drei Könige',
	KARFREITAG: 'Karfreitag',
	OSTERSONNTAG: 'Ostersonntag',
	OSTERMONTAG: 'Ostermontag',
	TAG_DER_ARBEIT: 'Tag der Arbeit',
	CHRISTIHIMMELFAHRT: 'Christi Himmelfahrt',
	MARIAHIMMELFAHRT: 'Mariä Himmelfahrt',
	PFINGSTSONNTAG: 'Pfingstsonntag',
	PFINGSTMONTAG: 'Pfingstmontag',
	FRONLEICHNAM: 'Fronleichnam',
	DEUTSCHEEINHEIT: 'Tag der Deutschen Einheit',
	REFORMATIONSTAG: 'Reformationstag',
	ALLERHEILIGEN: 'Allerheiligen',
	BUBETAG: 'Buß- und Bettag',
	ERSTERWEIHNACHTSFEIERTAG: '1. Weihnachtsfeiertag',
	ZWEITERWEIHNACHTSFEIERTAG: '2. Weihnachtsfeiertag',
	WELTKINDERTAG: 'Weltkindertag',
	WELTFRAUENTAG: 'Internationaler Frauentag',
	AUGSBURGER_FRIEDENSFEST: 'Augsburger Friedensfest'
};

const REFORMATION_DAY_SINCE_2018: ReadonlySet<FederalState> = new Set(['HB', 'HH', 'NI', 'SH']);

const ONE_OFF: ReadonlyArray<{ date: IsoDate; state: FederalState; name: string }> = [
	{ date: '2020-05-08', state: 'BE', name: 'Tag der Befreiung' },
	{ date: '2025-05-08', state: 'BE', name: 'Tag der Befreiung' }
];

const cache = new Map<string, ReadonlyMap<IsoDate, string>>();

/**
 * The public holidays of a year in a federal state: date → German name. Cached per year and state;
 * the returned map is shared, so it is typed read-only.
 */
export function holidaysOf(year: number, state: FederalState): ReadonlyMap<IsoDate, string> {
	const key = `${state}|${year}`;
	const cached = cache.get(key);
	if (cached) return cached;
	if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`Invalid year: ${year}`);
	const entries: Array<[IsoDate, string]> = [];
	for (const h of getHolidays(year, state)) {
		if (h.name === 'REFORMATIONSTAG' && year < 2018 && year !== 2017 && REFORMATION_DAY_SINCE_2018.has(state)) continue;
		if (h.name === 'AUGSBURGER_FRIEDENSFEST') continue;
		// The package's dates are noon UTC, the same calendar day in Germany; its dateString depends on
		// the process time zone, so the date is read from the UTC fields instead.
		const date = formatIsoDate(h.date.getUTCFullYear(), h.date.getUTCMonth() + 1, h.date.getUTCDate());
		entries.push([date, GERMAN_NAMES[h.name] ?? h.translate('de') ?? h.name]);
	}
	for (const extra of ONE_OFF) {
		if (extra.state === state && extra.date.startsWith(`${year}-`)) entries.push([extra.date, extra.name]);
	}
	entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const map: ReadonlyMap<IsoDate, string> = new Map(entries);
	cache.set(key, map);
	return map;
}

/** The German name of the public holiday on `date` in `state`, or undefined. */
export function holidayName(date: IsoDate, state: FederalState): string | undefined {
	const p = parseIsoDate(date);
	if (!p) throw new RangeError(`Invalid date: ${String(date)}`);
	return holidaysOf(p.year, state).get(date);
}

export function isHoliday(date: IsoDate, state: FederalState): boolean {
	return holidayName(date, state) !== undefined;
}
