import { describe, expect, it } from 'vitest';
import { instantToWall, partsOffsetMs, wallTimeToInstant, zoneOffsetMs } from './zoned.js';

const iso = (d: Date) => d.toISOString();

describe('Europe/Berlin wall time to UTC', () => {
	it('uses +01:00 in winter and +02:00 in summer', () => {
		expect(iso(wallTimeToInstant('2027-01-12', '19:00'))).toBe('2027-01-12T18:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-07-13', '19:00'))).toBe('2027-07-13T17:00:00.000Z');
	});

	it('keeps 19:00 wall time on the days either side of both changes in 2027', () => {
		expect(iso(wallTimeToInstant('2027-03-27', '19:00'))).toBe('2027-03-27T18:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-03-28', '19:00'))).toBe('2027-03-28T17:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-10-30', '19:00'))).toBe('2027-10-30T17:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-10-31', '19:00'))).toBe('2027-10-31T18:00:00.000Z');
	});

	it('moves a time skipped by the spring-forward change forward by the gap (02:30 → 03:30 CEST)', () => {
		expect(iso(wallTimeToInstant('2027-03-28', '02:30'))).toBe('2027-03-28T01:30:00.000Z');
		expect(iso(wallTimeToInstant('2027-03-28', '02:00'))).toBe('2027-03-28T01:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-03-28', '01:59'))).toBe('2027-03-28T00:59:00.000Z');
		expect(iso(wallTimeToInstant('2027-03-28', '03:00'))).toBe('2027-03-28T01:00:00.000Z');
		expect(instantToWall(wallTimeToInstant('2027-03-28', '02:30')).time).toBe('03:30');
	});

	it('takes the first (CEST) of the two 02:30s at the fall-back change', () => {
		expect(iso(wallTimeToInstant('2027-10-31', '02:30'))).toBe('2027-10-31T00:30:00.000Z');
		expect(iso(wallTimeToInstant('2027-10-31', '01:59'))).toBe('2027-10-30T23:59:00.000Z');
		expect(iso(wallTimeToInstant('2027-10-31', '03:00'))).toBe('2027-10-31T02:00:00.000Z');
	});

	it('handles the changes of other years (last Sunday of March and October)', () => {
		expect(iso(wallTimeToInstant('2026-03-29', '02:30'))).toBe('2026-03-29T01:30:00.000Z');
		expect(iso(wallTimeToInstant('2026-10-25', '02:30'))).toBe('2026-10-25T00:30:00.000Z');
		expect(iso(wallTimeToInstant('2028-03-26', '12:00'))).toBe('2028-03-26T10:00:00.000Z');
		expect(iso(wallTimeToInstant('2028-03-25', '12:00'))).toBe('2028-03-25T11:00:00.000Z');
	});

	it('converts in other zones too', () => {
		expect(iso(wallTimeToInstant('2027-07-01', '12:00', 'America/New_York'))).toBe('2027-07-01T16:00:00.000Z');
		expect(iso(wallTimeToInstant('2027-03-14', '02:30', 'America/New_York'))).toBe('2027-03-14T07:30:00.000Z');
		expect(iso(wallTimeToInstant('2027-01-01', '00:00', 'UTC'))).toBe('2027-01-01T00:00:00.000Z');
	});

	it('rejects malformed input', () => {
		expect(() => wallTimeToInstant('2027-02-30', '19:00')).toThrow(RangeError);
		expect(() => wallTimeToInstant('2027-02-01', '25:00')).toThrow(RangeError);
		expect(() => instantToWall(new Date(Number.NaN))).toThrow(RangeError);
	});
});

describe('UTC to Europe/Berlin wall time', () => {
	it('reads date, time and ISO weekday', () => {
		expect(instantToWall(new Date('2027-01-12T18:00:00Z'))).toEqual({ date: '2027-01-12', time: '19:00', weekday: 2 });
		expect(instantToWall(new Date('2027-12-31T23:30:00Z'))).toEqual({ date: '2028-01-01', time: '00:30', weekday: 6 });
	});

	it('shows 02:30 twice on the fall-back night', () => {
		expect(instantToWall(new Date('2027-10-31T00:30:00Z')).time).toBe('02:30');
		expect(instantToWall(new Date('2027-10-31T01:30:00Z')).time).toBe('02:30');
	});

	it('round-trips every half hour of 2027, reading the repeated hour as its first occurrence', () => {
		for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 30 * 60_000) {
			const wall = instantToWall(new Date(t));
			const back = wallTimeToInstant(wall.date, wall.time).getTime();
			// In the repeated hour the first (summer-time) reading wins.
			expect(back === t || back === t - 3_600_000).toBe(true);
		}
	});

	it('agrees with the formatToParts fallback', () => {
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2029, 0, 1); t += 7 * 3_600_000 + 60_000) {
			expect(zoneOffsetMs(t)).toBe(partsOffsetMs('Europe/Berlin', new Date(t)));
		}
	});
});
