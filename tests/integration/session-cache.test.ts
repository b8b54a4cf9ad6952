import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice, PASSWORD } from './fixtures.js';
import { personIn } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { memberships, users } from '../../src/lib/server/modules/accounts/accounts.table.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { login, logout, removeMember, switchOffice } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { SESSION_CACHE_MS, SessionCache, watchSessionChanges } from '../../src/lib/server/modules/accounts/session-cache.js';

/** Waits until `check` holds (a notification travels after its transaction commits), at most two seconds. */
async function eventually(check: () => boolean): Promise<void> {
	for (let waited = 0; !check() && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
	expect(check()).toBe(true);
}

describe('signed-in requests keep their session in memory until the database announces a change (ADR 0032)', () => {
	const db = useDatabase();
	let now = Date.parse('2029-03-01T08:00:00Z');
	let cache: SessionCache;
	let stop: () => Promise<void>;
	let officeId: string;
	let adminId: string;

	const signIn = async (email: string) => {
		const result = await login(db.get().db, { email, password: PASSWORD, clientAddress: '10.0.0.7', now: new Date(now) });
		if (result.kind !== 'ok') throw new Error(`login failed: ${result.kind}`);
		return result.token;
	};

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		officeId = first.office.id;
		adminId = first.userId;
		cache = new SessionCache(db.get().db, () => now);
		let trusted = false;
		stop = await watchSessionChanges(db.get(), cache, (on) => (trusted = on), { everyMs: 60_000, waitMs: 2_000 });
		// sessions are kept once the process has heard its own probe
		await eventually(() => trusted);
	});
	afterAll(async () => {
		await stop?.();
	});

	it('answers a second request from memory, and a signed-out session at once no more', async () => {
		const staff = await personIn(db.get(), officeId, 'kasse@example.org', 'staff');
		const token = await signIn('kasse@example.org');
		const first = await cache.validate(token);
		expect(first?.user.id).toBe(staff.userId);
		expect(await cache.validate(token)).toBe(first);
		expect(cache.holds(token)).toBe(true);
		// signed out, here or by another process: the database announces it and the cache forgets
		await logout(db.get().db, token);
		await eventually(() => !cache.holds(token));
		expect(await cache.validate(token)).toBeUndefined();
	});

	it('forgets a person removed from her office, her new role and a renamed office', async () => {
		const volunteer = await personIn(db.get(), officeId, 'ehrenamt@example.org', 'volunteer');
		const token = await signIn('ehrenamt@example.org');
		expect((await cache.validate(token))?.active?.role).toBe('volunteer');

		const renamed = 'Kontaktstelle Nordheide-Süd';
		await inScope(db.get().db, { kind: 'system' }, (tx) => tx.update(tenants).set({ name: renamed }).where(eq(tenants.id, officeId)));
		await eventually(() => !cache.holds(token));
		expect((await cache.validate(token))?.active?.officeName).toBe(renamed);

		const admin = { kind: 'user' as const, userId: adminId, tenantId: officeId, role: 'admin' as const, label: 'leitung@example.org' };
		await removeMember({ db: db.get().db, actor: admin }, volunteer.userId);
		await eventually(() => !cache.holds(token));
		const after = await cache.validate(token);
		expect(after?.memberships).toEqual([]);
		expect(after?.active).toBeUndefined();
	});

	it('forgets a person who is disabled and a session moved to another office', async () => {
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.insert(memberships).values({ userId: south.userId, tenantId: officeId, role: 'staff' })
		);
		const token = await signIn('sued@example.org');
		const before = await cache.validate(token);
		expect(before?.memberships.map((m) => m.tenantId).sort()).toEqual([officeId, south.office.id].sort());
		const elsewhere = before!.active!.tenantId === officeId ? south.office.id : officeId;
		await switchOffice(db.get().db, before!, elsewhere);
		await eventually(() => !cache.holds(token));
		expect((await cache.validate(token))?.active?.tenantId).toBe(elsewhere);

		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.update(users)
				.set({ disabledAt: new Date(now) })
				.where(eq(users.id, south.userId))
		);
		await eventually(() => !cache.holds(token));
		expect(await cache.validate(token)).toBeUndefined();
	});

	it('keeps a session for a minute at most; extending its expiry is not a change', async () => {
		const token = await signIn('leitung@example.org');
		const first = await cache.validate(token);
		now += SESSION_CACHE_MS - 1;
		expect(await cache.validate(token)).toBe(first);
		// eleven minutes later the database is asked again and moves the expiry on: no announcement, kept
		now += 11 * 60_000;
		const later = await cache.validate(token);
		expect(later).not.toBe(first);
		expect(later!.expiresAt.getTime()).toBeGreaterThan(first!.expiresAt.getTime());
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await cache.validate(token)).toBe(later);
		await logout(db.get().db, token);
		await eventually(() => !cache.holds(token));
	});

	it('keeps nothing that a change overtook while it was read, nor while not listening', async () => {
		const token = await signIn('leitung@example.org');
		const reading = cache.validate(token);
		cache.changed(adminId);
		expect(await reading).toBeDefined();
		expect(cache.holds(token)).toBe(false);

		cache.listening(false);
		expect(await cache.validate(token)).toBeDefined();
		expect(cache.holds(token)).toBe(false);
		cache.listening(true);
		expect(await cache.validate(token)).toBeDefined();
		expect(cache.holds(token)).toBe(true);
		cache.forget(token);
		expect(cache.holds(token)).toBe(false);
	});

	it('keeps nothing while announcements do not arrive, though LISTEN succeeded (a pooler that swallows them)', async () => {
		const token = await signIn('leitung@example.org');
		let deliver = true;
		const changes: boolean[] = [];
		const quiet = new SessionCache(db.get().db, () => now);
		// the real database, with a channel that stops delivering (as behind a pooler in transaction mode)
		const lossy = {
			db: db.get().db,
			listen: (channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void) =>
				db.get().listen(channel, (payload) => deliver && onMessage(payload), onState)
		};
		const stopLossy = await watchSessionChanges(lossy, quiet, (on) => changes.push(on), { everyMs: 150, waitMs: 100 });
		try {
			await eventually(() => changes.at(-1) === true);
			await quiet.validate(token);
			expect(quiet.holds(token)).toBe(true);
			deliver = false;
			await eventually(() => changes.at(-1) === false);
			expect(quiet.holds(token)).toBe(false);
			expect(await quiet.validate(token)).toBeDefined();
			expect(quiet.holds(token)).toBe(false);
			// announcements arrive again: the next probe restores trust
			deliver = true;
			await eventually(() => changes.at(-1) === true);
			await quiet.validate(token);
			expect(quiet.holds(token)).toBe(true);
		} finally {
			await stopLossy();
		}
	});
});
