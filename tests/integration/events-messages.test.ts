import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { eventMessages } from '../../src/lib/server/modules/events/events.table.js';
import { createEvent, emptyEventInput, publishEvent } from '../../src/lib/server/modules/events/events.service.js';
import { cancelRegistration, expireOffers, register } from '../../src/lib/server/modules/events/registrations.service.js';
import { listRegistrations } from '../../src/lib/server/modules/events/events.queries.js';
import {
	listEventMessages,
	messageDelivery,
	messageRecipientCounts,
	retryFailedMessageMails,
	sendEventMessage
} from '../../src/lib/server/modules/events/messages.service.js';
import { mailSendHandler, mailsTo, type MailSettings } from '../../src/lib/server/modules/mail/mail.service.js';
import { outbox } from '../../src/lib/server/modules/mail/mail.table.js';
import { runDueJobs } from '../../src/lib/server/modules/jobs/jobs.service.js';
import { jobs } from '../../src/lib/server/modules/jobs/jobs.table.js';

// COM-1: the organiser writes to the people registered for an event; each gets her own mail with
// only her data, and the office follows each mail's delivery and tries failed ones again.

const NOW = new Date('2029-02-01T09:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);
const STORE: MailSettings = { smtpUrl: undefined, from: 'treffpunkt@example.org' };
/** a mail server nobody listens on: every delivery fails */
const SMTP: MailSettings = { smtpUrl: 'smtp://127.0.0.1:1', from: 'treffpunkt@example.org' };
const ORIGIN = 'https://treffpunkt.example';

describe('organiser messages to the registered, and delivery status (COM-1)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;
	let southStaff: UserActor;
	let eventId: string;
	const tokens: Record<string, string> = {};
	const ids: Record<string, string> = {};

	const ctx = (actor = staff, mail = STORE, now = NOW) => ({ db: db.get().db, actor, now, mail, origin: ORIGIN });
	const reg = (now = NOW) => ({ db: db.get().db, mail: STORE, origin: ORIGIN, now });
	const outboxSize = async () =>
		(await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(outbox)))[0]!.n;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'programm@example.org');
		volunteer = await personIn(db.get(), office.id, 'helferin@example.org', 'volunteer');
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'sued@example.org');
		eventId = (
			await createEvent(ctx(), {
				...emptyEventInput('Gut für sich sorgen – Workshop', [{ title: '', date: '2029-03-22', startTime: '18:00', endTime: '20:00' }]),
				venue: 'Gemeindesaal, Lindenweg 4, 12345 Musterstadt',
				capacity: 2
			})
		).id;
		await publishEvent(ctx(), eventId);
		// two places: Anna and Berta get one, Carla and Dora wait, Emil waits too (in English)
		for (const [key, name, locale] of [
			['anna', 'Anna Beispiel', 'de'],
			['berta', 'Berta Muster', 'de'],
			['carla', 'Carla Probe', 'de'],
			['dora', 'Dora Versuch', 'de'],
			['emil', 'Emil Example', 'en']
		] as const) {
			const done = await register(reg(), eventId, { name, email: `${key}@example.org`, locale });
			tokens[key] = done.token;
			ids[key] = done.registrationId;
		}
		// Berta cancels: her place is offered to Carla, who lets it lapse; now it is offered to Dora
		await cancelRegistration(reg(hours(1)), tokens.berta!);
		await expireOffers(reg(hours(60)));
	});

	it('counts the recipients of each audience: cancelled and expired registrations are nobody', async () => {
		// Anna confirmed, Dora offered a place, Emil on the waitlist; Berta cancelled, Carla's offer expired
		expect(await messageRecipientCounts(ctx(), eventId)).toEqual({ all: 3, confirmed: 2, waitlisted: 1 });
	});

	it('sends one mail per person with only her own data, in her language, with the message as reference', async () => {
		const before = await outboxSize();
		const sent = await sendEventMessage(ctx(staff, STORE, hours(70)), eventId, {
			audience: 'all',
			subject: ' Raumänderung ',
			body: 'Wir treffen uns im großen Saal im Erdgeschoss.'
		});
		expect(sent.recipients).toBe(3);
		expect(await outboxSize()).toBe(before + 3);

		const [anna] = await mailsTo(db.get().db, 'anna@example.org');
		expect(anna?.subject).toBe('Raumänderung – Gut für sich sorgen – Workshop');
		expect(anna?.bodyText).toContain('Anna Beispiel');
		expect(anna?.bodyText).toContain('Wir treffen uns im großen Saal im Erdgeschoss.');
		expect(anna?.bodyText).toContain('Donnerstag, 22.03.2029, 18:00–20:00');
		expect(anna?.bodyText).toContain(`${ORIGIN}/veranstaltungen/anmeldung/${tokens.anna}`);
		for (const other of ['Berta', 'Carla', 'Dora', 'Emil', 'dora@', 'emil@', tokens.dora!, tokens.emil!])
			expect(anna?.bodyText).not.toContain(other);
		// her registration mails stay as they were: the newest one is the message
		const [emil] = await mailsTo(db.get().db, 'emil@example.org');
		expect(emil?.subject).toBe('Raumänderung – Gut für sich sorgen – Workshop');
		expect(emil?.bodyText).toContain('Hello Emil Example');
		expect(emil?.bodyText).toContain(`${ORIGIN}/veranstaltungen/anmeldung/${tokens.emil}`);
		expect(emil?.bodyText).not.toContain('Anna');
		// nobody who cancelled or let her offer lapse gets it
		expect((await mailsTo(db.get().db, 'berta@example.org')).some((mail) => mail.subject.startsWith('Raumänderung'))).toBe(false);
		expect((await mailsTo(db.get().db, 'carla@example.org')).some((mail) => mail.subject.startsWith('Raumänderung'))).toBe(false);

		const delivery = await messageDelivery(ctx(), sent.id);
		expect(delivery.recipients.map((r) => [r.name, r.email, r.status])).toEqual([
			['Anna Beispiel', 'anna@example.org', 'stored'],
			['Dora Versuch', 'dora@example.org', 'stored'],
			['Emil Example', 'emil@example.org', 'stored']
		]);
		const references = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.select({ to: outbox.toAddress }).from(outbox).where(eq(outbox.referenceId, sent.id))
		);
		expect(references).toHaveLength(3);

		const [listed] = await listEventMessages(ctx(), eventId);
		expect(listed).toMatchObject({
			id: sent.id,
			audience: 'all',
			subject: 'Raumänderung',
			recipientCount: 3,
			delivery: { stored: 3, queued: 0, sent: 0, failed: 0 }
		});
	});

	it('reaches only those with a place, or only the waitlist', async () => {
		const withPlace = await sendEventMessage(ctx(staff, STORE, hours(71)), eventId, {
			audience: 'confirmed',
			subject: 'Bitte mitbringen',
			body: 'Eine Decke.'
		});
		const waiting = await sendEventMessage(ctx(staff, STORE, hours(72)), eventId, {
			audience: 'waitlisted',
			subject: 'Warteliste',
			body: 'Noch ist kein Platz frei.'
		});
		expect((await messageDelivery(ctx(), withPlace.id)).recipients.map((r) => r.email)).toEqual(['anna@example.org', 'dora@example.org']);
		expect((await messageDelivery(ctx(), waiting.id)).recipients.map((r) => r.email)).toEqual(['emil@example.org']);
		expect((await listEventMessages(ctx(), eventId)).map((m) => [m.subject, m.recipientCount])).toEqual([
			['Warteliste', 1],
			['Bitte mitbringen', 2],
			['Raumänderung', 3]
		]);
	});

	it('refuses a missing or too long text, an unknown audience and an empty audience — and saves nothing', async () => {
		const messages = (await listEventMessages(ctx(), eventId)).length;
		const mails = await outboxSize();
		await expect(sendEventMessage(ctx(), eventId, { audience: 'alle', subject: ' ', body: 'x'.repeat(5001) })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { audience: 'error_invalid_choice', subject: 'events_message_subject_missing', body: 'error_too_long' } }
		});
		await expect(sendEventMessage(ctx(), eventId, { audience: 'all', subject: 'x'.repeat(201), body: '' })).rejects.toMatchObject({
			details: { issues: { subject: 'error_too_long', body: 'events_message_body_missing' } }
		});
		const empty = (
			await createEvent(ctx(), {
				...emptyEventInput('Noch ohne Anmeldungen', [{ title: '', date: '2029-04-02', startTime: '18:00', endTime: '19:00' }]),
				venue: 'Gemeindesaal'
			})
		).id;
		await expect(sendEventMessage(ctx(), empty, { audience: 'all', subject: 'Hallo', body: 'Text' })).rejects.toMatchObject({
			details: { issues: { audience: 'events_message_no_recipients' } }
		});
		expect(await listEventMessages(ctx(), eventId)).toHaveLength(messages);
		expect(await listEventMessages(ctx(), empty)).toHaveLength(0);
		expect(await outboxSize()).toBe(mails);
	});

	it('lets volunteers read but not send; another office can neither read nor send (permissions and RLS)', async () => {
		const [message] = await listEventMessages(ctx(volunteer), eventId);
		await expect(sendEventMessage(ctx(volunteer), eventId, { audience: 'all', subject: 'a', body: 'b' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(retryFailedMessageMails(ctx(volunteer), message!.id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(sendEventMessage(ctx(southStaff), eventId, { audience: 'all', subject: 'a', body: 'b' })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(listEventMessages(ctx(southStaff), eventId)).rejects.toMatchObject({ code: 'not_found' });
		await expect(messageDelivery(ctx(southStaff), message!.id)).rejects.toMatchObject({ code: 'not_found' });
		await expect(retryFailedMessageMails(ctx(southStaff), message!.id)).rejects.toMatchObject({ code: 'not_found' });
		await expect(messageDelivery(ctx(), 'keine-id')).rejects.toMatchObject({ code: 'not_found' });
		// the database itself hides the messages and their mails from the other office's scope
		const seen = await inScope(db.get().db, { kind: 'tenant', tenantId: southStaff.tenantId }, async (tx) => ({
			messages: await tx.select().from(eventMessages),
			mails: await tx.select().from(outbox).where(eq(outbox.referenceId, message!.id))
		}));
		expect(seen).toEqual({ messages: [], mails: [] });
	});

	it('queues the mails for sending with SMTP, shows failed deliveries, and a retry queues them afresh', async () => {
		const sent = await sendEventMessage(ctx(staff, SMTP, hours(80)), eventId, {
			audience: 'confirmed',
			subject: 'Beginn später',
			body: 'Wir beginnen erst um 18:30.'
		});
		expect((await listEventMessages(ctx(), eventId))[0]?.delivery).toEqual({ stored: 0, queued: 2, sent: 0, failed: 0 });
		await runDueJobs(db.get().db, { 'mail.send': mailSendHandler(SMTP) }, { workerId: 'test', now: () => NOW });
		const failed = await messageDelivery(ctx(), sent.id);
		expect(failed.message.delivery).toEqual({ stored: 0, queued: 0, sent: 0, failed: 2 });
		expect(
			failed.recipients.every((r) => r.status === 'failed' && r.attempts === 1 && /ECONNREFUSED|connect/i.test(r.lastError ?? ''))
		).toBe(true);

		expect(await retryFailedMessageMails(ctx(staff, SMTP), sent.id)).toBe(2);
		const retried = await messageDelivery(ctx(), sent.id);
		expect(retried.recipients.map((r) => [r.status, r.lastError])).toEqual([
			['queued', null],
			['queued', null]
		]);
		const mailJobs = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ status: jobs.status, attempts: jobs.attempts })
				.from(jobs)
				.where(
					sql`${jobs.payload}->>'mailId' in (${sql.join(
						retried.recipients.map((r) => sql`${r.mailId}`),
						sql`, `
					)})`
				)
		);
		expect(mailJobs).toEqual([
			{ status: 'queued', attempts: 0 },
			{ status: 'queued', attempts: 0 }
		]);
		// the job runner tries them again at once
		await runDueJobs(db.get().db, { 'mail.send': mailSendHandler(SMTP) }, { workerId: 'test', now: () => NOW });
		expect((await messageDelivery(ctx(), sent.id)).recipients.map((r) => [r.status, r.attempts])).toEqual([
			['failed', 2],
			['failed', 2]
		]);
		// nothing failed in the first message: nothing to retry
		const first = (await listEventMessages(ctx(), eventId)).at(-1)!;
		expect(await retryFailedMessageMails(ctx(staff, SMTP), first.id)).toBe(0);
	});

	it("shows on the registration list each person's latest registration mail and its delivery", async () => {
		const rows = await listRegistrations(ctx(), eventId);
		const byName = new Map(rows.map((row) => [row.name, row.lastMail?.status ?? null]));
		// the registrations' mails were stored (no SMTP); the organiser's messages do not count here
		expect(byName.get('Anna Beispiel')).toBe('stored');
		expect(byName.get('Berta Muster')).toBe('stored');
		expect(byName.get('Emil Example')).toBe('stored');
		// each registration mail carries her registration as its reference: Dora's are the waitlist and the offer
		const doraMails = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx.select({ template: outbox.template }).from(outbox).where(eq(outbox.referenceId, ids.dora!)).orderBy(outbox.createdAt)
		);
		expect(doraMails.map((mail) => mail.template)).toEqual(['event_waitlisted', 'event_offer']);
	});
});
