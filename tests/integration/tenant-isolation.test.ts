import { newOffice } from '../../src/lib/schemas/office.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { rowsOf } from '../../src/lib/server/db/client.js';
import { memberships, users, accountTokens } from '../../src/lib/server/modules/accounts/accounts.table.js';
import { auditLog } from '../../src/lib/server/modules/audit/audit.table.js';
import { outbox } from '../../src/lib/server/modules/mail/mail.table.js';
import { listMembers, invite } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { listOutbox } from '../../src/lib/server/modules/mail/mail.service.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import { updateOfficeDetails } from '../../src/lib/server/modules/tenants/tenants.service.js';

describe('tenant isolation (PLAT-3)', () => {
	const db = useDatabase();

	let first: { officeId: string; userId: string };
	let second: { officeId: string; userId: string };

	beforeAll(async () => {
		const a = await setupOffice(db.get());
		const b = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org');
		first = { officeId: a.office.id, userId: a.userId };
		second = { officeId: b.office.id, userId: b.userId };
		const actor = { kind: 'user' as const, userId: a.userId, tenantId: a.office.id, role: 'admin' as const, label: 'leitung@example.org' };
		await invite(
			{ db: db.get().db, actor, mail: { smtpUrl: undefined, from: 'x@example.org' }, origin: 'http://localhost', locale: 'de' },
			{ email: 'neu@example.org', role: 'staff' }
		);
	});

	it('runs application queries as a role that is not a superuser and cannot bypass row-level security', async () => {
		const [role] = await inScope(db.get().db, { kind: 'system' }, async (tx) =>
			rowsOf<{ rolsuper: boolean; rolbypassrls: boolean; current_user: string }>(
				await tx.execute(sql`select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`)
			)
		);
		expect(role).toEqual({ current_user: 'treffpunkt_app', rolsuper: false, rolbypassrls: false });
	});

	it('shows staff of one office only their own people, outbox and audit log', async () => {
		const secondMembers = await listMembers(db.get().db, second.officeId);
		expect(secondMembers.map((m) => m.email)).toEqual(['sued@example.org']);
		expect((await listOutbox(db.get().db, second.officeId)).rows).toHaveLength(0);
		expect((await listOutbox(db.get().db, first.officeId)).rows.map((r) => r.toAddress)).toEqual(['neu@example.org']);
		const ownAudit = await inScope(db.get().db, { kind: 'tenant', tenantId: first.officeId }, (tx) => listAudit(tx, first.officeId));
		expect(ownAudit.rows.length).toBeGreaterThan(0);
		const foreignAudit = await inScope(db.get().db, { kind: 'tenant', tenantId: second.officeId }, (tx) => listAudit(tx, first.officeId));
		expect(foreignAudit.rows).toHaveLength(0);
	});

	it('refuses other offices’ rows even when a query forgets its tenant filter', async () => {
		await inScope(db.get().db, { kind: 'tenant', tenantId: second.officeId }, async (tx) => {
			const allMemberships = await tx.select({ tenantId: memberships.tenantId }).from(memberships);
			expect(allMemberships.every((m) => m.tenantId === second.officeId)).toBe(true);
			expect(await tx.select({ id: outbox.id }).from(outbox)).toHaveLength(0);
			expect(await tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.tenantId, first.officeId))).toHaveLength(0);
			expect(await tx.select({ id: accountTokens.id }).from(accountTokens)).toHaveLength(0);
			const people = await tx.select({ email: users.email }).from(users);
			expect(people.map((p) => p.email)).toEqual(['sued@example.org']);
		});
	});

	it('refuses to write rows into another office', async () => {
		const [someone] = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select({ id: users.id }).from(users).limit(1));
		await expect(
			inScope(db.get().db, { kind: 'tenant', tenantId: second.officeId }, (tx) =>
				tx.insert(memberships).values({ tenantId: first.officeId, userId: someone!.id, role: 'admin' })
			)
		).rejects.toSatisfy((e: unknown) => /row-level security/i.test(String((e as { cause?: Error }).cause?.message ?? e)));
		const changed = await inScope(db.get().db, { kind: 'tenant', tenantId: second.officeId }, (tx) =>
			tx.update(outbox).set({ subject: 'gekapert' }).returning({ id: outbox.id })
		);
		expect(changed).toHaveLength(0);
		const deleted = await inScope(db.get().db, { kind: 'tenant', tenantId: second.officeId }, (tx) =>
			tx.delete(memberships).where(eq(memberships.tenantId, first.officeId)).returning({ userId: memberships.userId })
		);
		expect(deleted).toHaveLength(0);
	});

	it('lets administrators of the office read their own rows', async () => {
		const own = await inScope(db.get().db, { kind: 'tenant', tenantId: first.officeId }, (tx) =>
			tx.select({ tenantId: memberships.tenantId }).from(memberships)
		);
		expect(own.length).toBeGreaterThan(0);
		expect(own.every((m) => m.tenantId === first.officeId)).toBe(true);
	});

	it('sees nothing of any office outside a scope', async () => {
		const rows = await db.get().db.transaction(async (tx) => {
			await tx.execute(sql`set local role treffpunkt_app`);
			return tx.select({ tenantId: memberships.tenantId }).from(memberships);
		});
		expect(rows).toHaveLength(0);
	});

	it('does not let an administrator change another office through the service', async () => {
		const actor = {
			kind: 'user' as const,
			userId: second.userId,
			tenantId: second.officeId,
			role: 'admin' as const,
			label: 'sued@example.org'
		};
		await expect(
			updateOfficeDetails({ db: db.get().db, actor }, first.officeId, newOffice('Übernommen', 'contact_point', 'BY'))
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});
