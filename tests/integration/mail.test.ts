import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase } from './fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { mailSendHandler, mailsTo, queueMail } from '../../src/lib/server/modules/mail/mail.service.js';
import { renderMail } from '../../src/lib/server/modules/mail/mail.templates.js';
import { runDueJobs } from '../../src/lib/server/modules/jobs/jobs.service.js';
import { jobs } from '../../src/lib/server/modules/jobs/jobs.table.js';

describe('e-mail outbox', () => {
	const db = useDatabase();

	it('renders one template in German and in English with its parameters', () => {
		const params = { office: 'Kontaktstelle Ahornhain', role: 'Mitarbeit', link: 'http://x/einladung/abc', expires: '7. Dezember 2026' };
		const de = renderMail('invitation', 'de', params);
		const en = renderMail('invitation', 'en', params);
		expect(de.subject).toBe('Einladung: Mitarbeit bei Kontaktstelle Ahornhain');
		expect(de.text).toContain('http://x/einladung/abc');
		expect(de.text).toContain('7. Dezember 2026');
		expect(en.subject).not.toBe(de.subject);
		expect(en.text).toContain('http://x/einladung/abc');
	});

	it('keeps a mail readable in the outbox when no SMTP server is configured', async () => {
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			queueMail(
				tx,
				{ smtpUrl: undefined, from: 'a@example.org' },
				{ tenantId: null, template: 'password_reset', locale: 'de', to: 'ohne-smtp@example.org', params: { link: 'L', expires: 'E' } }
			)
		);
		const [mail] = await mailsTo(db.get().db, 'ohne-smtp@example.org');
		expect(mail).toMatchObject({ status: 'stored', subject: 'Neues Passwort für Treffpunkt' });
		const queued = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select().from(jobs).where(eq(jobs.name, 'mail.send')));
		expect(queued).toHaveLength(0);
	});

	it('queues a mail for sending with SMTP and records a failed delivery for a retry', async () => {
		const settings = { smtpUrl: 'smtp://127.0.0.1:1', from: 'treffpunkt@example.org' };
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			queueMail(tx, settings, {
				tenantId: null,
				template: 'password_reset',
				locale: 'en',
				to: 'mit-smtp@example.org',
				params: { link: 'L', expires: 'E' }
			})
		);
		expect((await mailsTo(db.get().db, 'mit-smtp@example.org'))[0]?.status).toBe('queued');
		await runDueJobs(db.get().db, { 'mail.send': mailSendHandler(settings) }, { workerId: 'test' });
		const [mail] = await mailsTo(db.get().db, 'mit-smtp@example.org');
		expect(mail?.status).toBe('failed');
		expect(mail?.lastError).toMatch(/ECONNREFUSED|connect/i);
		const [job] = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select().from(jobs).where(eq(jobs.name, 'mail.send')));
		expect(job).toMatchObject({ status: 'queued', attempts: 1 });
	});
});
