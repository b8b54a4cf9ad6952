import type { Db, Tx } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { log } from '../../log.js';
import { nextOccurrences, type FederalState } from '../../../recurrence/index.js';
import {
	changeHorizon,
	changesSince,
	type ChangeRow,
	loadPublicGroups,
	loadThesaurus,
	publicGroupIds,
	pruneChanges
} from './directory.repository.js';
import { SearchIndex, type SearchHit, type SearchQuery, type SearchResult } from './search-index.js';

/**
 * The directory search as the pages and the API use it. Every process keeps its own SearchIndex
 * and brings it up to date from the change feed (table directory_changes, written by triggers)
 * before it answers, at most once a second: a change published by any process — web, CLI import,
 * another server — shows within about a second. Results are cached per index version.
 */

const POLL_INTERVAL_MS = 1000;
const MAX_GROUPS_PER_POLL = 20_000;
const CHANGE_PAGE = 10_000;
const RELOAD_BATCH = 1000;
const CACHE_SIZE = 500;

type State = {
	index: SearchIndex;
	horizon: string;
	/** change ids at or above the horizon already applied */
	seen: Set<string>;
	lastPoll: number;
	refreshing: Promise<void> | undefined;
	cache: Map<string, { version: number; result: SearchResult }>;
	meetings: Map<string, { version: number; from: number; until: number; meetings: NextMeeting[] }>;
};

const states = new WeakMap<Db, Promise<State>>();

const LOAD_BATCH = 5000;

/** Reads every public group into a new index, in batches so that the rows read never pile up. */
async function buildIndex(tx: Tx): Promise<SearchIndex> {
	const index = new SearchIndex();
	const thesaurus = await loadThesaurus(tx);
	index.setVocabulary(thesaurus.topics, thesaurus.broader);
	let after: string | null = null;
	for (;;) {
		const ids = await publicGroupIds(tx, after, LOAD_BATCH);
		if (!ids.length) break;
		for (const group of await loadPublicGroups(tx, ids)) index.upsert(group);
		after = ids[ids.length - 1]!;
		if (ids.length < LOAD_BATCH) break;
	}
	return index;
}

async function fullLoad(db: Db): Promise<{ index: SearchIndex; horizon: string }> {
	return inScope(db, systemScope, async (tx) => {
		const horizon = await changeHorizon(tx);
		return { index: await buildIndex(tx), horizon };
	});
}

function stateOf(db: Db): Promise<State> {
	let state = states.get(db);
	if (!state) {
		const started = Date.now();
		state = fullLoad(db).then(({ index, horizon }) => {
			log.info('directory index loaded', { groups: index.size, ms: Date.now() - started });
			return {
				index,
				horizon,
				seen: new Set<string>(),
				lastPoll: Date.now(),
				refreshing: undefined,
				cache: new Map(),
				meetings: new Map()
			};
		});
		state.catch(() => states.delete(db));
		states.set(db, state);
	}
	return state;
}

async function applyChanges(db: Db, state: State): Promise<void> {
	await inScope(db, systemScope, async (tx) => {
		const horizon = await changeHorizon(tx);
		// read the feed page by page; ids seen before (a transaction still running kept the horizon) are skipped
		const changes: ChangeRow[] = [];
		for (let after = '0'; ;) {
			const page = await changesSince(tx, state.horizon, after, CHANGE_PAGE);
			changes.push(...page);
			if (page.length < CHANGE_PAGE) break;
			after = page[page.length - 1]!.id;
		}
		const fresh = changes.filter((c) => !state.seen.has(c.id));
		const ids = [...new Set(fresh.filter((c) => c.groupId).map((c) => c.groupId!))];
		if (ids.length > MAX_GROUPS_PER_POLL) {
			// a large import: reading everything again is quicker than replaying it
			const index = await buildIndex(tx);
			index.version = state.index.version + index.version + 1;
			state.index = index;
		} else {
			if (fresh.some((c) => c.kind === 'topics')) {
				const thesaurus = await loadThesaurus(tx);
				state.index.setVocabulary(thesaurus.topics, thesaurus.broader);
			}
			for (let i = 0; i < ids.length; i += RELOAD_BATCH) {
				const batch = ids.slice(i, i + RELOAD_BATCH);
				const found = new Map((await loadPublicGroups(tx, batch)).map((g) => [g.id, g]));
				for (const id of batch) {
					const group = found.get(id);
					if (group) state.index.upsert(group);
					else state.index.remove(id);
				}
			}
		}
		// changes of transactions older than the new horizon will not be returned again
		const seen = new Set<string>();
		for (const change of changes) if (BigInt(change.xid) >= BigInt(horizon)) seen.add(change.id);
		state.seen = seen;
		state.horizon = horizon;
	});
}

/**
 * The index, brought up to date if the last look at the change feed is older than a second
 * (`fresh`: look now, e.g. right after this process changed something).
 */
export async function directoryIndex(db: Db, options: { fresh?: boolean } = {}): Promise<SearchIndex> {
	const state = await stateOf(db);
	if (options.fresh || Date.now() - state.lastPoll >= POLL_INTERVAL_MS) {
		state.refreshing ??= applyChanges(db, state)
			.then(() => {
				state.lastPoll = Date.now();
			})
			.finally(() => {
				state.refreshing = undefined;
			});
	}
	if (state.refreshing) await state.refreshing;
	return state.index;
}

/** Starts loading the index in the background (server start), so that the first visitor does not wait. */
export function warmDirectory(db: Db): void {
	stateOf(db).catch((error: unknown) => log.error('directory index failed to load', { error: String(error) }));
}

export type NextMeeting = { date: string; start: string; end: string };

/** A result with its next meeting dates (computed for the shown page only). */
export type DirectoryHit = SearchHit & { nextMeetings: NextMeeting[] };

export type DirectoryResult = Omit<SearchResult, 'items' | 'beyondRadius'> & { items: DirectoryHit[]; beyondRadius: DirectoryHit[] };

export function withMeetings(hit: SearchHit, now: Date, count: number): DirectoryHit {
	const dates: NextMeeting[] = [];
	for (const series of hit.group.series) {
		if (!series.recurrence) continue;
		for (const o of nextOccurrences(series.recurrence, { now, count, federalState: hit.group.federalState as FederalState }))
			dates.push({ date: o.date, start: o.start.toISOString(), end: o.end.toISOString() });
	}
	dates.sort((a, b) => a.start.localeCompare(b.start));
	return { ...hit, nextMeetings: dates.slice(0, count) };
}

const MEETINGS_CACHE_SIZE = 20_000;

/** A result's next three dates, remembered until the first of them has ended (at most an hour). */
function nextMeetingsOf(state: State, version: number, hit: SearchHit, now: Date): DirectoryHit {
	const cached = state.meetings.get(hit.group.id);
	if (cached && cached.version === version && now.getTime() >= cached.from && now.getTime() < cached.until)
		return { ...hit, nextMeetings: cached.meetings };
	const computed = withMeetings(hit, now, 3);
	const firstEnd = computed.nextMeetings[0] ? Date.parse(computed.nextMeetings[0].end) : Infinity;
	if (state.meetings.size >= MEETINGS_CACHE_SIZE) state.meetings.clear();
	state.meetings.set(hit.group.id, {
		version,
		from: now.getTime(),
		until: Math.min(firstEnd, now.getTime() + 3_600_000),
		meetings: computed.nextMeetings
	});
	return computed;
}

/** Searches the public directory; `now` decides the next meeting dates shown. */
export async function searchDirectory(db: Db, query: SearchQuery, now = new Date()): Promise<DirectoryResult> {
	const state = await stateOf(db);
	const index = await directoryIndex(db);
	const key = JSON.stringify(query);
	let result = state.cache.get(key);
	if (!result || result.version !== index.version) {
		result = { version: index.version, result: index.search(query) };
		if (state.cache.size >= CACHE_SIZE) state.cache.delete(state.cache.keys().next().value!);
		state.cache.set(key, result);
	}
	const found = result.result;
	const meetings = (hit: SearchHit) => nextMeetingsOf(state, index.version, hit, now);
	return {
		...found,
		items: found.items.map(meetings),
		beyondRadius: found.beyondRadius.map(meetings)
	};
}

/** Forgets change-feed rows older than a day (job `directory.prune_changes`). */
export async function pruneDirectoryChanges(db: Db, now = new Date()): Promise<void> {
	await inScope(db, systemScope, (tx) => pruneChanges(tx, new Date(now.getTime() - 86_400_000)));
}
