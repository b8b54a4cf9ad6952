/**
 * Signed-in requests without a trip to the database (ADR 0032). A validated session stays in memory
 * for up to a minute (never past its expiry). The database announces every change of what a session
 * shows — the session, its person, her memberships, her offices' names (triggers of migration 0026,
 * NOTIFY on SESSION_CHANNEL) — and the cache forgets the person concerned when the change commits,
 * in every process. While the process is not listening (before the first LISTEN, after a lost
 * connection, announcements that stopped arriving) nothing is kept and every request asks the database.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import { tokenId } from '../../auth/crypto.js';
import { validateSession, type SessionInfo } from './accounts.service.js';

export const SESSION_CHANNEL = 'treffpunkt_sessions';

/** How long a validated session is believed without asking the database again. */
export const SESSION_CACHE_MS = 60_000;
/** At most this many sessions are kept; the oldest go first. */
const MAX_ENTRIES = 10_000;

type Entry = { info: SessionInfo; userId: string; until: number };

export class SessionCache {
	readonly #db: Db;
	readonly #clock: () => number;
	readonly #entries = new Map<string, Entry>();
	/** bumped by every change and every start or loss of listening: a lookup that overlapped one is not kept */
	#generation = 0;
	#listening = false;

	constructor(db: Db, clock: () => number = Date.now) {
		this.#db = db;
		this.#clock = clock;
	}

	/** The session of a token: from memory while it is fresh, else from the database (and then kept). */
	async validate(token: string): Promise<SessionInfo | undefined> {
		const id = tokenId(token);
		const now = this.#clock();
		const kept = this.#entries.get(id);
		if (kept && kept.until > now) return kept.info;
		if (kept) this.#entries.delete(id);
		const generation = this.#generation;
		const info = await validateSession(this.#db, token, new Date(now));
		if (info && this.#listening && generation === this.#generation) {
			if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
			this.#entries.set(id, {
				info: freeze(info),
				userId: info.user.id,
				until: Math.min(now + SESSION_CACHE_MS, info.expiresAt.getTime())
			});
		}
		return info;
	}

	/** A change announced by the database: a person's id, or '*' for everyone. */
	changed(payload: string): void {
		this.#generation++;
		if (payload === '*') {
			this.#entries.clear();
			return;
		}
		for (const [id, entry] of this.#entries) if (entry.userId === payload) this.#entries.delete(id);
	}

	/** Whether changes reach this process; without them nothing may be kept. */
	listening(on: boolean): void {
		this.#generation++;
		this.#listening = on;
		if (!on) this.#entries.clear();
	}

	/** Forgets a token at once, for the request that changed its own session (sign-out, switching office). */
	forget(token: string): void {
		this.#generation++;
		this.#entries.delete(tokenId(token));
	}

	/** Whether a token's session is kept right now. */
	holds(token: string): boolean {
		return this.#entries.has(tokenId(token));
	}
}

/** One object serves many requests: nobody may change it in place. */
function freeze(info: SessionInfo): SessionInfo {
	Object.freeze(info.user);
	for (const membership of info.memberships) Object.freeze(membership);
	Object.freeze(info.memberships);
	return Object.freeze(info);
}

/** How often the process proves to itself that announcements arrive, and how long it waits for its own. */
export type WatchTiming = { everyMs: number; waitMs: number };
const WATCH: WatchTiming = { everyMs: 30_000, waitMs: 5_000 };
const PROBE = 'probe:';

/**
 * Connects the cache to the database's announcements. A LISTEN that succeeded is not yet proof that
 * notifications arrive (a connection pooler in transaction mode, for one, swallows them silently), so
 * the process announces a probe of its own now and every half minute: sessions are kept only once a
 * probe came back, and no longer when one stays away. `onTrust` hears when that changes.
 */
export async function watchSessionChanges(
	database: Pick<Database, 'db' | 'listen'>,
	cache: SessionCache,
	onTrust: (trusted: boolean) => void = () => undefined,
	timing: WatchTiming = WATCH
): Promise<() => Promise<void>> {
	let expected: string | undefined;
	let overdue: NodeJS.Timeout | undefined;
	let trusted = false;
	let stopped = false;
	const trust = (on: boolean) => {
		if (on === trusted) return;
		trusted = on;
		cache.listening(on);
		onTrust(on);
	};
	const probe = () => {
		if (stopped) return;
		const token = `${PROBE}${randomUUID()}`;
		expected = token;
		clearTimeout(overdue);
		overdue = setTimeout(() => {
			if (expected === token) trust(false);
		}, timing.waitMs);
		overdue.unref();
		database.db.execute(sql`select pg_notify(${SESSION_CHANNEL}, ${token})`).catch(() => trust(false));
	};
	const stopListening = await database.listen(
		SESSION_CHANNEL,
		(payload) => {
			if (!payload.startsWith(PROBE)) return cache.changed(payload);
			if (payload !== expected) return;
			expected = undefined;
			clearTimeout(overdue);
			trust(true);
		},
		(listening) => {
			if (listening) probe();
			else trust(false);
		}
	);
	const every = setInterval(probe, timing.everyMs);
	every.unref();
	return async () => {
		stopped = true;
		clearInterval(every);
		clearTimeout(overdue);
		await stopListening();
		trust(false);
	};
}
