import { describe, expect, it } from 'vitest';
import { COLUMN_KEYS, GROUP_COLUMNS, suggestMapping, type ColumnKey } from './columns.js';

const single = (header: string) => suggestMapping([header]).mapping[0];

describe('GROUP_COLUMNS', () => {
	it('lists every field once, in export order, with German and English headers', () => {
		expect(GROUP_COLUMNS.map((column) => column.key)).toEqual([...COLUMN_KEYS]);
		expect(GROUP_COLUMNS.find((column) => column.key === 'acceptingMembers')!.header).toBe('Neue Mitglieder willkommen');
		expect(GROUP_COLUMNS.find((column) => column.key === 'id')!.header).toBe('Treffpunkt-ID');
		for (const column of GROUP_COLUMNS) expect(column.headerEn).not.toBe('');
	});
});

describe('suggestMapping', () => {
	const cases: Record<ColumnKey, string[]> = {
		name: ['Name', 'Gruppenname', 'Name der Gruppe', 'Selbsthilfegruppe', 'NAME DER SELBSTHILFEGRUPPE', 'SHG'],
		topics: [
			'Thema',
			'Themen',
			'Themenbereich',
			'Schlagworte',
			'Stichwörter',
			'Stichworte',
			'Thema/Themen',
			'Thema der Gruppe',
			'Hauptthema'
		],
		description: ['Beschreibung', 'Kurzbeschreibung', 'Beschreibung (max. 500 Zeichen)', 'Über uns'],
		audience: ['Zielgruppe', 'Zielgruppe(n)', 'Zielgruppen', 'Für wen', 'für wen?'],
		street: ['Straße', 'Strasse', 'Str.', 'Adresse', 'Anschrift', 'Straße und Hausnummer', 'Straße/Hausnr.', 'Treffpunktstraße'],
		postalCode: ['PLZ', 'Postleitzahl', 'plz', 'PLZ / Ort', 'PLZ des Treffpunkts'],
		city: ['Ort', 'Stadt', 'Gemeinde', 'Treffort', 'Stadt/Gemeinde'],
		format: ['Online', 'Online-Gruppe', 'Format', 'online?', 'Präsenz oder online'],
		meeting: ['Treffen', 'Termin', 'Termine', 'Treffzeiten', 'Gruppentreffen', 'Wann', 'Wann trifft sich die Gruppe?'],
		languages: ['Sprache', 'Sprachen', 'Sprache(n)', 'Gruppensprache', 'Sprachen in der Gruppe'],
		accessibility: ['Barrierefrei', 'Barrierefreiheit', 'rollstuhlgerecht', 'Barrierefreier Zugang', 'Barrierefrei (ja/nein/teilweise)'],
		email: ['E-Mail', 'Email', 'Mail', 'E-Mail-Adresse', 'E-Mail der Ansprechperson', 'Kontakt-Mail'],
		phone: ['Telefon', 'Tel.', 'Telefonnummer', 'Handy', 'Telefon der Ansprechperson', 'Kontakttelefon'],
		contactMode: ['Kontaktweg', 'Kontakt über', 'Kontaktaufnahme', 'Kontaktaufnahme über'],
		status: ['Status', 'Gruppenstatus'],
		website: ['Website', 'Webseite', 'Homepage', 'Internetseite', 'URL'],
		acceptingMembers: ['Neue Mitglieder willkommen', 'Neue Mitglieder?', 'Offen für neue Mitglieder', 'Freie Plätze'],
		firstVisit: ['Erstes Treffen – was erwartet mich', 'Erstes Treffen', 'Was erwartet mich?', 'Hinweise für Neue'],
		contactName: [
			'Ansprechperson',
			'Ansprechpartner/in',
			'Ansprechpartner:in',
			'AnsprechpartnerIn',
			'Name der Ansprechperson',
			'Kontaktperson'
		],
		addressVisibility: ['Adresse veröffentlichen', 'Adresse öffentlich', 'Adresse veröffentlichen?'],
		id: ['Treffpunkt-ID', 'Treffpunkt ID', 'treffpunkt_id']
	};
	for (const [key, headers] of Object.entries(cases)) {
		it(`recognises everyday headers for ${key}`, () => {
			for (const header of headers) expect(single(header), header).toBe(key);
		});
	}

	it('recognises the headers and keys the English export writes', () => {
		const english = [
			'Name',
			'Topics',
			'Description',
			'Audience',
			'Street',
			'Postal code',
			'City',
			'Format',
			'Meetings',
			'Languages',
			'Accessibility',
			'E-mail',
			'Phone',
			'Contact route',
			'Status',
			'Website',
			'Accepting new members',
			'First visit',
			'Contact person',
			'Address visibility',
			'Treffpunkt ID'
		];
		expect(suggestMapping(english).mapping).toEqual([...COLUMN_KEYS]);
		expect(suggestMapping(COLUMN_KEYS.filter((key) => key !== 'id')).mapping).toEqual(COLUMN_KEYS.filter((key) => key !== 'id'));
	});

	it('maps the canonical German headers back to their fields', () => {
		expect(suggestMapping(GROUP_COLUMNS.map((column) => column.header)).mapping).toEqual([...COLUMN_KEYS]);
	});

	it('leaves unknown and ambiguous headers unmapped: Wohnort, a bare ID, internal notes', () => {
		const { mapping, unknown } = suggestMapping(['Name', 'Wohnort', 'ID', 'Bemerkungen', 'Moderationsstatus', '']);
		expect(mapping).toEqual(['name', null, null, null, null, null]);
		expect(unknown).toEqual(['Wohnort', 'ID', 'Bemerkungen', 'Moderationsstatus']);
	});

	it('uses each field once: the first header wins, later duplicates are listed as unknown', () => {
		const { mapping, unknown } = suggestMapping(['Thema', 'E-Mail', 'Themen', 'Email', 'Schlagworte']);
		expect(mapping).toEqual(['topics', 'email', null, null, null]);
		expect(unknown).toEqual(['Themen', 'Email', 'Schlagworte']);
	});

	it('prefers an exact header over a word inside a longer header', () => {
		const { mapping, unknown } = suggestMapping(['Telefon der Ansprechperson', 'Telefon', 'Name der Ansprechperson']);
		expect(mapping).toEqual([null, 'phone', 'contactName']);
		expect(unknown).toEqual(['Telefon der Ansprechperson']);
	});

	it('maps a typical German group list', () => {
		const headers = [
			'Lfd. Nr.',
			'Name der Gruppe',
			'Themen',
			'Beschreibung',
			'Zielgruppe',
			'PLZ',
			'Ort',
			'Straße',
			'Online',
			'Treffen',
			'Sprachen',
			'Barrierefrei',
			'E-Mail',
			'Telefon',
			'Kontaktweg',
			'Status'
		];
		const { mapping, unknown } = suggestMapping(headers);
		expect(mapping).toEqual([
			null,
			'name',
			'topics',
			'description',
			'audience',
			'postalCode',
			'city',
			'street',
			'format',
			'meeting',
			'languages',
			'accessibility',
			'email',
			'phone',
			'contactMode',
			'status'
		]);
		expect(unknown).toEqual(['Lfd. Nr.']);
	});
});
