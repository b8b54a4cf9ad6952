import { addDays, weekdayOf, type IsoDate } from '../../recurrence/index.js';
import type { CalendarView } from '../../schemas/rooms.js';
import { dateFormat } from '../../i18n.js';

/**
 * The period a calendar view shows around a date (week: Monday to Sunday; month: the calendar
 * month) and the dates its previous and next links lead to.
 */
export function periodOf(view: CalendarView, date: IsoDate): { from: IsoDate; to: IsoDate; days: IsoDate[]; prev: IsoDate; next: IsoDate } {
	let from: IsoDate;
	let to: IsoDate;
	let prev: IsoDate;
	let next: IsoDate;
	if (view === 'tag') {
		from = to = date;
		prev = addDays(date, -1);
		next = addDays(date, 1);
	} else if (view === 'woche') {
		from = addDays(date, 1 - weekdayOf(date));
		to = addDays(from, 6);
		prev = addDays(from, -7);
		next = addDays(from, 7);
	} else {
		from = `${date.slice(0, 8)}01`;
		next = `${addDays(from, 31).slice(0, 8)}01`;
		to = addDays(next, -1);
		prev = `${addDays(from, -1).slice(0, 8)}01`;
	}
	const days: IsoDate[] = [];
	for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
	return { from, to, days, prev, next };
}

const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** "Dienstag, 9. März 2027" */
export function longDay(iso: IsoDate, locale: string): string {
	return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(noon(iso));
}

/** "Di, 09.03." */
export function shortDay(iso: IsoDate, locale: string): string {
	return dateFormat(locale, { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(noon(iso));
}

/** "März 2027" */
export function monthTitle(iso: IsoDate, locale: string): string {
	return dateFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(noon(iso));
}
