/**
 * Signed-in requests without a trip to the database (ADR 0032). A validated session stays in memory
 * for up to a minute (never past its expiry). The database announces every change of what a session
 * shows — the session, its person, her memberships, her offices' names (triggers of migration 0026,
 * NOTIFY on SESSION_CHANNEL) — and the cache forgets the person concerned when the change commits,
 * in every process. While the process is not listening (before the first LISTEN, after a lost
 * connection) nothing is kept and every request asks the database.
 */
import type { Db } from '../../db/client.js';
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
