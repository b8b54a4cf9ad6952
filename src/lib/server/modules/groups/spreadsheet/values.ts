import {
	AUDIENCES,
	GROUP_LIMITS,
	type AddressVisibility,
	type Audience,
	type ContactMode,
	type GroupFormat,
	type LifecycleState,
	type StepFree
} from '../../../../schemas/group.js';
import { LIMITS } from '../../../../schemas/common.js';
import { dictionary, isBlank, lookup, valueKey, withoutBrackets } from './normalize.js';

/**
 * Normalisers from everyday spreadsheet text to model values, and their inverse formatters for
 * the export (German or English), so that export → import gives back the same values.
 * Every normaliser trims, treats "-", "k. A.", "n/a" … as empty, and never throws.
 */

export const IMPORT_ISSUE_CODES = [
	'import_missing_name',
	'import_invalid_name',
	'import_invalid_topics',
	'import_too_many_topics',
	'import_invalid_audience',
	'import_invalid_format',
	'import_invalid_accessibility',
	'import_invalid_language',
	'import_invalid_contact_mode',
	'import_invalid_status',
	'import_invalid_address_visibility',
	'import_invalid_accepting_members',
	'import_invalid_postal_code',
	'import_invalid_email',
	'import_invalid_phone',
	'import_invalid_website',
	'import_invalid_id',
	'import_too_long',
	'import_missing_place'
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

export type Normalised<T> = { ok: true; value: T } | { ok: false; code: ImportIssueCode; params?: Record<string, string> };
export type Locale = 'de' | 'en';
export type Accessibility = StepFree;

/** Length limits of the free-text fields (aligned with the group form's limits). */
export const FIELD_LIMITS = {
	name: LIMITS.short,
	description: GROUP_LIMITS.description,
	firstVisit: GROUP_LIMITS.firstVisit,
	meeting: 500,
	street: LIMITS.short,
	city: 100,
	contactName: LIMITS.name,
	website: LIMITS.short,
	email: LIMITS.email,
	phone: 60,
	topic: 100,
	/** thesaurus topics and free keywords together */
	topics: GROUP_LIMITS.topics + GROUP_LIMITS.keywords
} as const;

/**
 * Remembers the results of the value normalisers: a spreadsheet repeats "ja", "aktiv" or
 * "Deutsch" thousands of times. Bounded; arrays are copied so that callers may change them.
 */
function memoised<T>(normalise: (text: string) => Normalised<T>): (text: string) => Normalised<T> {
	const cache = new Map<string, Normalised<T>>();
	return (text) => {
		let result = cache.get(text);
		if (result === undefined) {
			result = normalise(text);
			if (cache.size >= 5000) cache.clear();
			cache.set(text, result);
		}
		return result.ok && Array.isArray(result.value) ? { ok: true, value: [...result.value] as T } : result;
	};
}

const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
const fail = <T>(code: ImportIssueCode, params?: Record<string, string>): Normalised<T> =>
	params ? { ok: false, code, params } : { ok: false, code };

const YES = ['ja', 'j', 'yes', 'y', 'x', 'true', 'wahr', '1'];
const NO = ['nein', 'n', 'no', 'false', 'falsch', '0'];
const TICKS = new Set(['x', 'X', '✓', '✔', '☑', '☒']);

/** Splits a list cell: "Betroffene und Angehörige", "Deutsch, Englisch / Türkisch", "Eltern + Kinder". */
function splitList(text: string): string[] {
	return text
		.replace(/(\p{L})[*:_/](?:innen|in|r|n)\b/gu, '$1') // Angehörige/r, Betroffene*r, Teilnehmer:innen
		.replace(/(\p{L})\((?:innen|in|r|n)\)/gu, '$1') // Angehörige(r)
		.split(/[,;/+&\n]|\s+(?:und|u\.|oder|sowie|and|or)\s+/i)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

// ---------------------------------------------------------------- name, text fields

/** The group's name: required, 2–200 characters, inner whitespace collapsed. */
export function normaliseName(text: string): Normalised<string> {
	const value = text.trim().replace(/\s+/g, ' ');
	if (isBlank(value)) return fail('import_missing_name');
	if (value.length < 2 || value.length > FIELD_LIMITS.name) return fail('import_invalid_name', { value: value.slice(0, 80) });
	return ok(value);
}

/** Free text (description, meeting times, street …): trimmed, Windows line ends made plain, with a length limit. */
export function normaliseText(text: string, max: number): Normalised<string> {
	const value = text.replace(/\r\n?/g, '\n').trim();
	if (isBlank(value)) return ok('');
	if (value.length > max) return fail('import_too_long', { max: String(max) });
	return ok(value);
}

// ---------------------------------------------------------------- topics

/**
 * Topic labels as written (the thesaurus match happens in the import service): split on commas,
 * semicolons and line breaks, and on "/" when the cell has none of those ("Depression/Angst").
 * Unique, case-insensitively; first spelling kept.
 */
export function normaliseTopics(text: string): Normalised<string[]> {
	if (isBlank(text)) return ok([]);
	const parts = /[,;\n]/.test(text) ? text.split(/[,;\n]/) : text.split('/');
	const seen = new Set<string>();
	const labels: string[] = [];
	for (const part of parts) {
		const label = part.trim().replace(/\s+/g, ' ');
		if (label === '' || seen.has(label.toLocaleLowerCase('de'))) continue;
		if (label.length > FIELD_LIMITS.topic) return fail('import_invalid_topics', { value: label.slice(0, 80) });
		seen.add(label.toLocaleLowerCase('de'));
		labels.push(label);
	}
	if (labels.length > FIELD_LIMITS.topics) return fail('import_too_many_topics', { max: String(FIELD_LIMITS.topics) });
	return ok(labels);
}

/** Topic labels for the export; a single label with a "/" gets a trailing ";" so that it is not split again. */
export function formatTopics(labels: readonly string[]): string {
	if (labels.length === 1 && labels[0]!.includes('/')) return `${labels[0]};`;
	return labels.join('; ');
}

// ---------------------------------------------------------------- audience

const AUDIENCE_NAMES = dictionary<Audience | 'all'>([
	[
		'affected',
		[
			'Betroffene',
			'Betroffener',
			'Betroffenen',
			'betroffen',
			'Selbstbetroffene',
			'selbst Betroffene',
			'direkt Betroffene',
			'Erkrankte',
			'Erkrankten',
			'Patienten',
			'Patientinnen',
			'affected',
			'people affected',
			'affected people'
		]
	],
	[
		'relatives',
		[
			'Angehörige',
			'Angehöriger',
			'Angehörigen',
			'Familienangehörige',
			'pflegende Angehörige',
			'Zugehörige',
			'Familie',
			'Familien',
			'Partner',
			'Partnerinnen',
			'relatives',
			'relative',
			'family',
			'families',
			'carers'
		]
	],
	[
		'parents',
		['Eltern', 'Elternteil', 'Elternteile', 'betroffene Eltern', 'verwaiste Eltern', 'Mütter', 'Väter', 'parents', 'mothers', 'fathers']
	],
	[
		'young_people',
		[
			'junge Menschen',
			'Jugendliche',
			'Jugendlichen',
			'junge Erwachsene',
			'junge Erwachsenen',
			'junge Leute',
			'Kinder',
			'Teenager',
			'U25',
			'U 25',
			'U30',
			'young people',
			'young_people',
			'young adults',
			'youth',
			'children'
		]
	],
	['all', ['alle', 'offen für alle', 'jede', 'jeder', 'alle Interessierten', 'Interessierte', 'everyone', 'all']]
]);

/**
 * Audience: Betroffene, Angehörige, "Betroffene und Angehörige", Eltern, Junge Menschen (also
 * Jugendliche, junge Erwachsene …), as a list. "alle" and an empty cell mean no restriction ([]).
 * The result is in canonical order.
 */
export const normaliseAudience = memoised(function normaliseAudience(text: string): Normalised<Audience[]> {
	if (isBlank(text)) return ok([]);
	const found = new Set<Audience>();
	for (const part of splitList(text)) {
		const value = lookup(AUDIENCE_NAMES, part);
		if (value === undefined) return fail('import_invalid_audience', { value: part });
		if (value !== 'all') found.add(value);
	}
	return ok(AUDIENCES.filter((audience) => found.has(audience)));
});

const AUDIENCE_LABELS: Record<Audience, Record<Locale, string>> = {
	affected: { de: 'Betroffene', en: 'people affected' },
	relatives: { de: 'Angehörige', en: 'relatives' },
	parents: { de: 'Eltern', en: 'parents' },
	young_people: { de: 'Junge Menschen', en: 'young people' }
};

/** "Betroffene und Angehörige", "Betroffene, Eltern und Junge Menschen"; empty for no restriction. */
export function formatAudience(values: readonly Audience[], locale: Locale): string {
	const labels = AUDIENCES.filter((audience) => values.includes(audience)).map((audience) => AUDIENCE_LABELS[audience][locale]);
	if (labels.length <= 1) return labels.join('');
	return `${labels.slice(0, -1).join(', ')} ${locale === 'de' ? 'und' : 'and'} ${labels.at(-1)}`;
}

// ---------------------------------------------------------------- format

const FORMAT_NAMES = dictionary<GroupFormat>([
	[
		'online',
		[
			...YES,
			'online',
			'nur online',
			'Online-Gruppe',
			'Online-Treffen',
			'digital',
			'virtuell',
			'Video',
			'Videokonferenz',
			'Videotreffen',
			'Zoom',
			'Internet'
		]
	],
	[
		'in_person',
		[
			...NO,
			'Präsenz',
			'in Präsenz',
			'Präsenztreffen',
			'vor Ort',
			'persönlich',
			'offline',
			'analog',
			'nicht online',
			'in person',
			'in_person',
			'face to face',
			'on site'
		]
	],
	['hybrid', ['hybrid', 'beides', 'both', 'teilweise', 'teils', 'gemischt', 'wechselnd', 'sowohl als auch', 'teils online']]
]);

/**
 * Format from the "Online" column: ja → online, nein → in person, hybrid; also Präsenz, vor Ort,
 * digital, "online und vor Ort" (→ hybrid), a tick or "x" (→ online). Empty → in person.
 */
export const normaliseFormat = memoised(function normaliseFormat(text: string): Normalised<GroupFormat> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('in_person');
	if (TICKS.has(trimmed)) return ok('online');
	const whole = FORMAT_NAMES.get(valueKey(trimmed)) ?? FORMAT_NAMES.get(valueKey(withoutBrackets(trimmed)));
	if (whole !== undefined) return ok(whole);
	const kinds = new Set(splitList(withoutBrackets(trimmed)).map((part) => FORMAT_NAMES.get(valueKey(part))));
	if (kinds.has('hybrid') || (kinds.has('online') && kinds.has('in_person'))) return ok('hybrid');
	const first = lookup(FORMAT_NAMES, trimmed);
	return first === undefined ? fail('import_invalid_format', { value: trimmed }) : ok(first);
});

const FORMAT_LABELS: Record<GroupFormat, Record<Locale, string>> = {
	online: { de: 'ja', en: 'online' },
	in_person: { de: 'nein', en: 'in person' },
	hybrid: { de: 'hybrid', en: 'hybrid' }
};

/** German: the "Online" column's ja/nein/hybrid; English: online/in person/hybrid. */
export function formatFormat(value: GroupFormat, locale: Locale): string {
	return FORMAT_LABELS[value][locale];
}

// ---------------------------------------------------------------- accessibility

const ACCESSIBILITY_NAMES = dictionary<Accessibility>([
	[
		'yes',
		[
			...YES,
			'barrierefrei',
			'vollständig barrierefrei',
			'rollstuhlgerecht',
			'rollstuhlgeeignet',
			'stufenlos',
			'ebenerdig',
			'Aufzug',
			'Fahrstuhl',
			'accessible',
			'step-free'
		]
	],
	[
		'no',
		[...NO, 'nicht barrierefrei', 'nicht rollstuhlgerecht', 'nicht', 'kein', 'keine', 'Stufen', 'Treppe', 'Treppen', 'not accessible']
	],
	[
		'partial',
		[
			'teilweise',
			'teilw',
			'teils',
			'teilweise barrierefrei',
			'eingeschränkt',
			'eingeschränkt barrierefrei',
			'bedingt',
			'bedingt barrierefrei',
			'barrierearm',
			'mit Hilfe',
			'partial',
			'partially',
			'partly'
		]
	],
	['unknown', ['unbekannt', 'nicht bekannt', 'unklar', 'weiß nicht', 'unknown']]
]);

/** Barrierefrei: ja/nein/teilweise (also rollstuhlgerecht, eingeschränkt, barrierearm …). Empty → unknown. */
export const normaliseAccessibility = memoised(function normaliseAccessibility(text: string): Normalised<Accessibility> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('unknown');
	if (TICKS.has(trimmed)) return ok('yes');
	const value = lookup(ACCESSIBILITY_NAMES, trimmed);
	return value === undefined ? fail('import_invalid_accessibility', { value: trimmed }) : ok(value);
});

const ACCESSIBILITY_LABELS: Record<Accessibility, Record<Locale, string>> = {
	yes: { de: 'ja', en: 'yes' },
	no: { de: 'nein', en: 'no' },
	partial: { de: 'teilweise', en: 'partial' },
	unknown: { de: '', en: '' }
};

/** ja/nein/teilweise (yes/no/partial); unknown is left empty. */
export function formatAccessibility(value: Accessibility, locale: Locale): string {
	return ACCESSIBILITY_LABELS[value][locale];
}

// ---------------------------------------------------------------- languages

/**
 * Languages by code, with German and English names. Codes are ISO 639-1, with two exceptions that
 * have no ISO 639-1 code: `dgs` for German Sign Language (Deutsche Gebärdensprache, its ISO 639-3
 * code) and `rom` for Romani (Romanes, ISO 639-2).
 */
export const LANGUAGE_NAMES: Record<string, { de: string; en: string }> = {
	de: { de: 'Deutsch', en: 'German' },
	en: { de: 'Englisch', en: 'English' },
	tr: { de: 'Türkisch', en: 'Turkish' },
	ar: { de: 'Arabisch', en: 'Arabic' },
	ru: { de: 'Russisch', en: 'Russian' },
	uk: { de: 'Ukrainisch', en: 'Ukrainian' },
	pl: { de: 'Polnisch', en: 'Polish' },
	ro: { de: 'Rumänisch', en: 'Romanian' },
	it: { de: 'Italienisch', en: 'Italian' },
	el: { de: 'Griechisch', en: 'Greek' },
	hr: { de: 'Kroatisch', en: 'Croatian' },
	sr: { de: 'Serbisch', en: 'Serbian' },
	bs: { de: 'Bosnisch', en: 'Bosnian' },
	sq: { de: 'Albanisch', en: 'Albanian' },
	ku: { de: 'Kurdisch', en: 'Kurdish' },
	fa: { de: 'Persisch', en: 'Persian' },
	ps: { de: 'Paschtu', en: 'Pashto' },
	fr: { de: 'Französisch', en: 'French' },
	es: { de: 'Spanisch', en: 'Spanish' },
	pt: { de: 'Portugiesisch', en: 'Portuguese' },
	vi: { de: 'Vietnamesisch', en: 'Vietnamese' },
	zh: { de: 'Chinesisch', en: 'Chinese' },
	ti: { de: 'Tigrinya', en: 'Tigrinya' },
	so: { de: 'Somali', en: 'Somali' },
	bg: { de: 'Bulgarisch', en: 'Bulgarian' },
	hu: { de: 'Ungarisch', en: 'Hungarian' },
	cs: { de: 'Tschechisch', en: 'Czech' },
	sk: { de: 'Slowakisch', en: 'Slovak' },
	sl: { de: 'Slowenisch', en: 'Slovenian' },
	mk: { de: 'Mazedonisch', en: 'Macedonian' },
	nl: { de: 'Niederländisch', en: 'Dutch' },
	da: { de: 'Dänisch', en: 'Danish' },
	sv: { de: 'Schwedisch', en: 'Swedish' },
	no: { de: 'Norwegisch', en: 'Norwegian' },
	fi: { de: 'Finnisch', en: 'Finnish' },
	lt: { de: 'Litauisch', en: 'Lithuanian' },
	lv: { de: 'Lettisch', en: 'Latvian' },
	et: { de: 'Estnisch', en: 'Estonian' },
	be: { de: 'Belarussisch', en: 'Belarusian' },
	he: { de: 'Hebräisch', en: 'Hebrew' },
	yi: { de: 'Jiddisch', en: 'Yiddish' },
	hy: { de: 'Armenisch', en: 'Armenian' },
	ka: { de: 'Georgisch', en: 'Georgian' },
	az: { de: 'Aserbaidschanisch', en: 'Azerbaijani' },
	kk: { de: 'Kasachisch', en: 'Kazakh' },
	uz: { de: 'Usbekisch', en: 'Uzbek' },
	hi: { de: 'Hindi', en: 'Hindi' },
	ur: { de: 'Urdu', en: 'Urdu' },
	bn: { de: 'Bengalisch', en: 'Bengali' },
	ta: { de: 'Tamil', en: 'Tamil' },
	pa: { de: 'Panjabi', en: 'Punjabi' },
	ja: { de: 'Japanisch', en: 'Japanese' },
	ko: { de: 'Koreanisch', en: 'Korean' },
	th: { de: 'Thailändisch', en: 'Thai' },
	tl: { de: 'Tagalog', en: 'Tagalog' },
	id: { de: 'Indonesisch', en: 'Indonesian' },
	am: { de: 'Amharisch', en: 'Amharic' },
	sw: { de: 'Swahili', en: 'Swahili' },
	rom: { de: 'Romanes', en: 'Romani' },
	dgs: { de: 'Deutsche Gebärdensprache', en: 'German Sign Language' }
};

/** Other everyday names of languages, beside the German and English names and the codes. */
const LANGUAGE_ALIASES: Record<string, string[]> = {
	de: ['deutsche Sprache', 'Hochdeutsch', 'deu', 'ger'],
	en: ['eng'],
	tr: ['tur'],
	ar: ['ara'],
	ru: ['rus'],
	uk: ['ukr'],
	ro: ['Moldauisch'],
	ku: ['Kurmanci', 'Kurmandschi', 'Kurmanji', 'Sorani'],
	fa: ['Farsi', 'Dari', 'Persian (Farsi)'],
	ps: ['Paschto', 'Paschtunisch', 'Pashtu'],
	pt: ['Brasilianisch', 'brasilianisches Portugiesisch'],
	zh: ['Mandarin', 'Kantonesisch', 'Cantonese'],
	ti: ['Tigrinisch', 'Tigrigna'],
	so: ['Somalisch'],
	mk: ['Makedonisch'],
	nl: ['Holländisch', 'Flämisch', 'Flemish'],
	be: ['Weißrussisch', 'Belarusian'],
	he: ['Iwrit', 'Ivrit'],
	bn: ['Bangla'],
	pa: ['Pandschabi', 'Punjabi'],
	th: ['Thai'],
	tl: ['Filipino'],
	sw: ['Suaheli', 'Kisuaheli'],
	rom: ['Romani', 'Romani chib', 'Romanes'],
	dgs: ['DGS', 'Gebärdensprache', 'Gebärden', 'Gebärdensprachdolmetschung', 'sign language', 'GSL']
};

const LANGUAGE_LOOKUP = dictionary<string>(
	Object.entries(LANGUAGE_NAMES).map(([code, names]) => [code, [code, names.de, names.en, ...(LANGUAGE_ALIASES[code] ?? [])]] as const)
);

/**
 * Languages from German (or English) names, or codes: "Deutsch, Türkisch" → ['de', 'tr'];
 * "deutschsprachig" and "auf Englisch" work too. Order kept, duplicates dropped. Empty → ['de'].
 */
export const normaliseLanguages = memoised(function normaliseLanguages(text: string): Normalised<string[]> {
	if (isBlank(text)) return ok(['de']);
	const codes: string[] = [];
	for (const part of splitList(text)) {
		const code =
			LANGUAGE_LOOKUP.get(valueKey(part).replace(/sprachig$/, '')) ??
			LANGUAGE_LOOKUP.get(valueKey(withoutBrackets(part)).replace(/sprachig$/, ''));
		if (code === undefined) return fail('import_invalid_language', { value: part });
		if (!codes.includes(code)) codes.push(code);
	}
	return ok(codes.length > 0 ? codes : ['de']);
});

/** "Deutsch, Türkisch" (German, Turkish); an unknown code is written as it is. */
export function formatLanguages(codes: readonly string[], locale: Locale): string {
	return codes.map((code) => LANGUAGE_NAMES[code]?.[locale] ?? code).join(', ');
}

// ---------------------------------------------------------------- contact mode

const CONTACT_MODE_NAMES = dictionary<ContactMode>([
	[
		'relay',
		[
			'Weiterleitung',
			'Weiterleitung an die Gruppe',
			'weiterleiten',
			'über die Gruppe',
			'direkt',
			'direkt an die Gruppe',
			'Direktkontakt',
			'direkter Kontakt',
			'Ansprechperson',
			'Kontaktperson',
			'relay',
			'relay to the group',
			'direct',
			'group'
		]
	],
	[
		'office',
		[
			'über Kontaktstelle',
			'über die Kontaktstelle',
			'Kontaktstelle',
			'Selbsthilfekontaktstelle',
			'KISS',
			'über KISS',
			'KIBIS',
			'SEKIS',
			'Kontaktstelle/KISS',
			'über uns',
			'Büro',
			'office',
			'contact point',
			'via contact point',
			'via the contact point',
			'contact office'
		]
	]
]);

/**
 * Kontaktweg: Weiterleitung / über die Gruppe / direkt → relay; über (die) Kontaktstelle / KISS →
 * office. Empty → office, the safe default for sensitive topics.
 */
export const normaliseContactMode = memoised(function normaliseContactMode(text: string): Normalised<ContactMode> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('office');
	const value = lookup(CONTACT_MODE_NAMES, trimmed);
	return value === undefined ? fail('import_invalid_contact_mode', { value: trimmed }) : ok(value);
});

const CONTACT_MODE_LABELS: Record<ContactMode, Record<Locale, string>> = {
	relay: { de: 'Weiterleitung', en: 'relay to the group' },
	office: { de: 'über Kontaktstelle', en: 'via contact point' }
};

export function formatContactMode(value: ContactMode, locale: Locale): string {
	return CONTACT_MODE_LABELS[value][locale];
}

// ---------------------------------------------------------------- status

const STATUS_NAMES = dictionary<LifecycleState>([
	['interest', ['Interesse', 'Gründungsinteresse', 'Interessent', 'Interessenten', 'interessiert', 'in Planung', 'geplant', 'interest']],
	['founding', ['in Gründung', 'Gründung', 'Neugründung', 'Gründungsphase', 'im Aufbau', 'founding', 'in founding']],
	['active', ['aktiv', 'aktive Gruppe', 'läuft', 'besteht', 'bestehend', 'active']],
	['paused', ['pausiert', 'pausierend', 'Pause', 'ruht', 'ruhend', 'ruhend gestellt', 'inaktiv', 'unterbrochen', 'paused']],
	['dissolved', ['aufgelöst', 'beendet', 'eingestellt', 'aufgegeben', 'nicht mehr aktiv', 'existiert nicht mehr', 'dissolved', 'ended']]
]);

/** Status: Interesse, in Gründung, aktiv, pausiert (ruht), aufgelöst (beendet). Empty → active. */
export const normaliseStatus = memoised(function normaliseStatus(text: string): Normalised<LifecycleState> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('active');
	const value = lookup(STATUS_NAMES, trimmed);
	return value === undefined ? fail('import_invalid_status', { value: trimmed }) : ok(value);
});

const STATUS_LABELS: Record<LifecycleState, Record<Locale, string>> = {
	interest: { de: 'Interesse', en: 'interest' },
	founding: { de: 'in Gründung', en: 'founding' },
	active: { de: 'aktiv', en: 'active' },
	paused: { de: 'pausiert', en: 'paused' },
	dissolved: { de: 'aufgelöst', en: 'dissolved' }
};

export function formatStatus(value: LifecycleState, locale: Locale): string {
	return STATUS_LABELS[value][locale];
}

// ---------------------------------------------------------------- address visibility

const ADDRESS_VISIBILITY_NAMES = dictionary<AddressVisibility>([
	['public', [...YES, 'öffentlich', 'veröffentlichen', 'vollständig', 'volle Adresse', 'Adresse', 'sichtbar', 'anzeigen', 'public']],
	[
		'approximate',
		[
			'ungefähr',
			'ungefähre Lage',
			'grob',
			'teilweise',
			'nur Ort',
			'nur PLZ',
			'nur PLZ und Ort',
			'PLZ und Ort',
			'nur Stadt',
			'Stadtteil',
			'approximate',
			'approximately',
			'town only'
		]
	],
	[
		'hidden',
		[
			...NO,
			'nicht veröffentlichen',
			'nicht öffentlich',
			'nicht anzeigen',
			'versteckt',
			'verborgen',
			'geheim',
			'intern',
			'keine',
			'auf Anfrage',
			'hidden',
			'private'
		]
	]
]);

/** Adresse veröffentlichen: ja/öffentlich → public; ungefähr/nur Ort → approximate; nein → hidden. Empty → approximate. */
export const normaliseAddressVisibility = memoised(function normaliseAddressVisibility(text: string): Normalised<AddressVisibility> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('approximate');
	if (TICKS.has(trimmed)) return ok('public');
	const value = lookup(ADDRESS_VISIBILITY_NAMES, trimmed);
	return value === undefined ? fail('import_invalid_address_visibility', { value: trimmed }) : ok(value);
});

const ADDRESS_VISIBILITY_LABELS: Record<AddressVisibility, Record<Locale, string>> = {
	public: { de: 'ja', en: 'yes' },
	approximate: { de: 'ungefähr', en: 'approximate' },
	hidden: { de: 'nein', en: 'no' }
};

export function formatAddressVisibility(value: AddressVisibility, locale: Locale): string {
	return ADDRESS_VISIBILITY_LABELS[value][locale];
}

// ---------------------------------------------------------------- accepting members

const ACCEPTING_NAMES = dictionary<boolean>([
	[true, [...YES, 'offen', 'offene Gruppe', 'willkommen', 'gerne', 'Aufnahme möglich', 'open']],
	[
		false,
		[
			...NO,
			'geschlossen',
			'geschlossene Gruppe',
			'voll',
			'ausgebucht',
			'keine',
			'derzeit nicht',
			'aktuell nicht',
			'zurzeit nicht',
			'Aufnahmestopp',
			'Warteliste',
			'closed',
			'full'
		]
	]
]);

/** Neue Mitglieder willkommen: ja/nein, offen/geschlossen, "x"; a number of free places (0 → no). Empty → yes. */
export const normaliseAcceptingMembers = memoised(function normaliseAcceptingMembers(text: string): Normalised<boolean> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok(true);
	if (TICKS.has(trimmed)) return ok(true);
	if (/^\d{1,4}$/.test(trimmed)) return ok(Number(trimmed) > 0);
	const value = lookup(ACCEPTING_NAMES, trimmed);
	return value === undefined ? fail('import_invalid_accepting_members', { value: trimmed }) : ok(value);
});

export function formatAcceptingMembers(value: boolean, locale: Locale): string {
	if (locale === 'en') return value ? 'yes' : 'no';
	return value ? 'ja' : 'nein';
}

// ---------------------------------------------------------------- postal code, e-mail, phone, website, id

/** German postal code: five digits; four digits get a leading zero (Excel drops it); "D-" prefix removed. */
export function normalisePostalCode(text: string): Normalised<string> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('');
	const digits = trimmed.replace(/\s+/g, '').replace(/^(?:de?)[-–]?/i, '');
	if (/^\d{5}$/.test(digits)) return ok(digits);
	if (/^\d{4}$/.test(digits)) return ok(`0${digits}`);
	return fail('import_invalid_postal_code', { value: trimmed });
}

const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@(?:[^\s@<>()[\]\\,;:".]+\.)+[^\s@<>()[\]\\,;:".\d]{2,}$/u;

/** E-mail address: a practical check (one address, local part, dot in the domain), lower-cased; "mailto:" and "Name <…>" unwrapped. */
export function normaliseEmail(text: string): Normalised<string> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('');
	const inner = /<([^<>]+)>\s*$/.exec(trimmed)?.[1] ?? trimmed;
	const value = inner
		.trim()
		.replace(/^mailto:/i, '')
		.toLowerCase();
	const local = value.split('@')[0] ?? '';
	const valid =
		value.length <= FIELD_LIMITS.email &&
		local.length <= 64 &&
		EMAIL_PATTERN.test(value) &&
		!value.includes('..') &&
		!local.startsWith('.') &&
		!local.endsWith('.');
	return valid ? ok(value) : fail('import_invalid_email', { value: trimmed });
}

/** Phone number: digits, spaces, +, /, -, (); at least 5 digits; a leading "Tel.:" is dropped. */
export function normalisePhone(text: string): Normalised<string> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('');
	const value = trimmed
		.replace(/^(?:tel(?:efon)?|fon|handy|mobil|mobile|phone)\.?\s*:?\s*/i, '')
		.replace(/[–—]/g, '-')
		.replace(/\s+/g, ' ')
		.trim();
	const digits = value.replace(/\D/g, '').length;
	const valid =
		/^\+?[\d\s/()-]+$/.test(value) && digits >= 5 && digits <= 20 && value.length <= FIELD_LIMITS.phone && /\d/.test(value.at(-1) ?? '');
	return valid ? ok(value) : fail('import_invalid_phone', { value: trimmed });
}

/** Website: "https://" added when no scheme is given; must be an http(s) address with a dotted host name. */
export function normaliseWebsite(text: string): Normalised<string> {
	const trimmed = text.trim();
	if (isBlank(trimmed)) return ok('');
	const value = /^[a-z][a-z\d+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
	if (/\s/.test(value) || value.length > FIELD_LIMITS.website) return fail('import_invalid_website', { value: trimmed });
	try {
		const url = new URL(value);
		const hostOk = /^[^.]+(\.[^.]+)+$/.test(url.hostname) && !url.hostname.includes('@');
		if ((url.protocol === 'https:' || url.protocol === 'http:') && hostOk && url.username === '' && url.password === '') return ok(value);
	} catch {
		// not a URL: refused below
	}
	return fail('import_invalid_website', { value: trimmed });
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Treffpunkt-ID: the UUID the export writes, so a re-import updates the same group. Empty → none. */
export function normaliseId(text: string): Normalised<string> {
	if (isBlank(text)) return ok('');
	const value = text.trim().toLowerCase();
	return UUID_PATTERN.test(value) ? ok(value) : fail('import_invalid_id', { value: text.trim() });
}
