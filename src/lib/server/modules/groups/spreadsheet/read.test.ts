import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SpreadsheetError, decodeCsvBytes, parseCsv, readSpreadsheet, readXlsx } from './read.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string) {
	const run = typeof promise === 'function' ? async () => promise() : () => promise;
	const error = await run().then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(SpreadsheetError);
	expect((error as SpreadsheetError).code).toBe(code);
	return error as SpreadsheetError;
}

async function workbookBytes(fill: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Tabelle1');
	fill(sheet, workbook);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('decodeCsvBytes', () => {
	const sample = 'Name;Straße;Zielgruppe\nGruppe „Mut“;Hauptstraße 1;Angehörige 5 €\n';

	it('reads UTF-8 without byte-order mark', () => {
		expect(decodeCsvBytes(utf8(sample))).toEqual({ text: sample, encoding: 'utf-8' });
	});

	it('reads UTF-8 with byte-order mark and drops the mark', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(sample)]);
		expect(decodeCsvBytes(bytes)).toEqual({ text: sample, encoding: 'utf-8' });
	});

	it('falls back to Windows-1252 when the bytes are not valid UTF-8, as German Excel writes CSV', () => {
		const bytes = new Uint8Array(iconv.encode(sample, 'windows-1252'));
		const decoded = decodeCsvBytes(bytes);
		expect(decoded.encoding).toBe('windows-1252');
		expect(decoded.text).toBe(sample);
		expect(decoded.text).toContain('Straße');
		expect(decoded.text).toContain('„Mut“');
		expect(decoded.text).toContain('€');
	});

	it('reads UTF-16 with byte-order mark (Excel "Unicode text")', () => {
		const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(sample, 'utf-16le')]);
		expect(decodeCsvBytes(bytes)).toEqual({ text: sample, encoding: 'utf-16le' });
	});
});

describe('parseCsv', () => {
	it('detects a semicolon, a comma or a tab as delimiter from the header row', () => {
		expect(parseCsv('Name;Ort\nA;Leipzig').rows[0]!.cells).toEqual(['A', 'Leipzig']);
		expect(parseCsv('Name,Ort\nA,Leipzig').rows[0]!.cells).toEqual(['A', 'Leipzig']);
		expect(parseCsv('Name\tOrt\nA\tLeipzig').rows[0]!.cells).toEqual(['A', 'Leipzig']);
	});

	it('ignores delimiters inside quoted headers when detecting the delimiter', () => {
		const semicolon = parseCsv('"Name, Vorname";Ort;PLZ\n"Müller, Anna";Leipzig;04109');
		expect(semicolon.headers).toEqual(['Name, Vorname', 'Ort', 'PLZ']);
		expect(semicolon.rows[0]!.cells).toEqual(['Müller, Anna', 'Leipzig', '04109']);
		const comma = parseCsv('"Name;Titel",Ort\nA,B');
		expect(comma.headers).toEqual(['Name;Titel', 'Ort']);
	});

	it('honours the "sep=" line Excel understands', () => {
		const sheet = parseCsv('sep=,\nName;Titel,Ort\nA;B,Leipzig');
		expect(sheet.headers).toEqual(['Name;Titel', 'Ort']);
		expect(sheet.headerLine).toBe(1);
		expect(sheet.rows[0]).toEqual({ line: 2, cells: ['A;B', 'Leipzig'], extra: false });
	});

	it('reads quoted cells with delimiters, doubled quotes and line breaks inside', () => {
		const text =
			'Name;Beschreibung;Ort\r\n"Gruppe ""Mut""";"Wir treffen uns; reden\r\nund hören zu.";Leipzig\r\nB;"zwei\nZeilen";Halle\r\n';
		const sheet = parseCsv(text);
		expect(sheet.rows.map((row) => row.cells)).toEqual([
			['Gruppe "Mut"', 'Wir treffen uns; reden\nund hören zu.', 'Leipzig'],
			['B', 'zwei\nZeilen', 'Halle']
		]);
		expect(sheet.rows.map((row) => row.line)).toEqual([2, 3]);
	});

	it('numbers rows as Excel shows them: empty rows counted but left out, a line break inside quotes is the same row', () => {
		const text = '\n;;\nName;Ort;PLZ\nA;Leipzig;04109\n\n;;\n"B\nB";Halle;06108\nC;Dresden;01067\n';
		const sheet = parseCsv(text);
		expect(sheet.headerLine).toBe(3);
		expect(sheet.firstDataRow).toBe(4);
		expect(sheet.rows.map((row) => [row.line, row.cells[0]])).toEqual([
			[4, 'A'],
			[7, 'B\nB'],
			[8, 'C']
		]);
	});

	it('passes over a title row above the header', () => {
		const sheet = parseCsv('Selbsthilfegruppen Stand März 2025;;\n;;\nName;Ort;PLZ\nA;Leipzig;04109');
		expect(sheet.headers).toEqual(['Name', 'Ort', 'PLZ']);
		expect(sheet.rows[0]!.line).toBe(4);
	});

	it('keeps a one-column sheet as it is, and takes the header row it is told', () => {
		expect(parseCsv('Name\nSHG A\nSHG B').rows.map((row) => row.cells)).toEqual([['SHG A'], ['SHG B']]);
		const sheet = parseCsv('Liste\nStand 2025\nName;Ort\nA;Leipzig', { headerLine: 3 });
		expect(sheet.headers).toEqual(['Name', 'Ort']);
		expect(sheet.rows).toEqual([{ line: 4, cells: ['A', 'Leipzig'], extra: false }]);
	});

	it('trims cells, pads short rows and marks rows with cells beyond the header', () => {
		const sheet = parseCsv('Name;Ort;;\n  A  ; Leipzig \nB;Halle;;\nC;Jena;;Notiz');
		expect(sheet.headers).toEqual(['Name', 'Ort']);
		expect(sheet.rows).toEqual([
			{ line: 2, cells: ['A', 'Leipzig'], extra: false },
			{ line: 3, cells: ['B', 'Halle'], extra: false },
			{ line: 4, cells: ['C', 'Jena'], extra: true }
		]);
	});

	it('handles a missing last line end, CR line ends and a trailing delimiter', () => {
		expect(parseCsv('Name;Ort\rA;Leipzig\rB;').rows.map((row) => row.cells)).toEqual([
			['A', 'Leipzig'],
			['B', '']
		]);
	});

	it('removes the apostrophe that guards a formula-like cell, and only that one', () => {
		const sheet = parseCsv("Name;Telefon;Notiz\n'=SUMME(A1);'+49 341 123456;'Hallo'");
		expect(sheet.rows[0]!.cells).toEqual(['=SUMME(A1)', '+49 341 123456', "'Hallo'"]);
	});

	it('refuses an empty file, a file without data rows, a header that is data, and an unclosed quote', async () => {
		await expectCode(() => parseCsv(''), 'spreadsheet_empty');
		await expectCode(() => parseCsv(';;;\n;;\n'), 'spreadsheet_empty');
		await expectCode(() => parseCsv('Name;Ort\n'), 'spreadsheet_empty');
		const noHeader = await expectCode(() => parseCsv('Angst;info@shg.de;04109\nSucht;sucht@shg.de;04109'), 'spreadsheet_no_header');
		expect(noHeader.params).toEqual({ line: '1' });
		const quote = await expectCode(() => parseCsv('Name;Ort\nA;Leipzig\n"B;Halle\nC;Jena'), 'spreadsheet_unclosed_quote');
		expect(quote.params).toEqual({ line: '3' });
	});

	it('refuses more than 200,000 data rows', async () => {
		const text = `Name;Ort\n${'A;B\n'.repeat(200_001)}`;
		await expectCode(() => parseCsv(text), 'spreadsheet_too_large');
	});

	it('reads 100,000 rows quickly', () => {
		const row = 'Selbsthilfegruppe Angst;"Wir treffen uns; jeden Montag";04109;Leipzig;ja;Deutsch, Englisch;info@example.org\r\n';
		const text = `Name;Beschreibung;PLZ;Ort;Online;Sprachen;E-Mail\r\n${row.repeat(100_000)}`;
		const started = performance.now();
		const sheet = parseCsv(text);
		const elapsed = performance.now() - started;
		expect(sheet.rows).toHaveLength(100_000);
		expect(sheet.rows.at(-1)!.line).toBe(100_001);
		expect(sheet.rows[99_999]!.cells[1]).toBe('Wir treffen uns; jeden Montag');
		expect(elapsed).toBeLessThan(2000);
	});
});

describe('readXlsx', () => {
	it('reads text and numeric postal codes, dates, times, rich text, formulas and hyperlinks as Excel shows them', async () => {
		const bytes = await workbookBytes((sheet) => {
			sheet.addRow(['Name', 'PLZ', 'Seit', 'Uhrzeit', 'Anzahl', 'Beschreibung', 'Website', 'Summe', 'Online']);
			sheet.addRow([
				{ richText: [{ text: 'Gruppe ', font: { bold: true } }, { text: 'Mut' }] },
				'01067',
				new Date(Date.UTC(2024, 2, 5)),
				new Date(Date.UTC(1899, 11, 30, 19, 30)),
				12,
				'Zeile 1\r\nZeile 2',
				{ text: 'www.mut.de', hyperlink: 'https://www.mut.de' },
				{ formula: 'E2*2', result: 24 },
				true
			]);
			sheet.getCell('D2').numFmt = 'hh:mm';
			sheet.getCell('C2').numFmt = 'dd.mm.yyyy';
			sheet.addRow(['Zweite', 1067, 2.5, null, 3.0, '  ', null, { formula: '"a"&"b"', result: 'ab' }]);
			sheet.addRow(['Dritte', 4109]);
			sheet.getCell('B4').numFmt = '00000';
		});
		const sheet = await readXlsx(bytes);
		expect(sheet.headers).toEqual(['Name', 'PLZ', 'Seit', 'Uhrzeit', 'Anzahl', 'Beschreibung', 'Website', 'Summe', 'Online']);
		expect(sheet.rows[0]!.cells).toEqual([
			'Gruppe Mut',
			'01067',
			'05.03.2024',
			'19:30',
			'12',
			'Zeile 1\nZeile 2',
			'www.mut.de',
			'24',
			'WAHR'
		]);
		expect(sheet.rows[1]!.cells).toEqual(['Zweite', '1067', '2.5', '', '3', '', '', 'ab', '']);
		expect(sheet.rows[2]!.cells.slice(0, 2)).toEqual(['Dritte', '04109']);
		expect(sheet.rows.map((row) => row.line)).toEqual([2, 3, 4]);
	});

	it('numbers rows as Excel does, with empty rows above and between', async () => {
		const bytes = await workbookBytes((sheet) => {
			sheet.getCell('A3').value = 'Name';
			sheet.getCell('B3').value = 'Ort';
			sheet.getCell('A4').value = 'A';
			sheet.getCell('B7').value = 'Leipzig';
			sheet.getCell('A8').value = '   ';
		});
		const sheet = await readXlsx(bytes);
		expect(sheet.headerLine).toBe(3);
		expect(sheet.firstDataRow).toBe(4);
		expect(sheet.rows).toEqual([
			{ line: 4, cells: ['A', ''], extra: false },
			{ line: 7, cells: ['', 'Leipzig'], extra: false }
		]);
	});

	it('reads the first visible worksheet', async () => {
		const bytes = await workbookBytes((first, workbook) => {
			first.state = 'hidden';
			first.addRow(['Versteckt']);
			first.addRow(['x']);
			const second = workbook.addWorksheet('Gruppen');
			second.addRow(['Name']);
			second.addRow(['Sichtbar']);
		});
		expect((await readXlsx(bytes)).rows[0]!.cells).toEqual(['Sichtbar']);
	});

	it('repeats a value merged down a column but not across columns', async () => {
		const bytes = await workbookBytes((sheet) => {
			sheet.addRow(['Name', 'Ort', 'Notiz']);
			sheet.addRow(['A', 'Leipzig', 'x']);
			sheet.addRow(['B', null, 'y']);
			sheet.addRow(['C', 'breit', null]);
			sheet.mergeCells('B2:B3');
			sheet.mergeCells('B4:C4');
		});
		const sheet = await readXlsx(bytes);
		expect(sheet.rows.map((row) => row.cells)).toEqual([
			['A', 'Leipzig', 'x'],
			['B', 'Leipzig', 'y'],
			['C', 'breit', '']
		]);
	});
});

describe('readSpreadsheet', () => {
	it('reads CSV by file name and reports the encoding', async () => {
		const bytes = new Uint8Array(iconv.encode('Name;Ort\nGruppe Ärger;Köln\n', 'windows-1252'));
		const sheet = await readSpreadsheet(bytes, 'Gruppen.CSV');
		expect(sheet.format).toBe('csv');
		expect(sheet.encoding).toBe('windows-1252');
		expect(sheet.rows[0]!.cells).toEqual(['Gruppe Ärger', 'Köln']);
	});

	it('reads XLSX by file name, and a ZIP file named .csv as XLSX', async () => {
		const bytes = await workbookBytes((sheet) => {
			sheet.addRow(['Name']);
			sheet.addRow(['A']);
		});
		expect((await readSpreadsheet(bytes, 'gruppen.xlsx')).format).toBe('xlsx');
		expect((await readSpreadsheet(bytes, 'gruppen.csv')).format).toBe('xlsx');
	});

	it('refuses old Excel files, other formats, binary data and broken XLSX files', async () => {
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
		expect((await expectCode(readSpreadsheet(ole, 'alt.xls'), 'spreadsheet_unsupported_format')).params.reason).toBe('xls');
		expect((await expectCode(readSpreadsheet(ole, 'geschützt.xlsx'), 'spreadsheet_unsupported_format')).params.reason).toBe('protected');
		await expectCode(readSpreadsheet(utf8('Name\nA'), 'gruppen.xls'), 'spreadsheet_unsupported_format');
		await expectCode(readSpreadsheet(utf8('Name\nA'), 'gruppen.ods'), 'spreadsheet_unsupported_format');
		await expectCode(readSpreadsheet(utf8('%PDF-1.7'), 'gruppen.pdf'), 'spreadsheet_unsupported_format');
		await expectCode(readSpreadsheet(utf8('Name\nA'), 'gruppen'), 'spreadsheet_unsupported_format');
		await expectCode(readSpreadsheet(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), 'bild.csv'), 'spreadsheet_unsupported_format');
		await expectCode(readSpreadsheet(utf8('Name\nA'), 'text.xlsx'), 'spreadsheet_unreadable');
		await expectCode(readSpreadsheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'kaputt.xlsx'), 'spreadsheet_unreadable');
		await expectCode(readSpreadsheet(new Uint8Array(), 'leer.csv'), 'spreadsheet_empty');
	});
});
