import * as v from 'valibot';
import { isoDate } from './common.js';
import type { Recurrence, Weekday, WeekOfMonth } from '../recurrence/index.js';

/**
 * The schedule part of a form — one date or a recurrence of the recurrence engine — shared by the
 * meeting series of a group and the room booking (one form, one set of field names, ADR 0024).
 */
export const FREQUENCIES = ['weekly', 'monthly', 'once'] as const;
export const WEEKDAY_VALUES = ['1', '2', '3', '4', '5', '6', '7'] as const;
export const WEEK_OF_MONTH_VALUES = ['1', '2', '3', '4', '5', '-1'] as const;

const checkboxList = <T extends readonly string[]>(values: T, message: string) =>
	v.optional(v.pipe(v.array(v.picklist(values, message)), v.maxLength(values.length, message)), []);

export const wallTime = v.pipe(v.string(), v.trim(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'error_time'));

/** "15.07." – a day of the year for a break that repeats every year */
const dayOfYearField = v.optional(
	v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,2}\.\d{1,2}\.?$/, 'series_break_format'))], 'series_break_format'),
	''
);

/** The schedule fields as entries, to spread into a form's strictObject. */
export const scheduleEntries = {
	frequency: v.picklist(FREQUENCIES, 'error_invalid_choice'),
	interval: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/, 'error_number')), '1'),
	weekdays: checkboxList(WEEKDAY_VALUES, 'error_invalid_choice'),
	weeksOfMonth: checkboxList(WEEK_OF_MONTH_VALUES, 'error_invalid_choice'),
	startDate: isoDate,
	endDate: v.optional(v.union([v.literal(''), isoDate], 'error_date'), ''),
	startTime: wallTime,
	endTime: wallTime,
	skipHolidays: v.boolean(),
	breakFrom: dayOfYearField,
	breakTo: dayOfYearField
};

export const ScheduleInput = v.strictObject(scheduleEntries);
export type ScheduleInput = v.InferOutput<typeof ScheduleInput>;

/** How the schedule fields are read from a form: checkbox groups and single checkboxes. */
export const SCHEDULE_LISTS = ['weekdays', 'weeksOfMonth'] as const;
export const SCHEDULE_FLAGS = ['skipHolidays'] as const;

/** "15.07." → "07-15" (a break that repeats every year). */
function dayOfYear(text: string): string {
	const [day = '', month = ''] = text.replace(/\.$/, '').split('.');
	return `${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** "07-15" → "15.07." */
function dayMonth(monthDay: string): string {
	const [month = '', day = ''] = monthDay.split('-').slice(-2);
	return `${day}.${month}.`;
}

/** The recurrence the schedule fields describe. */
export function recurrenceFromSchedule(input: ScheduleInput): Recurrence {
	const once = input.frequency === 'once';
	return {
		frequency: input.frequency,
		interval: once ? 1 : Number(input.interval || '1'),
		weekdays: once ? [] : (input.weekdays.map(Number) as Weekday[]),
		weeksOfMonth: input.frequency === 'monthly' ? (input.weeksOfMonth.map(Number) as WeekOfMonth[]) : [],
		startDate: input.startDate,
		endDate: once ? input.startDate : input.endDate || null,
		startTime: input.startTime,
		endTime: input.endTime,
		breaks: input.breakFrom && input.breakTo ? [{ from: dayOfYear(input.breakFrom), to: dayOfYear(input.breakTo) }] : [],
		skipHolidays: input.skipHolidays,
		exceptions: []
	};
}

/** A recurrence as the schedule fields show it (the inverse of recurrenceFromSchedule); defaults without one. */
export function scheduleFormValues(
	rule: Recurrence | null | undefined,
	defaults: { startDate: string; startTime?: string; endTime?: string; frequency?: (typeof FREQUENCIES)[number]; skipHolidays?: boolean }
): Record<string, string> {
	const yearly = rule?.breaks.find((range) => /^\d{2}-\d{2}$/.test(range.from));
	return {
		frequency: rule?.frequency ?? defaults.frequency ?? 'weekly',
		interval: String(rule?.interval ?? 1),
		weekdays: (rule?.weekdays ?? []).join('\n'),
		weeksOfMonth: (rule?.weeksOfMonth ?? []).join('\n'),
		startDate: rule?.startDate ?? defaults.startDate,
		endDate: rule?.frequency === 'once' ? '' : (rule?.endDate ?? ''),
		startTime: rule?.startTime ?? defaults.startTime ?? '19:00',
		endTime: rule?.endTime ?? defaults.endTime ?? '21:00',
		skipHolidays: (rule ? rule.skipHolidays : (defaults.skipHolidays ?? true)) ? 'on' : '',
		breakFrom: yearly ? dayMonth(yearly.from) : '',
		breakTo: yearly ? dayMonth(yearly.to) : ''
	};
}
