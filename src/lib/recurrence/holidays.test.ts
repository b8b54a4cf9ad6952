import { afterEach, describe, expect, it } from 'vitest';
import { holidayName, holidaysOf, isHoliday } from './holidays.js';
import { FEDERAL_STATES } from './types.js';
import type { FederalState } from './types.js';

const statesWith = (date: string) => FEDERAL_STATES.filter((s) => isHoliday(date, s));

describe('public holidays per federal state', () => {
	it('lists Bavaria 2027 with German names', () => {
		expect([...holidaysOf(2027, 'BY')]).toEqual([
			['2027-01-01', 'Neujahr'],
			['2027-01-06', 'Heilige Drei Könige'],
			['2027-03-26', 'Karfreitag'],
			['2027-03-29', 'Ostermontag'],
			['2027-05-01', 'Tag der Arbeit'],
			['2027-05-06', 'Christi Himmelfahrt'],
			['2027-05-17', 'Pfingstmontag'],
			['2027-05-27', 'Fronleichnam'],
			['2027-08-15', 'Mariä Himmelfahrt'],
			['2027-10-03', 'Tag der Deutschen Einheit'],
			['2027-11-01', 'Allerheiligen'],
			['2027-12-25', '1. Weihnachtsfeiertag'],
			['2027-12-26', '2. Weihnachtsfeiertag']
		]);
	});

	it('has Christmas, New Year and German Unity Day everywhere', () => {
		for (const date of ['2027-12-25', '2027-12-26', '2028-01-01', '2027-10-03', '2027-05-01'])
			expect(statesWith(date)).toEqual(FEDERAL_STATES);
	});

	it('has Fronleichnam in BW, BY, HE, NW, RP and SL only', () => {
		expect(statesWith('2027-05-27')).toEqual(['BW', 'BY', 'HE', 'NW', 'RP', 'SL']);
	});

	it('has Reformationstag in the northern and eastern states, not in Bavaria', () => {
		expect(statesWith('2028-10-31')).toEqual(['BB', 'HB', 'HH', 'MV', 'NI', 'SN', 'ST', 'SH', 'TH']);
		expect(isHoliday('2028-10-31', 'BY')).toBe(false);
	});

	it('had Reformationstag everywhere in 2017, and in HB, HH, NI, SH only from 2018', () => {
		expect(statesWith('2017-10-31')).toEqual(FEDERAL_STATES);
		expect(statesWith('2016-10-31')).toEqual(['BB', 'MV', 'SN', 'ST', 'TH']);
		expect(isHoliday('2018-10-31', 'NI')).toBe(true);
	});

	it('has Buß- und Bettag only in Saxony', () => {
		expect(statesWith('2027-11-17')).toEqual(['SN']);
		expect(holidayName('2027-11-17', 'SN')).toBe('Buß- und Bettag');
		expect(statesWith('2028-11-22')).toEqual(['SN']);
	});

	it('has Internationaler Frauentag in Berlin, and in Mecklenburg-Vorpommern from 2023', () => {
		expect(statesWith('2027-03-08')).toEqual(['BE', 'MV']);
		expect(holidayName('2027-03-08', 'BE')).toBe('Internationaler Frauentag');
		expect(isHoliday('2022-03-08', 'BE')).toBe(true);
		expect(isHoliday('2022-03-08', 'MV')).toBe(false);
		expect(isHoliday('2023-03-08', 'MV')).toBe(true);
	});

	it('has Weltkindertag only in Thuringia', () => {
		expect(statesWith('2027-09-20')).toEqual(['TH']);
	});

	it('has Mariä Himmelfahrt in Bavaria and Saarland, Allerheiligen in the Catholic south and west', () => {
		expect(statesWith('2028-08-15')).toEqual(['BY', 'SL']);
		expect(statesWith('2027-11-01')).toEqual(['BW', 'BY', 'NW', 'RP', 'SL']);
		expect(statesWith('2027-01-06')).toEqual(['BW', 'BY', 'ST']);
	});

	it("has Easter and Whit Sunday in Brandenburg's list", () => {
		expect(statesWith('2027-03-28')).toEqual(['BB']);
		expect(statesWith('2027-05-16')).toEqual(['BB']);
	});

	it('knows the movable feasts of other years', () => {
		expect(holidayName('2028-04-14', 'HE')).toBe('Karfreitag');
		expect(holidayName('2028-06-15', 'HE')).toBe('Fronleichnam');
		expect(holidayName('2030-06-10', 'HH')).toBe('Pfingstmontag');
	});

	it("includes Berlin's one-off Tag der Befreiung in 2020 and 2025 only", () => {
		expect(holidayName('2025-05-08', 'BE')).toBe('Tag der Befreiung');
		expect(isHoliday('2020-05-08', 'BE')).toBe(true);
		expect(isHoliday('2026-05-08', 'BE')).toBe(false);
		expect(isHoliday('2025-05-08', 'BB')).toBe(false);
	});

	it('caches each year and state', () => {
		expect(holidaysOf(2031, 'NW')).toBe(holidaysOf(2031, 'NW'));
		expect(holidaysOf(2031, 'NW')).not.toBe(holidaysOf(2031, 'RP'));
	});

	it('rejects malformed dates', () => {
		expect(() => isHoliday('2027-02-30', 'BE')).toThrow(RangeError);
	});

	describe('in a process far from Germany', () => {
		const original = process.env.TZ;
		afterEach(() => {
			if (original === undefined) delete process.env.TZ;
			else process.env.TZ = original;
		});

		it('still dates holidays by the German calendar', () => {
			process.env.TZ = 'Pacific/Kiritimati';
			const state: FederalState = 'HB';
			expect(holidayName('2091-12-25', state)).toBe('1. Weihnachtsfeiertag');
			expect(isHoliday('2091-12-24', state)).toBe(false);
		});
	});
});
