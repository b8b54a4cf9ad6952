// `npm run bench` (part 3): the public directory (issue 4, DIR-1). A national-scale dataset —
// 100,000 published groups across 300 contact points, places weighted like the population,
// topics skewed like real demand — written straight into a PostgreSQL server with a few big SQL
// statements; then latency (1,000 varied queries, one at a time) and throughput (32 connections)
// of GET /api/v1/groups, each beside its budget and as a ratio to GET /healthz measured in the same
// run; the JavaScript the search and group pages load; how soon a change written by another
// process shows; and the same latency run at office scale (2,000 groups) on the embedded PGlite.
// Needs a build (`npm run build`). BENCH_DATABASE_URL or TEST_DATABASE_URL names the server
// (the user must be allowed to create databases; a fresh database is created and dropped).
// For a quick try: BENCH_DIRECTORY_GROUPS (instead of 100,000), BENCH_DIRECTORY_SECONDS (instead
// of 10 s per throughput run). BENCH_SERVER_FLAGS replaces npm start's node flags (diagnosis only).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';
import { freePort, npmStartFlags, percentiles, root } from './lib.js';

const NATIONAL_GROUPS = Number(process.env.BENCH_DIRECTORY_GROUPS ?? 100_000);
const OFFICE_GROUPS = 2000;
const OFFICES = 300;
const LATENCY_REQUESTS = 1000;
const DISTINCT_QUERIES = 1000;
const THROUGHPUT_QUERIES = 100;
/** for information: this many of the queries cycled to LATENCY_REQUESTS, so that most come from the result cache */
const CYCLED_QUERIES = 300;
const CONNECTIONS = 32;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_DIRECTORY_SECONDS ?? 10);
const BUDGET = {
	pgP50: 10,
	pgP99: 50,
	pgliteP99: 30,
	/** search req/s at least this share of GET /healthz req/s */
	throughputShare: 0.2,
	jsKb: 30,
	freshnessMs: 5000
};

if (!fs.existsSync(path.join(root, 'build', 'handler.js')) || !fs.existsSync(path.join(root, 'build', 'cli', 'main.js'))) {
	console.error('No build found: run `npm run build` first.');
	process.exit(1);
}

// ---------------------------------------------------------------- deterministic invented data

/** A seeded pseudo-random generator (mulberry32): the same data and queries in every run. */
function seeded(/** @type {number} */ seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	/** @template T @param {readonly T[]} list @returns {T} */
	const pick = (list) => /** @type {T} */ (list[Math.floor(next() * list.length)]);
	/** @template T @param {readonly [T, number][]} weighted @returns {T} */
	const weightedPick = (weighted) => {
		let total = 0;
		for (const [, w] of weighted) total += w;
		let r = next() * total;
		for (const [value, w] of weighted) if ((r -= w) < 0) return value;
		return /** @type {[T, number]} */ (weighted.at(-1))[0];
	};
	const int = (/** @type {number} */ min, /** @type {number} */ max) => min + Math.floor(next() * (max - min + 1));
	const uuid = () => {
		let hex = '';
		for (let i = 0; i < 4; i++)
			hex += Math.floor(next() * 2 ** 32)
				.toString(16)
				.padStart(8, '0');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	};
	return { next, pick, weightedPick, int, uuid };
}

const slugify = (/** @type {string} */ text) =>
	text
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');

/** Approximate distance in km (equirectangular; plenty for "within 40 km"). */
function km(/** @type {{ lat: number, lon: number }} */ a, /** @type {{ lat: number, lon: number }} */ b) {
	const x = (b.lon - a.lon) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180)) * 111.32;
	const y = (b.lat - a.lat) * 110.57;
	return Math.sqrt(x * x + y * y);
}

/** @typedef {{ postalCode: string, place: string, state: string, lat: number, lon: number }} PostalCode */

/** The shipped postal-code dataset. Every code covers roughly as many people, so a code drawn at
 *  random lands in a big city as often as people live there. */
function readPostalCodes() {
	const [header, ...lines] = fs
		.readFileSync(path.join(root, 'src/lib/server/geo/de-postal-codes.tsv'), 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '');
	if (header !== 'postal_code\tplace\tother_places\tstate\tlat\tlon\tquality') throw new Error('de-postal-codes.tsv: unexpected header');
	return lines.map((line) => {
		const [postalCode = '', place = '', , state = '', lat = '', lon = ''] = line.split('\t');
		return /** @type {PostalCode} */ ({ postalCode, place, state, lat: Number(lat), lon: Number(lon) });
	});
}

/** @typedef {{ id: string, name: string, slug: string, street: string, code: PostalCode, placeCodes: PostalCode[] }} Office */

/**
 * 300 contact points in the larger towns, spread over the country: a big city gets one per
 * 25 postal codes (Berlin 7, Hamburg 4, Munich 3), then towns by size, none within 18 km of another.
 * @param {PostalCode[]} codes
 */
function placeOffices(codes) {
	const rng = seeded(300);
	/** @type {Map<string, PostalCode[]>} */
	const byPlace = new Map();
	for (const code of codes) {
		const key = `${code.place}|${code.state}`;
		byPlace.set(key, [...(byPlace.get(key) ?? []), code]);
	}
	const places = [...byPlace.values()]
		.map((list) => ({ list, tie: rng.next() }))
		.sort((a, b) => b.list.length - a.list.length || a.tie - b.tie);
	/** @type {Office[]} */
	const offices = [];
	const districts = ['Mitte', 'Nord', 'Süd', 'Ost', 'West', 'Altstadt', 'Am Park', 'Neustadt'];
	const add = (/** @type {PostalCode[]} */ list, /** @type {number} */ k, /** @type {boolean} */ several) => {
		const code = /** @type {PostalCode} */ (list[Math.floor((k * list.length) / Math.max(1, Math.floor(list.length / 25)))] ?? list[0]);
		let name = `Selbsthilfe-Kontaktstelle ${code.place}${several ? ` ${districts[k % districts.length]}` : ''}`;
		if (offices.some((o) => o.name === name)) name += ` (${code.state})`;
		offices.push({ id: rng.uuid(), name, slug: slugify(name), street: `${rng.pick(STREETS)} ${rng.int(1, 80)}`, code, placeCodes: list });
	};
	for (const { list } of places) {
		const count = Math.floor(list.length / 25);
		if (count >= 2) for (let k = 0; k < count; k++) add(list, k, true);
	}
	for (let spacing = 18; offices.length < OFFICES && spacing > 0; spacing -= 6)
		for (const { list } of places) {
			if (offices.length >= OFFICES) break;
			const centre = /** @type {PostalCode} */ (list[0]);
			if (offices.some((o) => o.code.place === centre.place && o.code.state === centre.state)) continue;
			if (offices.some((o) => km(o.code, centre) < spacing)) continue;
			add(list, 0, false);
		}
	return offices;
}

const STREETS = [
	'Lindenstraße',
	'Am Marktplatz',
	'Bahnhofstraße',
	'Schulweg',
	'Gartenstraße',
	'Kirchplatz',
	'Parkallee',
	'Mühlenweg',
	'Rosenstraße',
	'Am Stadtgarten'
];
const WEEKDAY_NAMES = ['', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];

/** How often groups of a topic exist: categories first, then the topics most groups are about. */
const CATEGORY_SHARE = /** @type {Record<string, number>} */ ({
	addiction: 22,
	mental_health: 22,
	cancer: 13,
	chronic_illness: 17,
	rare_disease: 3,
	disability: 4,
	relatives: 7,
	family: 3,
	loss_grief: 3,
	older_age: 2,
	violence: 2,
	social_situation: 1,
	gender_health: 1
});
const TOPIC_BOOST = /** @type {Record<string, number>} */ ({
	alkoholabhaengigkeit: 30,
	sucht: 8,
	medikamentenabhaengigkeit: 4,
	gluecksspielsucht: 4,
	depression: 25,
	angststoerungen: 8,
	burnout: 4,
	'psychische-erkrankungen': 5,
	krebs: 10,
	brustkrebs: 8,
	prostatakrebs: 4,
	darmkrebs: 3,
	'parkinson-krankheit': 4,
	'multiple-sklerose': 4,
	rheuma: 4,
	schlaganfall: 3,
	'long-covid': 3,
	'angehoerige-suchtkranker-menschen': 6,
	'angehoerige-psychisch-erkrankter-menschen': 4,
	'pflegende-angehoerige': 4,
	trauer: 6,
	demenz: 4
});

/** Invented sentences for the descriptions: {t} the topic, {o} the town. */
const SENTENCES = /** @type {Record<string, string[]>} */ ({
	intro: [
		'Wir sind eine offene Runde von Menschen, die mit {t} leben.',
		'Unser Gesprächskreis zum Thema {t} trifft sich regelmäßig in {o}.',
		'Diese Gruppe ist für alle da, die das Thema {t} aus eigener Erfahrung kennen.',
		'Hier treffen sich Menschen aus {o} und Umgebung, die mit {t} zu tun haben.'
	],
	any: [
		'Bei uns können Sie erzählen, zuhören oder einfach erst einmal dabei sein.',
		'Was in der Gruppe gesagt wird, bleibt in der Gruppe.',
		'Wir treffen uns in ruhigen Räumen und nehmen uns Zeit füreinander.',
		'Neue Teilnehmerinnen und Teilnehmer sind jederzeit willkommen, eine Anmeldung ist nicht nötig.',
		'Die Gruppe leitet sich selbst, Fachleute kommen nur auf Einladung dazu.',
		'Wir tauschen Erfahrungen aus, machen einander Mut und lachen auch miteinander.',
		'Manchmal laden wir Gäste ein, die über neue Wege der Behandlung berichten.',
		'Im Sommer unternehmen wir gelegentlich Ausflüge oder gehen gemeinsam spazieren.',
		'Niemand muss etwas sagen, das er nicht sagen möchte.',
		'Der Austausch auf Augenhöhe hilft vielen von uns, den Alltag besser zu bewältigen.',
		'Die Teilnahme ist kostenlos, für Getränke sammeln wir eine kleine Spende.',
		'Wir sind keine Therapie, aber wir verstehen einander ohne viele Worte.',
		'Seit vielen Jahren begleiten wir uns gegenseitig durch gute und schwere Zeiten.',
		'Wer mag, kann vor dem ersten Treffen mit der Kontaktstelle sprechen.'
	],
	addiction: [
		'Viele von uns haben lange gebraucht, um sich die eigene Abhängigkeit einzugestehen.',
		'Wir sprechen offen über Rückfälle, ohne einander zu verurteilen.',
		'Ein suchtfreies Leben ist unser gemeinsames Ziel, und jeder Tag zählt.',
		'Auch wer gerade erst über das Aufhören nachdenkt, ist bei uns richtig.',
		'Wir erzählen einander, was uns nach der Entgiftung und in der Nachsorge geholfen hat.'
	],
	mental_health: [
		'Wir kennen schwere Tage, an denen das Aufstehen kaum gelingt.',
		'Gemeinsam suchen wir Wege, mit Ängsten und Niedergeschlagenheit umzugehen.',
		'Wir tauschen uns über Therapieplätze, Klinikaufenthalte und den Alltag danach aus.',
		'Hier müssen Sie sich nicht erklären, denn wir kennen das Gefühl, nicht zu funktionieren.'
	],
	cancer: [
		'Nach der Diagnose ist vieles anders, bei uns finden Sie Menschen, die das kennen.',
		'Wir sprechen über Behandlung, Nebenwirkungen, Nachsorge und die Angst vor einem Rückfall.',
		'Betroffene in allen Phasen der Erkrankung sind willkommen, auch lange nach der Therapie.'
	],
	chronic: [
		'Mit einer chronischen Erkrankung zu leben, verlangt jeden Tag viel Kraft.',
		'Wir teilen Tipps zu Ärztinnen, Hilfsmitteln, Ernährung und Bewegung.',
		'Oft laden wir Fachleute zu Vorträgen ein und fragen alles, was im Sprechzimmer keinen Platz hatte.',
		'Wir unterstützen einander bei Anträgen, Reha und dem Umgang mit Krankenkassen.'
	],
	relatives: [
		'Als Angehörige stehen wir oft im Schatten und vergessen uns selbst.',
		'Wir sprechen über Sorgen, Schuldgefühle und darüber, wie wir gut für uns sorgen können.',
		'Hier dürfen Sie auch einmal erschöpft und ratlos sein.'
	],
	grief: [
		'Trauer braucht Zeit und einen Ort, an dem sie sein darf.',
		'Wir erinnern uns gemeinsam an die Menschen, die wir verloren haben.',
		'Jeder trauert anders, und jede Form der Trauer hat bei uns Platz.'
	],
	protect: [
		'Bei uns finden Sie einen geschützten Raum, in dem Ihnen geglaubt wird.',
		'Wir stärken einander darin, wieder Vertrauen in uns selbst zu fassen.',
		'Gemeinsam finden wir heraus, welche Hilfen es gibt und wer weiterhelfen kann.'
	],
	synonym: ['Manche von uns sprechen eher von {s}.', 'Auch {s} kommt bei uns regelmäßig zur Sprache.']
});
const SENTENCE_GROUP = /** @type {Record<string, string>} */ ({
	addiction: 'addiction',
	mental_health: 'mental_health',
	cancer: 'cancer',
	chronic_illness: 'chronic',
	rare_disease: 'chronic',
	disability: 'chronic',
	relatives: 'relatives',
	family: 'relatives',
	older_age: 'relatives',
	loss_grief: 'grief',
	violence: 'protect',
	social_situation: 'protect',
	gender_health: 'protect'
});
const FIRST_VISIT = [
	'Kommen Sie einfach vorbei, wir begrüßen Sie an der Tür.',
	'Bitte melden Sie sich vorher kurz über die Kontaktstelle an.',
	'Beim ersten Mal dürfen Sie einfach zuhören.',
	'Wir stellen uns kurz vor, und Sie erzählen nur, was Sie möchten.'
];
const GENERIC_KEYWORDS = ['Austausch', 'Gespräch', 'Frauen', 'Männer', 'Nachsorge', 'Begegnung', 'Mut', 'Alltag'];

/** @typedef {{ id: string, key: string, label: string, category: string, synonyms: string[] }} Topic */

/**
 * The rows of `count` groups: national (every office, places drawn like the population, each group
 * with the office nearest to it) or office scale (`officeIndex`: all groups in that office's area).
 * @param {{ count: number, offices: Office[], codes: PostalCode[], topics: Topic[], seed: number, officeIndex?: number }} plan
 */
function* generateGroups(plan) {
	const rng = seeded(plan.seed);
	const { offices, codes, topics } = plan;
	// the office nearest to each postal code
	const nearest = codes.map((code, c) => {
		const distances = offices.map((office) => km(office.code, code));
		const min = Math.min(...distances);
		// offices in the same city share its centre: spread the city's codes over them
		const ties = distances.flatMap((d, i) => (d - min < 0.5 ? [i] : []));
		return { office: /** @type {number} */ (ties[c % ties.length]), km: min };
	});
	const byCategory = new Map(/** @type {[string, Topic[]][]} */ ([]));
	for (const t of topics) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
	/** @type {[Topic, number][]} */
	const topicWeights = topics.map((t) => [
		t,
		((CATEGORY_SHARE[t.category] ?? 1) / (byCategory.get(t.category)?.length ?? 1)) * (TOPIC_BOOST[t.key] ?? 1)
	]);
	const home = plan.officeIndex === undefined ? undefined : offices[plan.officeIndex];
	const around = home ? codes.filter((code) => km(home.code, code) <= 40) : [];
	/** @type {Map<string, number>} */
	const counters = new Map();
	for (let i = 0; i < plan.count; i++) {
		// where: a postal code drawn like the population, within ~40 km of its office; 30% in the office's own town
		/** @type {PostalCode} */
		let code;
		/** @type {number} */
		let officeIndex;
		if (plan.officeIndex !== undefined) {
			officeIndex = plan.officeIndex;
			code = rng.next() < 0.45 ? rng.pick(/** @type {Office} */ (offices[officeIndex]).placeCodes) : rng.pick(around);
		} else {
			let tries = 0;
			let distance = 0;
			do {
				const at = Math.floor(rng.next() * codes.length);
				const found = /** @type {{ office: number, km: number }} */ (nearest[at]);
				code = /** @type {PostalCode} */ (codes[at]);
				officeIndex = found.office;
				distance = found.km;
			} while (distance > 40 && ++tries < 1000);
			if (rng.next() < 0.3) code = rng.pick(/** @type {Office} */ (offices[officeIndex]).placeCodes);
		}
		const office = /** @type {Office} */ (offices[officeIndex]);
		// what about: 1–3 topics, the second and third mostly from the same field
		const first = rng.weightedPick(topicWeights);
		const chosen = [first];
		const more = rng.weightedPick([
			[0, 55],
			[1, 33],
			[2, 12]
		]);
		for (let k = 0; k < more; k++) {
			const same = byCategory.get(first.category) ?? [];
			const next = rng.next() < 0.6 && same.length > 1 ? rng.pick(same) : rng.weightedPick(topicWeights);
			if (!chosen.includes(next)) chosen.push(next);
		}
		const audiences =
			first.category === 'relatives'
				? ['relatives']
				: rng.weightedPick([
						[['affected'], 68],
						[['relatives'], 12],
						[['affected', 'relatives'], 12],
						[['parents'], 5],
						[['young_people'], 3]
					]);
		const languages = rng.weightedPick([
			[['de'], 88],
			[['de', 'tr'], 4],
			[['tr'], 2],
			[['ru', 'de'], 2],
			[['ar'], 1.5],
			[['en', 'de'], 1.5],
			[['uk'], 1]
		]);
		const format = rng.weightedPick([
			['in_person', 80],
			['hybrid', 12],
			['online', 8]
		]);
		const prefix =
			audiences.includes('relatives') && rng.next() < 0.5
				? 'Angehörigenkreis'
				: rng.pick(['Gesprächskreis', 'Gesprächskreis', 'Selbsthilfegruppe', 'Offener Treff']);
		const base = slugify(`${prefix} ${first.label} ${code.place}`);
		const n = (counters.get(base) ?? 0) + 1;
		counters.set(base, n);
		const name = `${prefix} ${first.label} ${code.place} ${n}`;
		// 30–80 words of invented sentences about the topic
		const target = rng.int(30, 80);
		const fill = (/** @type {string} */ s) => s.replaceAll('{t}', first.label).replaceAll('{o}', code.place);
		const sentences = [fill(rng.pick(/** @type {string[]} */ (SENTENCES.intro)))];
		const pool = [...(SENTENCES[SENTENCE_GROUP[first.category] ?? 'any'] ?? []), .../** @type {string[]} */ (SENTENCES.any)];
		const synonym = first.synonyms.length && rng.next() < 0.5 ? rng.pick(first.synonyms) : null;
		if (synonym) pool.push(rng.pick(/** @type {string[]} */ (SENTENCES.synonym)).replace('{s}', synonym));
		let wordCount = sentences[0]?.split(' ').length ?? 0;
		while (wordCount < target && pool.length) {
			const [s] = pool.splice(Math.floor(rng.next() * pool.length), 1);
			const words = /** @type {string} */ (s).split(' ').length;
			if (wordCount >= 30 && wordCount + words > 80) break;
			sentences.push(/** @type {string} */ (s));
			wordCount += words;
		}
		const keywords = rng.weightedPick([
			[[], 40],
			[[rng.pick(first.synonyms.length ? first.synonyms : GENERIC_KEYWORDS)], 35],
			[[rng.pick(GENERIC_KEYWORDS), rng.pick(GENERIC_KEYWORDS)], 25]
		]);
		// when: one series (a tenth have two), mostly weekday evenings
		const startTime = rng.weightedPick([
			['10:00', 8],
			['10:30', 4],
			['15:00', 8],
			['16:00', 10],
			['18:00', 20],
			['18:30', 15],
			['19:00', 25],
			['19:30', 10]
		]);
		const endTime = `${String(Number(startTime.slice(0, 2)) + 2).padStart(2, '0')}${startTime.slice(2)}`;
		const weekday = rng.weightedPick([
			[1, 18],
			[2, 22],
			[3, 22],
			[4, 22],
			[5, 10],
			[6, 4],
			[7, 2]
		]);
		const seriesCount = rng.next() < 0.1 ? 2 : 1;
		const series = [];
		for (let s = 0; s < seriesCount; s++) {
			const day = s === 0 ? weekday : (weekday % 7) + 1;
			const monthly = rng.next() < 0.55;
			const weeksOfMonth = monthly
				? rng.weightedPick([
						[[1], 30],
						[[2, 4], 30],
						[[1, 3], 20],
						[[-1], 20]
					])
				: [];
			const interval = monthly ? 1 : rng.next() < 0.75 ? 1 : 2;
			const recurrence = {
				frequency: monthly ? 'monthly' : 'weekly',
				interval,
				weekdays: [day],
				weeksOfMonth,
				startDate: `202${rng.int(3, 5)}-0${rng.int(1, 9)}-${String(rng.int(1, 28)).padStart(2, '0')}`,
				endDate: null,
				startTime,
				endTime,
				breaks: [],
				skipHolidays: rng.next() < 0.8,
				exceptions: []
			};
			const dayName = /** @type {string} */ (WEEKDAY_NAMES[day]);
			const scheduleText = monthly
				? `jeden ${weeksOfMonth.map((w) => (w === -1 ? 'letzten' : `${w}.`)).join(' und ')} ${dayName} im Monat, ${startTime}–${endTime} Uhr`
				: `${interval === 2 ? 'jeden zweiten' : 'jeden'} ${dayName}, ${startTime}–${endTime} Uhr`;
			const online = format === 'online';
			series.push({
				recurrence: JSON.stringify(recurrence),
				scheduleText,
				locationKind: online ? 'online' : 'address',
				street: online ? '' : `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
				postalCode: online ? '' : code.postalCode,
				city: online ? '' : code.place,
				// the dataset gives a town's centre; a meeting room is somewhere within a kilometre of it
				lat: online ? null : Math.round((code.lat + (rng.next() - 0.5) * 0.02) * 1e5) / 1e5,
				lon: online ? null : Math.round((code.lon + (rng.next() - 0.5) * 0.03) * 1e5) / 1e5,
				stepFree: rng.weightedPick([
					['yes', 45],
					['partial', 15],
					['no', 15],
					['unknown', 25]
				]),
				accessibleToilet: rng.next() < 0.35,
				hearingLoop: rng.next() < 0.05,
				signLanguage: rng.next() < 0.02,
				position: s
			});
		}
		yield {
			id: rng.uuid(),
			tenantId: office.id,
			slug: `${base}-${n}`,
			name,
			description: sentences.join(' '),
			firstVisit: rng.pick(FIRST_VISIT),
			audiences,
			languages,
			keywords,
			format,
			acceptingMembers: rng.next() < 0.88,
			lifecycle: rng.weightedPick([
				['active', 92],
				['founding', 4],
				['paused', 4]
			]),
			contactMode: rng.next() < 0.6 ? 'office' : 'relay',
			addressVisibility: rng.weightedPick([
				['public', 35],
				['approximate', 50],
				['hidden', 15]
			]),
			ageDays: rng.int(0, 420),
			estimatedSize: rng.int(4, 25),
			topicIds: chosen.map((t) => t.id),
			series
		};
	}
}

/** @typedef {{ query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }> }} Queryable */

/**
 * Writes the offices and groups with a few big statements (arrays passed as parameters, unnest).
 * @param {Queryable} db
 * @param {Office[]} offices
 * @param {Iterable<ReturnType<typeof generateGroups> extends Generator<infer G> ? G : never>} groups
 */
async function populate(db, offices, groups) {
	await db.query(
		`insert into tenants (id, kind, name, slug, street, postal_code, city, federal_state, phone, email, opening_hours, consultation_hours, published)
		 select id, 'contact_point', name, slug, street, pc, city, st, phone, email, 'Mo–Fr 9–13 Uhr', 'Di 15–18 Uhr, Do 17–20 Uhr', true
		 from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
		   as t(id, name, slug, street, pc, city, st, phone, email)`,
		[
			offices.map((o) => o.id),
			offices.map((o) => o.name),
			offices.map((o) => o.slug),
			offices.map((o) => o.street),
			offices.map((o) => o.code.postalCode),
			offices.map((o) => o.code.place),
			offices.map((o) => o.code.state),
			offices.map((_, i) => `01234 ${String(550000 + i)}`),
			offices.map((_, i) => `kontakt${i + 1}@example.org`)
		]
	);
	const BATCH = 10_000;
	/** @type {any[]} */
	let batch = [];
	const flush = async () => {
		if (!batch.length) return;
		const g = batch;
		batch = [];
		await db.query(
			`insert into groups (id, tenant_id, slug, name, description, first_visit, audiences, languages, keywords, format, accepting_members,
			   lifecycle, lifecycle_since, moderation, contact_mode, address_visibility, dedupe_key, confirmed_at, published_at, estimated_size, created_at, updated_at)
			 select id, tenant, slug, name, description, first_visit, string_to_array(audiences, ','), string_to_array(languages, ','),
			   string_to_array(keywords, '|'), format, accepting, lifecycle, current_date - age, 'published', contact_mode, visibility, lower(name),
			   now() - age * interval '1 day', now() - (age + 30) * interval '1 day', size, now() - (age + 30) * interval '1 day', now() - age * interval '1 day'
			 from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
			   $11::bool[], $12::text[], $13::int[], $14::text[], $15::text[], $16::int[])
			   as t(id, tenant, slug, name, description, first_visit, audiences, languages, keywords, format, accepting, lifecycle, age, contact_mode, visibility, size)`,
			[
				g.map((x) => x.id),
				g.map((x) => x.tenantId),
				g.map((x) => x.slug),
				g.map((x) => x.name),
				g.map((x) => x.description),
				g.map((x) => x.firstVisit),
				g.map((x) => x.audiences.join(',')),
				g.map((x) => x.languages.join(',')),
				g.map((x) => x.keywords.join('|')),
				g.map((x) => x.format),
				g.map((x) => x.acceptingMembers),
				g.map((x) => x.lifecycle),
				g.map((x) => x.ageDays),
				g.map((x) => x.contactMode),
				g.map((x) => x.addressVisibility),
				g.map((x) => x.estimatedSize)
			]
		);
		const topicRows = g.flatMap((x) => x.topicIds.map((/** @type {string} */ t) => [x.tenantId, x.id, t]));
		await db.query(
			`insert into group_topics (tenant_id, group_id, topic_id) select * from unnest($1::uuid[], $2::uuid[], $3::uuid[])`,
			[0, 1, 2].map((k) => topicRows.map((r) => r[k]))
		);
		const series = g.flatMap((x) => x.series.map((/** @type {any} */ s) => ({ ...s, tenantId: x.tenantId, groupId: x.id })));
		await db.query(
			`insert into meeting_series (tenant_id, group_id, recurrence, schedule_text, location_kind, street, postal_code, city, lat, lon,
			   step_free, accessible_toilet, hearing_loop, sign_language, position)
			 select tenant, grp, recurrence::jsonb, schedule_text, kind, street, pc, city, lat, lon, step_free, toilet, loop, sign, position
			 from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[],
			   $11::text[], $12::bool[], $13::bool[], $14::bool[], $15::int[])
			   as t(tenant, grp, recurrence, schedule_text, kind, street, pc, city, lat, lon, step_free, toilet, loop, sign, position)`,
			[
				series.map((s) => s.tenantId),
				series.map((s) => s.groupId),
				series.map((s) => s.recurrence),
				series.map((s) => s.scheduleText),
				series.map((s) => s.locationKind),
				series.map((s) => s.street),
				series.map((s) => s.postalCode),
				series.map((s) => s.city),
				series.map((s) => s.lat),
				series.map((s) => s.lon),
				series.map((s) => s.stepFree),
				series.map((s) => s.accessibleToilet),
				series.map((s) => s.hearingLoop),
				series.map((s) => s.signLanguage),
				series.map((s) => s.position)
			]
		);
	};
	for (const group of groups) {
		batch.push(group);
		if (batch.length >= BATCH) await flush();
	}
	await flush();
	await db.query('analyze');
}

// ---------------------------------------------------------------- the queries

/**
 * `count` distinct GET /api/v1/groups query strings, the same in every run: text (topic words,
 * synonyms, compounds, typos, umlauts typed as ae/oe), place + radius (postal codes and towns,
 * also small ones), filters, their combinations, paging.
 * @param {number} count
 * @param {PostalCode[]} codes
 * @param {number} seed
 */
function generateQueries(count, codes, seed) {
	const rng = seeded(seed);
	const text = {
		topic: [
			'Alkohol',
			'Depression',
			'Krebs',
			'Sucht',
			'Trauer',
			'Angst',
			'Brustkrebs',
			'Diabetes',
			'Parkinson',
			'Demenz',
			'Burnout',
			'Rheuma',
			'Spielsucht',
			'Angehörige',
			'Essstörung',
			'Multiple Sklerose',
			'Long Covid',
			'Schlaganfall',
			'Tinnitus',
			'Endometriose',
			'ADHS',
			'Autismus',
			'Prostatakrebs',
			'Panikattacken',
			'Borderline',
			'Mobbing',
			'Einsamkeit',
			'Adoption'
		],
		synonym: [
			'trinken',
			'saufen',
			'kiffen',
			'Tabletten',
			'Schlaflosigkeit',
			'Ohrgeräusche',
			'zocken',
			'Chemotherapie',
			'Rauchen',
			'Kinderwunsch',
			'Fatigue',
			'Lupus',
			'Stoma'
		],
		compound: [
			'Alkoholkranke',
			'Alkoholsucht',
			'Krebsnachsorge',
			'Angehörigengruppe',
			'Suchtkranke',
			'Trauergruppe',
			'Depressionen',
			'Krebserkrankung',
			'Suchtprobleme',
			'Elterngruppe'
		],
		typo: [
			'Depresion',
			'Parkinsen',
			'Alkohl',
			'Diabetis',
			'Schlaganfal',
			'Rheumma',
			'Brustkebs',
			'Demens',
			'Epilepsi',
			'Alzheimr',
			'Tinitus'
		],
		umlaut: [
			'Angehoerige',
			'Essstoerung',
			'Gluecksspiel',
			'Schilddruese',
			'spielsuechtig',
			'Trauer Muetter',
			'Aengste',
			'Suchtkranke Angehoerige'
		],
		phrase: [
			'Alkohol Angehörige',
			'Krebs Frauen',
			'Depression junge Erwachsene',
			'soziale Phobie',
			'pflegende Angehörige',
			'Trauer Eltern',
			'Sucht Familie',
			'Angst Panik',
			'Krebs Männer Nachsorge',
			'Eltern von Kindern mit Behinderung'
		]
	};
	const towns = [
		'Berlin',
		'Hamburg',
		'München',
		'Köln',
		'Frankfurt am Main',
		'Hannover',
		'Leipzig',
		'Dresden',
		'Freiburg im Breisgau',
		'Kiel',
		'Rostock',
		'Göttingen',
		'Passau',
		'Flensburg',
		'Görlitz',
		'Trier',
		'Bielefeld',
		'Nürnberg',
		'Erfurt',
		'Ulm'
	];
	// small places, for the rural case (few groups within the radius)
	const rural = codes.filter((_, i) => i % 97 === 5).map((c) => c.place);
	const topicLabels = ['Alkoholabhängigkeit', 'Depression', 'Krebs', 'Trauer', 'Sucht', 'Demenz', 'Angststörungen', 'Diabetes'];
	const q = () => {
		const kind = rng.weightedPick([
			['topic', 30],
			['synonym', 15],
			['compound', 15],
			['typo', 15],
			['umlaut', 10],
			['phrase', 15]
		]);
		return rng.pick(/** @type {string[]} */ (text[/** @type {keyof typeof text} */ (kind)]));
	};
	const near = () =>
		rng.weightedPick([
			[() => rng.pick(codes).postalCode, 45],
			[() => rng.pick(towns), 40],
			[() => rng.pick(rural), 15]
		])();
	const filters = () => {
		/** @type {[string, string][]} */
		const out = [];
		const n = rng.int(1, 3);
		for (let k = 0; k < n; k++) {
			const f = rng.weightedPick([
				['weekday', 20],
				['timeOfDay', 15],
				['accessible', 12],
				['language', 10],
				['format', 12],
				['newMembers', 12],
				['audience', 12],
				['topic', 7]
			]);
			if (out.some(([name]) => name === f)) continue;
			if (f === 'weekday') {
				out.push(['weekday', String(rng.int(1, 5))]);
				if (rng.next() < 0.3) out.push(['weekday', String(rng.int(1, 7))]);
			} else if (f === 'timeOfDay') out.push(['timeOfDay', rng.pick(['morning', 'afternoon', 'evening'])]);
			else if (f === 'accessible')
				out.push(['accessible', rng.pick(['step_free', 'step_free', 'step_free,accessible_toilet', 'hearing_loop'])]);
			else if (f === 'language') out.push(['language', rng.pick(['tr', 'ru', 'ar', 'en', 'uk'])]);
			else if (f === 'format') out.push(['format', rng.pick(['in_person', 'online', 'hybrid'])]);
			else if (f === 'newMembers') out.push(['newMembers', 'true']);
			else if (f === 'audience') out.push(['audience', rng.pick(['affected', 'relatives', 'relatives', 'parents', 'young_people'])]);
			else out.push(['topic', rng.pick(topicLabels)]);
		}
		return out;
	};
	/** @type {Set<string>} */
	const seen = new Set();
	/** @type {string[]} */
	const out = [];
	while (out.length < count) {
		/** @type {[string, string][]} */
		const params = [];
		const shape = rng.weightedPick([
			['text', 20],
			['text+place', 30],
			['place', 10],
			['place+filters', 15],
			['text+filters', 10],
			['text+place+filters', 10],
			['filters', 5]
		]);
		if (shape.includes('text')) params.push(['q', q()]);
		if (shape.includes('place')) {
			params.push(['near', near()]);
			if (rng.next() < 0.6) params.push(['radiusKm', String(rng.pick([5, 10, 25, 50, 100]))]);
		}
		if (shape.includes('filters')) params.push(...filters());
		// paging only where there are surely enough results (a page beyond the last is a 400)
		// (online groups count everywhere: a place alone has at least 3 pages of 20 even at office scale)
		if (shape === 'place' && rng.next() < 0.4) params.push(['page', String(rng.int(2, 3))]);
		else if ((shape === 'text' || shape === 'place') && rng.next() < 0.2) params.push(['pageSize', String(rng.pick([10, 50]))]);
		const query = new URLSearchParams(params).toString();
		if (seen.has(query)) continue;
		seen.add(query);
		out.push(`/api/v1/groups?${query}`);
	}
	return out;
}

// ---------------------------------------------------------------- server and client

// Office scale: started as `npm start` starts it (package.json), with the same JavaScript heap limit.
// National scale: started as the README tells a large installation on PostgreSQL to start it
// (`node --max-old-space-size=1024 bin/treffpunkt.js serve`): the index of 100,000 groups needs
// about 250 MB of heap, and under npm start's 384 MB cap the garbage collector runs all the time.
// BENCH_SERVER_FLAGS replaces the flags of both (diagnosis only).
const LARGE_INSTALLATION_FLAGS = ['--max-old-space-size=1024'];
const flagsOf = (/** @type {'office' | 'national'} */ scale) =>
	process.env.BENCH_SERVER_FLAGS !== undefined
		? process.env.BENCH_SERVER_FLAGS.trim().split(/\s+/).filter(Boolean)
		: scale === 'national'
			? LARGE_INSTALLATION_FLAGS
			: npmStartFlags;

/**
 * The server as `npm start` runs it, at log level info as in production: its log tells how long
 * the search index took to load.
 * @param {NodeJS.ProcessEnv} env
 * @param {'office' | 'national'} scale
 */
async function startServer(env, scale) {
	const port = await freePort();
	const started = performance.now();
	const proc = spawn(process.execPath, [...flagsOf(scale), 'bin/treffpunkt.js', 'serve'], {
		cwd: root,
		env: { ...env, PORT: String(port), TREFFPUNKT_JOBS: 'off', TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'info' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	/** @type {{ groups: number, ms: number } | null} */
	let indexLoaded = null;
	/** @type {string[]} */
	const problems = [];
	readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (proc.stdout) }).on('line', (text) => {
		if (!text.includes('directory index loaded')) return; // cheap: one line per request
		try {
			const entry = JSON.parse(text);
			if (entry.msg === 'directory index loaded') indexLoaded = { groups: entry.groups, ms: entry.ms };
		} catch {
			// not a log line
		}
	});
	// warnings and errors (and a crash) come on stderr: keep them for the report
	readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (proc.stderr) }).on('line', (text) => {
		if (text.trim() && problems.length < 200) problems.push(text);
	});
	/** @type {string | null} */
	let exit = null;
	proc.on('exit', (code, signal) => (exit = signal ?? String(code)));
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 480 && exit === null; i++) {
		if (
			await fetch(`${base}/healthz`)
				.then((r) => r.ok)
				.catch(() => false)
		)
			break;
		await new Promise((r) => setTimeout(r, 250));
	}
	const server = {
		base,
		port,
		started,
		indexLoaded: () => indexLoaded,
		/** log lines at level error, and a fatal error's message */
		errors: () => problems.filter((p) => /"level":"error"|FATAL|out of memory/i.test(p)),
		/** throws when the server is gone, with what it said last */
		alive() {
			if (exit !== null) {
				const fatal = problems.find((p) => /FATAL|out of memory/i.test(p));
				throw new Error(`the server stopped (exit ${exit})${fatal ? `: ${fatal.trim()}` : ''}`);
			}
		},
		/** after a failed request: throws if the server has stopped (giving it a moment to report it) */
		async settle() {
			await new Promise((r) => setTimeout(r, 1000));
			server.alive();
		},
		/** the server's resident memory in MB */
		rss: () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
		stop: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					if (exit !== null) return resolve();
					proc.once('exit', () => resolve());
					proc.kill('SIGTERM');
				})
			)
	};
	server.alive();
	return server;
}

/**
 * One GET through a keep-alive agent; resolves with the status once the whole body arrived.
 * @param {http.Agent} agent
 * @param {number} port
 * @param {string} urlPath
 * @returns {Promise<{ status: number, body: string }>}
 */
function get(agent, port, urlPath, keepBody = false) {
	return new Promise((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (chunk) => keepBody && chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: keepBody ? Buffer.concat(chunks).toString('utf8') : '' }));
			res.on('error', reject);
		});
		req.on('error', reject);
	});
}

/**
 * Latency, one request at a time on one keep-alive connection; any answer but 200 is a failure.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 * @param {string[]} paths
 * @param {number} requests
 */
async function latency(server, paths, requests) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	/** @type {{ path: string, ms: number }[]} */
	const runs = [];
	let failures = 0;
	for (let i = 0; i < requests; i++) {
		const urlPath = /** @type {string} */ (paths[i % paths.length]);
		const t = performance.now();
		const { status } = await get(agent, server.port, urlPath).catch(() => ({ status: 0 }));
		runs.push({ path: urlPath, ms: performance.now() - t });
		if (status !== 200) {
			await server.settle();
			if (++failures <= 5) console.error(`  HTTP ${status} for ${urlPath}`);
		}
	}
	agent.destroy();
	runs.sort((a, b) => b.ms - a.ms);
	return { ...percentiles(runs.map((r) => r.ms)), failures, slowest: runs.slice(0, 5) };
}

/**
 * Requests per second with CONNECTIONS clients for `seconds`, rotating through `paths`.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 * @param {string[]} paths
 * @param {number} seconds
 */
async function throughput(server, paths, seconds) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
	let done = 0;
	let failures = 0;
	let next = 0;
	const started = performance.now();
	const end = started + seconds * 1000;
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (performance.now() < end) {
				const urlPath = /** @type {string} */ (paths[next++ % paths.length]);
				const { status } = await get(agent, server.port, urlPath).catch(() => ({ status: 0 }));
				if (status !== 200) failures++;
				done++;
			}
		})
	);
	const rps = done / ((performance.now() - started) / 1000);
	agent.destroy();
	if (failures) await server.settle();
	return { rps, done, failures };
}

/** The JavaScript a page loads: every <script src> and every inline script (JSON-LD is data, not code). */
async function pageScripts(/** @type {string} */ base, /** @type {string} */ pagePath) {
	const response = await fetch(base + pagePath);
	if (!response.ok) throw new Error(`${pagePath}: HTTP ${response.status}`);
	const html = await response.text();
	/** @type {{ name: string, bytes: Buffer }[]} */
	const scripts = [];
	for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const attributes = match[1] ?? '';
		if (/type\s*=\s*["']?application\/ld\+json/i.test(attributes)) continue;
		const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
		if (src) {
			const url = new URL(src.replaceAll('&amp;', '&'), base + pagePath);
			if (url.origin !== base) throw new Error(`${pagePath} loads a script from another origin: ${url}`);
			const r = await fetch(url);
			if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
			scripts.push({ name: url.pathname, bytes: Buffer.from(await r.arrayBuffer()) });
		} else if ((match[2] ?? '').trim()) scripts.push({ name: `${pagePath.split('?')[0]} (inline)`, bytes: Buffer.from(match[2] ?? '') });
	}
	return scripts;
}

/**
 * The CLI's `migrate`: the schema and the starter thesaurus.
 * @param {NodeJS.ProcessEnv} env
 */
function migrate(env) {
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', 'migrate'], {
		cwd: root,
		env: { ...env, TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
	if (result.status !== 0) throw new Error(`migrate failed: ${result.stderr || result.stdout}`);
}

/** @param {Queryable} db */
async function readTopics(db) {
	const { rows } = await db.query(
		`select id, key, label_de as label, category, synonyms from topics where status = 'active' and tenant_id is null order by key`
	);
	return /** @type {Topic[]} */ (
		rows.map((r) => ({ ...r, synonyms: /** @type {string[]} */ (r.synonyms).filter((s) => !s.includes(' ')) }))
	);
}

/**
 * Index load, then latency of GET /healthz and of the search, on a started server.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 */
async function measureLatency(server) {
	// the index loads in the background from the server's start; the first search waits for it
	const firstStarted = performance.now();
	const first = await get(new http.Agent(), server.port, '/api/v1/groups?q=Alkohol', true).catch(() => ({ status: 0, body: '' }));
	if (first.status !== 200) await server.settle();
	if (first.status !== 200) throw new Error(`the first search answered HTTP ${first.status}: ${first.body.slice(0, 300)}`);
	const load = {
		firstMs: performance.now() - firstStarted,
		readyAfterMs: performance.now() - server.started,
		rssMb: server.rss(),
		logged: server.indexLoaded()
	};
	// warm the code (JIT) on other queries than the measured ones, which stay out of the result cache
	for (const urlPath of warmupQueries) await get(new http.Agent(), server.port, urlPath);
	const healthz = await latency(server, ['/healthz'], LATENCY_REQUESTS);
	const search = await latency(server, queries, LATENCY_REQUESTS);
	const cycled = await latency(server, queries.slice(0, CYCLED_QUERIES), LATENCY_REQUESTS);
	return { load, healthz, search, cycled, sample: /** @type {{ items: { id: string, slug: string }[] }} */ (JSON.parse(first.body)) };
}

// ---------------------------------------------------------------- the runs

const codes = readPostalCodes();
const offices = placeOffices(codes);
if (offices.length !== OFFICES) throw new Error(`placed ${offices.length} offices, expected ${OFFICES}`);
const queries = generateQueries(DISTINCT_QUERIES, codes, 4);
const warmupQueries = generateQueries(60, codes, 99).filter((q) => !queries.includes(q));

let over = 0;
/** @type {string[]} */
const report = [];
const say = (/** @type {string} */ text) => report.push(text);
const ms = (/** @type {number} */ v) => `${v.toFixed(1)} ms`;
/**
 * A figure beside its budget (none: for information) and its ratio to the same figure of GET /healthz.
 * @param {string} label @param {number} value @param {number | null} budget @param {number | null} [baseline]
 */
function figure(label, value, budget, baseline = null) {
	const ok = budget === null || value <= budget;
	if (!ok) over++;
	say(
		`${label.padEnd(34)} ${ms(value).padStart(10)} ${(budget === null ? '' : `≤ ${budget} ms`).padStart(10)} ${(baseline ? `${(value / baseline).toFixed(1)}×` : '').padStart(10)}${ok ? '' : '  OVER BUDGET'}`
	);
}
/** @param {Awaited<ReturnType<typeof measureLatency>>} m @param {{ p50: number | null, p99: number | null }} budgets */
function latencyTable(m, budgets) {
	say(
		`latency, one request at a time on loopback: ${LATENCY_REQUESTS} × GET /healthz, then ${LATENCY_REQUESTS} different searches (none answered from the result cache)`
	);
	say(`${''.padEnd(34)} ${'value'.padStart(10)} ${'budget'.padStart(10)} ${'÷ healthz'.padStart(10)}`);
	figure('GET /healthz p50', m.healthz.p50, null);
	figure('GET /healthz p99', m.healthz.p99, null);
	figure('GET /api/v1/groups p50', m.search.p50, budgets.p50, m.healthz.p50);
	figure('GET /api/v1/groups p95', m.search.p95, null, m.healthz.p95);
	figure('GET /api/v1/groups p99', m.search.p99, budgets.p99, m.healthz.p99);
	figure('GET /api/v1/groups max', m.search.max, null, m.healthz.max);
	say(`slowest: ${m.search.slowest.map((x) => `${x.path.replace('/api/v1/groups?', '')} (${x.ms.toFixed(0)} ms)`).join('; ')}`);
	say(
		`for information, ${CYCLED_QUERIES} of them cycled to ${LATENCY_REQUESTS} requests (rounds 2–4 from the result cache): p50 ${ms(m.cycled.p50)}, p95 ${ms(m.cycled.p95)}, p99 ${ms(m.cycled.p99)}`
	);
	const failures = m.healthz.failures + m.search.failures + m.cycled.failures;
	if (failures) {
		over++;
		say(`FAILED REQUESTS: ${failures}  OVER BUDGET`);
	}
}
/** @param {string} label @param {unknown} error */
function failed(label, error) {
	over++;
	say(`${label} FAILED: ${error instanceof Error ? error.message : String(error)}`);
}
const flagsNote = (/** @type {'office' | 'national'} */ scale) =>
	`server started with \`node ${[...flagsOf(scale), 'bin/treffpunkt.js serve'].join(' ')}\`${process.env.BENCH_SERVER_FLAGS !== undefined ? ' (BENCH_SERVER_FLAGS)' : scale === 'national' ? ' (as the README says for a large installation)' : ' (as npm start)'}`;

// 1.–3., 6.: national scale on the PostgreSQL server
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (serverUrl) {
	const name = `treffpunkt_bench_dir_${process.pid}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const db = new pg.Client({ connectionString: url.toString() });
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	say(`\nNational scale on PostgreSQL (${(await admin.query('show server_version')).rows[0].server_version}): ${flagsNote('national')}`);
	try {
		const env = { ...process.env, DATABASE_URL: url.toString() };
		migrate(env);
		await db.connect();
		const topics = await readTopics(db);
		const writeStarted = performance.now();
		await populate(db, offices, generateGroups({ count: NATIONAL_GROUPS, offices, codes, topics, seed: 1 }));
		const written = (
			await db.query(
				`select (select count(*) from groups)::int as groups, (select count(*) from meeting_series)::int as series, (select count(*) from group_topics)::int as topics`
			)
		).rows[0];
		say(
			`data: ${written.groups.toLocaleString('en')} published groups, ${written.series.toLocaleString('en')} meeting series, ${written.topics.toLocaleString('en')} topic links, ${OFFICES} contact points, written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`
		);

		server = await startServer(env, 'national');
		const m = await measureLatency(server);
		say(
			`index load: ${m.load.logged ? `${(m.load.logged.ms / 1000).toFixed(1)} s for ${m.load.logged.groups.toLocaleString('en')} groups (server log)` : 'not logged'}; ` +
				`first search answered ${(m.load.readyAfterMs / 1000).toFixed(1)} s after the server was started; server RSS after the load ${m.load.rssMb.toFixed(0)} MB`
		);
		latencyTable(m, { p50: BUDGET.pgP50, p99: BUDGET.pgP99 });

		const thHealthz = await throughput(server, ['/healthz'], THROUGHPUT_SECONDS);
		// steady state of a rotation: its queries asked once before the clock starts (the result cache may keep them)
		for (const urlPath of queries.slice(0, THROUGHPUT_QUERIES)) await get(new http.Agent(), server.port, urlPath);
		const thSearch = await throughput(server, queries.slice(0, THROUGHPUT_QUERIES), THROUGHPUT_SECONDS);
		const thCold = await throughput(server, queries, THROUGHPUT_SECONDS);
		const share = thSearch.rps / thHealthz.rps;
		const thFailures = thHealthz.failures + thSearch.failures + thCold.failures;
		say(
			`throughput: ${CONNECTIONS} connections, ${THROUGHPUT_SECONDS} s each; failed requests: ${thFailures}${thFailures ? '  OVER BUDGET' : ''}`
		);
		if (thFailures) over++;
		say(`${'GET /healthz'.padEnd(50)} ${thHealthz.rps.toFixed(0).padStart(6)} req/s`);
		const thOk = share >= BUDGET.throughputShare;
		if (!thOk) over++;
		say(
			`${`GET /api/v1/groups, ${THROUGHPUT_QUERIES} queries in rotation (warmed)`.padEnd(50)} ${thSearch.rps.toFixed(0).padStart(6)} req/s = ${(share * 100).toFixed(0)} % of healthz (budget ≥ ${BUDGET.throughputShare * 100} %)${thOk ? '' : '  OVER BUDGET'}`
		);
		say(
			`${`GET /api/v1/groups, ${queries.length} in rotation, uncached`.padEnd(50)} ${thCold.rps.toFixed(0).padStart(6)} req/s = ${((thCold.rps / thHealthz.rps) * 100).toFixed(0)} % of healthz (for information)`
		);
		say(`server RSS after the throughput runs: ${server.rss().toFixed(0)} MB`);

		// 6. a group renamed straight in the database (as another process would) is found by its new name
		const target = m.sample.items[0];
		if (!target) throw new Error('the search for "Alkohol" found nothing');
		await db.query(`update groups set name = 'Gesprächskreis Quendelbach Zeitprobe', updated_at = now() where id = $1`, [target.id]);
		const changed = performance.now();
		let freshnessMs = Infinity;
		while (performance.now() - changed < 15_000) {
			const r = await get(new http.Agent(), server.port, '/api/v1/groups?q=Quendelbach', true);
			if (r.status === 200 && JSON.parse(r.body).items?.some((/** @type {{ id: string }} */ i) => i.id === target.id)) {
				freshnessMs = performance.now() - changed;
				break;
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		const freshOk = freshnessMs <= BUDGET.freshnessMs;
		if (!freshOk) over++;
		say(
			`a group renamed by an UPDATE from outside the server is found by its new name after ${Number.isFinite(freshnessMs) ? ms(freshnessMs) : 'more than 15 s'} (budget ≤ ${BUDGET.freshnessMs / 1000} s)${freshOk ? '' : '  OVER BUDGET'}`
		);
		if (server.errors().length) throw new Error(`the server logged errors:\n${server.errors().slice(0, 5).join('\n')}`);
	} catch (error) {
		failed('national run', error);
	} finally {
		await server?.stop();
		await db.end().catch(() => {});
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
} else say('\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server for the national-scale run)');

// 4., 5.: office scale on the embedded PGlite — 2,000 groups in one office, the 300 offices — and the pages' JavaScript
{
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-bench-dir-'));
	const env = { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, DATABASE_URL: '' };
	/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
	let server;
	const home = offices.findIndex((o) => o.code.place === 'Hannover');
	say(
		`\nOffice scale on PGlite: ${OFFICE_GROUPS.toLocaleString('en')} groups in one office (${offices[home]?.name}), ${OFFICES} offices; ${flagsNote('office')}`
	);
	try {
		migrate(env);
		// one process per data folder: written before the server starts
		const db = await PGlite.create(path.join(dataDir, 'pg'), { extensions: { btree_gist } });
		await populate(
			db,
			offices,
			generateGroups({ count: OFFICE_GROUPS, offices, codes, topics: await readTopics(db), seed: 2, officeIndex: home })
		);
		await db.close();
		server = await startServer(env, 'office');
		const m = await measureLatency(server);
		say(
			`index load: ${m.load.logged ? `${(m.load.logged.ms / 1000).toFixed(1)} s` : 'not logged'}; server RSS after the load ${m.load.rssMb.toFixed(0)} MB`
		);
		latencyTable(m, { p50: null, p99: BUDGET.pgliteP99 });

		// 5. the JavaScript of the search page and of a group page (a file counts once, however often it is included)
		const slug = m.sample.items[0]?.slug;
		if (!slug) throw new Error('the search for "Alkohol" found nothing');
		/** @type {Map<string, { bytes: number, tags: string[] }>} */
		const files = new Map();
		for (const pagePath of ['/gruppen?q=Alkohol', `/gruppen/${slug}`])
			for (const script of await pageScripts(server.base, pagePath)) {
				const file = files.get(script.name) ?? { bytes: zlib.gzipSync(script.bytes).length, tags: [] };
				file.tags.push(pagePath.split('?')[0] ?? pagePath);
				files.set(script.name, file);
			}
		const total = [...files.values()].reduce((sum, f) => sum + f.bytes, 0);
		say(`JavaScript loaded by /gruppen?q=Alkohol and /gruppen/${slug} (gzip):`);
		for (const [file, { bytes, tags }] of files) {
			const twice = tags.filter((t, i) => tags.indexOf(t) !== i);
			say(
				`  ${file.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(6)} KB${twice.length ? `  (included ${tags.length} times: ${tags.join(', ')})` : ''}`
			);
		}
		const jsOk = total / 1024 <= BUDGET.jsKb;
		if (!jsOk) over++;
		say(`  ${'total'.padEnd(48)} ${(total / 1024).toFixed(1).padStart(6)} KB (budget ≤ ${BUDGET.jsKb} KB)${jsOk ? '' : '  OVER BUDGET'}`);
		if (server.errors().length) throw new Error(`the server logged errors:\n${server.errors().slice(0, 5).join('\n')}`);
	} catch (error) {
		failed('office-scale run', error);
	} finally {
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

console.log(
	`\nTreffpunkt directory benchmark (DIR-1) — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
);
console.log(report.join('\n'));
console.log(over ? `\n${over} budget(s) missed` : '\nall budgets met');
process.exitCode = over > 0 ? 1 : 0;
