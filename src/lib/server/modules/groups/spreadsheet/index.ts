/**
 * Group spreadsheets (GRP-6): the file formats and the field mapping, without the database.
 * read → suggestMapping → mapRow for the import; writeCsv / writeXlsx for the export.
 */
export {
	MAX_DATA_ROWS,
	SPREADSHEET_ERROR_CODES,
	SpreadsheetError,
	cleanCell,
	decodeCsvBytes,
	parseCsv,
	readSpreadsheet,
	readXlsx,
	type CsvEncoding,
	type ReadOptions,
	type Sheet,
	type SheetRow,
	type SpreadsheetErrorCode
} from './read.js';
export { COLUMN_KEYS, GROUP_COLUMNS, columnHeader, groupColumn, suggestMapping, type ColumnKey, type GroupColumn } from './columns.js';
export {
	FIELD_LIMITS,
	IMPORT_ISSUE_CODES,
	LANGUAGE_NAMES,
	formatAcceptingMembers,
	formatAccessibility,
	formatAddressVisibility,
	formatAudience,
	formatContactMode,
	formatFormat,
	formatLanguages,
	formatStatus,
	formatTopics,
	normaliseAcceptingMembers,
	normaliseAccessibility,
	normaliseAddressVisibility,
	normaliseAudience,
	normaliseContactMode,
	normaliseEmail,
	normaliseFormat,
	normaliseId,
	normaliseLanguages,
	normaliseName,
	normalisePhone,
	normalisePostalCode,
	normaliseStatus,
	normaliseText,
	normaliseTopics,
	normaliseWebsite,
	type Accessibility,
	type ImportIssueCode,
	type Locale,
	type Normalised
} from './values.js';
export { mapRow, type GroupRowFields, type ImportIssue } from './mapRow.js';
export { escapeFormula, formatField, recordCells, writeCsv, writeXlsx } from './write.js';
