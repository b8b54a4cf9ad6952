import ExcelJS from 'exceljs';
import { GROUP_COLUMNS, columnHeader, type ColumnKey } from './columns.js';
import type { GroupRowFields } from './mapRow.js';
import {
	formatAcceptingMembers,
	formatAccessibility,
	formatAddressVisibility,
	formatAudience,
	formatContactMode,
	formatFormat,
	formatLanguages,
	formatStatus,
	formatTopics,
	type Locale
} from './values.js';

/**
 * Export of groups as CSV and XLSX with the columns of GROUP_COLUMNS, in everyday values that
 * the import reads back to the same fields.
 */

/** One field as the export writes it. */
export function formatField(record: GroupRowFields, key: ColumnKey, locale: Locale): string {
	switch (key) {
		case 'id':
			return record.id ?? '';
		case 'topics':
			return formatTopics(record.topics);
		case 'audience':
			return formatAudience(record.audience, locale);
		case 'format':
			return formatFormat(record.format, locale);
		case 'languages':
			return formatLanguages(record.languages, locale);
		case 'accessibility':
			return formatAccessibility(record.accessibility, locale);
		case 'contactMode':
			return formatContactMode(record.contactMode, locale);
		case 'status':
			return formatStatus(record.status, locale);
		case 'acceptingMembers':
			return formatAcceptingMembers(record.acceptingMembers, locale);
		case 'addressVisibility':
			return formatAddressVisibility(record.addressVisibility, locale);
		default:
			return record[key];
	}
}

/** A record's cells in export order. */
export function recordCells(record: GroupRowFields, locale: Locale): string[] {
	return GROUP_COLUMNS.map((column) => formatField(record, column.key, locale));
}

/**
 * Guards against CSV/formula injection: a cell that starts with =, +, -, @, tab or carriage return
 * gets a leading apostrophe, so that a spreadsheet shows it as text instead of running it. The
 * reader removes exactly this apostrophe again.
 */
export function escapeFormula(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
	const escaped = escapeFormula(value);
	return /[;"\r\n]|^\s|\s$/.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped;
}

/** CSV as German Excel opens it directly: UTF-8 with byte-order mark, semicolons, CRLF, quotes where needed. */
export function writeCsv(records: GroupRowFields[], locale: Locale): Uint8Array {
	const lines = [GROUP_COLUMNS.map((column) => csvCell(columnHeader(column.key, locale))).join(';')];
	for (const record of records) lines.push(recordCells(record, locale).map(csvCell).join(';'));
	return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/**
 * XLSX with one sheet ("Gruppen" / "Groups"): bold, frozen header row with a filter, sensible
 * column widths, long texts wrapped, every value a plain text cell (postal codes keep their
 * leading zero; nothing is ever a formula).
 */
export async function writeXlsx(records: GroupRowFields[], locale: Locale): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Treffpunkt';
	const sheet = workbook.addWorksheet(locale === 'en' ? 'Groups' : 'Gruppen', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = GROUP_COLUMNS.map((column) => ({
		key: column.key,
		header: columnHeader(column.key, locale),
		width: column.width,
		style: {
			numFmt: '@',
			alignment: { vertical: 'top', wrapText: ['description', 'firstVisit', 'meeting'].includes(column.key) }
		}
	}));
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.alignment = { vertical: 'middle', wrapText: true };
	for (const record of records) sheet.addRow(recordCells(record, locale));
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: GROUP_COLUMNS.length } };
	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer);
}
