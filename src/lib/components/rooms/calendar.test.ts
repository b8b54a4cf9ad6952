import { describe, expect, it } from 'vitest';
import { periodOf } from './calendar.js';

describe('the period a room calendar shows', () => {
	it('a week runs Monday to Sunday around the date, across a change of month and year', () => {
		const week = periodOf('woche', '2026-12-31');
		expect(week).toMatchObject({ from: '2026-12-28', to: '2027-01-03', prev: '2026-12-21', next: '2027-01-04' });
		expect(week.days).toHaveLength(7);
	});
	it('a month is the calendar month, February of a leap year included', () => {
		const february = periodOf('monat', '2028-02-15');
		expect(february).toMatchObject({ from: '2028-02-01', to: '2028-02-29', prev: '2028-01-01', next: '2028-03-01' });
		expect(february.days).toHaveLength(29);
		expect(periodOf('monat', '2026-12-31')).toMatchObject({ from: '2026-12-01', to: '2026-12-31', next: '2027-01-01' });
	});
	it('a day is the day, with the days before and after (also over the clock change in October)', () => {
		expect(periodOf('tag', '2026-10-25')).toMatchObject({ from: '2026-10-25', to: '2026-10-25', prev: '2026-10-24', next: '2026-10-26' });
	});
});
