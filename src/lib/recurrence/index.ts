/**
 * The one recurrence engine: group meeting series, room bookings and events.
 * Pure functions over Europe/Berlin wall time; see each module for details.
 */
export type {
	DateRange,
	Exception,
	FederalState,
	IsoDate,
	Occurrence,
	Recurrence,
	RecurrenceIssue,
	RecurrenceIssueCode,
	WallTime,
	WeekOfMonth,
	Weekday
} from './types.js';
export { FEDERAL_STATES, WEEKDAYS, WEEKS_OF_MONTH } from './types.js';
export { addDays, isIsoDate, isWallTime, weekdayOf } from './calendar.js';
export { DEFAULT_ZONE, instantToWall, wallTimeToInstant, zoneOffsetMs } from './zoned.js';
export { holidayName, holidaysOf, isHoliday } from './holidays.js';
export { expand, isInBreak, isValidBreak, matchesPattern, nextOccurrences } from './expand.js';
export type { ExpandOptions, NextOccurrencesOptions } from './expand.js';
export { validateRecurrence } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { describeRecurrence } from './describe.js';
export type { DescribeLocale } from './describe.js';
export { parseScheduleText } from './parse.js';
export type { ParseOptions, ParsedSchedule } from './parse.js';
export { toRRule } from './rrule.js';
export type { RRuleExport } from './rrule.js';
