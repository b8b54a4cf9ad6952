import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { useDatabase } from './fixtures.js';
import { openDatabase, rowsOf, type Database } from '../../src/lib/server/db/client.js';
import { inScope, systemScope } from '../../src/lib/server/db/scope.js';
import {
	addressSubject,
	checkPublicForm,
	clientKey,
	formGuard,
	hitRateLimit,
	POW_MAX_NUMBER,
	purgeRateLimits,
	solveChallenge,
	type FormGuard
} from '../../src/lib/server/modules/protection/protection.service.js';
import { CHALLENGE_FIELD, HONEYPOT_FIELD, SOLUTION_FIELD, STAMP_FIELD, withoutGuardFields } from '../../src/lib/form-guard.js';
import { rateLimitHits } from '../../src/lib/server/modules/protection/protection.table.js';

const db = useDatabase();
const T0 = new Date('2026-05-04T10:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let ipCounter = 0;
/** A new client address for each test, so that rate limits of one test do not touch another. */
const freshIp = () => `198.51.100.${++ipCounter}`;

function formFor(guard: FormGuard, fields: { solution?: string; honeypot?: string; stamp?: string; challenge?: string } = {}) {
	const form = new FormData();
	form.set('message', 'Hallo, ich würde gern einmal vorbeikommen.');
	form.set(HONEYPOT_FIELD, fields.honeypot ?? '');
	form.set(STAMP_FIELD, fields.stamp ?? guard.stamp);
	form.set(CHALLENGE_FIELD, fields.challenge ?? JSON.stringify(guard.challenge));
	form.set(SOLUTION_FIELD, fields.solution ?? '');
	return form;
}

/** A form as a browser with JavaScript sends it: the number found like challenge.js finds it. */
async function solvedForm(now = T0) {
	const guard = await formGuard(db.get().db, now);
	const number = solveChallenge(guard.challenge);
	expect(number).not.toBeNull();
	return formFor(guard, { solution: String(number) });
}

const check = (form: FormData, ip: string, now = later(10), action = 'test') => checkPublicForm(db.get().db, { form, ip, action, now });

describe('public form protection (DIR-4)', () => {
	it('accepts a form filled by a person, with and without JavaScript', async () => {
		expect(await check(await solvedForm(), freshIp())).toEqual({ ok: true });
		const guard = await formGuard(db.get().db, T0);
		expect(await check(formFor(guard), freshIp())).toEqual({ ok: true });
	});

	it('the challenge is a real proof of work: the number hashes to the challenge and lies within maxNumber', async () => {
		const { challenge } = await formGuard(db.get().db, T0);
		expect(challenge.algorithm).toBe('SHA-256');
		expect(challenge.maxNumber).toBe(POW_MAX_NUMBER);
		expect(challenge.salt).toMatch(/\?expires=\d+$/);
		const number = solveChallenge(challenge)!;
		expect(number).toBeGreaterThanOrEqual(0);
		expect(number).toBeLessThanOrEqual(POW_MAX_NUMBER);
		expect(
			createHash('sha256')
				.update(challenge.salt + number)
				.digest('hex')
		).toBe(challenge.challenge);
	});

	it('refuses a filled honeypot', async () => {
		const guard = await formGuard(db.get().db, T0);
		expect(await check(formFor(guard, { honeypot: 'https://spam.example' }), freshIp())).toEqual({ ok: false, reason: 'honeypot' });
	});

	it('refuses a form sent less than 3 seconds after it was issued', async () => {
		const guard = await formGuard(db.get().db, T0);
		expect(await check(formFor(guard), freshIp(), later(1))).toEqual({ ok: false, reason: 'too_fast' });
		expect(await check(formFor(guard), freshIp(), later(3))).toEqual({ ok: true });
	});

	it('refuses a form older than 2 hours', async () => {
		const guard = await formGuard(db.get().db, T0);
		expect(await check(formFor(guard), freshIp(), later(2 * 3600 + 1))).toEqual({ ok: false, reason: 'expired' });
		expect(await check(formFor(guard), freshIp(), later(2 * 3600 - 60))).toEqual({ ok: true });
	});

	it('refuses a forged or missing stamp', async () => {
		const guard = await formGuard(db.get().db, T0);
		const [, signature] = guard.stamp.split('.');
		// an older issue time with the signature of another one
		const forged = `${T0.getTime() - 60_000}.${signature}`;
		expect(await check(formFor(guard, { stamp: forged }), freshIp())).toEqual({ ok: false, reason: 'expired' });
		expect(await check(formFor(guard, { stamp: '' }), freshIp())).toEqual({ ok: false, reason: 'expired' });
		expect(await check(formFor(guard, { stamp: 'kaputt' }), freshIp())).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a wrong solution', async () => {
		const guard = await formGuard(db.get().db, T0);
		const right = solveChallenge(guard.challenge)!;
		const wrong = String(right === 0 ? 1 : right - 1);
		expect(await check(formFor(guard, { solution: wrong }), freshIp())).toEqual({ ok: false, reason: 'challenge' });
		expect(await check(formFor(guard, { solution: 'abc' }), freshIp())).toEqual({ ok: false, reason: 'challenge' });
		expect(await check(formFor(guard, { solution: String(POW_MAX_NUMBER + 1) }), freshIp())).toEqual({ ok: false, reason: 'challenge' });
	});

	it('refuses a challenge the server did not issue (forged signature or changed fields)', async () => {
		const guard = await formGuard(db.get().db, T0);
		// an easy challenge made up by a robot: salt and number of its choice
		const salt = `00000000?expires=${Math.floor(T0.getTime() / 1000) + 3600}`;
		const made = { ...guard.challenge, salt, challenge: createHash('sha256').update(`${salt}1`).digest('hex') };
		expect(await check(formFor(guard, { challenge: JSON.stringify(made), solution: '1' }), freshIp())).toEqual({
			ok: false,
			reason: 'challenge'
		});
		const number = String(solveChallenge(guard.challenge));
		const bigger = { ...guard.challenge, maxNumber: 10_000_000 };
		expect(await check(formFor(guard, { challenge: JSON.stringify(bigger), solution: number }), freshIp())).toEqual({
			ok: false,
			reason: 'challenge'
		});
		expect(await check(formFor(guard, { challenge: '{not json', solution: number }), freshIp())).toEqual({
			ok: false,
			reason: 'challenge'
		});
		expect(await check(formFor(guard, { challenge: '', solution: number }), freshIp())).toEqual({ ok: false, reason: 'challenge' });
	});

	it('accepts a solution once: a replayed one is refused, also from another address', async () => {
		const form = await solvedForm();
		expect(await check(form, freshIp())).toEqual({ ok: true });
		expect(await check(form, freshIp(), later(20))).toEqual({ ok: false, reason: 'challenge' });
	});

	it('limits submissions per address and form; without JavaScript the limit is halved', async () => {
		const ip = freshIp();
		const limit = { perHour: 4, perDay: 6 };
		const send = async (form: FormData, at: Date, action = 'relay') =>
			(await checkPublicForm(db.get().db, { form, ip, action, now: at, limit })).ok;
		// with JavaScript: 4 per hour
		for (let i = 0; i < 4; i++) expect(await send(await solvedForm(), later(10 + i))).toBe(true);
		expect(await checkPublicForm(db.get().db, { form: await solvedForm(), ip, action: 'relay', now: later(20), limit })).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
		// another form has its own counter
		expect(await send(await solvedForm(), later(22), 'founding')).toBe(true);
		// the next hour: the day's limit of 6 counts every attempt (4 sent, 1 refused), so one more
		const nextHour = later(3600);
		const issued = new Date(nextHour.getTime() - 10_000);
		expect(await send(await solvedForm(issued), nextHour)).toBe(true);
		expect(await send(await solvedForm(issued), later(3601))).toBe(false);

		// without JavaScript another address gets half: 2 per hour
		const other = freshIp();
		const plain = async (at: Date) =>
			(await checkPublicForm(db.get().db, { form: formFor(await formGuard(db.get().db, T0)), ip: other, action: 'relay', now: at, limit }))
				.ok;
		expect(await plain(later(10))).toBe(true);
		expect(await plain(later(11))).toBe(true);
		expect(await plain(later(12))).toBe(false);
	});

	it('never stores the client address, only a keyed hash of it', async () => {
		const ip = '203.0.113.77';
		await check(await solvedForm(), ip);
		const keys = await inScope(db.get().db, systemScope, (tx) => tx.select({ key: rateLimitHits.key }).from(rateLimitHits));
		expect(keys.length).toBeGreaterThan(0);
		for (const { key } of keys) expect(key).not.toContain('203.0.113');
		expect(keys.some(({ key }) => key.includes(`test:ip:`))).toBe(true);
		expect(await clientKey(db.get().db, ip)).not.toBe(await clientKey(db.get().db, '203.0.113.78'));
	});

	it('treats one IPv6 /64 network as one client', async () => {
		expect(addressSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(addressSubject('2001:0db8:0001:0002::1'));
		expect(addressSubject('2001:db8:1:2::1')).not.toBe(addressSubject('2001:db8:1:3::1'));
		expect(addressSubject('::ffff:192.0.2.5')).toBe('192.0.2.5');
		expect(await clientKey(db.get().db, '2001:db8:1:2::1')).toBe(await clientKey(db.get().db, '2001:db8:1:2:ffff::9'));
	});

	it('counts concurrent hits exactly: never more allowed than the limit', async () => {
		const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(db.get().db, 'test:concurrent', 10, 3600, T0)));
		expect(results.filter(Boolean)).toHaveLength(10);
	});

	it('purges rate-limit rows and spent solutions once their window has ended', async () => {
		await hitRateLimit(db.get().db, 'test:purge', 3, 3600, T0);
		const count = async () =>
			rowsOf<{ n: number }>(
				await inScope(db.get().db, systemScope, (tx) =>
					tx.execute(sql`select count(*)::int as n from rate_limit_hits where key like 'test:purge%'`)
				)
			)[0]?.n;
		await purgeRateLimits(db.get().db, later(3600));
		expect(await count()).toBe(1);
		await purgeRateLimits(db.get().db, later(86_400 + 1));
		expect(await count()).toBe(0);
	});

	it('a guard keeps its own fields out of the form handed to a schema', () => {
		const form = new FormData();
		form.set('message', 'x');
		form.set(HONEYPOT_FIELD, '');
		form.set(STAMP_FIELD, '1.a');
		expect([...withoutGuardFields(form).keys()]).toEqual(['message']);
	});
});

/** A second connection pool to the same database: another server process, as far as the rows are concerned. */
async function secondConnection(database: Database): Promise<{ db: Database['db']; close(): Promise<void> }> {
	if (database.kind !== 'postgres') return { db: database.db, close: async () => undefined };
	const [row] = rowsOf<{ name: string }>(await database.db.execute(sql`select current_database() as name`));
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = `/${row!.name}`;
	return openDatabase({ kind: 'postgres', url: url.toString(), migrate: false, poolSize: 5 });
}

/**
 * Several server processes share one database. On PostgreSQL the second process is a second
 * connection pool to the same database; PGlite has one connection, so there it is the same one.
 */
describe('rate limits across processes', () => {
	it('two connection pools hitting the same key at once never get more than the limit allowed', async () => {
		const other = await secondConnection(db.get());
		try {
			const now = later(100_000);
			const hits = Array.from({ length: 40 }, (_, i) => hitRateLimit((i % 2 ? other : db.get()).db, 'test:two-pools', 15, 3600, now));
			const results = await Promise.all(hits);
			expect(results.filter(Boolean)).toHaveLength(15);
		} finally {
			await other.close();
		}
	});

	it('a form issued by one process is checked by another with the same secret', async () => {
		const other = await secondConnection(db.get());
		try {
			const guard = await formGuard(db.get().db, T0);
			const form = formFor(guard, { solution: String(solveChallenge(guard.challenge)) });
			expect(await checkPublicForm(other.db, { form, ip: freshIp(), action: 'test', now: later(10) })).toEqual({ ok: true });
			// and the spent solution is known to the first one too
			expect(await checkPublicForm(db.get().db, { form, ip: freshIp(), action: 'test', now: later(11) })).toEqual({
				ok: false,
				reason: 'challenge'
			});
		} finally {
			await other.close();
		}
	});
});
