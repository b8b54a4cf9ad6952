import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { eq, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { safeEqual } from '../../auth/crypto.js';
import {
	CHALLENGE_FIELD,
	HONEYPOT_FIELD,
	SOLUTION_FIELD,
	STAMP_FIELD,
	type Challenge,
	type FormGuard,
	type GuardFailure
} from '../../../form-guard.js';
import { instanceSecrets, rateLimitHits } from './protection.table.js';

/**
 * Spam protection for public forms (DIR-4, DIR-5), without any third-party service:
 * - a honeypot field that must stay empty,
 * - a signed issue time: a form sent sooner than MIN_FILL_SECONDS or later than MAX_AGE_SECONDS is refused,
 * - a proof-of-work challenge (altcha-style) the browser solves with static/js/challenge.js; each
 *   solution is accepted once,
 * - rate limits per client address (stored only as a keyed hash), shared by every server process.
 * Without JavaScript there is no solution: the form is still accepted, under a stricter rate limit.
 */
export { HONEYPOT_FIELD, STAMP_FIELD, CHALLENGE_FIELD, SOLUTION_FIELD };
export type { Challenge, FormGuard, GuardFailure };

export const MIN_FILL_SECONDS = 3;
export const MAX_AGE_SECONDS = 2 * 3600;
/**
 * The search space of the proof of work: on average maxNumber / 2 = 10,000 SHA-256 hashes.
 * Measured on the development machine (AMD EPYC, Node 20): 10,000 hashes take ~25 ms with
 * node:crypto, ~100–160 ms with crypto.subtle in batches of 250–500 as challenge.js runs them,
 * ~600 ms one at a time. A phone several times slower stays well under a second.
 */
export const POW_MAX_NUMBER = 20_000;
/** Default limits per client address and form (action), with a proof-of-work solution. */
export const DEFAULT_LIMIT = { perHour: 5, perDay: 20 };
/** The longest rate-limit window; rows whose window started before it are purged. */
export const MAX_WINDOW_SECONDS = 86_400;

const SECRET_NAME = 'form_guard';

// The installation's secret, per database (not per user): read or created once per process.
const secrets = new WeakMap<Db, Promise<Buffer>>();

async function loadSecret(db: Db): Promise<Buffer> {
	return inScope(db, systemScope, async (tx) => {
		// several processes may start at once: the first insert wins, everyone reads the winner
		await tx
			.insert(instanceSecrets)
			.values({ name: SECRET_NAME, value: randomBytes(32).toString('base64') })
			.onConflictDoNothing({ target: instanceSecrets.name });
		const [row] = await tx.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, SECRET_NAME));
		if (!row) throw new Error('instance secret missing');
		return Buffer.from(row.value, 'base64');
	});
}

function secretOf(db: Db): Promise<Buffer> {
	let secret = secrets.get(db);
	if (!secret) {
		secret = loadSecret(db);
		secrets.set(db, secret);
		secret.catch(() => secrets.delete(db));
	}
	return secret;
}

/** HMAC-SHA-256 with a purpose prefix, so that a signature for one purpose never serves another. */
function sign(secret: Buffer, purpose: string, message: string): string {
	return createHmac('sha256', secret).update(`${purpose}\n${message}`).digest('base64url');
}

/**
 * The installation's signer for one purpose: (message) → 43 URL-safe characters. For links that
 * must be written again later (an event registration's link in every e-mail) without storing them.
 * Get it before opening a transaction (the secret is read once per process, in its own).
 */
export async function instanceSigner(db: Db, purpose: string): Promise<(message: string) => string> {
	const secret = await secretOf(db);
	return (message) => sign(secret, purpose, message);
}

function sha256Hex(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

/** The signed moment a form was issued: "<unix ms>.<signature>". */
function makeStamp(secret: Buffer, now: Date): string {
	const issued = String(now.getTime());
	return `${issued}.${sign(secret, 'stamp', issued)}`;
}

/** The issue time of a genuine stamp, or null for a missing or forged one. */
function readStamp(secret: Buffer, stamp: string): number | null {
	const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(stamp);
	if (!match) return null;
	const [, issued, signature] = match as unknown as [string, string, string];
	return safeEqual(signature, sign(secret, 'stamp', issued)) ? Number(issued) : null;
}

function challengeMessage(c: Omit<Challenge, 'signature'>): string {
	return `${c.algorithm}\n${c.salt}\n${c.challenge}\n${c.maxNumber}`;
}

function makeChallenge(secret: Buffer, now: Date): Challenge {
	const expires = Math.floor(now.getTime() / 1000) + MAX_AGE_SECONDS;
	const salt = `${randomBytes(12).toString('hex')}?expires=${expires}`;
	const number = randomInt(0, POW_MAX_NUMBER + 1);
	const unsigned = { algorithm: 'SHA-256' as const, salt, challenge: sha256Hex(salt + number), maxNumber: POW_MAX_NUMBER };
	return { ...unsigned, signature: sign(secret, 'challenge', challengeMessage(unsigned)) };
}

/** The signed issue time and a proof-of-work challenge for one public form. */
export async function formGuard(db: Db, now: Date = new Date()): Promise<FormGuard> {
	const secret = await secretOf(db);
	return { stamp: makeStamp(secret, now), challenge: makeChallenge(secret, now) };
}

/** Finds the number of a challenge as the browser does (for tests and tools; node:crypto). */
export function solveChallenge(challenge: Pick<Challenge, 'salt' | 'challenge' | 'maxNumber'>): number | null {
	for (let n = 0; n <= challenge.maxNumber; n++) if (sha256Hex(challenge.salt + n) === challenge.challenge) return n;
	return null;
}

/** A challenge as it came back from the browser, if it has the right shape and our signature. */
function readChallenge(secret: Buffer, raw: string): (Challenge & { expires: number }) | null {
	if (raw.length > 1000) return null;
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return null;
	}
	if (!value || typeof value !== 'object') return null;
	const c = value as Record<string, unknown>;
	if (c.algorithm !== 'SHA-256' || typeof c.salt !== 'string' || typeof c.challenge !== 'string' || typeof c.signature !== 'string')
		return null;
	if (typeof c.maxNumber !== 'number' || !Number.isInteger(c.maxNumber)) return null;
	const challenge: Challenge = {
		algorithm: 'SHA-256',
		salt: c.salt,
		challenge: c.challenge,
		maxNumber: c.maxNumber,
		signature: c.signature
	};
	if (!safeEqual(challenge.signature, sign(secret, 'challenge', challengeMessage(challenge)))) return null;
	const expires = /\?expires=(\d{1,12})$/.exec(challenge.salt);
	if (!expires) return null;
	return { ...challenge, expires: Number(expires[1]) };
}

/**
 * Counts one hit of `key` in the window starting at `windowStart` and returns the new count.
 * One atomic statement: concurrent hits (from any process) each get their own count.
 */
async function countHit(tx: Queryable, key: string, windowStart: Date): Promise<number> {
	const [row] = await tx
		.insert(rateLimitHits)
		.values({ key, windowStart, count: 1 })
		.onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { count: sql`${rateLimitHits.count} + 1` } })
		.returning({ count: rateLimitHits.count });
	if (!row) throw new Error('rate limit upsert returned no row');
	return row.count;
}

/**
 * Counts one attempt for `key` in the current fixed window of `windowSeconds` (at most a day) and
 * says whether it is within `limit`. True = allowed. `key` must not contain personal data
 * (hash a client address with `clientKey`).
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowSeconds: number, now: Date = new Date()): Promise<boolean> {
	if (!(windowSeconds > 0 && windowSeconds <= MAX_WINDOW_SECONDS)) throw new Error(`rate-limit window must be 1…${MAX_WINDOW_SECONDS} s`);
	const windowMs = windowSeconds * 1000;
	const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
	// the window length is part of the key: an hour window and a day window may start at the same moment
	const count = await inScope(db, systemScope, (tx) => countHit(tx, `${key}@${windowSeconds}`, windowStart));
	return count <= limit;
}

/**
 * A client address as one rate-limit subject: IPv4 as it is, IPv6 by its /64 network (one
 * household or phone gets a whole /64 and could otherwise rotate through it).
 */
export function addressSubject(ip: string): string {
	const address = ip.trim().toLowerCase();
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
	if (mapped?.[1]) return mapped[1];
	if (isIPv4(address)) return address;
	if (!isIPv6(address)) return address;
	const [head = '', tail = ''] = address.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	if (address.includes('.')) return address; // embedded IPv4 in another form: keep it whole
	const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
	return groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':');
}

/** A keyed hash of a client address: the address itself is never stored. */
export async function clientKey(db: Db, ip: string): Promise<string> {
	return sign(await secretOf(db), 'ip', addressSubject(ip)).slice(0, 32);
}

/**
 * Marks a proof-of-work solution as used; false when it was used before. Kept until its
 * challenge expires (the row's window starts at the expiry, so the purge removes it later).
 */
async function firstUse(db: Db, challenge: string, expires: number): Promise<boolean> {
	const count = await inScope(db, systemScope, (tx) => countHit(tx, `pow:${challenge}`, new Date(expires * 1000)));
	return count === 1;
}

const field = (form: FormData, name: string): string => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

/**
 * The checks for a submitted public form, in this order: honeypot, issue time (signed, at least
 * MIN_FILL_SECONDS, at most MAX_AGE_SECONDS old), the proof of work (when the browser sent a
 * solution it must be right and unused), then the rate limits for `action` per client address.
 * Without a solution (no JavaScript) the limits are halved.
 */
export async function checkPublicForm(
	db: Db,
	input: { form: FormData; ip: string; action: string; now?: Date; limit?: { perHour: number; perDay: number } }
): Promise<{ ok: true } | { ok: false; reason: GuardFailure }> {
	const now = input.now ?? new Date();
	const fail = (reason: GuardFailure) => ({ ok: false as const, reason });
	const secret = await secretOf(db);

	if (field(input.form, HONEYPOT_FIELD).trim() !== '') return fail('honeypot');

	const issued = readStamp(secret, field(input.form, STAMP_FIELD));
	// a missing or forged stamp is treated like an old form: the page offers a fresh one
	if (issued === null) return fail('expired');
	const age = now.getTime() - issued;
	if (age < MIN_FILL_SECONDS * 1000) return fail('too_fast');
	if (age > MAX_AGE_SECONDS * 1000) return fail('expired');

	const solution = field(input.form, SOLUTION_FIELD).trim();
	if (solution !== '') {
		const challenge = readChallenge(secret, field(input.form, CHALLENGE_FIELD));
		if (!challenge || !/^\d{1,7}$/.test(solution)) return fail('challenge');
		const number = Number(solution);
		if (number > challenge.maxNumber || challenge.expires * 1000 < now.getTime()) return fail('challenge');
		if (!safeEqual(sha256Hex(challenge.salt + number), challenge.challenge)) return fail('challenge');
		if (!(await firstUse(db, challenge.challenge, challenge.expires))) return fail('challenge');
	}

	const limit = input.limit ?? DEFAULT_LIMIT;
	const strict = solution === '';
	const perHour = strict ? Math.max(1, Math.floor(limit.perHour / 2)) : limit.perHour;
	const perDay = strict ? Math.max(1, Math.floor(limit.perDay / 2)) : limit.perDay;
	// both kinds of submission count against the same counters: no extra allowance without JavaScript
	const key = `${input.action}:ip:${await clientKey(db, input.ip)}`;
	const hourOk = await hitRateLimit(db, key, perHour, 3600, now);
	const dayOk = await hitRateLimit(db, key, perDay, 86_400, now);
	if (!hourOk || !dayOk) return fail('rate_limited');
	return { ok: true };
}

/** Deletes rate-limit rows whose window (at most a day) has ended, and spent challenges after their expiry. */
export async function purgeRateLimits(db: Db, now: Date = new Date()): Promise<void> {
	const cutoff = new Date(now.getTime() - MAX_WINDOW_SECONDS * 1000);
	await inScope(db, systemScope, (tx) => tx.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, cutoff)));
}
