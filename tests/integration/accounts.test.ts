import { describe, expect, it } from 'vitest';
import { useDatabase, setupOffice, PASSWORD } from './fixtures.js';
import {
	acceptInvitation,
	beginTotpSetup,
	findInvitation,
	invite,
	isSetupDone,
	listMembers,
	login,
	removeMember,
	requestPasswordReset,
	resetPassword,
	validateSession,
	verifySecondFactor,
	RATE_LIMIT
} from '../../src/lib/server/modules/accounts/accounts.service.js';
import { mailsTo } from '../../src/lib/server/modules/mail/mail.service.js';
import { currentTotp } from '../../src/lib/server/auth/totp.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { setupFirstOffice } from '../../src/lib/server/modules/accounts/accounts.service.js';

const mail = { smtpUrl: undefined, from: 'treffpunkt@example.org' };

describe('accounts: setup, login with second factor, invitations, password reset', () => {
	const db = useDatabase();

	it('sets up the first office once and refuses a second setup', async () => {
		expect(await isSetupDone(db.get().db)).toBe(false);
		const { office } = await setupOffice(db.get());
		expect(office.slug).toBe('kontaktstelle-nordheide');
		expect(office.published).toBe(true);
		expect(await isSetupDone(db.get().db)).toBe(true);
		await expect(
			setupFirstOffice(
				db.get().db,
				{ officeName: 'Zweite', federalState: 'BE', name: 'X', email: 'x@example.org', password: PASSWORD },
				systemActor()
			)
		).rejects.toMatchObject({ code: 'setup_done' });
	});

	it('refuses a wrong password and asks an administrator to enrol a second factor after the right one', async () => {
		const wrong = await login(db.get().db, { email: 'leitung@example.org', password: 'falsch-falsch', clientAddress: '10.0.0.1' });
		expect(wrong.kind).toBe('invalid');
		const unknown = await login(db.get().db, { email: 'niemand@example.org', password: PASSWORD, clientAddress: '10.0.0.1' });
		expect(unknown.kind).toBe('invalid');
		const right = await login(db.get().db, { email: 'LEITUNG@example.org', password: PASSWORD, clientAddress: '10.0.0.1' });
		expect(right).toMatchObject({ kind: 'ok', next: 'totp_setup' });
		if (right.kind !== 'ok') return;
		const session = await validateSession(db.get().db, right.token);
		expect(session?.secondFactorDone).toBe(false);
		expect(session?.needsSecondFactor).toBe(true);

		const secret = await beginTotpSetup(db.get().db, session!);
		expect(await verifySecondFactor(db.get().db, session!, { code: '000000', clientAddress: '10.0.0.1' })).toEqual({ kind: 'invalid' });
		const code = currentTotp(secret);
		expect(await verifySecondFactor(db.get().db, session!, { code, clientAddress: '10.0.0.1' })).toEqual({ kind: 'ok' });
		// the same code cannot be used a second time (replay), the next one can
		expect(await verifySecondFactor(db.get().db, session!, { code, clientAddress: '10.0.0.1' })).toEqual({ kind: 'invalid' });
		const later = new Date(Date.now() + 30_000);
		const next = currentTotp(secret, later.getTime());
		expect(await verifySecondFactor(db.get().db, session!, { code: next, clientAddress: '10.0.0.1', now: later })).toEqual({ kind: 'ok' });
		const done = await validateSession(db.get().db, right.token);
		expect(done?.secondFactorDone).toBe(true);
		expect(done?.user.totpEnabled).toBe(true);
		expect(done?.active?.role).toBe('admin');

		// the next login asks for the code, not for enrolment
		const again = await login(db.get().db, { email: 'leitung@example.org', password: PASSWORD, clientAddress: '10.0.0.2' });
		expect(again).toMatchObject({ kind: 'ok', next: 'totp' });
	});

	it('blocks an account after 10 failed attempts within 15 minutes and says when to try again', async () => {
		const start = new Date('2026-03-01T10:00:00Z');
		for (let i = 0; i < RATE_LIMIT.maxFailures; i++) {
			const at = new Date(start.getTime() + i * 60_000);
			const r = await login(db.get().db, { email: 'leitung@example.org', password: 'falsch', clientAddress: `192.0.2.${i}`, now: at });
			expect(r.kind).toBe('invalid');
		}
		const blocked = await login(db.get().db, {
			email: 'leitung@example.org',
			password: PASSWORD,
			clientAddress: '192.0.2.99',
			now: new Date(start.getTime() + 10 * 60_000)
		});
		expect(blocked.kind).toBe('rate_limited');
		if (blocked.kind === 'rate_limited') expect(blocked.retryAt.toISOString()).toBe('2026-03-01T10:15:00.000Z');
		const later = await login(db.get().db, {
			email: 'leitung@example.org',
			password: PASSWORD,
			clientAddress: '192.0.2.99',
			now: new Date('2026-03-01T10:15:01Z')
		});
		expect(later.kind).toBe('ok');
	});

	it('blocks one client address that tries many accounts', async () => {
		const start = new Date('2026-04-01T10:00:00Z');
		for (let i = 0; i < RATE_LIMIT.maxFailures; i++) {
			await login(db.get().db, {
				email: `probe${i}@example.org`,
				password: 'x',
				clientAddress: '198.51.100.7',
				now: new Date(start.getTime() + i * 1000)
			});
		}
		const blocked = await login(db.get().db, {
			email: 'leitung@example.org',
			password: PASSWORD,
			clientAddress: '198.51.100.7',
			now: new Date(start.getTime() + 20_000)
		});
		expect(blocked.kind).toBe('rate_limited');
		const other = await login(db.get().db, {
			email: 'leitung@example.org',
			password: PASSWORD,
			clientAddress: '198.51.100.8',
			now: new Date(start.getTime() + 20_000)
		});
		expect(other.kind).toBe('ok');
	});

	it('invites a person by e-mail to the outbox; the link creates her account in the office', async () => {
		const members = await listMembers(db.get().db, (await officeId())!);
		const admin = members.find((m) => m.role === 'admin')!;
		const actor = {
			kind: 'user' as const,
			userId: admin.userId,
			tenantId: (await officeId())!,
			role: 'admin' as const,
			label: admin.email
		};
		await invite(
			{ db: db.get().db, actor, mail, origin: 'http://localhost:3000', locale: 'de' },
			{ email: 'jonas@example.org', role: 'volunteer' }
		);
		const [sent] = await mailsTo(db.get().db, 'jonas@example.org');
		expect(sent?.subject).toBe('Einladung: Mitarbeit bei Kontaktstelle Nordheide');
		expect(sent?.status).toBe('stored');
		const token = /\/einladung\/([\w-]+)/.exec(sent!.bodyText)?.[1];
		expect(token).toBeTruthy();
		expect(await findInvitation(db.get().db, token!)).toMatchObject({
			email: 'jonas@example.org',
			role: 'volunteer',
			accountExists: false
		});
		await acceptInvitation(db.get().db, token!, { name: 'Jonas Probe', password: PASSWORD });
		expect(await findInvitation(db.get().db, token!)).toBeUndefined();
		await expect(acceptInvitation(db.get().db, token!, { name: 'Jonas Probe', password: PASSWORD })).rejects.toMatchObject({
			code: 'not_found'
		});
		// a volunteer needs no second factor
		const r = await login(db.get().db, { email: 'jonas@example.org', password: PASSWORD, clientAddress: '10.1.1.1' });
		expect(r).toMatchObject({ kind: 'ok', next: 'done' });
		await expect(
			invite({ db: db.get().db, actor, mail, origin: 'http://x', locale: 'de' }, { email: 'jonas@example.org', role: 'staff' })
		).rejects.toMatchObject({ code: 'conflict' });
	});

	it('does not let the last administrator be removed', async () => {
		const id = (await officeId())!;
		const members = await listMembers(db.get().db, id);
		const admin = members.find((m) => m.role === 'admin')!;
		const volunteer = members.find((m) => m.role === 'volunteer')!;
		const actor = { kind: 'user' as const, userId: admin.userId, tenantId: id, role: 'admin' as const, label: admin.email };
		await expect(removeMember({ db: db.get().db, actor }, admin.userId)).rejects.toMatchObject({ code: 'conflict' });
		await removeMember({ db: db.get().db, actor }, volunteer.userId);
		expect((await listMembers(db.get().db, id)).map((m) => m.email)).toEqual(['leitung@example.org']);
	});

	it('resets a forgotten password by a link that works once and ends old sessions', async () => {
		const before = await login(db.get().db, { email: 'leitung@example.org', password: PASSWORD, clientAddress: '10.9.9.9' });
		await requestPasswordReset({ db: db.get().db, mail, origin: 'http://localhost:3000', locale: 'en' }, 'leitung@example.org');
		await requestPasswordReset({ db: db.get().db, mail, origin: 'http://localhost:3000', locale: 'de' }, 'unbekannt@example.org');
		expect(await mailsTo(db.get().db, 'unbekannt@example.org')).toHaveLength(0);
		const [resetMail] = await mailsTo(db.get().db, 'leitung@example.org');
		expect(resetMail?.subject).toBe('New password for Treffpunkt');
		const token = /passwort-neu\/([\w-]+)/.exec(resetMail!.bodyText)![1]!;
		await resetPassword(db.get().db, token, 'ganz-neues-passwort');
		await expect(resetPassword(db.get().db, token, 'noch-ein-passwort')).rejects.toMatchObject({ code: 'not_found' });
		if (before.kind === 'ok') expect(await validateSession(db.get().db, before.token)).toBeUndefined();
		expect((await login(db.get().db, { email: 'leitung@example.org', password: PASSWORD, clientAddress: '10.9.9.9' })).kind).toBe(
			'invalid'
		);
		expect(
			(await login(db.get().db, { email: 'leitung@example.org', password: 'ganz-neues-passwort', clientAddress: '10.9.9.9' })).kind
		).toBe('ok');
	});

	it('lets the operator remove a lost second factor, so the next login enrols a new one', async () => {
		const { resetSecondFactor } = await import('../../src/lib/server/modules/accounts/accounts.service.js');
		const before = await login(db.get().db, { email: 'leitung@example.org', password: 'ganz-neues-passwort', clientAddress: '10.8.8.8' });
		expect(before).toMatchObject({ kind: 'ok', next: 'totp' });
		expect(await resetSecondFactor(db.get().db, systemActor('test'), 'Leitung@example.org')).toBe(true);
		if (before.kind === 'ok') expect(await validateSession(db.get().db, before.token)).toBeUndefined();
		const after = await login(db.get().db, { email: 'leitung@example.org', password: 'ganz-neues-passwort', clientAddress: '10.8.8.8' });
		expect(after).toMatchObject({ kind: 'ok', next: 'totp_setup' });
		expect(await resetSecondFactor(db.get().db, systemActor('test'), 'niemand@example.org')).toBe(false);
	});

	async function officeId() {
		const { getOfficeBySlug } = await import('../../src/lib/server/modules/tenants/tenants.service.js');
		return (await getOfficeBySlug(db.get().db, 'kontaktstelle-nordheide'))?.id;
	}
});
