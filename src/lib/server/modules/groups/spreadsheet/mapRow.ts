import type { AddressVisibility, Audience, ContactMode, GroupFormat, LifecycleState } from '../../../../schemas/group.js';
import { COLUMN_KEYS, type ColumnKey } from './columns.js';
import {
	FIELD_LIMITS,
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
	type Normalised
} from './values.js';

/** One group as a spreadsheet row carries it, in model values. */
export interface GroupRowFields {
	/** the Treffpunkt-ID of an exported group: a re-import updates it instead of adding a duplicate */
	id?: string;
	name: string;
	/** topic labels as written; the thesaurus match happens in the import service */
	topics: string[];
	description: string;
	firstVisit: string;
	audience: Audience[];
	street: string;
	postalCode: string;
	city: string;
	format: GroupFormat;
	/** the meeting times as text ("jeden 2. Dienstag, 19 Uhr") */
	meeting: string;
	/** ISO 639-1 codes, plus `dgs` (German Sign Language) and `rom` (Romani) */
	languages: string[];
	accessibility: Accessibility;
	email: string;
	phone: string;
	website: string;
	contactName: string;
	contactMode: ContactMode;
	status: LifecycleState;
	acceptingMembers: boolean;
	addressVisibility: AddressVisibility;
}

export interface ImportIssue {
	field: ColumnKey;
	code: ImportIssueCode;
	params?: Record<string, string>;
}

/** "01067 Dresden", "D-01067 Dresden" in one cell. */
const POSTAL_AND_CITY = /^(?:de?[-–\s]?)?(\d{4,5})\s+(\D.*)$/i;
/** "Hauptstraße 1, 01067 Dresden" (or on two lines) in the street cell. */
const FULL_ADDRESS = /^(.+?)\s*[,\n]\s*(?:de?[-–\s]?)?(\d{4,5})\s+(\D.*)$/is;

/**
 * Maps one spreadsheet row to a group's fields with the column mapping from `suggestMapping`
 * (or as staff corrected it). Unmapped fields get their defaults; a value that cannot be read
 * is reported as an issue and replaced by its default (free text by its truncated form), so that
 * the dry run can show the whole row. A postal code and town in one cell, or a full address in
 * the street cell, are split when the other cells are empty.
 */
export function mapRow(cells: string[], mapping: (ColumnKey | null)[]): { fields: GroupRowFields; issues: ImportIssue[] } {
	const cellOf = new Map<ColumnKey, string>();
	mapping.forEach((key, index) => {
		if (key === null) return;
		const cell = (cells[index] ?? '').trim();
		if (!cellOf.get(key)) cellOf.set(key, cell); // the same field mapped twice: the first non-empty cell
	});
	const get = (key: ColumnKey) => cellOf.get(key) ?? '';

	const issues: ImportIssue[] = [];
	const take = <T>(field: ColumnKey, result: Normalised<T>, fallback: T): T => {
		if (result.ok) return result.value;
		issues.push(result.params ? { field, code: result.code, params: result.params } : { field, code: result.code });
		return fallback;
	};
	const text = (field: ColumnKey, max: number) => take(field, normaliseText(get(field), max), get(field).slice(0, max));

	let street = get('street');
	let postalCode = get('postalCode');
	let city = get('city');
	const inPostal = POSTAL_AND_CITY.exec(postalCode);
	if (city === '' && inPostal) [postalCode, city] = [inPostal[1]!, inPostal[2]!];
	const inCity = POSTAL_AND_CITY.exec(city);
	if (postalCode === '' && inCity) [postalCode, city] = [inCity[1]!, inCity[2]!];
	const inStreet = FULL_ADDRESS.exec(street);
	if (postalCode === '' && city === '' && inStreet) [street, postalCode, city] = [inStreet[1]!, inStreet[2]!, inStreet[3]!];

	const issuesBefore = issues.length;
	const postal = take('postalCode', normalisePostalCode(postalCode), '');
	const postalFailed = issues.length > issuesBefore;

	const id = take('id', normaliseId(get('id')), '');
	const fields: GroupRowFields = {
		...(id !== '' ? { id } : {}),
		name: take('name', normaliseName(get('name')), get('name').slice(0, FIELD_LIMITS.name)),
		topics: take('topics', normaliseTopics(get('topics')), []),
		description: text('description', FIELD_LIMITS.description),
		firstVisit: text('firstVisit', FIELD_LIMITS.firstVisit),
		audience: take('audience', normaliseAudience(get('audience')), []),
		street: take('street', normaliseText(street, FIELD_LIMITS.street), street.slice(0, FIELD_LIMITS.street)),
		postalCode: postal,
		city: take('city', normaliseText(city, FIELD_LIMITS.city), city.slice(0, FIELD_LIMITS.city)),
		format: take('format', normaliseFormat(get('format')), 'in_person'),
		meeting: text('meeting', FIELD_LIMITS.meeting),
		languages: take('languages', normaliseLanguages(get('languages')), ['de']),
		accessibility: take('accessibility', normaliseAccessibility(get('accessibility')), 'unknown'),
		email: take('email', normaliseEmail(get('email')), ''),
		phone: take('phone', normalisePhone(get('phone')), ''),
		website: take('website', normaliseWebsite(get('website')), ''),
		contactName: text('contactName', FIELD_LIMITS.contactName),
		contactMode: take('contactMode', normaliseContactMode(get('contactMode')), 'office'),
		status: take('status', normaliseStatus(get('status')), 'active'),
		acceptingMembers: take('acceptingMembers', normaliseAcceptingMembers(get('acceptingMembers')), true),
		addressVisibility: take('addressVisibility', normaliseAddressVisibility(get('addressVisibility')), 'approximate')
	};

	// a group that meets in person needs a place; online groups need none
	if (fields.format !== 'online' && fields.postalCode === '' && fields.city === '' && !postalFailed) {
		issues.push({ field: 'postalCode', code: 'import_missing_place' });
	}
	issues.sort((a, b) => COLUMN_KEYS.indexOf(a.field) - COLUMN_KEYS.indexOf(b.field));
	return { fields, issues };
}
