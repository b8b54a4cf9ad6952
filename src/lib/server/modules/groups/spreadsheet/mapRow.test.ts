import { describe, expect, it } from 'vitest';
import { suggestMapping } from './columns.js';
import { mapRow } from './mapRow.js';
import iconv from 'iconv-lite';
import { parseCsv, readSpreadsheet } from './read.js';

describe('mapRow', () => {
	it('maps a full German row to the group fields', () => {
		const csv = [
			'Name der Gruppe;Themen;Beschreibung;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status;Homepage;Neue Mitglieder?;Erstes Treffen;Ansprechpartner/in;Adresse veröffentlichen',
			'SHG „Zuversicht“;Depression, Angst;"Wir sprechen offen; vertraulich.\nNeue sind willkommen.";Betroffene und Angehörige;4109;Leipzig;Hauptstraße 1;hybrid;jeden 2. Dienstag, 19 Uhr;Deutsch, Türkisch;teilweise;Info@Zuversicht.de;0341 123456;Weiterleitung;in Gründung;www.zuversicht.de;ja;Einfach vorbeikommen.;Anna M.;ungefähr'
		].join('\n');
		const sheet = parseCsv(csv);
		const { mapping, unknown } = suggestMapping(sheet.headers);
		expect(unknown).toEqual([]);
		const { fields, issues } = mapRow(sheet.rows[0]!.cells, mapping);
		expect(issues).toEqual([]);
		expect(fields).toEqual({
			name: 'SHG „Zuversicht“',
			topics: ['Depression', 'Angst'],
			description: 'Wir sprechen offen; vertraulich.\nNeue sind willkommen.',
			firstVisit: 'Einfach vorbeikommen.',
			audience: ['affected', 'relatives'],
			street: 'Hauptstraße 1',
			postalCode: '04109',
			city: 'Leipzig',
			format: 'hybrid',
			meeting: 'jeden 2. Dienstag, 19 Uhr',
			languages: ['de', 'tr'],
			accessibility: 'partial',
			email: 'info@zuversicht.de',
			phone: '0341 123456',
			website: 'https://www.zuversicht.de',
			contactName: 'Anna M.',
			contactMode: 'relay',
			status: 'founding',
			acceptingMembers: true,
			addressVisibility: 'approximate'
		});
		expect(fields.id).toBeUndefined();
	});

	it('gives unmapped fields their defaults', () => {
		const { fields, issues } = mapRow(['Angst-SHG', 'ja'], ['name', 'format']);
		expect(issues).toEqual([]);
		expect(fields).toMatchObject({
			name: 'Angst-SHG',
			format: 'online',
			topics: [],
			audience: [],
			languages: ['de'],
			accessibility: 'unknown',
			contactMode: 'office',
			status: 'active',
			acceptingMembers: true,
			addressVisibility: 'approximate',
			postalCode: '',
			city: ''
		});
	});

	it('reports each unreadable value on its field, in column order, and still returns the rest of the row', () => {
		const mapping = suggestMapping(['Name', 'PLZ', 'Ort', 'Zielgruppe', 'Sprachen', 'E-Mail', 'Status', 'Treffpunkt-ID']).mapping;
		const { fields, issues } = mapRow(['X', '123', 'Leipzig', 'Fachleute', 'Deutsch, Klingonisch', 'info@', 'irgendwie', '42'], mapping);
		expect(issues).toEqual([
			{ field: 'name', code: 'import_invalid_name', params: { value: 'X' } },
			{ field: 'audience', code: 'import_invalid_audience', params: { value: 'Fachleute' } },
			{ field: 'postalCode', code: 'import_invalid_postal_code', params: { value: '123' } },
			{ field: 'languages', code: 'import_invalid_language', params: { value: 'Klingonisch' } },
			{ field: 'email', code: 'import_invalid_email', params: { value: 'info@' } },
			{ field: 'status', code: 'import_invalid_status', params: { value: 'irgendwie' } },
			{ field: 'id', code: 'import_invalid_id', params: { value: '42' } }
		]);
		expect(fields).toMatchObject({
			name: 'X',
			city: 'Leipzig',
			postalCode: '',
			audience: [],
			languages: ['de'],
			email: '',
			status: 'active'
		});
	});

	it('requires a name, also when no column is mapped to it', () => {
		expect(mapRow(['Leipzig'], ['city']).issues).toEqual([{ field: 'name', code: 'import_missing_name' }]);
	});

	it('asks for a place for in-person and hybrid groups, but not for online groups', () => {
		const mapping = suggestMapping(['Name', 'Online', 'PLZ', 'Ort']).mapping;
		expect(mapRow(['SHG A', 'nein', '', ''], mapping).issues).toEqual([{ field: 'postalCode', code: 'import_missing_place' }]);
		expect(mapRow(['SHG A', 'hybrid', '', ''], mapping).issues).toEqual([{ field: 'postalCode', code: 'import_missing_place' }]);
		expect(mapRow(['SHG A', 'ja', '', ''], mapping).issues).toEqual([]);
		expect(mapRow(['SHG A', 'nein', '04109', ''], mapping).issues).toEqual([]);
		expect(mapRow(['SHG A', 'nein', '', 'Leipzig'], mapping).issues).toEqual([]);
	});

	it('splits a postal code and town in one cell, and a full address in the street cell', () => {
		const combined = mapRow(['SHG A', '01067 Dresden'], suggestMapping(['Name', 'PLZ/Ort']).mapping).fields;
		expect([combined.postalCode, combined.city]).toEqual(['01067', 'Dresden']);
		const address = mapRow(['SHG A', 'Hauptstraße 1, D-04109 Leipzig'], suggestMapping(['Name', 'Adresse']).mapping).fields;
		expect([address.street, address.postalCode, address.city]).toEqual(['Hauptstraße 1', '04109', 'Leipzig']);
		const inCity = mapRow(['SHG A', '', '4109 Leipzig'], suggestMapping(['Name', 'PLZ', 'Ort']).mapping).fields;
		expect([inCity.postalCode, inCity.city]).toEqual(['04109', 'Leipzig']);
	});

	it('keeps the Treffpunkt-ID so that a re-import updates the same group', () => {
		const { fields } = mapRow(['SHG A', 'ja', '0B5E7C1A-6F0D-4E7B-9C55-2B9A1F3D4E5F'], ['name', 'format', 'id']);
		expect(fields.id).toBe('0b5e7c1a-6f0d-4e7b-9c55-2b9a1f3d4e5f');
	});

	it('reports overlong free text and keeps its beginning', () => {
		const { fields, issues } = mapRow(['SHG A', 'ja', 'x'.repeat(5000)], ['name', 'format', 'description']);
		expect(issues).toEqual([{ field: 'description', code: 'import_too_long', params: { max: '4000' } }]);
		expect(fields.description).toHaveLength(4000);
	});

	it('imports a CSV as German Excel saves it (Windows-1252, semicolons, blank row) end to end', async () => {
		const csv =
			'Gruppenname;Straße;PLZ;Ort;Zielgruppe;Barrierefrei;Status\r\nAngehörige psychisch Kranker;Große Str. 5;1067;Dresden;Angehörige;ja;aktiv\r\n;;;;;;\r\nSucht & Familie;;;;Eltern;nein;pausiert\r\n';
		const sheet = await readSpreadsheet(new Uint8Array(iconv.encode(csv, 'windows-1252')), 'Gruppen.csv');
		const { mapping } = suggestMapping(sheet.headers);
		const rows = sheet.rows.map((row) => ({ line: row.line, ...mapRow(row.cells, mapping) }));
		expect(rows.map((row) => row.line)).toEqual([2, 4]);
		expect(rows[0]!.fields).toMatchObject({
			name: 'Angehörige psychisch Kranker',
			street: 'Große Str. 5',
			postalCode: '01067',
			city: 'Dresden',
			audience: ['relatives'],
			accessibility: 'yes',
			status: 'active'
		});
		expect(rows[0]!.issues).toEqual([]);
		expect(rows[1]!.issues).toEqual([{ field: 'postalCode', code: 'import_missing_place' }]);
	});
});
