import { describe, expect, it } from 'vitest';
import {
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
	type Normalised
} from './values.js';

/** The value of a successful normalisation, or the failure for a readable test message. */
const value = <T>(result: Normalised<T>) => (result.ok ? result.value : { failed: result.code, params: result.params });

function expectValues<T>(normalise: (text: string) => Normalised<T>, cases: Record<string, T>) {
	for (const [text, expected] of Object.entries(cases)) expect(value(normalise(text)), JSON.stringify(text)).toEqual(expected);
}

function expectRefused<T>(normalise: (text: string) => Normalised<T>, code: string, texts: string[]) {
	for (const text of texts) {
		const result = normalise(text);
		expect(result.ok, JSON.stringify(text)).toBe(false);
		if (!result.ok) expect(result.code).toBe(code);
	}
}

describe('normaliseAudience', () => {
	it('reads the everyday audiences and lists of them, in canonical order', () => {
		expectValues(normaliseAudience, {
			Betroffene: ['affected'],
			Angehörige: ['relatives'],
			'Betroffene und Angehörige': ['affected', 'relatives'],
			'Angehörige, Betroffene': ['affected', 'relatives'],
			Eltern: ['parents'],
			'Junge Menschen': ['young_people'],
			Jugendliche: ['young_people'],
			'junge Erwachsene': ['young_people'],
			'Betroffene/Angehörige': ['affected', 'relatives'],
			'Angehörige/r': ['relatives'],
			'Betroffene*r + Eltern': ['affected', 'parents'],
			'betroffene; angehoerige': ['affected', 'relatives'],
			'Betroffene u. Angehörige': ['affected', 'relatives'],
			'für Angehörige': ['relatives'],
			'Kinder und Jugendliche': ['young_people'],
			'people affected and relatives': ['affected', 'relatives'],
			'offen für alle': [],
			'': [],
			'-': []
		});
	});

	it('refuses an unknown audience and names it', () => {
		expect(normaliseAudience('Betroffene und Fachleute')).toEqual({
			ok: false,
			code: 'import_invalid_audience',
			params: { value: 'Fachleute' }
		});
	});

	it('formats audiences as the import reads them back', () => {
		expect(formatAudience(['relatives', 'affected'], 'de')).toBe('Betroffene und Angehörige');
		expect(formatAudience(['affected', 'parents', 'young_people'], 'de')).toBe('Betroffene, Eltern und Junge Menschen');
		expect(formatAudience(['young_people'], 'en')).toBe('young people');
		expect(formatAudience([], 'de')).toBe('');
	});
});

describe('normaliseFormat', () => {
	it('reads the "Online" column and other everyday wording', () => {
		expectValues(normaliseFormat, {
			ja: 'online',
			Ja: 'online',
			nein: 'in_person',
			hybrid: 'hybrid',
			Hybrid: 'hybrid',
			'': 'in_person',
			x: 'online',
			'✓': 'online',
			Präsenz: 'in_person',
			'in Präsenz': 'in_person',
			'vor Ort': 'in_person',
			digital: 'online',
			'nur online': 'online',
			'online und vor Ort': 'hybrid',
			'Präsenz/Online': 'hybrid',
			beides: 'hybrid',
			'ja, über Zoom': 'online',
			'in person': 'in_person'
		});
	});

	it('refuses text that is no format', () => {
		expectRefused(normaliseFormat, 'import_invalid_format', ['vielleicht', 'Montag']);
	});

	it('formats as ja/nein/hybrid in German and online/in person/hybrid in English', () => {
		expect(['online', 'in_person', 'hybrid'].map((f) => formatFormat(f as 'online', 'de'))).toEqual(['ja', 'nein', 'hybrid']);
		expect(formatFormat('in_person', 'en')).toBe('in person');
	});
});

describe('normaliseAccessibility', () => {
	it('reads ja/nein/teilweise and everyday variants; empty is unknown', () => {
		expectValues(normaliseAccessibility, {
			ja: 'yes',
			nein: 'no',
			teilweise: 'partial',
			'': 'unknown',
			'k. A.': 'unknown',
			unbekannt: 'unknown',
			rollstuhlgerecht: 'yes',
			'Ja (Aufzug vorhanden)': 'yes',
			'ja, mit Aufzug': 'yes',
			'nicht barrierefrei': 'no',
			eingeschränkt: 'partial',
			barrierearm: 'partial',
			'teilw.': 'partial',
			X: 'yes'
		});
	});

	it('refuses other text', () => {
		expectRefused(normaliseAccessibility, 'import_invalid_accessibility', ['vielleicht', 'Erdgeschoss links']);
	});

	it('formats yes/no/partial and leaves unknown empty', () => {
		expect(formatAccessibility('partial', 'de')).toBe('teilweise');
		expect(formatAccessibility('yes', 'en')).toBe('yes');
		expect(formatAccessibility('unknown', 'de')).toBe('');
	});
});

describe('normaliseLanguages', () => {
	it('reads German language names as ISO 639-1 codes', () => {
		expectValues(normaliseLanguages, {
			Deutsch: ['de'],
			'Deutsch, Englisch': ['de', 'en'],
			'Türkisch und Deutsch': ['tr', 'de'],
			'Arabisch / Russisch / Ukrainisch / Polnisch': ['ar', 'ru', 'uk', 'pl'],
			'Farsi, Dari': ['fa'],
			Persisch: ['fa'],
			Paschtu: ['ps'],
			'Kurdisch (Kurmanci)': ['ku'],
			Tigrinya: ['ti'],
			'Somali; Französisch': ['so', 'fr'],
			tuerkisch: ['tr'],
			deutschsprachig: ['de'],
			'auf Englisch': ['en'],
			'Deutsche Gebärdensprache': ['dgs'],
			DGS: ['dgs'],
			'German, English': ['de', 'en'],
			'de, EN, tr': ['de', 'en', 'tr'],
			'Deutsch, Deutsch': ['de'],
			'': ['de']
		});
	});

	it('knows at least 40 languages, each by its German and English name and its code', () => {
		const codes = Object.keys(LANGUAGE_NAMES);
		expect(codes.length).toBeGreaterThanOrEqual(40);
		for (const code of codes) {
			const names = LANGUAGE_NAMES[code]!;
			expect(value(normaliseLanguages(names.de))).toEqual([code]);
			expect(value(normaliseLanguages(names.en))).toEqual([code]);
			expect(value(normaliseLanguages(code))).toEqual([code]);
		}
		for (const code of codes.filter((c) => c !== 'dgs' && c !== 'rom')) expect(code).toMatch(/^[a-z]{2}$/);
	});

	it('refuses an unknown language and names it', () => {
		expect(normaliseLanguages('Deutsch, Klingonisch')).toEqual({
			ok: false,
			code: 'import_invalid_language',
			params: { value: 'Klingonisch' }
		});
	});

	it('formats codes as language names', () => {
		expect(formatLanguages(['de', 'tr', 'dgs'], 'de')).toBe('Deutsch, Türkisch, Deutsche Gebärdensprache');
		expect(formatLanguages(['de', 'uk'], 'en')).toBe('German, Ukrainian');
	});
});

describe('normaliseContactMode', () => {
	it('reads relay and office wording; empty is the office, the safe default', () => {
		expectValues(normaliseContactMode, {
			Weiterleitung: 'relay',
			'über die Gruppe': 'relay',
			direkt: 'relay',
			'Weiterleitung an die Gruppe': 'relay',
			'über Kontaktstelle': 'office',
			'über die Kontaktstelle': 'office',
			Kontaktstelle: 'office',
			KISS: 'office',
			'über KISS': 'office',
			'': 'office'
		});
	});

	it('refuses other text', () => {
		expectRefused(normaliseContactMode, 'import_invalid_contact_mode', ['Brieftaube']);
	});

	it('formats as Weiterleitung / über Kontaktstelle', () => {
		expect(formatContactMode('relay', 'de')).toBe('Weiterleitung');
		expect(formatContactMode('office', 'de')).toBe('über Kontaktstelle');
	});
});

describe('normaliseStatus', () => {
	it('reads the lifecycle states and their everyday names; empty is active', () => {
		expectValues(normaliseStatus, {
			Interesse: 'interest',
			'in Gründung': 'founding',
			Gründung: 'founding',
			Neugründung: 'founding',
			'in Gruendung': 'founding',
			aktiv: 'active',
			Aktiv: 'active',
			'aktiv seit 2019': 'active',
			pausiert: 'paused',
			ruht: 'paused',
			aufgelöst: 'dissolved',
			beendet: 'dissolved',
			'': 'active'
		});
	});

	it('refuses other text', () => {
		expectRefused(normaliseStatus, 'import_invalid_status', ['veröffentlicht', 'unklar']);
	});

	it('formats the German status words', () => {
		expect(['interest', 'founding', 'active', 'paused', 'dissolved'].map((s) => formatStatus(s as 'active', 'de'))).toEqual([
			'Interesse',
			'in Gründung',
			'aktiv',
			'pausiert',
			'aufgelöst'
		]);
	});
});

describe('normaliseAddressVisibility', () => {
	it('reads ja/ungefähr/nein and variants; empty is approximate', () => {
		expectValues(normaliseAddressVisibility, {
			ja: 'public',
			öffentlich: 'public',
			ungefähr: 'approximate',
			'nur Ort': 'approximate',
			nein: 'hidden',
			'nicht veröffentlichen': 'hidden',
			'': 'approximate'
		});
		expectRefused(normaliseAddressVisibility, 'import_invalid_address_visibility', ['manchmal']);
		expect(formatAddressVisibility('approximate', 'de')).toBe('ungefähr');
	});
});

describe('normaliseAcceptingMembers', () => {
	it('reads ja/nein, offen/geschlossen, x and free places; empty is yes', () => {
		expectValues(normaliseAcceptingMembers, {
			ja: true,
			nein: false,
			offen: true,
			geschlossen: false,
			'geschlossene Gruppe': false,
			x: true,
			'3': true,
			'0': false,
			WAHR: true,
			FALSCH: false,
			'': true
		});
		expectRefused(normaliseAcceptingMembers, 'import_invalid_accepting_members', ['manchmal']);
		expect(formatAcceptingMembers(false, 'de')).toBe('nein');
	});
});

describe('normalisePostalCode', () => {
	it('keeps five digits, pads four digits, strips a D- prefix and spaces', () => {
		expectValues(normalisePostalCode, {
			'04109': '04109',
			'4109': '04109',
			'1067': '01067',
			'D-01067': '01067',
			'D 01067': '01067',
			' 10 115 ': '10115',
			'': ''
		});
	});

	it('refuses what is not a German postal code', () => {
		expectRefused(normalisePostalCode, 'import_invalid_postal_code', ['123', '123456', 'Leipzig', 'A-1010', '0410g']);
		expect(normalisePostalCode('123')).toEqual({ ok: false, code: 'import_invalid_postal_code', params: { value: '123' } });
	});
});

describe('normaliseEmail', () => {
	it('accepts practical addresses, lower-cased, and unwraps mailto: and "Name <…>"', () => {
		expectValues(normaliseEmail, {
			'Info@SHG-Leipzig.de': 'info@shg-leipzig.de',
			'mailto:kontakt@example.org': 'kontakt@example.org',
			'SHG Mut <mut@example.org>': 'mut@example.org',
			'vorname.nachname+shg@mail.example.co.uk': 'vorname.nachname+shg@mail.example.co.uk',
			'info@müller-shg.de': 'info@müller-shg.de',
			'': ''
		});
	});

	it('refuses what is not one e-mail address', () => {
		expectRefused(normaliseEmail, 'import_invalid_email', [
			'info',
			'info@',
			'info@example',
			'@example.org',
			'info@@example.org',
			'in fo@example.org',
			'a@example.org, b@example.org',
			'info..x@example.org',
			'info@example.123'
		]);
	});
});

describe('normalisePhone', () => {
	it('keeps digits, spaces, +, /, - and brackets and drops a leading label', () => {
		expectValues(normalisePhone, {
			'0341 123456': '0341 123456',
			'+49 (0)341 / 123 45-6': '+49 (0)341 / 123 45-6',
			'Tel.: 0341 123456': '0341 123456',
			'0341–123456': '0341-123456',
			'': ''
		});
	});

	it('refuses text, too few digits and several numbers in words', () => {
		expectRefused(normalisePhone, 'import_invalid_phone', ['nur per Mail', '1234', '0341 123456 oder 0171 1234567', '0341 12345 (AB)']);
	});
});

describe('normaliseWebsite', () => {
	it('adds https:// when missing and keeps a valid address', () => {
		expectValues(normaliseWebsite, {
			'www.shg-leipzig.de': 'https://www.shg-leipzig.de',
			'http://example.org/gruppe?id=1': 'http://example.org/gruppe?id=1',
			'https://example.org': 'https://example.org',
			'': ''
		});
	});

	it('refuses what is no web address', () => {
		expectRefused(normaliseWebsite, 'import_invalid_website', [
			'keine Website',
			'localhost',
			'mailto:info@example.org',
			'ftp://example.org',
			'https://'
		]);
	});
});

describe('normaliseTopics', () => {
	it('splits on commas, semicolons, line breaks and slashes into unique labels', () => {
		expectValues(normaliseTopics, {
			'Depression, Angst; Panik\nSucht': ['Depression', 'Angst', 'Panik', 'Sucht'],
			'Depression/Angst': ['Depression', 'Angst'],
			'Trauer/Verlust; Sucht': ['Trauer/Verlust', 'Sucht'],
			'Angst, angst , ANGST': ['Angst'],
			'Angst und Panik': ['Angst und Panik'],
			'': []
		});
	});

	it('round-trips a single label with a slash', () => {
		expect(value(normaliseTopics(formatTopics(['Ess-/Brechsucht'])))).toEqual(['Ess-/Brechsucht']);
		expect(value(normaliseTopics(formatTopics(['Angst', 'Trauer/Verlust'])))).toEqual(['Angst', 'Trauer/Verlust']);
	});

	it('refuses an overlong label and too many labels', () => {
		expectRefused(normaliseTopics, 'import_invalid_topics', ['x'.repeat(101)]);
		expectRefused(normaliseTopics, 'import_too_many_topics', [Array.from({ length: 25 }, (_, i) => `Thema ${i}`).join(', ')]);
	});
});

describe('normaliseName and normaliseText', () => {
	it('requires a name of 2 to 200 characters', () => {
		expect(value(normaliseName('  SHG   Angst  '))).toBe('SHG Angst');
		expect(normaliseName('')).toEqual({ ok: false, code: 'import_missing_name' });
		expect(normaliseName('-').ok).toBe(false);
		expectRefused(normaliseName, 'import_invalid_name', ['A', 'x'.repeat(201)]);
	});

	it('trims free text, keeps line breaks and refuses overlong text', () => {
		expect(value(normaliseText('  Zeile 1\r\nZeile 2 ', 100))).toBe('Zeile 1\nZeile 2');
		expect(normaliseText('x'.repeat(11), 10)).toEqual({ ok: false, code: 'import_too_long', params: { max: '10' } });
	});
});

describe('normaliseId', () => {
	it('accepts the UUID the export writes and refuses other ids', () => {
		expect(value(normaliseId('0B5E7C1A-6F0D-4E7B-9C55-2B9A1F3D4E5F'))).toBe('0b5e7c1a-6f0d-4e7b-9c55-2b9a1f3d4e5f');
		expect(value(normaliseId(''))).toBe('');
		expectRefused(normaliseId, 'import_invalid_id', ['17', 'abc']);
	});
});

describe('IMPORT_ISSUE_CODES', () => {
	it('names every code as import_<something>, once', () => {
		expect(new Set(IMPORT_ISSUE_CODES).size).toBe(IMPORT_ISSUE_CODES.length);
		for (const code of IMPORT_ISSUE_CODES) expect(code).toMatch(/^import_[a-z_]+$/);
	});
});
