/**
 * RFC 5545 export of a recurrence, for calendar feeds (iCalendar).
 *
 * What RRULE cannot say: breaks and public holidays have no RRULE form, and moved dates need
 * RECURRENCE-ID overrides. A feed built from toRRule alone shows meetings on those dates; callers
 * that must be exact (a room plan, a public programme) should publish the occurrences from expand()
 * as single events instead. `exdates` carries the cancelled dates only.
 *
 * DTSTART is a wall time in Europe/Berlin (write it with TZID=Europe/Berlin); it is the first date
 * the pattern produces on or after startDate, because RFC 5545 leaves a DTSTART that does not match
 * its rule undefined. Weeks start on Monday (the RFC 5545 default WKST), as the interval counting in
 * expand() does.
 */
import { fromDayNumber, isIsoDate, toDayNumber } from './calendar.js';
import { expand, isExpandable, matchesPattern, ruleWeekdays, ruleWeeksOfMonth } from './expand.js';
import type { IsoDate, Recurrence, WallTime, Weekday } from './types.js';
import { wallTimeToInstant } from './zoned.js';

export interface RRuleExport {
	dtstart: { date: IsoDate; time: WallTime };
	/** e.g. 'FREQ=MONTHLY;BYDAY=2TU,4TU' (without the 'RRULE:' prefix); null for a one-off. */
	rrule: string | null;
	/** Cancelled dates of the series (EXDATE, at dtstart's time), ascending. */
	exdates: IsoDate[];
}

const BYDAY: Record<Weekday, string> = { 1: 'MO', 2: 'TU', 3: 'WE', 4: 'TH', 5: 'FR', 6: 'SA', 7: 'SU' };

/** The first date ≥ startDate the pattern produces, ignoring breaks, holidays and exceptions. */
function firstPatternDate(rule: Recurrence): IsoDate | null {
	if (!isExpandable(rule)) return null;
	const bare: Recurrence = { ...rule, breaks: [], skipHolidays: false, exceptions: [] };
	const to = fromDayNumber(toDayNumber(rule.startDate) + 366 * 100);
	// The federal state is irrelevant without skipHolidays.
	return expand(bare, { from: rule.startDate, to, federalState: 'BE', limit: 1 })[0]?.date ?? null;
}

/** 'YYYYMMDDTHHMMSSZ' */
function utcStamp(d: Date): string {
	return d
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

export function toRRule(rule: Recurrence): RRuleExport {
	const dtstartDate = rule.frequency === 'once' ? rule.startDate : (firstPatternDate(rule) ?? rule.startDate);
	const dtstart = { date: dtstartDate, time: rule.startTime };
	const exdates = [
		...new Set(
			rule.exceptions.filter((ex) => ex.kind === 'cancel' && isIsoDate(ex.date) && matchesPattern(rule, ex.date)).map((ex) => ex.date)
		)
	].sort();
	if (rule.frequency === 'once') return { dtstart, rrule: null, exdates };

	const parts: string[] = [`FREQ=${rule.frequency === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`];
	if (Number.isInteger(rule.interval) && rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
	if (rule.endDate !== null && isIsoDate(rule.endDate)) {
		// UNTIL is inclusive and must be UTC when DTSTART has a TZID: the last second of the end date in Berlin.
		const lastSecond = new Date(wallTimeToInstant(rule.endDate, '23:59').getTime() + 59_000);
		parts.push(`UNTIL=${utcStamp(lastSecond)}`);
	}
	const weekdays = ruleWeekdays(rule);
	if (rule.frequency === 'weekly') {
		parts.push(`BYDAY=${weekdays.map((d) => BYDAY[d]).join(',')}`);
	} else {
		const byday = ruleWeeksOfMonth(rule).flatMap((n) => weekdays.map((d) => `${n}${BYDAY[d]}`));
		parts.push(`BYDAY=${byday.join(',')}`);
	}
	return { dtstart, rrule: parts.join(';'), exdates };
}
