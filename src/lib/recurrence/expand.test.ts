import { describe, expect, it } from 'vitest';
import { expand, isInBreak, matchesPattern, nextOccurrences } from './expand.js';
import type { FederalState, Recurrence } from './types.js';
import { instantToWall } from './zoned.js';

const base: Recurrence = {
	frequency: 'weekly',
	interval: 1,
	weekdays: [2],
	weeksOfMonth: [],
	startDate: '2027-01-01',
	endDate: null,
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: false,
	exceptions: []
};
const rule = (overrides: Partial<Recurrence>): Recurrence => ({ ...base, ...overrides });
const dates = (r: Recurrence, from: string, to: string, federalState: FederalState = 'BE') =>
	expand(r, { from, to, federalState }).map((o) => o.date);

describe('nth weekday of the month', () => {
	it('gives every 2nd and 4th Tuesday across a year', () => {
		const r = rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [2, 4] });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual([
			'2027-01-12',
			'2027-01-26',
			'2027-02-09',
			'2027-02-23',
			'2027-03-09',
			'2027-03-23',
			'2027-04-13',
			'2027-04-27',
			'2027-05-11',
			'2027-05-25',
			'2027-06-08',
			'2027-06-22',
			'2027-07-13',
			'2027-07-27',
			'2027-08-10',
			'2027-08-24',
			'2027-09-14',
			'2027-09-28',
			'2027-10-12',
			'2027-10-26',
			'2027-11-09',
			'2027-11-23',
			'2027-12-14',
			'2027-12-28'
		]);
	});

	it('gives a 5th weekday only in months that have one', () => {
		const r = rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [5] });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual(['2027-03-30', '2027-06-29', '2027-08-31', '2027-11-30']);
	});

	it('combines several weekdays and weeks, in date order', () => {
		const r = rule({ frequency: 'monthly', weekdays: [4, 1], weeksOfMonth: [3, 1] });
		expect(dates(r, '2027-01-01', '2027-01-31')).toEqual(['2027-01-04', '2027-01-07', '2027-01-18', '2027-01-21']);
	});

	it('gives one occurrence when the 4th and the last are the same day', () => {
		const r = rule({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [4, -1] });
		expect(dates(r, '2027-01-01', '2027-02-28')).toEqual(['2027-01-22', '2027-01-29', '2027-02-26']);
	});

	it('starts in the month of startDate but not before startDate', () => {
		const r = rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [2, 4], startDate: '2027-01-20' });
		expect(dates(r, '2027-01-01', '2027-02-28')).toEqual(['2027-01-26', '2027-02-09', '2027-02-23']);
	});
});

describe('last weekday of the month', () => {
	it('gives the last Friday in months with four and with five Fridays', () => {
		const r = rule({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [-1] });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual([
			'2027-01-29',
			'2027-02-26',
			'2027-03-26',
			'2027-04-30',
			'2027-05-28',
			'2027-06-25',
			'2027-07-30',
			'2027-08-27',
			'2027-09-24',
			'2027-10-29',
			'2027-11-26',
			'2027-12-31'
		]);
	});

	it('handles February in leap and common years', () => {
		const tuesday = rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [-1], startDate: '2026-01-01' });
		expect(dates(tuesday, '2027-02-01', '2027-02-28')).toEqual(['2027-02-23']);
		expect(dates(tuesday, '2028-02-01', '2028-02-29')).toEqual(['2028-02-29']);
		const monday = rule({ frequency: 'monthly', weekdays: [1], weeksOfMonth: [-1] });
		expect(dates(monday, '2028-02-01', '2028-02-29')).toEqual(['2028-02-28']);
	});

	it('distinguishes the 1st and the last', () => {
		const r = rule({ frequency: 'monthly', weekdays: [3], weeksOfMonth: [1, -1] });
		expect(dates(r, '2027-03-01', '2027-03-31')).toEqual(['2027-03-03', '2027-03-31']);
	});
});

describe('weekly', () => {
	it('gives every Monday', () => {
		expect(dates(rule({ weekdays: [1] }), '2027-01-01', '2027-01-31')).toEqual(['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25']);
	});

	it('gives several weekdays in date order, from the first one on or after startDate', () => {
		const r = rule({ weekdays: [5, 1], startDate: '2027-01-06' });
		expect(dates(r, '2027-01-01', '2027-01-18')).toEqual(['2027-01-08', '2027-01-11', '2027-01-15', '2027-01-18']);
	});

	it('respects the window and the start date', () => {
		expect(dates(rule({ weekdays: [2] }), '2026-12-01', '2027-01-12')).toEqual(['2027-01-05', '2027-01-12']);
		expect(dates(rule({ weekdays: [2] }), '2027-01-06', '2027-01-11')).toEqual([]);
	});
});

describe('every n weeks', () => {
	it('counts biweekly from the week of startDate, across the year boundary', () => {
		const r = rule({ interval: 2, weekdays: [4], startDate: '2026-12-29' });
		expect(dates(r, '2026-12-01', '2027-02-28')).toEqual(['2026-12-31', '2027-01-14', '2027-01-28', '2027-02-11', '2027-02-25']);
	});

	it("skips the start week's day before startDate but keeps the rhythm", () => {
		// startDate is Friday 1 January 2027; its week began Monday 28 December, whose Thursday is before the start.
		const r = rule({ interval: 2, weekdays: [4], startDate: '2027-01-01' });
		expect(dates(r, '2026-12-01', '2027-01-31')).toEqual(['2027-01-14', '2027-01-28']);
	});

	it('keeps the rhythm and the wall time across the spring-forward change', () => {
		const r = rule({ interval: 2, weekdays: [2], startDate: '2027-03-16' });
		const occ = expand(r, { from: '2027-03-01', to: '2027-04-30', federalState: 'BE' });
		expect(occ.map((o) => o.date)).toEqual(['2027-03-16', '2027-03-30', '2027-04-13', '2027-04-27']);
		expect(occ.map((o) => o.start.toISOString().slice(11, 16))).toEqual(['18:00', '17:00', '17:00', '17:00']);
	});

	it('gives every third week', () => {
		const r = rule({ interval: 3, weekdays: [1, 3], startDate: '2027-01-04' });
		expect(dates(r, '2027-01-01', '2027-02-28')).toEqual([
			'2027-01-04',
			'2027-01-06',
			'2027-01-25',
			'2027-01-27',
			'2027-02-15',
			'2027-02-17'
		]);
	});
});

describe('every n months', () => {
	it('gives the 1st Wednesday every other month, counted from the month of startDate', () => {
		const r = rule({ frequency: 'monthly', interval: 2, weekdays: [3], weeksOfMonth: [1], startDate: '2027-01-01' });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual([
			'2027-01-06',
			'2027-03-03',
			'2027-05-05',
			'2027-07-07',
			'2027-09-01',
			'2027-11-03'
		]);
	});

	it("skips the start month's date before startDate and continues n months later", () => {
		const r = rule({ frequency: 'monthly', interval: 2, weekdays: [3], weeksOfMonth: [1], startDate: '2027-01-15' });
		expect(dates(r, '2027-01-01', '2027-05-31')).toEqual(['2027-03-03', '2027-05-05']);
	});

	it('gives the last Friday every three months', () => {
		const r = rule({ frequency: 'monthly', interval: 3, weekdays: [5], weeksOfMonth: [-1], startDate: '2027-02-01' });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual(['2027-02-26', '2027-05-28', '2027-08-27', '2027-11-26']);
	});
});

describe('windows far in the future', () => {
	const rules: Recurrence[] = [
		rule({ weekdays: [2, 4] }),
		rule({ interval: 2, weekdays: [4], startDate: '2026-12-29' }),
		rule({ interval: 5, weekdays: [7], startDate: '2027-06-02' }),
		rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [2, 4] }),
		rule({ frequency: 'monthly', interval: 5, weekdays: [6], weeksOfMonth: [5, -1], startDate: '2027-04-30' }),
		rule({ frequency: 'monthly', interval: 12, weekdays: [1], weeksOfMonth: [5], startDate: '2027-02-01' })
	];

	it('gives the same dates as expanding from the start and cutting', () => {
		for (const r of rules) {
			const all = dates(r, r.startDate, '2047-12-31');
			expect(dates(r, '2045-03-10', '2047-12-31')).toEqual(all.filter((d) => d >= '2045-03-10'));
			expect(dates(r, '2046-02-01', '2046-02-28')).toEqual(all.filter((d) => d >= '2046-02-01' && d <= '2046-02-28'));
		}
	});

	it('expands a weekly rule over ten years', () => {
		const occ = expand(rule({ weekdays: [1], startDate: '2027-01-04' }), { from: '2027-01-01', to: '2036-12-31', federalState: 'BY' });
		expect(occ).toHaveLength(522);
		expect(occ.at(-1)?.date).toBe('2036-12-29');
	});

	it('finds a 5th Monday of February, which comes around in leap years only', () => {
		const r = rules[5]!;
		expect(dates(r, '2027-01-01', '2060-12-31')).toEqual(['2044-02-29']);
	});
});

describe('one-off', () => {
	it('gives the single date, ignoring weekdays', () => {
		const r = rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12', startTime: '10:00', endTime: '12:00' });
		const occ = expand(r, { from: '2027-01-01', to: '2027-12-31', federalState: 'BE' });
		expect(occ).toEqual([
			{ date: '2027-03-12', start: new Date('2027-03-12T09:00:00Z'), end: new Date('2027-03-12T11:00:00Z'), moved: false }
		]);
		expect(dates(r, '2027-03-13', '2027-12-31')).toEqual([]);
	});
});

describe('end date', () => {
	it('is inclusive', () => {
		const r = rule({ endDate: '2027-01-26' });
		expect(dates(r, '2027-01-01', '2027-12-31')).toEqual(['2027-01-05', '2027-01-12', '2027-01-19', '2027-01-26']);
	});

	it('yields nothing for a window after it', () => {
		expect(dates(rule({ endDate: '2027-01-26' }), '2027-02-01', '2027-12-31')).toEqual([]);
	});
});

describe('breaks', () => {
	const tueThu = rule({ weekdays: [2, 4] });

	it('removes a one-off summer break, both ends included', () => {
		const r = { ...tueThu, breaks: [{ from: '2027-07-15', to: '2027-08-31' }] };
		expect(dates(r, '2027-07-12', '2027-09-03')).toEqual(['2027-07-13', '2027-09-02']);
		expect(dates(r, '2028-07-12', '2028-07-20')).toEqual(['2028-07-13', '2028-07-18', '2028-07-20']);
	});

	it('removes a yearly break every year', () => {
		const r = { ...tueThu, breaks: [{ from: '07-15', to: '08-31' }] };
		expect(dates(r, '2027-07-12', '2027-09-03')).toEqual(['2027-07-13', '2027-09-02']);
		expect(dates(r, '2028-07-12', '2028-09-01')).toEqual(['2028-07-13']);
	});

	it('removes a yearly break that wraps the year end', () => {
		const r = rule({ weekdays: [2], breaks: [{ from: '12-20', to: '01-06' }] });
		expect(dates(r, '2027-12-01', '2028-01-31')).toEqual(['2027-12-07', '2027-12-14', '2028-01-11', '2028-01-18', '2028-01-25']);
	});

	it('combines several breaks and ignores a malformed one', () => {
		const r = rule({
			weekdays: [2],
			breaks: [
				{ from: '2027-01-10', to: '2027-01-13' },
				{ from: '01-25', to: '01-26' },
				{ from: '2027-02-01', to: '02-28' }
			]
		});
		expect(dates(r, '2027-01-01', '2027-02-10')).toEqual(['2027-01-05', '2027-01-19', '2027-02-02', '2027-02-09']);
	});

	it('decides membership of a single date', () => {
		expect(isInBreak('2027-12-31', { from: '12-20', to: '01-06' })).toBe(true);
		expect(isInBreak('2028-01-07', { from: '12-20', to: '01-06' })).toBe(false);
		expect(isInBreak('2028-02-29', { from: '02-29', to: '02-29' })).toBe(true);
		expect(isInBreak('2027-03-01', { from: '2027-03-02', to: '2027-03-01' })).toBe(false);
	});
});

describe('public holidays', () => {
	const thursdays = rule({ weekdays: [4], skipHolidays: true });

	it('skips Fronleichnam 2027 in Bavaria and North Rhine-Westphalia but not in Berlin', () => {
		expect(dates(thursdays, '2027-05-20', '2027-06-03', 'BY')).toEqual(['2027-05-20', '2027-06-03']);
		expect(dates(thursdays, '2027-05-20', '2027-06-03', 'NW')).toEqual(['2027-05-20', '2027-06-03']);
		expect(dates(thursdays, '2027-05-20', '2027-06-03', 'BE')).toEqual(['2027-05-20', '2027-05-27', '2027-06-03']);
	});

	it('keeps holidays when skipHolidays is off', () => {
		expect(dates({ ...thursdays, skipHolidays: false }, '2027-05-20', '2027-06-03', 'BY')).toEqual([
			'2027-05-20',
			'2027-05-27',
			'2027-06-03'
		]);
	});

	it('skips Reformationstag in SN, TH, BB, HB, HH, NI and SH but not in BY', () => {
		const tuesdays = rule({ weekdays: [2], skipHolidays: true });
		for (const state of ['SN', 'TH', 'BB', 'HB', 'HH', 'NI', 'SH'] as const) {
			expect(dates(tuesdays, '2028-10-31', '2028-10-31', state)).toEqual([]);
		}
		expect(dates(tuesdays, '2028-10-31', '2028-10-31', 'BY')).toEqual(['2028-10-31']);
	});

	it('skips Buß- und Bettag only in Saxony', () => {
		const wednesdays = rule({ weekdays: [3], skipHolidays: true });
		expect(dates(wednesdays, '2027-11-17', '2027-11-17', 'SN')).toEqual([]);
		expect(dates(wednesdays, '2027-11-17', '2027-11-17', 'TH')).toEqual(['2027-11-17']);
		expect(dates(wednesdays, '2027-11-17', '2027-11-17', 'BY')).toEqual(['2027-11-17']);
	});

	it('skips Frauentag in Berlin, and in Mecklenburg-Vorpommern from 2023', () => {
		const mondays = rule({ weekdays: [1], skipHolidays: true, startDate: '2020-01-01' });
		expect(dates(mondays, '2027-03-08', '2027-03-08', 'BE')).toEqual([]);
		expect(dates(mondays, '2027-03-08', '2027-03-08', 'MV')).toEqual([]);
		expect(dates(mondays, '2027-03-08', '2027-03-08', 'BY')).toEqual(['2027-03-08']);
		const tuesdays = { ...mondays, weekdays: [2 as const] };
		expect(dates(tuesdays, '2022-03-08', '2022-03-08', 'MV')).toEqual(['2022-03-08']);
		expect(dates(tuesdays, '2022-03-08', '2022-03-08', 'BE')).toEqual([]);
	});

	it('skips Weltkindertag in Thuringia only', () => {
		const mondays = rule({ weekdays: [1], skipHolidays: true });
		expect(dates(mondays, '2027-09-20', '2027-09-20', 'TH')).toEqual([]);
		expect(dates(mondays, '2027-09-20', '2027-09-20', 'SN')).toEqual(['2027-09-20']);
	});

	it('skips Christmas in every state', () => {
		const fridays = rule({ weekdays: [5], skipHolidays: true, startDate: '2026-01-01' });
		for (const state of ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const) {
			expect(dates(fridays, '2026-12-18', '2027-01-01', state)).toEqual(['2026-12-18']);
		}
	});

	it('skips Karfreitag when it is the last Friday of the month', () => {
		const r = rule({ frequency: 'monthly', weekdays: [5], weeksOfMonth: [-1], skipHolidays: true });
		expect(dates(r, '2027-02-01', '2027-04-30', 'HE')).toEqual(['2027-02-26', '2027-04-30']);
	});

	it('skips Mariä Himmelfahrt in Bavaria and Saarland only', () => {
		const tuesdays = rule({ weekdays: [2], skipHolidays: true });
		expect(dates(tuesdays, '2028-08-15', '2028-08-15', 'BY')).toEqual([]);
		expect(dates(tuesdays, '2028-08-15', '2028-08-15', 'SL')).toEqual([]);
		expect(dates(tuesdays, '2028-08-15', '2028-08-15', 'BW')).toEqual(['2028-08-15']);
	});
});

describe('exceptions', () => {
	it('removes a cancelled date', () => {
		const r = rule({ exceptions: [{ date: '2027-01-12', kind: 'cancel' }] });
		expect(dates(r, '2027-01-01', '2027-01-31')).toEqual(['2027-01-05', '2027-01-19', '2027-01-26']);
	});

	it('replaces a moved date with the new date and time, in start order', () => {
		const r = rule({ exceptions: [{ date: '2027-01-12', kind: 'move', toDate: '2027-01-21', startTime: '18:00', endTime: '20:30' }] });
		const occ = expand(r, { from: '2027-01-01', to: '2027-01-31', federalState: 'BE' });
		expect(occ.map((o) => o.date)).toEqual(['2027-01-05', '2027-01-19', '2027-01-21', '2027-01-26']);
		expect(occ[2]).toEqual({
			date: '2027-01-21',
			start: new Date('2027-01-21T17:00:00Z'),
			end: new Date('2027-01-21T19:30:00Z'),
			moved: true,
			originalDate: '2027-01-12'
		});
		expect(occ.filter((o) => o.moved)).toHaveLength(1);
	});

	it('includes a moved occurrence by its new date, not its original one', () => {
		const r = rule({ exceptions: [{ date: '2027-01-26', kind: 'move', toDate: '2027-02-03', startTime: '19:00', endTime: '21:00' }] });
		expect(dates(r, '2027-02-01', '2027-02-05')).toEqual(['2027-02-02', '2027-02-03']);
		expect(dates(r, '2027-01-25', '2027-01-31')).toEqual([]);
	});

	it('moves a meeting off a holiday, and the moved date is not removed by a holiday or break', () => {
		const r = rule({
			weekdays: [1],
			skipHolidays: true,
			breaks: [{ from: '2027-05-25', to: '2027-05-31' }],
			exceptions: [
				{ date: '2027-05-17', kind: 'move', toDate: '2027-05-18', startTime: '19:00', endTime: '21:00' },
				{ date: '2027-05-10', kind: 'move', toDate: '2027-05-27', startTime: '19:00', endTime: '21:00' }
			]
		});
		expect(dates(r, '2027-05-01', '2027-05-31', 'BY')).toEqual(['2027-05-03', '2027-05-18', '2027-05-24', '2027-05-27']);
	});

	it('keeps only the time change when a move stays on the same date', () => {
		const r = rule({ exceptions: [{ date: '2027-01-12', kind: 'move', toDate: '2027-01-12', startTime: '17:00', endTime: '18:00' }] });
		const occ = expand(r, { from: '2027-01-12', to: '2027-01-12', federalState: 'BE' });
		expect(occ).toHaveLength(1);
		expect(occ[0]?.start.toISOString()).toBe('2027-01-12T16:00:00.000Z');
		expect(occ[0]?.originalDate).toBe('2027-01-12');
	});

	it('ignores exceptions on dates the rule does not produce, and malformed ones', () => {
		const r = rule({
			exceptions: [
				{ date: '2027-01-13', kind: 'move', toDate: '2027-01-14', startTime: '19:00', endTime: '21:00' },
				{ date: '2027-01-19', kind: 'move', toDate: '2027-01-20', startTime: '21:00', endTime: '19:00' },
				{ date: '2027-02-30', kind: 'cancel' }
			]
		});
		expect(dates(r, '2027-01-01', '2027-01-31')).toEqual(['2027-01-05', '2027-01-12', '2027-01-19', '2027-01-26']);
	});

	it('lets a later exception for the same date win', () => {
		const r = rule({
			exceptions: [
				{ date: '2027-01-12', kind: 'cancel' },
				{ date: '2027-01-12', kind: 'move', toDate: '2027-01-13', startTime: '19:00', endTime: '21:00' }
			]
		});
		expect(dates(r, '2027-01-10', '2027-01-16')).toEqual(['2027-01-13']);
	});

	it('moves and cancels a one-off', () => {
		const once = rule({ frequency: 'once', weekdays: [], startDate: '2027-03-12' });
		expect(dates({ ...once, exceptions: [{ date: '2027-03-12', kind: 'cancel' }] }, '2027-01-01', '2027-12-31')).toEqual([]);
		const moved = {
			...once,
			exceptions: [{ date: '2027-03-12', kind: 'move' as const, toDate: '2027-03-19', startTime: '10:00', endTime: '11:00' }]
		};
		expect(dates(moved, '2027-01-01', '2027-12-31')).toEqual(['2027-03-19']);
	});
});

describe('daylight saving', () => {
	const at = (r: Recurrence, from: string, to: string) =>
		expand(r, { from, to, federalState: 'BE' }).map((o) => [o.date, o.start.toISOString(), o.end.toISOString()]);

	it('keeps a 19:00 meeting at 19:00 wall time on the Tuesdays around the last Sunday of March 2027', () => {
		expect(at(rule({}), '2027-03-23', '2027-03-30')).toEqual([
			['2027-03-23', '2027-03-23T18:00:00.000Z', '2027-03-23T20:00:00.000Z'],
			['2027-03-30', '2027-03-30T17:00:00.000Z', '2027-03-30T19:00:00.000Z']
		]);
	});

	it('keeps a 19:00 meeting at 19:00 wall time on the Tuesdays around the last Sunday of October 2027', () => {
		const occ = expand(rule({}), { from: '2027-10-26', to: '2027-11-02', federalState: 'BE' });
		expect(occ.map((o) => o.start.toISOString())).toEqual(['2027-10-26T17:00:00.000Z', '2027-11-02T18:00:00.000Z']);
		expect(occ.map((o) => instantToWall(o.start).time)).toEqual(['19:00', '19:00']);
		expect(occ.map((o) => instantToWall(o.end).time)).toEqual(['21:00', '21:00']);
	});

	it('starts a 02:30 meeting on the spring-forward Sunday at 03:30 summer time', () => {
		const r = rule({ weekdays: [7], startTime: '02:30', endTime: '04:00' });
		expect(at(r, '2027-03-21', '2027-03-28')).toEqual([
			['2027-03-21', '2027-03-21T01:30:00.000Z', '2027-03-21T03:00:00.000Z'],
			['2027-03-28', '2027-03-28T01:30:00.000Z', '2027-03-28T02:00:00.000Z']
		]);
	});

	it('keeps the planned length when the gap pushes the start past the end', () => {
		const r = rule({ frequency: 'once', weekdays: [], startDate: '2027-03-28', startTime: '02:30', endTime: '03:15' });
		expect(at(r, '2027-03-28', '2027-03-28')).toEqual([['2027-03-28', '2027-03-28T01:30:00.000Z', '2027-03-28T02:15:00.000Z']]);
	});

	it('starts a 02:30 meeting on the fall-back Sunday at the first 02:30 (summer time)', () => {
		const r = rule({ weekdays: [7], startTime: '02:30', endTime: '03:30' });
		expect(at(r, '2027-10-31', '2027-11-07')).toEqual([
			['2027-10-31', '2027-10-31T00:30:00.000Z', '2027-10-31T02:30:00.000Z'],
			['2027-11-07', '2027-11-07T01:30:00.000Z', '2027-11-07T02:30:00.000Z']
		]);
	});
});

describe('limit', () => {
	it('returns the earliest occurrences, moved ones included', () => {
		const r = rule({ exceptions: [{ date: '2027-03-02', kind: 'move', toDate: '2027-01-06', startTime: '19:00', endTime: '21:00' }] });
		const occ = expand(r, { from: '2027-01-01', to: '2027-12-31', federalState: 'BE', limit: 3 });
		expect(occ.map((o) => o.date)).toEqual(['2027-01-05', '2027-01-06', '2027-01-12']);
		expect(expand(r, { from: '2027-01-01', to: '2027-12-31', federalState: 'BE', limit: 0 })).toEqual([]);
	});
});

describe('malformed input', () => {
	it('expands a malformed rule to nothing', () => {
		for (const bad of [
			rule({ startDate: '2027-02-30' }),
			rule({ endTime: '18:00' }),
			rule({ startTime: '25:00' }),
			rule({ weekdays: [] }),
			rule({ interval: 0 }),
			rule({ interval: 1.5 }),
			rule({ frequency: 'monthly', weeksOfMonth: [] })
		]) {
			expect(dates(bad, '2027-01-01', '2027-12-31')).toEqual([]);
		}
	});

	it('throws for a malformed window and gives nothing for a reversed one', () => {
		expect(() => dates(rule({}), '2027-01-32', '2027-12-31')).toThrow(RangeError);
		expect(dates(rule({}), '2027-12-31', '2027-01-01')).toEqual([]);
	});
});

describe('pattern matching', () => {
	it('tells whether a date belongs to the pattern before breaks, holidays and exceptions', () => {
		const r = rule({
			interval: 2,
			weekdays: [4],
			startDate: '2026-12-29',
			skipHolidays: true,
			exceptions: [{ date: '2027-01-14', kind: 'cancel' }]
		});
		expect(matchesPattern(r, '2027-01-14')).toBe(true);
		expect(matchesPattern(r, '2027-01-21')).toBe(false);
		expect(matchesPattern(r, '2026-12-24')).toBe(false);
		const monthly = rule({ frequency: 'monthly', interval: 2, weekdays: [5], weeksOfMonth: [-1] });
		expect(matchesPattern(monthly, '2027-01-29')).toBe(true);
		expect(matchesPattern(monthly, '2027-02-26')).toBe(false);
		expect(matchesPattern(monthly, '2027-03-19')).toBe(false);
	});
});

describe('next occurrences', () => {
	const r = rule({ weekdays: [2, 4], exceptions: [{ date: '2027-01-14', kind: 'cancel' }] });

	it('starts with a meeting still in progress and skips one that has ended', () => {
		const during = nextOccurrences(r, { now: new Date('2027-01-12T19:30:00Z'), count: 3, federalState: 'BE' });
		expect(during.map((o) => o.date)).toEqual(['2027-01-12', '2027-01-19', '2027-01-21']);
		const after = nextOccurrences(r, { now: new Date('2027-01-12T20:00:00Z'), count: 2, federalState: 'BE' });
		expect(after.map((o) => o.date)).toEqual(['2027-01-19', '2027-01-21']);
	});

	it('uses the Berlin date around midnight', () => {
		// 23:30 UTC on the 11th is already the 12th in Berlin.
		const occ = nextOccurrences(r, { now: new Date('2027-01-11T23:30:00Z'), count: 1, federalState: 'BE' });
		expect(occ.map((o) => o.date)).toEqual(['2027-01-12']);
	});

	it('includes a meeting moved to today or later', () => {
		const moved = rule({
			weekdays: [2],
			exceptions: [{ date: '2027-01-12', kind: 'move', toDate: '2027-01-11', startTime: '10:00', endTime: '11:00' }]
		});
		const occ = nextOccurrences(moved, { now: new Date('2027-01-11T08:00:00Z'), count: 2, federalState: 'BE' });
		expect(occ.map((o) => [o.date, o.moved])).toEqual([
			['2027-01-11', true],
			['2027-01-19', false]
		]);
	});

	it('stops at the horizon', () => {
		const monthly = rule({ frequency: 'monthly', weekdays: [2], weeksOfMonth: [-1] });
		expect(
			nextOccurrences(monthly, { now: new Date('2027-01-01T00:00:00Z'), count: 10, federalState: 'BE', horizonDays: 60 })
		).toHaveLength(2);
		expect(nextOccurrences(monthly, { now: new Date('2027-01-01T00:00:00Z'), count: 30, federalState: 'BE' })).toHaveLength(24);
		expect(nextOccurrences(monthly, { now: new Date('2027-01-01T00:00:00Z'), count: 0, federalState: 'BE' })).toEqual([]);
	});
});
