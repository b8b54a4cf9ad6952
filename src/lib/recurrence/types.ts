/**
 * The recurrence model shared by group meetings, room bookings and events.
 *
 * All dates and times are wall-clock values in Europe/Berlin: a meeting "19:00–21:00" stays
 * 19:00–21:00 on both sides of a daylight-saving change. Conversion to instants happens only when
 * occurrences are expanded (see zoned.ts).
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A wall-clock time, 'HH:MM', 24 h (00:00–23:59). */
export type WallTime = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The nth occurrence of a weekday within a month; -1 = the last one. */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 5 | -1;

export type FederalState = 'BW' | 'BY' | 'BE' | 'BB' | 'HB' | 'HH' | 'HE' | 'MV' | 'NI' | 'NW' | 'RP' | 'SL' | 'SN' | 'ST' | 'SH' | 'TH';

export const FEDERAL_STATES: readonly FederalState[] = [
	'BW',
	'BY',
	'BE',
	'BB',
	'HB',
	'HH',
	'HE',
	'MV',
	'NI',
	'NW',
	'RP',
	'SL',
	'SN',
	'ST',
	'SH',
	'TH'
];

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export const WEEKS_OF_MONTH: readonly WeekOfMonth[] = [1, 2, 3, 4, 5, -1];

/**
 * An inclusive range of dates. Either both ends are 'YYYY-MM-DD' (a one-off break) or both are
 * 'MM-DD' (a break every year, which may wrap the year end, e.g. 12-20 → 01-06).
 */
export interface DateRange {
	from: string;
	to: string;
}

/** A change to one date of a series: cancelled, or moved to another date and/or time. */
export type Exception =
	{ date: IsoDate; kind: 'cancel' } | { date: IsoDate; kind: 'move'; toDate: IsoDate; startTime: WallTime; endTime: WallTime };

export interface Recurrence {
	frequency: 'once' | 'weekly' | 'monthly';
	/** weekly: every n weeks (2 = biweekly, counted from the ISO week of startDate); monthly: every n months; 1 for once. */
	interval: number;
	/** weekly: the days; monthly: the weekday(s) of the nth-weekday rule; once: []. */
	weekdays: Weekday[];
	/** monthly only: [2, 4] = 2nd and 4th; [-1] = last; [] otherwise. */
	weeksOfMonth: WeekOfMonth[];
	/** First date the series may produce (for 'once': the date). */
	startDate: IsoDate;
	/** Last date (inclusive), or null for an open-ended series. */
	endDate: IsoDate | null;
	startTime: WallTime;
	/** Must be after startTime on the same day (no meetings across midnight). */
	endTime: WallTime;
	/** Dates on which the series pauses, e.g. a summer break. */
	breaks: DateRange[];
	/** Skip public holidays of the federal state passed to expand(). */
	skipHolidays: boolean;
	exceptions: Exception[];
}

export interface Occurrence {
	/** The (Europe/Berlin) calendar date the occurrence takes place on. */
	date: IsoDate;
	start: Date;
	end: Date;
	moved: boolean;
	/** For a moved occurrence: the date it was moved from. */
	originalDate?: IsoDate;
}

export type RecurrenceIssueCode =
	| 'recurrence_end_before_start'
	| 'recurrence_time_order'
	| 'recurrence_no_weekday'
	| 'recurrence_no_week_of_month'
	| 'recurrence_bad_interval'
	| 'recurrence_invalid_date'
	| 'recurrence_invalid_time'
	| 'recurrence_no_occurrences'
	| 'recurrence_bad_break';

export interface RecurrenceIssue {
	field: keyof Recurrence | 'rule';
	code: RecurrenceIssueCode;
}
