import { words, withoutBrackets } from './normalize.js';

/** The fields a group spreadsheet can carry, in export order. */
export const COLUMN_KEYS = [
	'name',
	'topics',
	'description',
	'audience',
	'street',
	'postalCode',
	'city',
	'format',
	'meeting',
	'languages',
	'accessibility',
	'email',
	'phone',
	'contactMode',
	'status',
	'website',
	'acceptingMembers',
	'firstVisit',
	'contactName',
	'addressVisibility',
	'id'
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface GroupColumn {
	key: ColumnKey;
	/** canonical German header, written by the German export */
	header: string;
	/** canonical English header, written by the English export */
	headerEn: string;
	/** everyday headers staff use for this field; compared case-, accent- and punctuation-insensitively */
	aliases: string[];
	/** column width in the XLSX export, in characters */
	width: number;
}

/**
 * The canonical columns in export order. The export writes `header` (or `headerEn`); the import
 * recognises both, the field key itself and the aliases.
 *
 * Deliberately not recognised: "ID" (other tools' own numbering would be taken for Treffpunkt ids),
 * "Wohnort" (where a person lives is not where the group meets), "Treffpunkt" (a venue, not a town),
 * "Bemerkungen"/"Notizen" (internal notes must not become a public description) and "Kontakt" alone
 * (could be a person, an address or a route).
 */
export const GROUP_COLUMNS: readonly GroupColumn[] = [
	{
		key: 'name',
		header: 'Name',
		headerEn: 'Name',
		width: 36,
		aliases: [
			'Gruppenname',
			'Name der Gruppe',
			'Gruppe',
			'Selbsthilfegruppe',
			'Name der Selbsthilfegruppe',
			'SHG',
			'Name SHG',
			'SHG Name',
			'Gruppenbezeichnung',
			'Bezeichnung',
			'Titel',
			'Gruppentitel',
			'Group',
			'Group name'
		]
	},
	{
		key: 'topics',
		header: 'Themen',
		headerEn: 'Topics',
		width: 30,
		aliases: [
			'Thema',
			'Themen',
			'Thema/Themen',
			'Themenbereich',
			'Themenbereiche',
			'Themengebiet',
			'Themengebiete',
			'Schlagworte',
			'Schlagwörter',
			'Schlagwort',
			'Stichworte',
			'Stichwörter',
			'Stichwort',
			'Schwerpunkt',
			'Schwerpunkte',
			'Kategorie',
			'Kategorien',
			'Krankheitsbild',
			'Erkrankung',
			'Topic',
			'Tags'
		]
	},
	{
		key: 'description',
		header: 'Beschreibung',
		headerEn: 'Description',
		width: 60,
		aliases: [
			'Gruppenbeschreibung',
			'Kurzbeschreibung',
			'Beschreibung der Gruppe',
			'Selbstdarstellung',
			'Über uns',
			'Wir über uns',
			'Angebot',
			'Inhalt',
			'Infotext',
			'Text'
		]
	},
	{
		key: 'audience',
		header: 'Zielgruppe',
		headerEn: 'Audience',
		width: 26,
		aliases: [
			'Zielgruppen',
			'Zielgruppe(n)',
			'Für wen',
			'Für wen ist die Gruppe',
			'Wer kann teilnehmen',
			'Wer kann kommen',
			'Teilnehmende',
			'Teilnehmerkreis',
			'Betroffene/Angehörige',
			'Target group'
		]
	},
	{
		key: 'street',
		header: 'Straße',
		headerEn: 'Street',
		width: 28,
		aliases: [
			'Strasse',
			'Str',
			'Straße und Hausnummer',
			'Straße, Hausnummer',
			'Straße/Hausnummer',
			'Straße Nr',
			'Straße und Nr',
			'Str u Nr',
			'Straße + Hausnummer',
			'Adresse',
			'Anschrift',
			'Treffpunktadresse',
			'Adresse des Treffpunkts',
			'Adresse Treffort',
			'Straße Treffort',
			'Address'
		]
	},
	{
		key: 'postalCode',
		header: 'PLZ',
		headerEn: 'Postal code',
		width: 8,
		aliases: ['Postleitzahl', 'PLZ Treffort', 'PLZ/Ort', 'PLZ Ort', 'PLZ und Ort', 'Postleitzahl und Ort', 'Zip', 'Zip code', 'Postcode']
	},
	{
		key: 'city',
		header: 'Ort',
		headerEn: 'City',
		width: 18,
		aliases: ['Stadt', 'Gemeinde', 'Stadt/Gemeinde', 'Ort/Stadt', 'Stadt/Ort', 'Ortschaft', 'Treffort', 'Ort des Treffens', 'Town', 'Place']
	},
	{
		key: 'format',
		header: 'Online',
		headerEn: 'Format',
		width: 10,
		aliases: [
			'Online-Gruppe',
			'Onlinegruppe',
			'Online-Treffen',
			'Online?',
			'Online/Präsenz',
			'Präsenz/Online',
			'Präsenz oder online',
			'Format',
			'Treffform',
			'Form',
			'Art des Treffens',
			'Treffart',
			'Veranstaltungsform'
		]
	},
	{
		key: 'meeting',
		header: 'Treffen',
		headerEn: 'Meetings',
		width: 36,
		aliases: [
			'Termin',
			'Termine',
			'Treffzeit',
			'Treffzeiten',
			'Gruppentreffen',
			'Wann',
			'Wann trifft sich die Gruppe',
			'Treffen (Tag und Uhrzeit)',
			'Tag und Uhrzeit',
			'Zeit',
			'Zeiten',
			'Rhythmus',
			'Treffrhythmus',
			'Turnus',
			'Meeting',
			'Meeting times',
			'Schedule'
		]
	},
	{
		key: 'languages',
		header: 'Sprachen',
		headerEn: 'Languages',
		width: 18,
		aliases: ['Sprache', 'Sprache(n)', 'Gruppensprache', 'Sprachen der Gruppe', 'Language', 'Language(s)']
	},
	{
		key: 'accessibility',
		header: 'Barrierefrei',
		headerEn: 'Accessibility',
		width: 13,
		aliases: [
			'Barrierefreiheit',
			'Barrierefrei?',
			'Barrierefreier Zugang',
			'Zugang barrierefrei',
			'Barrierearm',
			'Rollstuhlgerecht',
			'Rollstuhlgeeignet',
			'Rollstuhl',
			'Stufenlos',
			'Step-free',
			'Step-free access',
			'Accessible',
			'Wheelchair accessible'
		]
	},
	{
		key: 'email',
		header: 'E-Mail',
		headerEn: 'E-mail',
		width: 30,
		aliases: [
			'Email',
			'Mail',
			'E-Mail-Adresse',
			'Email-Adresse',
			'Mailadresse',
			'Mail-Adresse',
			'E-Mail Gruppe',
			'E-Mail der Gruppe',
			'Kontakt-E-Mail',
			'E-Mail Kontakt',
			'Email address'
		]
	},
	{
		key: 'phone',
		header: 'Telefon',
		headerEn: 'Phone',
		width: 18,
		aliases: [
			'Tel',
			'Tel.',
			'Telefonnummer',
			'Tel.-Nr.',
			'Tel. Nr.',
			'Telefon-Nr.',
			'Rufnummer',
			'Handy',
			'Handynummer',
			'Mobil',
			'Mobilnummer',
			'Mobiltelefon',
			'Telefon/Handy',
			'Fon',
			'Kontakttelefon',
			'Telephone',
			'Phone number',
			'Mobile'
		]
	},
	{
		key: 'contactMode',
		header: 'Kontaktweg',
		headerEn: 'Contact route',
		width: 20,
		aliases: [
			'Kontakt über',
			'Kontaktaufnahme',
			'Kontaktaufnahme über',
			'Kontaktvermittlung',
			'Vermittlung',
			'Kontaktart',
			'Contact mode',
			'Contact via'
		]
	},
	{
		key: 'status',
		header: 'Status',
		headerEn: 'Status',
		width: 14,
		aliases: ['Gruppenstatus', 'Status der Gruppe', 'Lebensphase', 'Group status']
	},
	{
		key: 'website',
		header: 'Website',
		headerEn: 'Website',
		width: 30,
		aliases: [
			'Webseite',
			'Web-Seite',
			'Homepage',
			'Internet',
			'Internetseite',
			'Internetadresse',
			'Internetauftritt',
			'Web',
			'URL',
			'Link',
			'Web address'
		]
	},
	{
		key: 'acceptingMembers',
		header: 'Neue Mitglieder willkommen',
		headerEn: 'Accepting new members',
		width: 14,
		aliases: [
			'Neue Mitglieder',
			'Neue Mitglieder?',
			'Offen für neue Mitglieder',
			'Offen für Neue',
			'Neue willkommen',
			'Aufnahme neuer Mitglieder',
			'Neuaufnahme',
			'Aufnahme möglich',
			'Offene Gruppe',
			'Gruppe offen',
			'Freie Plätze',
			'Plätze frei',
			'New members welcome',
			'Open to new members'
		]
	},
	{
		key: 'firstVisit',
		header: 'Erstes Treffen – was erwartet mich',
		headerEn: 'First visit',
		width: 40,
		aliases: [
			'Erstes Treffen',
			'Erster Besuch',
			'Was erwartet mich',
			'Was erwartet mich beim ersten Treffen',
			'Hinweise für Neue',
			'Für Neue',
			'Information für Neue',
			'Erstbesuch',
			'First meeting',
			'What to expect'
		]
	},
	{
		key: 'contactName',
		header: 'Ansprechperson',
		headerEn: 'Contact person',
		width: 24,
		aliases: [
			'Ansprechpartner',
			'Ansprechpartnerin',
			'Ansprechpartner/in',
			'Ansprechpartner:in',
			'Ansprechpartner*in',
			'Ansprechpersonen',
			'Name Ansprechperson',
			'Name der Ansprechperson',
			'Ansprechperson Name',
			'Name Ansprechpartner',
			'Name des Ansprechpartners',
			'Kontaktperson',
			'Kontaktperson Name',
			'Name Kontaktperson',
			'Gruppensprecher',
			'Gruppensprecherin',
			'Gruppensprecher/in',
			'Sprecher/in',
			'Kontaktname',
			'Contact',
			'Contact name'
		]
	},
	{
		key: 'addressVisibility',
		header: 'Adresse veröffentlichen',
		headerEn: 'Address visibility',
		width: 14,
		aliases: [
			'Adresse öffentlich',
			'Adresse veröffentlichen?',
			'Adresse anzeigen',
			'Adresse sichtbar',
			'Veröffentlichung Adresse',
			'Adresse im Internet',
			'Sichtbarkeit Adresse',
			'Publish address'
		]
	},
	{
		key: 'id',
		header: 'Treffpunkt-ID',
		headerEn: 'Treffpunkt ID',
		width: 38,
		aliases: ['Treffpunkt_ID', 'TreffpunktID', 'Treffpunkt-Id']
	}
];

const BY_KEY = new Map(GROUP_COLUMNS.map((column) => [column.key, column]));

/** The column description of a field. */
export function groupColumn(key: ColumnKey): GroupColumn {
	return BY_KEY.get(key)!;
}

/** The header the export writes for a field in a locale. */
export function columnHeader(key: ColumnKey, locale: 'de' | 'en'): string {
	const column = groupColumn(key);
	return locale === 'en' ? column.headerEn : column.header;
}

/** A header's comparable form: folded words joined without separators ("E-Mail-Adresse" → "emailadresse"). */
function headerKey(text: string): string {
	return words(text).join('');
}

/** Exact recognition: every header, English header, field key and alias of every column. */
const EXACT = new Map<string, ColumnKey>();
for (const column of GROUP_COLUMNS) {
	const names = [column.header, column.headerEn, column.key, ...column.aliases];
	for (const name of column.key === 'id' ? names.filter((n) => n !== 'id') : names) {
		const key = headerKey(name);
		const existing = EXACT.get(key);
		if (existing !== undefined && existing !== column.key) throw new Error(`header alias "${name}" is ambiguous`);
		EXACT.set(key, column.key);
	}
}

/**
 * Words that identify a field when they occur inside a longer header ("Telefon der Ansprechperson",
 * "Sprachen in der Gruppe"). When several fields match, the one listed first wins: a phone number
 * of the contact person is a phone number, the postal code of the meeting place is a postal code.
 */
const WORD_HINTS: ReadonlyArray<readonly [ColumnKey, readonly string[]]> = [
	['id', ['treffpunkt id']],
	['email', ['e mail', 'email', 'mail', 'mailadresse', 'emailadresse']],
	['phone', ['telefon', 'telefonnummer', 'tel', 'handy', 'mobil', 'mobilnummer', 'rufnummer', 'phone']],
	['website', ['website', 'webseite', 'homepage', 'internetseite', 'url']],
	['postalCode', ['plz', 'postleitzahl']],
	['street', ['strasse', 'str', 'anschrift', 'adresse', 'hausnummer']],
	['city', ['ort', 'stadt', 'gemeinde', 'treffort']],
	['languages', ['sprache', 'sprachen', 'language', 'languages']],
	[
		'accessibility',
		['barrierefrei', 'barrierefreiheit', 'barrierefreier', 'rollstuhlgerecht', 'rollstuhl', 'barrierearm', 'accessibility']
	],
	['format', ['online', 'prasenz', 'format']],
	['audience', ['zielgruppe', 'zielgruppen', 'audience']],
	['status', ['gruppenstatus']],
	['contactMode', ['kontaktweg', 'kontaktaufnahme']],
	['acceptingMembers', ['neue mitglieder', 'neuaufnahme']],
	['firstVisit', ['erstes treffen', 'ersten treffen', 'erster besuch']],
	['meeting', ['treffen', 'termin', 'termine', 'treffzeiten', 'treffzeit']],
	['topics', ['thema', 'themen', 'themenbereich', 'schlagworte', 'stichworte']],
	['description', ['beschreibung', 'kurzbeschreibung']],
	['contactName', ['ansprechperson', 'ansprechpartner', 'ansprechpartnerin', 'kontaktperson']],
	['name', ['gruppenname', 'selbsthilfegruppe']]
];

/** German compounds end in their head noun: "Kontakttelefon" is a phone number, "Gruppensprache" a language. */
const COMPOUND_HEADS: ReadonlyArray<readonly [ColumnKey, readonly string[]]> = [
	['email', ['email', 'mail', 'mailadresse']],
	['phone', ['telefon', 'telefonnummer', 'handynummer']],
	['website', ['webseite', 'website', 'homepage']],
	['postalCode', ['postleitzahl']],
	['street', ['strasse']],
	['languages', ['sprache', 'sprachen']],
	['audience', ['zielgruppe', 'zielgruppen']],
	['meeting', ['treffen', 'termine', 'treffzeiten']],
	['topics', ['thema', 'themen', 'themenbereich', 'themenbereiche', 'schlagworte', 'stichworte']],
	['description', ['beschreibung']],
	['contactName', ['ansprechperson', 'ansprechpartner', 'ansprechpartnerin']]
];

function byWords(header: string, free: (key: ColumnKey) => boolean): ColumnKey | null {
	const headerWords = words(withoutBrackets(header));
	const joined = ` ${headerWords.join(' ')} `;
	for (const [key, hints] of WORD_HINTS) {
		if (free(key) && hints.some((hint) => joined.includes(` ${hint} `))) return key;
	}
	const compact = headerWords.join('');
	for (const [key, heads] of COMPOUND_HEADS) {
		if (free(key) && heads.some((head) => compact.length > head.length + 2 && compact.endsWith(head))) return key;
	}
	return null;
}

/**
 * Suggests a field for each header of a spreadsheet. Exact names (header, alias, key, with or
 * without bracketed parts such as "Zielgruppe(n)") are matched first, then words inside longer
 * headers. Each field is used at most once: the first header wins, later ones stay unmapped and
 * are listed in `unknown` together with headers that match no field (empty headers are not listed).
 */
export function suggestMapping(headers: string[]): { mapping: (ColumnKey | null)[]; unknown: string[] } {
	const mapping: (ColumnKey | null)[] = headers.map(() => null);
	const used = new Set<ColumnKey>();
	const free = (key: ColumnKey) => !used.has(key);

	headers.forEach((header, index) => {
		const key = EXACT.get(headerKey(header)) ?? EXACT.get(headerKey(withoutBrackets(header)));
		if (key !== undefined && free(key)) {
			mapping[index] = key;
			used.add(key);
		}
	});
	headers.forEach((header, index) => {
		if (mapping[index] !== null || header.trim() === '') return;
		const exact = EXACT.get(headerKey(header)) ?? EXACT.get(headerKey(withoutBrackets(header)));
		if (exact !== undefined) return; // a duplicate of a field already taken
		const key = byWords(header, free);
		if (key !== null) {
			mapping[index] = key;
			used.add(key);
		}
	});

	const unknown = headers.filter((header, index) => mapping[index] === null && header.trim() !== '');
	return { mapping, unknown };
}
