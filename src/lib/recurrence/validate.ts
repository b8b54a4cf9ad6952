/**
 * Validation of a recurrence rule. Returns stable codes (turned into German messages by the UI);
 * an empty list means the rule is valid.
 */
import { daysInMonth, isIsoDate, isWallTime, parseIsoDate, formatIsoDate } from './calendar.js';
import { expand, isValidBreak, ruleWeekdays, ruleWeeksOfMonth } from './expand.js';
import type { FederalState, IsoDate, Recurrence, RecurrenceIssue, RecurrenceIssueCode } from './types.js';

export interface ValidateOptions {
	federalState: FederalState;
	/**
	 * Today's date in Europe/Berlin. Part of the signature so that rules about the present (a series
	 * that has already ended) can be added without changing callers; no current check depends on it.
	 */
	today: IsoDate;
}

/** startDate + 2 years (29 February → 28 February). */
function twoYearsAfter(date: IsoDate): IsoDate {
	const p = parseIsoDate(date)!;
	return formatIsoDate(p.year + 2, p.month, Math.min(p.day, daysInMonth(p.year + 2, p.month)));
}

export function validateRecurrence(rule: Recurrence, opts: ValidateOptions): RecurrenceIssue[] {
	const issues: RecurrenceIssue[] = [];
	const add = (field: RecurrenceIssue['field'], code: RecurrenceIssueCode) => {
		if (!issues.some((i) => i.field === field && i.code === code)) issues.push({ field, code });
	};

	const startOk = isIsoDate(rule.startDate);
	const endOk = rule.endDate === null || isIsoDate(rule.endDate);
	if (!startOk) add('startDate', 'recurrence_invalid_date');
	if (!endOk) add('endDate', 'recurrence_invalid_date');
	if (startOk && rule.endDate !== null && endOk && rule.endDate < rule.startDate) add('endDate', 'recurrence_end_before_start');

	const startTimeOk = isWallTime(rule.startTime);
	const endTimeOk = isWallTime(rule.endTime);
	if (!startTimeOk) add('startTime', 'recurrence_invalid_time');
	if (!endTimeOk) add('endTime', 'recurrence_invalid_time');
	if (startTimeOk && endTimeOk && rule.endTime <= rule.startTime) add('endTime', 'recurrence_time_order');

	if (rule.frequency === 'weekly' || rule.frequency === 'monthly') {
		if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > 12) add('interval', 'recurrence_bad_interval');
		if (ruleWeekdays(rule).length === 0) add('weekdays', 'recurrence_no_weekday');
		if (rule.frequency === 'monthly' && ruleWeeksOfMonth(rule).length === 0) add('weeksOfMonth', 'recurrence_no_week_of_month');
	}

	for (const range of rule.breaks) if (!isValidBreak(range)) add('breaks', 'recurrence_bad_break');

	for (const ex of rule.exceptions) {
		if (!isIsoDate(ex.date)) add('exceptions', 'recurrence_invalid_date');
		if (ex.kind === 'move') {
			if (!isIsoDate(ex.toDate)) add('exceptions', 'recurrence_invalid_date');
			const timesOk = isWallTime(ex.startTime) && isWallTime(ex.endTime);
			if (!timesOk) add('exceptions', 'recurrence_invalid_time');
			else if (ex.endTime <= ex.startTime) add('exceptions', 'recurrence_time_order');
		}
	}

	if (issues.length === 0) {
		const horizon = twoYearsAfter(rule.startDate);
		const to = rule.endDate !== null && rule.endDate < horizon ? rule.endDate : horizon;
		const found = expand(rule, { from: rule.startDate, to, federalState: opts.federalState, limit: 1 });
		if (found.length === 0) add('rule', 'recurrence_no_occurrences');
	}
	return issues;
}
