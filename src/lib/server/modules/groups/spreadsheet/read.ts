import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Reading group spreadsheets: CSV (semicolon, comma or tab; UTF-8, UTF-16 or Windows-1252, as
 * German Excel writes them) and XLSX. The result is a plain table of trimmed text cells with the
 * row numbers Excel shows, so that every message can point at the row staff see.
 */

export const MAX_DATA_ROWS = 200_000;

export const SPREADSHEET_ERROR_CODES = [
	'spreadsheet_unsupported_format',
	'spreadsheet_unreadable',
	'spreadsheet_empty',
	'spreadsheet_no_header',
	'spreadsheet_too_large',
	'spreadsheet_unclosed_quote'
] as const;
export type SpreadsheetErrorCode = (typeof SPREADSHEET_ERROR_CODES)[number];

/** A file that cannot be read as a group spreadsheet; `code` is a message key, `params` its placeholders. */
export class SpreadsheetError extends Error {
	readonly code: SpreadsheetErrorCode;
	readonly params: Record<string, string>;
	constructor(code: SpreadsheetErrorCode, params: Record<string, string> = {}) {
		super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
		this.name = 'SpreadsheetError';
		this.code = code;
		this.params = params;
	}
}

export interface SheetRow {
	/** the row number as Excel shows it (header row and empty rows counted) */
	line: number;
	/** trimmed cells, exactly as many as there are headers */
	cells: string[];
	/** true when the row has non-empty cells to the right of the last header (they are not in `cells`) */
	extra: boolean;
}

export interface Sheet {
	/** trimmed header texts; empty headers inside the row stay as '', trailing empty ones are dropped */
	headers: string[];
	/** the row number of the header row */
	headerLine: number;
	/** the data rows; completely empty rows are left out (their numbers are skipped) */
	rows: SheetRow[];
	/** the row number of rows[0] (or of the row below the header when there are no rows) */
	firstDataRow: number;
}

export interface ReadOptions {
	/** the row number of the header row, when not the first non-empty row */
	headerLine?: number;
}

interface RawRow {
	line: number;
	cells: string[];
}

// ---------------------------------------------------------------- cells and sheet

const INJECTION_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell as the import sees it: trimmed, and one leading apostrophe removed when it guards a
 * character that spreadsheets would take for a formula (our export writes "'=…", "'+49 …").
 */
export function cleanCell(value: string): string {
	const trimmed = value.trim();
	return trimmed.length > 1 && trimmed.startsWith("'") && INJECTION_START.has(trimmed[1]!) ? trimmed.slice(1).trim() : trimmed;
}

function isEmptyRow(cells: readonly string[]): boolean {
	return cells.every((cell) => cell === '');
}

/** Looks like data rather than a header: an e-mail address, a web address, a date or a number of four or more digits. */
function looksLikeData(cell: string): boolean {
	return (
		/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell) ||
		/^(?:https?:\/\/|www\.)/i.test(cell) ||
		/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(cell) ||
		/^[+\d][\d\s/()-]{3,}$/.test(cell)
	);
}

/**
 * Picks the header row and builds the sheet. The header row is the first non-empty row, except
 * that title rows with a single cell ("Selbsthilfegruppen – Stand März 2025") are passed over
 * (up to ten) when the next non-empty row has more cells.
 */
function buildSheet(raw: RawRow[], options: ReadOptions): Sheet {
	if (raw.length === 0) throw new SpreadsheetError('spreadsheet_empty');
	const filled = (row: RawRow) => row.cells.filter((cell) => cell !== '').length;
	let headerIndex = 0;
	if (options.headerLine !== undefined) {
		headerIndex = raw.findIndex((row) => row.line === options.headerLine);
		if (headerIndex < 0) throw new SpreadsheetError('spreadsheet_no_header', { line: String(options.headerLine) });
	} else {
		while (headerIndex < 10 && filled(raw[headerIndex]!) === 1 && filled(raw[headerIndex + 1] ?? { line: 0, cells: [] }) > 1) {
			headerIndex++;
		}
	}
	const header = raw[headerIndex]!;
	const headers = header.cells.slice();
	while (headers.length > 0 && headers.at(-1) === '') headers.pop();
	if (headers.some(looksLikeData)) throw new SpreadsheetError('spreadsheet_no_header', { line: String(header.line) });

	const width = headers.length;
	const rows: SheetRow[] = [];
	for (let index = headerIndex + 1; index < raw.length; index++) {
		const row = raw[index]!;
		const cells = row.cells.length === width ? row.cells : row.cells.slice(0, width);
		while (cells.length < width) cells.push('');
		const extra = row.cells.length > width && row.cells.slice(width).some((cell) => cell !== '');
		rows.push({ line: row.line, cells, extra });
	}
	if (rows.length === 0) throw new SpreadsheetError('spreadsheet_empty');
	if (rows.length > MAX_DATA_ROWS) throw new SpreadsheetError('spreadsheet_too_large', { max: String(MAX_DATA_ROWS) });
	return { headers, headerLine: header.line, rows, firstDataRow: rows[0]!.line };
}

// ---------------------------------------------------------------- CSV

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * Decodes CSV bytes: UTF-8 (with or without byte-order mark) when the bytes are valid UTF-8,
 * UTF-16 when a UTF-16 byte-order mark says so (Excel's "Unicode text"), otherwise Windows-1252
 * (German Excel's "CSV (Trennzeichen-getrennt)").
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252' };
	}
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SEMICOLON = 59;
const COMMA = 44;
const TAB = 9;
const SPACE = 32;

/**
 * The delimiter of the first row with content (rows of only delimiters, as Excel writes for empty
 * rows, are passed over): the most frequent of ";", "," and tab outside quotes; ";" on a tie.
 */
function detectDelimiter(text: string, start: number): number {
	const counts = new Map<number, number>([
		[SEMICOLON, 0],
		[TAB, 0],
		[COMMA, 0]
	]);
	let inQuotes = false;
	let content = false;
	const end = Math.min(text.length, start + 1_000_000);
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (inQuotes) {
			if (c === QUOTE) inQuotes = false;
			content = true;
			continue;
		}
		if (c === QUOTE) inQuotes = true;
		else if (counts.has(c)) counts.set(c, counts.get(c)! + 1);
		else if (c === LF || c === CR) {
			if (content) break;
			for (const key of counts.keys()) counts.set(key, 0);
		} else if (c !== SPACE) content = true;
	}
	let best = SEMICOLON;
	for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
	return best;
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF
 * line ends, an optional last line end; Excel's "sep=;" first line honoured). One pass over the
 * string. Each record is one spreadsheet row, as Excel shows it.
 */
export function parseCsv(text: string, options: ReadOptions = {}): Sheet {
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let delimiter: number;
	const hint = /^sep=(.)\r?\n/i.exec(text.slice(i, i + 8));
	if (hint) {
		delimiter = hint[1]!.charCodeAt(0);
		i += hint[0].length;
	} else {
		delimiter = detectDelimiter(text, i);
	}

	const len = text.length;
	const raw: RawRow[] = [];
	const maxRows = MAX_DATA_ROWS + 12;
	let line = 1;
	let cells: string[] = [];

	while (i <= len) {
		let value: string;
		if (i < len && text.charCodeAt(i) === QUOTE) {
			let parts = '';
			let from = i + 1;
			for (;;) {
				const q = text.indexOf('"', from);
				if (q < 0) throw new SpreadsheetError('spreadsheet_unclosed_quote', { line: String(line) });
				if (text.charCodeAt(q + 1) === QUOTE) {
					parts += text.slice(from, q + 1);
					from = q + 2;
				} else {
					parts += text.slice(from, q);
					i = q + 1;
					break;
				}
			}
			// lenient: characters after the closing quote belong to the field
			let k = i;
			while (k < len) {
				const c = text.charCodeAt(k);
				if (c === delimiter || c === LF || c === CR) break;
				k++;
			}
			if (k > i) parts += text.slice(i, k);
			i = k;
			value = parts.includes('\r') ? parts.replace(/\r\n?/g, '\n') : parts;
		} else {
			let k = i;
			while (k < len) {
				const c = text.charCodeAt(k);
				if (c === delimiter || c === LF || c === CR) break;
				k++;
			}
			value = text.slice(i, k);
			i = k;
		}
		cells.push(cleanCell(value));

		if (i < len && text.charCodeAt(i) === delimiter) {
			i++;
			continue;
		}
		// end of record: a line break or the end of the text
		if (!isEmptyRow(cells)) {
			raw.push({ line, cells });
			if (raw.length > maxRows) throw new SpreadsheetError('spreadsheet_too_large', { max: String(MAX_DATA_ROWS) });
		}
		cells = [];
		line++;
		if (i >= len) break;
		i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
		if (i >= len) break;
	}
	return buildSheet(raw, options);
}

// ---------------------------------------------------------------- XLSX

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Whether a number format shows a date part (d, y) or a time part (h, s) — quoted text and [colours] ignored. */
function formatParts(numFmt: string | undefined): { date: boolean; time: boolean } | null {
	if (!numFmt) return null;
	const code = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
	return { date: /[dyjt]/.test(code), time: /[hs]/.test(code) };
}

/** Dates as DD.MM.YYYY (with HH:MM when a time is set), pure times as HH:MM. */
function dateText(date: Date, numFmt: string | undefined): string {
	const d = new Date(Math.round(date.getTime() / 1000) * 1000);
	const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
	const [h, min, s] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
	const time = `${pad(h)}:${pad(min)}${s !== 0 ? `:${pad(s)}` : ''}`;
	const parts = formatParts(numFmt);
	const epoch = (y === 1899 && m === 12 && (day === 30 || day === 31)) || (y === 1904 && m === 1 && day === 1);
	if ((parts && parts.time && !parts.date) || (epoch && (!parts || !parts.date))) return time;
	const dateOnly = `${pad(day)}.${pad(m)}.${y}`;
	return h !== 0 || min !== 0 || s !== 0 ? `${dateOnly} ${time}` : dateOnly;
}

/** Numbers without ".0" and without floating-point noise; zero-padded formats ("00000" for postal codes) honoured. */
function numberText(n: number, numFmt: string | undefined): string {
	if (!Number.isFinite(n)) return String(n);
	let text = Number.isInteger(n) ? (Math.abs(n) < 1e21 ? n.toFixed(0) : String(n)) : String(Number(n.toPrecision(15)));
	if (numFmt && /^0+$/.test(numFmt) && /^\d+$/.test(text)) text = text.padStart(numFmt.length, '0');
	return text;
}

/** A cell value as text: rich text joined, formulas by their result, hyperlinks by their text. */
function valueText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return numberText(value, numFmt);
	if (typeof value === 'boolean') return value ? 'WAHR' : 'FALSCH';
	if (value instanceof Date) return dateText(value, numFmt);
	if ('richText' in value) return value.richText.map((run) => run.text).join('');
	if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue, numFmt);
	if ('formula' in value || 'sharedFormula' in value) return valueText(value.result, numFmt);
	if ('error' in value) return value.error;
	return '';
}

const MERGE = 1; // ExcelJS.ValueType.Merge

function cellText(cell: ExcelJS.Cell): string {
	if (cell.type === MERGE) {
		// a merged range shows its value once; down a column (the same town for several groups) it is repeated
		const master = cell.master;
		if (master.col !== cell.col) return '';
		return valueText(master.value, master.numFmt);
	}
	return valueText(cell.value, cell.numFmt);
}

/**
 * Reads the first visible worksheet of an XLSX workbook. Values become text as Excel shows them:
 * dates DD.MM.YYYY, times HH:MM, numbers without ".0", formulas by their result, hyperlinks and
 * rich text by their text. Postal codes written as text keep their leading zero.
 */
export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<Sheet> {
	const workbook = new ExcelJS.Workbook();
	try {
		const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	} catch {
		throw new SpreadsheetError('spreadsheet_unreadable');
	}
	const sheets = workbook.worksheets;
	const sheet = sheets.find((ws) => ws.state === 'visible') ?? sheets[0];
	if (!sheet) throw new SpreadsheetError('spreadsheet_empty');
	if (sheet.actualRowCount > MAX_DATA_ROWS + 12) throw new SpreadsheetError('spreadsheet_too_large', { max: String(MAX_DATA_ROWS) });

	const raw: RawRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: false }, (cell, col) => {
			while (cells.length < col - 1) cells.push('');
			cells[col - 1] = cleanCell(cellText(cell).replace(/\r\n?/g, '\n'));
		});
		if (!isEmptyRow(cells)) raw.push({ line: rowNumber, cells });
	});
	return buildSheet(raw, options);
}

// ---------------------------------------------------------------- by file

const CSV_EXTENSIONS = new Set(['csv', 'tsv', 'txt']);
const XLSX_EXTENSIONS = new Set(['xlsx', 'xlsm']);

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads an uploaded spreadsheet by its name and its first bytes: .csv/.tsv/.txt as CSV, .xlsx/.xlsm
 * (a ZIP file) as XLSX; a CSV name on a ZIP file is read as XLSX. Old binary Excel (.xls, also a
 * password-protected .xlsx), OpenDocument and anything else are refused.
 */
export async function readSpreadsheet(
	bytes: Uint8Array,
	fileName: string,
	options: ReadOptions = {}
): Promise<Sheet & { format: 'csv' | 'xlsx'; encoding?: string }> {
	const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
	if (bytes.length === 0) throw new SpreadsheetError('spreadsheet_empty');
	if (startsWith(bytes, OLE)) {
		throw new SpreadsheetError('spreadsheet_unsupported_format', { extension, reason: extension === 'xls' ? 'xls' : 'protected' });
	}
	const zip = startsWith(bytes, ZIP);
	if (XLSX_EXTENSIONS.has(extension) || (CSV_EXTENSIONS.has(extension) && zip)) {
		if (!zip) throw new SpreadsheetError('spreadsheet_unreadable');
		return { ...(await readXlsx(bytes, options)), format: 'xlsx' };
	}
	if (!CSV_EXTENSIONS.has(extension)) throw new SpreadsheetError('spreadsheet_unsupported_format', { extension });
	const { text, encoding } = decodeCsvBytes(bytes);
	if (text.includes('\u0000')) throw new SpreadsheetError('spreadsheet_unsupported_format', { extension, reason: 'binary' });
	return { ...parseCsv(text, options), format: 'csv', encoding };
}
