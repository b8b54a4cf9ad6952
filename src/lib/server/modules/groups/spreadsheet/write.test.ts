import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GROUP_COLUMNS, suggestMapping } from './columns.js';
import { mapRow, type GroupRowFields } from './mapRow.js';
import { readSpreadsheet } from './read.js';
import { escapeFormula, writeCsv, writeXlsx } from './write.js';

const base: GroupRowFields = {
	name: '',
	topics: [],
	description: '',
	firstVisit: '',
	audience: [],
	street: '',
	postalCode: '',
	city: '',
	format: 'in_person',
	meeting: '',
	languages: ['de'],
	accessibility: 'unknown',
	email: '',
	phone: '',
	website: '',
	contactName: '',
	contactMode: 'office',
	status: 'active',
	acceptingMembers: true,
	addressVisibility: 'approximate'
};

const records: GroupRowFields[] = [
	{
		...base,
		id: '0b5e7c1a-6f0d-4e7b-9c55-2b9a1f3d4e5f',
		name: 'SHG „Zuversicht“ – Angehörige',
		topics: ['Depression', 'Angst', 'Trauer/Verlust'],
		description: 'Wir sprechen offen über "schwere" Zeiten; vertraulich.\nNeue sind willkommen – auch ohne Anmeldung.',
		firstVisit: 'Kommen Sie einfach vorbei, wir stellen uns kurz vor.',
		audience: ['affected', 'relatives'],
		street: 'Große Straße 12',
		postalCode: '01067',
		city: 'Dresden',
		format: 'hybrid',
		meeting: 'jeden 2. und 4. Dienstag, 19:00–21:00 Uhr',
		languages: ['de', 'tr', 'dgs'],
		accessibility: 'partial',
		email: 'zuversicht@example.org',
		phone: '+49 351 123456',
		website: 'https://www.zuversicht.example.org',
		contactName: 'Jürgen Öztürk',
		contactMode: 'relay',
		status: 'founding',
		acceptingMembers: false,
		addressVisibility: 'public'
	},
	{
		...base,
		id: '7d1f2a9e-3c4b-4a5d-8e6f-0a1b2c3d4e5f',
		name: '=HYPERLINK("http://evil.example","klick")',
		topics: ['Ess-/Brechsucht'],
		description: '-- keine Beschreibung --',
		audience: ['parents', 'young_people'],
		format: 'online',
		meeting: '@montags',
		languages: ['ar', 'uk', 'fa'],
		accessibility: 'yes',
		email: 'eltern@example.org',
		status: 'paused',
		addressVisibility: 'hidden'
	},
	{
		...base,
		name: 'Gruppe ohne ID; mit Semikolon',
		postalCode: '10115',
		city: 'Berlin',
		accessibility: 'no',
		status: 'dissolved'
	}
];

async function reimport(bytes: Uint8Array, fileName: string) {
	const sheet = await readSpreadsheet(bytes, fileName);
	const { mapping, unknown } = suggestMapping(sheet.headers);
	expect(unknown).toEqual([]);
	return sheet.rows.map((row) => mapRow(row.cells, mapping));
}

describe('escapeFormula', () => {
	it('prefixes cells a spreadsheet would run as a formula, and nothing else', () => {
		expect(['=1+1', '+49 30 1', '-5', '@SUM(A1)', '\tx', '\rx', 'Gruppe', "'x", ''].map(escapeFormula)).toEqual([
			"'=1+1",
			"'+49 30 1",
			"'-5",
			"'@SUM(A1)",
			"'\tx",
			"'\rx",
			'Gruppe',
			"'x",
			''
		]);
	});
});

describe('writeCsv', () => {
	it('writes UTF-8 with byte-order mark, semicolons, CRLF and the German headers', () => {
		const bytes = writeCsv(records.slice(2), 'de');
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		const lines = text.split('\r\n');
		expect(lines[0]).toBe(GROUP_COLUMNS.map((column) => column.header).join(';'));
		expect(lines[1]).toContain('"Gruppe ohne ID; mit Semikolon";');
		expect(lines[2]).toBe('');
		expect(text.replace(/\r\n/g, '')).not.toContain('\n');
	});

	it('guards formula-like cells with an apostrophe', () => {
		const text = new TextDecoder().decode(writeCsv(records.slice(1, 2), 'de'));
		expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klick"")"`);
		expect(text).toContain(";'-- keine Beschreibung --;");
		expect(text).toContain(";'@montags;");
	});

	it('writes English headers and values for the English export', () => {
		const text = new TextDecoder().decode(writeCsv(records.slice(0, 1), 'en'));
		expect(text.split('\r\n')[0]).toBe(GROUP_COLUMNS.map((column) => column.headerEn).join(';'));
		expect(text).toContain('people affected and relatives');
		expect(text).toContain('German, Turkish, German Sign Language');
	});
});

describe('writeXlsx', () => {
	it('writes one sheet with a bold frozen header, widths, and every value as plain text', async () => {
		const bytes = await writeXlsx(records, 'de');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
		expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Gruppen']);
		const sheet = workbook.worksheets[0]!;
		expect(sheet.getRow(1).font?.bold).toBe(true);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.getColumn(1).width).toBeGreaterThan(10);
		const postal = sheet.getCell(2, GROUP_COLUMNS.findIndex((column) => column.key === 'postalCode') + 1);
		expect(postal.value).toBe('01067');
		const name = sheet.getCell(3, 1);
		expect(name.value).toBe('=HYPERLINK("http://evil.example","klick")');
		expect(name.formula).toBeUndefined();
		expect(typeof name.value).toBe('string');
	});

	it('names the sheet "Groups" in English', async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(await writeXlsx([], 'en')) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
		expect(workbook.worksheets[0]!.name).toBe('Groups');
	});
});

describe('export → import round trip', () => {
	for (const locale of ['de', 'en'] as const) {
		it(`gives back identical fields through CSV (${locale})`, async () => {
			const rows = await reimport(writeCsv(records, locale), 'export.csv');
			expect(rows.map((row) => row.issues)).toEqual([[], [], []]);
			expect(rows.map((row) => row.fields)).toEqual(records);
		});

		it(`gives back identical fields through XLSX (${locale})`, async () => {
			const rows = await reimport(await writeXlsx(records, locale), 'export.xlsx');
			expect(rows.map((row) => row.issues)).toEqual([[], [], []]);
			expect(rows.map((row) => row.fields)).toEqual(records);
		});
	}
});
