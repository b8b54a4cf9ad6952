import { newOffice } from '../../src/lib/schemas/office.js';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase } from './fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { jobs } from '../../src/lib/server/modules/jobs/jobs.table.js';
import {
	backoffSeconds,
	enqueue,
	enqueueDueSchedules,
	ensureSchedules,
	jobOverview,
	runDueJobs
} from '../../src/lib/server/modules/jobs/jobs.service.js';

describe('job runner', () => {
	const db = useDatabase();

	it('runs a queued job once and records it as done', async () => {
		const seen: unknown[] = [];
		await inScope(db.get().db, { kind: 'system' }, (tx) => enqueue(tx, { name: 'test.record', payload: { n: 1 } }));
		const ran = await runDueJobs(db.get().db, { 'test.record': async (p) => void seen.push(p.n) }, { workerId: 'a' });
		expect(ran).toBe(1);
		expect(seen).toEqual([1]);
		expect(await runDueJobs(db.get().db, { 'test.record': async (p) => void seen.push(p.n) }, { workerId: 'a' })).toBe(0);
	});

	it('retries a failing job with growing backoff and gives up after its attempts', async () => {
		let now = new Date('2026-05-01T08:00:00Z');
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			enqueue(tx, { name: 'test.flaky', runAt: now, maxAttempts: 3, dedupeKey: 'flaky-1' })
		);
		const handlers = { 'test.flaky': async () => Promise.reject(new Error('SMTP nicht erreichbar')) };
		expect(await runDueJobs(db.get().db, handlers, { workerId: 'a', now: () => now })).toBe(1);
		let [row] = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select().from(jobs).where(eq(jobs.dedupeKey, 'flaky-1')));
		expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'SMTP nicht erreichbar' });
		expect(row!.runAt.getTime() - now.getTime()).toBe(backoffSeconds(1) * 1000);
		// not due yet
		expect(await runDueJobs(db.get().db, handlers, { workerId: 'a', now: () => now })).toBe(0);
		now = new Date(now.getTime() + 10 * 60_000);
		await runDueJobs(db.get().db, handlers, { workerId: 'a', now: () => now });
		now = new Date(now.getTime() + 10 * 60_000);
		await runDueJobs(db.get().db, handlers, { workerId: 'a', now: () => now });
		[row] = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select().from(jobs).where(eq(jobs.dedupeKey, 'flaky-1')));
		expect(row).toMatchObject({ status: 'failed', attempts: 3 });
		expect(backoffSeconds(1)).toBeLessThan(backoffSeconds(2));
	});

	it('ignores a second job with the same deduplication key', async () => {
		await inScope(db.get().db, { kind: 'system' }, async (tx) => {
			await enqueue(tx, { name: 'test.once', dedupeKey: 'once' });
			await enqueue(tx, { name: 'test.once', dedupeKey: 'once' });
		});
		let count = 0;
		await runDueJobs(db.get().db, { 'test.once': async () => void count++ }, { workerId: 'a' });
		expect(count).toBe(1);
	});

	it('runs every job exactly once when two workers compete', async () => {
		await inScope(db.get().db, { kind: 'system' }, async (tx) => {
			for (let i = 0; i < 20; i++) await enqueue(tx, { name: 'test.count', payload: { i } });
		});
		const runs: number[] = [];
		const handler = { 'test.count': async (p: Record<string, unknown>) => void runs.push(Number(p.i)) };
		const [a, b] = await Promise.all([
			runDueJobs(db.get().db, handler, { workerId: 'a' }),
			runDueJobs(db.get().db, handler, { workerId: 'b' })
		]);
		expect(a + b).toBe(20);
		expect(runs.sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
	});

	it('turns due schedule slots into one job each and shows the last run', async () => {
		const t0 = new Date('2026-06-01T00:00:00Z');
		await ensureSchedules(db.get().db, [{ name: 'test.hourly', everySeconds: 3600 }], t0);
		expect(await enqueueDueSchedules(db.get().db, t0)).toBe(1);
		expect(await enqueueDueSchedules(db.get().db, t0)).toBe(0);
		let runs = 0;
		await runDueJobs(db.get().db, { 'test.hourly': async () => void runs++ }, { workerId: 'a', now: () => t0 });
		expect(runs).toBe(1);
		const overview = await jobOverview(db.get().db);
		const schedule = overview.schedules.find((s) => s.name === 'test.hourly');
		expect(schedule).toMatchObject({ lastStatus: 'ok', lastError: null });
		expect(schedule?.nextRunAt.toISOString()).toBe('2026-06-01T01:00:00.000Z');
	});
});

describe('who sees the jobs', () => {
	const db = useDatabase();

	it('shows them to administrators of the top-level office only', async () => {
		const { setupOffice } = await import('./fixtures.js');
		const { createChildOffice } = await import('../../src/lib/server/modules/tenants/tenants.service.js');
		const top = await setupOffice(db.get());
		const admin = {
			kind: 'user' as const,
			userId: top.userId,
			tenantId: top.office.id,
			role: 'admin' as const,
			label: 'leitung@example.org'
		};
		await expect(jobOverview(db.get().db, admin)).resolves.toBeDefined();
		await expect(jobOverview(db.get().db, { ...admin, role: 'staff' })).rejects.toMatchObject({ code: 'forbidden' });
		const child = await createChildOffice({ db: db.get().db, actor: admin }, newOffice('Außenstelle Tannengrund', 'support_point', 'NI'));
		expect(child.parentId).toBe(top.office.id);
		await expect(jobOverview(db.get().db, { ...admin, tenantId: child.id })).rejects.toMatchObject({ code: 'forbidden' });
	});
});
