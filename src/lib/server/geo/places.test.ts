import { describe, expect, it } from 'vitest';
import { FEDERAL_STATES } from '#lib/schemas/common.js';
import data from './de-postal-codes.tsv?raw';
import {
	distanceKm,
	isKnownPostalCode,
	listPostalCodes,
	lookupPostalCode,
	normalizePostalCode,
	parsePostalCodeTsv,
	resolvePlace,
	searchPlaces
} from './places.js';

const near = (a: { lat: number; lon: number }, lat: number, lon: number) => distanceKm(a, { lat, lon });

describe('the shipped postal-code dataset', () => {
	it('parses every line, each with a federal state and coordinates inside Germany', () => {
		const rows = parsePostalCodeTsv(data);
		const lines = data.split('\n').filter((l) => l.trim() !== '');
		expect(rows).toHaveLength(lines.length - 1);
		const states: readonly string[] = FEDERAL_STATES;
		const outside = rows.filter(
			(r) => !states.includes(r.state) || r.place === '' || r.lat < 47.2 || r.lat > 55.1 || r.lon < 5.8 || r.lon > 15.1
		);
		expect(outside).toEqual([]);
	});

	it('covers every German postal code (more than 8,000), each once and in order', () => {
		const codes = listPostalCodes().map((r) => r.postalCode);
		expect(codes.length).toBeGreaterThanOrEqual(8000);
		expect(new Set(codes).size).toBe(codes.length);
		expect([...codes].sort()).toEqual(codes);
	});

	it('rejects a malformed line instead of shipping it', () => {
		const header = 'postal_code\tplace\tother_places\tstate\tlat\tlon\tquality';
		expect(() => parsePostalCodeTsv(`${header}\n10115\tBerlin\t\tXX\t52.5\t13.4\texact\n`)).toThrow(/line 2/);
		expect(() => parsePostalCodeTsv(`${header}\n10115\tBerlin\t\tBE\t\t13.4\texact\n`)).toThrow(/malformed/);
		expect(() => parsePostalCodeTsv('code\tcity\n')).toThrow(/header/);
	});
});

describe('lookupPostalCode', () => {
	it('resolves Berlin 10115 to the centre of Berlin', () => {
		const info = lookupPostalCode('10115')!;
		expect(info).toMatchObject({ postalCode: '10115', place: 'Berlin', state: 'BE' });
		expect(Math.abs(info.lat - 52.53)).toBeLessThan(0.1);
		expect(Math.abs(info.lon - 13.38)).toBeLessThan(0.1);
	});

	it('knows the federal state of state capitals', () => {
		expect(lookupPostalCode('80331')).toMatchObject({ place: 'München', state: 'BY' });
		expect(lookupPostalCode('01067')).toMatchObject({ place: 'Dresden', state: 'SN' });
		expect(lookupPostalCode('20095')).toMatchObject({ place: 'Hamburg', state: 'HH' });
		expect(lookupPostalCode('28195')).toMatchObject({ place: 'Bremen', state: 'HB' });
		expect(lookupPostalCode('66111')).toMatchObject({ place: 'Saarbrücken', state: 'SL' });
		expect(lookupPostalCode('99084')).toMatchObject({ place: 'Erfurt', state: 'TH' });
	});

	it('places codes all over the country within 30 km of their town centre', () => {
		const spots: [string, string, number, number][] = [
			['24103', 'Kiel', 54.323, 10.139],
			['18055', 'Rostock', 54.092, 12.099],
			['17489', 'Greifswald', 54.096, 13.378],
			['26721', 'Emden', 53.367, 7.206],
			['30159', 'Hannover', 52.374, 9.738],
			['39104', 'Magdeburg', 52.131, 11.64],
			['02826', 'Görlitz', 51.153, 14.987],
			['52062', 'Aachen', 50.776, 6.084],
			['54290', 'Trier', 49.756, 6.641],
			['55116', 'Mainz', 49.999, 8.273],
			['79098', 'Freiburg im Breisgau', 47.999, 7.842],
			['78462', 'Konstanz', 47.663, 9.175],
			['94032', 'Passau', 48.575, 13.465],
			['95444', 'Bayreuth', 49.948, 11.578],
			['83471', 'Berchtesgaden', 47.631, 13.001],
			['49356', 'Diepholz', 52.607, 8.371],
			['23795', 'Bad Segeberg', 53.936, 10.309]
		];
		for (const [code, place, lat, lon] of spots) {
			const info = lookupPostalCode(code)!;
			expect(info.place, code).toBe(place);
			expect(near(info, lat, lon), `${code} ${place}`).toBeLessThan(30);
			const centre = searchPlaces(place, 1)[0]!;
			expect(near(info, centre.lat, centre.lon), `${code} to the centre of ${place}`).toBeLessThan(30);
		}
	});

	it('lists the other places that share a code', () => {
		const info = lookupPostalCode('14641')!;
		expect(info.place).toBe('Nauen');
		expect(info.otherPlaces).toContain('Wustermark');
		expect(info.state).toBe('BB');
	});

	it('accepts spaces and a country prefix', () => {
		expect(lookupPostalCode(' 01067 ')?.place).toBe('Dresden');
		expect(lookupPostalCode('D-01067')?.place).toBe('Dresden');
		expect(normalizePostalCode('de 01067')).toBe('01067');
		expect(normalizePostalCode('1067')).toBeNull();
	});

	it('returns null for unknown or malformed codes', () => {
		expect(lookupPostalCode('00000')).toBeNull();
		expect(lookupPostalCode('99999')).toBeNull();
		expect(lookupPostalCode('abc')).toBeNull();
		expect(lookupPostalCode('')).toBeNull();
		expect(isKnownPostalCode('00000')).toBe(false);
		expect(isKnownPostalCode('10115')).toBe(true);
	});

	it('fills codes without a located place from their neighbours and keeps islands in their state', () => {
		const filled = listPostalCodes().filter((r) => r.quality === 'neighbour');
		expect(filled.length).toBeGreaterThan(0);
		expect(filled.length).toBeLessThan(listPostalCodes().length * 0.1);
		expect(lookupPostalCode('11011')).toMatchObject({ place: 'Berlin', state: 'BE', quality: 'neighbour' });
		expect(lookupPostalCode('27498')).toMatchObject({ place: 'Helgoland', state: 'SH' });
		expect(near(lookupPostalCode('27498')!, 54.18, 7.886)).toBeLessThan(5);
	});
});

describe('searchPlaces', () => {
	it('finds München however the umlaut is typed', () => {
		for (const q of ['Muenchen', 'münchen', 'MÜNCHEN', 'Munchen', 'münch']) {
			const [first] = searchPlaces(q);
			expect(first?.place, q).toBe('München');
			expect(first?.state).toBe('BY');
			expect(first!.postalCodes.length).toBeGreaterThan(50);
			expect(first!.postalCodes).toContain('80331');
		}
	});

	it('completes a prefix to both Frankfurts, the larger first', () => {
		const names = searchPlaces('Frankf').map((p) => p.place);
		expect(names.slice(0, 2)).toEqual(['Frankfurt am Main', 'Frankfurt (Oder)']);
		expect(searchPlaces('frankfurt oder')[0]?.place).toBe('Frankfurt (Oder)');
	});

	it('puts the exact name before longer names with the same start', () => {
		const [first, ...rest] = searchPlaces('Halle');
		expect(first?.place).toBe('Halle');
		expect(rest.map((p) => p.place)).toContain('Halle (Saale)');
		expect(searchPlaces('Köln')[0]).toMatchObject({ place: 'Köln', state: 'NW' });
		expect(searchPlaces('koeln')[0]?.place).toBe('Köln');
	});

	it('finds districts listed as other places of a code', () => {
		const match = searchPlaces('Wustermark')[0]!;
		expect(match.place).toBe('Wustermark');
		expect(match.postalCodes).toContain('14641');
		expect(match.state).toBe('BB');
	});

	it('finds later parts of a double name', () => {
		expect(searchPlaces('Schwenningen').map((p) => p.place)).toContain('Villingen-Schwenningen');
	});

	it('keeps same-named towns in different states apart', () => {
		const muensters = searchPlaces('Münster', 20).filter((p) => p.place === 'Münster');
		expect(muensters.length).toBeGreaterThan(1);
		expect(muensters[0]!.state).toBe('NW');
	});

	it('respects the limit and ignores empty queries', () => {
		expect(searchPlaces('B', 5)).toHaveLength(5);
		expect(searchPlaces('   ')).toEqual([]);
		expect(searchPlaces('Berlin', 0)).toEqual([]);
		expect(searchPlaces('Xyzzyplatz')).toEqual([]);
	});
});

describe('resolvePlace', () => {
	it('reads a five-digit query as a postal code', () => {
		const r = resolvePlace('10115')!;
		expect(r).toMatchObject({ kind: 'postal_code', label: '10115 Berlin', state: 'BE' });
		expect(near(r, 52.53, 13.38)).toBeLessThan(10);
		expect(resolvePlace('10115 Berlin')?.kind).toBe('postal_code');
	});

	it('reads other queries as a town', () => {
		const r = resolvePlace('Köln')!;
		expect(r).toMatchObject({ kind: 'place', label: 'Köln', state: 'NW' });
		expect(near(r, 50.94, 6.96)).toBeLessThan(10);
	});

	it('returns null for unknown codes and names', () => {
		expect(resolvePlace('00000')).toBeNull();
		expect(resolvePlace('abc')).toBeNull();
		expect(resolvePlace('')).toBeNull();
		expect(resolvePlace('123')).toBeNull();
	});
});

describe('distanceKm', () => {
	it('measures Berlin to Munich as about 504 km', () => {
		const berlin = lookupPostalCode('10115')!;
		const munich = lookupPostalCode('80331')!;
		expect(distanceKm(berlin, munich)).toBeGreaterThan(494);
		expect(distanceKm(berlin, munich)).toBeLessThan(514);
		expect(distanceKm(berlin, berlin)).toBe(0);
	});
});
