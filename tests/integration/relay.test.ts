import { beforeAll, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import { and, count, eq } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { MAIL, personIn, setGroupColumns, setOfficeEmail } from './groups-fixtures.js';
import { inScope, systemScope } from '../../src/lib/server/db/scope.js';
import { createGroup, emptyGroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson, withdrawConsent } from '../../src/lib/server/modules/groups/contacts.service.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { outbox } from '../../src/lib/server/modules/mail/mail.table.js';
import { auditLog } from '../../src/lib/server/modules/audit/audit.table.js';
import { relayMessages } from '../../src/lib/server/modules/relay/relay.table.js';
import {
	answerRelayMessage,
	purgeRelayMessages,
	relayGroup,
	relayReplyView,
	sendRelayMessage
} from '../../src/lib/server/modules/relay/relay.service.js';
import { mailSendHandler } from '../../src/lib/server/modules/mail/mail.service.js';
import { formGuard, solveChallenge } from '../../src/lib/server/modules/protection/protection.service.js';
import { CHALLENGE_FIELD, HONEYPOT_FIELD, SOLUTION_FIELD, STAMP_FIELD } from '../../src/lib/form-guard.js';
import { RelayInput } from '../../src/lib/schemas/relay.js';
import { parseForm } from '../../src/lib/server/forms.js';

// The routes read the database, mail settings and the public origin from the process runtime; here it
// is this file's test database (the runtime holder is replaced, the database is real).
const holder = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../../src/lib/server/runtime.js', () => ({
	runtime: () => {
		if (!holder.runtime) throw new Error('runtime not started');
		return holder.runtime;
	}
}));

const db = useDatabase();
const ORIGIN = 'https://wegweiser.example';
const OFFICE_EMAIL = 'kontakt@nordheide.example.org';
const CONTACT_EMAIL = 'gruppe.anna@example.org';
const consent = { source: 'email' as const, givenOn: '2026-01-10' };
const DAY = 86_400_000;

let staff: UserActor;
const slug: Record<string, string> = {};
let senderCounter = 0;
/** A new sender address per test, so that the mails of one test are easy to find. */
const freshSender = () => `absenderin${++senderCounter}@example.net`;

const ctx = (now?: Date) => ({ db: db.get().db, mail: MAIL, origin: ORIGIN, ...(now ? { now } : {}) });
const message = (email: string, overrides: Partial<RelayInput> = {}): RelayInput => ({
	name: 'Mara',
	email,
	message: 'Guten Tag, ich würde gern einmal zu einem Treffen kommen. Geht das ohne Anmeldung?',
	consent: true,
	...overrides
});

async function mailsOf(where: { to?: string; template?: string }) {
	return inScope(db.get().db, systemScope, (tx) =>
		tx
			.select({
				tenantId: outbox.tenantId,
				template: outbox.template,
				toAddress: outbox.toAddress,
				subject: outbox.subject,
				bodyText: outbox.bodyText,
				params: outbox.params
			})
			.from(outbox)
			.where(and(where.to ? eq(outbox.toAddress, where.to) : undefined, where.template ? eq(outbox.template, where.template) : undefined))
			.orderBy(outbox.createdAt)
	);
}

async function counts() {
	return inScope(db.get().db, systemScope, async (tx) => ({
		messages: (await tx.select({ n: count() }).from(relayMessages))[0]?.n ?? 0,
		mails: (await tx.select({ n: count() }).from(outbox))[0]?.n ?? 0
	}));
}

/** The one-time token from the answer link in a relayed mail. */
function tokenIn(body: string): string {
	const match = /\/nachricht\/antworten\/([A-Za-z0-9_-]+)/.exec(body);
	if (!match?.[1]) throw new Error('no answer link in the mail');
	return match[1];
}

beforeAll(async () => {
	const database = db.get();
	const { office } = await setupOffice(database);
	await setOfficeEmail(database, office.id, OFFICE_EMAIL);
	await inScope(database.db, systemScope, (tx) =>
		tx.update(tenants).set({ published: true, phone: '04181 1234' }).where(eq(tenants.id, office.id))
	);
	staff = await personIn(database, office.id, 'team@example.org');
	const make = async (name: string, contactMode: 'relay' | 'office', options: { draft?: boolean } = {}) =>
		(await createGroup({ db: database.db, actor: staff }, { ...emptyGroupRecord(name), contactMode }, options)).slug;
	const gctx = { db: database.db, actor: staff };

	slug.relay = await make('Angehörige Alkohol Buchholz', 'relay');
	await addContactPerson(gctx, (await groupId(slug.relay))!, { name: 'Anna Beispiel', email: CONTACT_EMAIL, phone: '', consent });

	slug.viaOffice = await make('Trauercafé Tostedt', 'office');
	await addContactPerson(gctx, (await groupId(slug.viaOffice))!, { name: 'Bert Beispiel', email: 'bert@example.org', phone: '', consent });

	slug.withdrawn = await make('Gesprächskreis Depression', 'relay');
	const gone = await addContactPerson(gctx, (await groupId(slug.withdrawn))!, {
		name: 'Cora Beispiel',
		email: 'cora@example.org',
		phone: '',
		consent
	});
	await withdrawConsent(gctx, gone);

	slug.draft = await make('Entwurfsgruppe', 'relay', { draft: true });
	slug.dissolved = await make('Aufgelöste Gruppe', 'office');
	await setGroupColumns(database, (await groupId(slug.dissolved))!, { lifecycle: 'dissolved' });

	const hidden = await otherOffice(database, 'Kontaktstelle Unveröffentlicht', 'admin@unveroeffentlicht.example.org', 'staff');
	await setOfficeEmail(database, hidden.office.id, 'post@unveroeffentlicht.example.org');
	const hiddenStaff = await personIn(database, hidden.office.id, 'team@unveroeffentlicht.example.org');
	slug.unpublishedOffice = (await createGroup({ db: database.db, actor: hiddenStaff }, emptyGroupRecord('Gruppe ohne Stelle'))).slug;

	holder.runtime = { database, mail: MAIL, config: { origin: ORIGIN } };
});

async function groupId(groupSlug: string): Promise<string | undefined> {
	const { groups } = await import('../../src/lib/server/modules/groups/groups.table.js');
	const [row] = await inScope(db.get().db, systemScope, (tx) =>
		tx.select({ id: groups.id }).from(groups).where(eq(groups.slug, groupSlug))
	);
	return row?.id;
}

describe('anonymous contact (DIR-4)', () => {
	it('relays to the contact person when the group chose relaying, without the sender’s address', async () => {
		const sender = freshSender();
		const now = new Date();
		const result = await sendRelayMessage(ctx(now), slug.relay!, message(sender), 'de');
		expect(result).toMatchObject({ recipient: 'contact', groupName: 'Angehörige Alkohol Buchholz' });
		expect(result.deleteAfter.getTime()).toBe(now.getTime() + 90 * DAY);

		const [relayed, ...more] = await mailsOf({ to: CONTACT_EMAIL, template: 'relay_to_contact' });
		expect(more).toHaveLength(0);
		expect(relayed!.tenantId).toBe(staff.tenantId);
		expect(relayed!.subject).toBe('Nachricht an Ihre Gruppe „Angehörige Alkohol Buchholz“');
		expect(relayed!.bodyText).toContain('Geht das ohne Anmeldung?');
		expect(relayed!.bodyText).toContain('Von: Mara');
		expect(relayed!.bodyText).toContain(`${ORIGIN}/nachricht/antworten/`);
		// the sender's address is nowhere in the recipient's mail
		expect(relayed!.bodyText).not.toContain(sender);
		expect(JSON.stringify(relayed!.params)).not.toContain(sender);

		const [stored] = await inScope(db.get().db, systemScope, (tx) =>
			tx.select().from(relayMessages).where(eq(relayMessages.senderEmail, sender))
		);
		expect(stored).toMatchObject({
			tenantId: staff.tenantId,
			recipientKind: 'contact',
			senderName: 'Mara',
			locale: 'de',
			answeredAt: null
		});
		expect(stored!.deleteAfter.getTime()).toBe(now.getTime() + 90 * DAY);
		// only the hash of the link's token is stored
		expect(relayed!.bodyText).not.toContain(stored!.replyTokenHash);
	});

	it('sends the sender a confirmation that says who receives it and when it is deleted, showing no address', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(new Date('2026-03-01T10:00:00Z')), slug.relay!, message(sender), 'de');
		const [confirmation] = await mailsOf({ to: sender });
		expect(confirmation).toMatchObject({ template: 'relay_confirmation', tenantId: null });
		expect(confirmation!.subject).toBe('Ihre Nachricht an „Angehörige Alkohol Buchholz“');
		expect(confirmation!.bodyText).toContain('an die Kontaktperson der Gruppe weitergeleitet');
		expect(confirmation!.bodyText).toContain('30.05.2026');
		expect(confirmation!.bodyText).not.toContain(CONTACT_EMAIL);
		expect(confirmation!.bodyText).not.toContain(OFFICE_EMAIL);
		// in English when she wrote on the English page
		const english = freshSender();
		await sendRelayMessage(ctx(), slug.viaOffice!, message(english), 'en');
		const [en] = await mailsOf({ to: english });
		expect(en!.subject).toBe('Your message to “Trauercafé Tostedt”');
		expect(en!.bodyText).toContain('contact point Kontaktstelle Nordheide');
	});

	it('relays to the office when the group wants contact through the office, or has no contact person with consent', async () => {
		for (const groupSlug of [slug.viaOffice!, slug.withdrawn!]) {
			const sender = freshSender();
			const result = await sendRelayMessage(ctx(), groupSlug, message(sender), 'de');
			expect(result.recipient).toBe('office');
			const relayed = (await mailsOf({ to: OFFICE_EMAIL, template: 'relay_to_office' })).at(-1)!;
			expect(relayed.tenantId).toBe(staff.tenantId);
			expect(relayed.bodyText).not.toContain(sender);
			const [confirmation] = await mailsOf({ to: sender });
			expect(confirmation!.bodyText).toContain('an die Kontaktstelle Kontaktstelle Nordheide weitergeleitet');
		}
		// the group's own contact person of an office-only group and the withdrawn one get nothing
		expect(await mailsOf({ to: 'bert@example.org' })).toHaveLength(0);
		expect(await mailsOf({ to: 'cora@example.org' })).toHaveLength(0);
		expect(await relayGroup(db.get().db, slug.viaOffice!)).toMatchObject({ recipient: 'office', name: 'Trauercafé Tostedt' });
		expect(await relayGroup(db.get().db, slug.relay!)).toMatchObject({ recipient: 'contact' });
	});

	it('an answer goes to the sender with the recipient’s address as Reply-To, once', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(), slug.relay!, message(sender, { name: '' }), 'de');
		const relayed = (await mailsOf({ to: CONTACT_EMAIL, template: 'relay_to_contact' })).at(-1)!;
		expect(relayed.bodyText).toContain('Von: (ohne Namen)');
		const token = tokenIn(relayed.bodyText);

		const view = await relayReplyView(db.get().db, token);
		expect(view).toMatchObject({ groupName: 'Angehörige Alkohol Buchholz', recipient: 'contact', senderName: '', replyTo: CONTACT_EMAIL });
		expect(view!.body).toContain('Geht das ohne Anmeldung?');
		expect(JSON.stringify(view)).not.toContain(sender);

		await answerRelayMessage(ctx(), token, 'Hallo, ja, kommen Sie einfach dienstags um 19 Uhr vorbei. Viele Grüße, Anna');
		const [reply] = await mailsOf({ to: sender, template: 'relay_reply' });
		expect(reply).toMatchObject({ tenantId: null, subject: 'Antwort von „Angehörige Alkohol Buchholz“' });
		expect(reply!.params.replyTo).toBe(CONTACT_EMAIL);
		expect(reply!.bodyText).toContain('kommen Sie einfach dienstags');
		expect(reply!.bodyText).toContain('Die Kontaktperson der Gruppe hat geantwortet');
		// the contact person's address travels only as Reply-To, not in the text
		expect(reply!.bodyText).not.toContain(CONTACT_EMAIL);

		// the link is spent
		expect(await relayReplyView(db.get().db, token)).toBeNull();
		await expect(answerRelayMessage(ctx(), token, 'Noch eine zweite Antwort auf dieselbe Nachricht.')).rejects.toMatchObject({
			code: 'not_found'
		});
		expect(await mailsOf({ to: sender, template: 'relay_reply' })).toHaveLength(1);
		await expect(answerRelayMessage(ctx(), 'erfunden', 'Eine Antwort mit einem erfundenen Link.')).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('an answer from the office carries the office’s address as Reply-To', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(), slug.viaOffice!, message(sender), 'en');
		const token = tokenIn((await mailsOf({ to: OFFICE_EMAIL, template: 'relay_to_office' })).at(-1)!.bodyText);
		await answerRelayMessage(ctx(), token, 'Guten Tag, die Gruppe trifft sich jeden zweiten Montag.');
		const [reply] = await mailsOf({ to: sender, template: 'relay_reply' });
		expect(reply!.params.replyTo).toBe(OFFICE_EMAIL);
		expect(reply!.subject).toBe('Answer from “Trauercafé Tostedt”');
		expect(reply!.bodyText).toContain('The contact point Kontaktstelle Nordheide has answered');
	});

	it('refuses groups that are not public: draft, dissolved, in an unpublished office, unknown', async () => {
		const before = await counts();
		for (const groupSlug of [slug.draft!, slug.dissolved!, slug.unpublishedOffice!, 'gibt-es-nicht', 'Ungültig!']) {
			await expect(sendRelayMessage(ctx(), groupSlug, message(freshSender()), 'de')).rejects.toMatchObject({ code: 'not_found' });
			expect(await relayGroup(db.get().db, groupSlug)).toBeNull();
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses a message nobody could receive (no contact person, no office address), storing nothing', async () => {
		await setOfficeEmail(db.get(), staff.tenantId, '');
		try {
			const before = await counts();
			await expect(sendRelayMessage(ctx(), slug.viaOffice!, message(freshSender()), 'de')).rejects.toMatchObject({
				code: 'conflict',
				details: { code: 'relay_unavailable' }
			});
			expect(await counts()).toEqual(before);
			expect(await relayGroup(db.get().db, slug.viaOffice!)).toMatchObject({ recipient: null, officePhone: '04181 1234' });
		} finally {
			await setOfficeEmail(db.get(), staff.tenantId, OFFICE_EMAIL);
		}
	});

	it('writes nothing personal into the audit log', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(), slug.relay!, message(sender, { name: 'Mara Auditprobe' }), 'de');
		const entries = await inScope(db.get().db, systemScope, (tx) => tx.select().from(auditLog).where(eq(auditLog.entity, 'relay_message')));
		expect(entries.length).toBeGreaterThan(0);
		const text = JSON.stringify(entries);
		for (const personal of [sender, 'Mara Auditprobe', 'ohne Anmeldung', CONTACT_EMAIL, OFFICE_EMAIL]) expect(text).not.toContain(personal);
		expect(entries.at(-1)).toMatchObject({ action: 'create', actorLabel: 'Kontaktformular', tenantId: staff.tenantId });
	});

	it('deletes messages and their e-mails 90 days after they were sent', async () => {
		const sender = freshSender();
		const sentAt = new Date();
		await sendRelayMessage(ctx(sentAt), slug.relay!, message(sender), 'de');
		const stored = async () =>
			(
				await inScope(db.get().db, systemScope, (tx) =>
					tx.select({ n: count() }).from(relayMessages).where(eq(relayMessages.senderEmail, sender))
				)
			)[0]?.n;
		expect(await stored()).toBe(1);
		await purgeRelayMessages(db.get().db, new Date(sentAt.getTime() + 89 * DAY));
		expect(await stored()).toBe(1);
		expect(await mailsOf({ to: sender })).toHaveLength(1);

		const result = await purgeRelayMessages(db.get().db, new Date(sentAt.getTime() + 90 * DAY + 60_000));
		expect(result.messages).toBeGreaterThanOrEqual(1);
		expect(await stored()).toBe(0);
		expect(await mailsOf({ to: sender })).toHaveLength(0);
		expect(await mailsOf({ template: 'relay_to_contact' })).toHaveLength(0);
	});
});

describe('the contact form and its page (DIR-4)', () => {
	const route = () => import('../../src/routes/(public)/gruppen/[slug]/nachricht/+page.server.js');
	let ip = 0;

	/** A post as the browser sends it, guarded by a form issued `age` seconds ago (solved as with JavaScript unless `plain`). */
	async function post(
		groupSlug: string,
		fields: Record<string, string>,
		options: { age?: number; plain?: boolean; honeypot?: string } = {}
	) {
		const guard = await formGuard(db.get().db, new Date(Date.now() - (options.age ?? 10) * 1000));
		const form = new FormData();
		for (const [key, value] of Object.entries(fields)) form.set(key, value);
		form.set(HONEYPOT_FIELD, options.honeypot ?? '');
		form.set(STAMP_FIELD, guard.stamp);
		form.set(CHALLENGE_FIELD, JSON.stringify(guard.challenge));
		form.set(SOLUTION_FIELD, options.plain ? '' : String(solveChallenge(guard.challenge)));
		const url = new URL(`/gruppen/${groupSlug}/nachricht`, ORIGIN);
		const event = {
			request: new Request(url, { method: 'POST', body: form }),
			params: { slug: groupSlug },
			url,
			locals: { clientAddress: `192.0.2.${++ip}` }
		};
		const { actions } = await route();
		try {
			return { result: await actions.default!(event as never) };
		} catch (thrown) {
			return { thrown: thrown as { status: number; location?: string } };
		}
	}

	const valid = (email: string) => ({
		name: 'Mara',
		email,
		message: 'Ich möchte gern wissen, ob ich als Angehörige kommen kann.',
		consent: 'on'
	});

	it('shows the form for a public group only, server-rendered', async () => {
		const { load, csr } = await route();
		expect(csr).toBe(false);
		const event = (groupSlug: string, query = '') =>
			({ params: { slug: groupSlug }, url: new URL(`/gruppen/${groupSlug}/nachricht${query}`, ORIGIN) }) as never;
		const data = (await load(event(slug.relay!))) as { group: { name: string }; guard: unknown; sent: unknown };
		expect(data.group.name).toBe('Angehörige Alkohol Buchholz');
		expect(data.guard).toMatchObject({ stamp: expect.any(String), challenge: { algorithm: 'SHA-256' } });
		expect(data.sent).toBeNull();
		await expect(load(event(slug.draft!))).rejects.toMatchObject({ status: 404 });
		const sent = (await load(event(slug.relay!, '?gesendet=kontaktperson'))) as { sent: { recipient: string }; guard: unknown };
		expect(sent).toMatchObject({ sent: { recipient: 'contact' }, guard: null });
	});

	it('sends a valid message and answers with the page that says what happens next (also without JavaScript)', async () => {
		for (const plain of [false, true]) {
			const sender = freshSender();
			const { thrown } = await post(slug.relay!, valid(sender), { plain });
			expect(thrown).toMatchObject({ status: 303, location: `/gruppen/${slug.relay}/nachricht?gesendet=kontaktperson` });
			expect(await mailsOf({ to: sender, template: 'relay_confirmation' })).toHaveLength(1);
		}
		const sender = freshSender();
		const { thrown } = await post(slug.viaOffice!, valid(sender));
		expect(thrown).toMatchObject({ status: 303, location: `/gruppen/${slug.viaOffice}/nachricht?gesendet=kontaktstelle` });
	});

	it('invalid input changes nothing and keeps what was typed', async () => {
		const before = await counts();
		const cases: [Record<string, string>, Record<string, string>][] = [
			[{ ...valid(''), email: '' }, { email: 'error_email_required' }],
			[{ ...valid('keine-adresse') }, { email: 'error_email_invalid' }],
			[{ ...valid(freshSender()), message: 'Zu kurz' }, { message: 'relay_message_short' }],
			[{ ...valid(freshSender()), message: 'x'.repeat(4001) }, { message: 'relay_message_long' }],
			[{ ...valid(freshSender()), message: '   ' }, { message: 'relay_message_required' }],
			[{ ...valid(freshSender()), consent: '' }, { consent: 'relay_consent_required' }]
		];
		for (const [fields, issues] of cases) {
			const { result } = await post(slug.relay!, fields);
			expect(result).toMatchObject({ status: 400, data: { issues } });
			expect((result as { data: { values: Record<string, string> } }).data.values.name).toBe('Mara');
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses posts that fail the spam protection, keeping what was typed and storing nothing', async () => {
		const before = await counts();
		const honeypot = await post(slug.relay!, valid(freshSender()), { honeypot: 'https://werbung.example' });
		expect(honeypot.result).toMatchObject({ status: 400, data: { formError: 'protection_honeypot', values: { name: 'Mara' } } });
		const fast = await post(slug.relay!, valid(freshSender()), { age: 1 });
		expect(fast.result).toMatchObject({ status: 400, data: { formError: 'protection_too_fast' } });
		const old = await post(slug.relay!, valid(freshSender()), { age: 3 * 3600 });
		expect(old.result).toMatchObject({ status: 400, data: { formError: 'protection_expired' } });
		expect(await counts()).toEqual(before);
	});

	it('limits messages per address: 5 an hour with JavaScript', async () => {
		const { actions } = await route();
		const address = '203.0.113.200';
		const send = async () => {
			const guard = await formGuard(db.get().db, new Date(Date.now() - 10_000));
			const form = new FormData();
			for (const [key, value] of Object.entries(valid(freshSender()))) form.set(key, value);
			form.set(HONEYPOT_FIELD, '');
			form.set(STAMP_FIELD, guard.stamp);
			form.set(CHALLENGE_FIELD, JSON.stringify(guard.challenge));
			form.set(SOLUTION_FIELD, String(solveChallenge(guard.challenge)));
			const url = new URL(`/gruppen/${slug.relay}/nachricht`, ORIGIN);
			const event = {
				request: new Request(url, { method: 'POST', body: form }),
				params: { slug: slug.relay },
				url,
				locals: { clientAddress: address }
			};
			try {
				return await actions.default!(event as never);
			} catch (thrown) {
				return thrown as { status: number };
			}
		};
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push(((await send()) as { status: number }).status);
		expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
	});

	it('unknown and unpublished groups answer 404 to a post', async () => {
		const { thrown } = await post(slug.draft!, valid(freshSender()));
		expect(thrown).toMatchObject({ status: 404 });
	});

	it('the answer page shows the message once and sends the answer', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(), slug.relay!, message(sender), 'de');
		const token = tokenIn((await mailsOf({ to: CONTACT_EMAIL, template: 'relay_to_contact' })).at(-1)!.bodyText);
		const answer = await import('../../src/routes/(public)/nachricht/antworten/[token]/+page.server.js');
		const url = new URL(`/nachricht/antworten/${token}`, ORIGIN);
		const loaded = (await answer.load({ params: { token }, url } as never)) as { message: { replyTo: string } | null };
		expect(loaded.message?.replyTo).toBe(CONTACT_EMAIL);
		const postReply = async (reply: string) => {
			const form = new FormData();
			form.set('reply', reply);
			return answer.actions.default!({ request: new Request(url, { method: 'POST', body: form }), params: { token }, url } as never);
		};
		expect(await postReply('')).toMatchObject({ status: 400, data: { issues: { reply: 'relay_reply_required' } } });
		expect(await postReply('Kommen Sie gern vorbei, wir freuen uns.')).toEqual({ answered: true });
		expect(await postReply('Und noch einmal dieselbe Antwort.')).toMatchObject({
			status: 410,
			data: { formError: 'relay_answer_invalid' }
		});
		expect(await mailsOf({ to: sender, template: 'relay_reply' })).toHaveLength(1);
		expect(((await answer.load({ params: { token }, url } as never)) as { message: unknown }).message).toBeNull();
	});

	it('the schema takes what the form sends', () => {
		const form = new FormData();
		for (const [key, value] of Object.entries(valid('Mara@Example.NET'))) form.set(key, value);
		const parsed = parseForm(RelayInput, form, { flags: ['consent'] });
		expect(parsed).toMatchObject({ ok: true, data: { email: 'mara@example.net', consent: true } });
	});
});

describe('the contact form as rendered (DIR-4)', () => {
	it('has labelled fields, the consent, the hidden guard fields, a honeypot people never reach, and the script', async () => {
		const { render } = await import('svelte/server');
		const RelayForm = (await import('../../src/lib/components/public/RelayForm.svelte')).default;
		const guard = await formGuard(db.get().db);
		const { body, head } = render(RelayForm, {
			props: {
				action: '/gruppen/beispiel/nachricht',
				guard,
				groupName: 'Beispielgruppe',
				values: { name: 'Mara' },
				errors: { email: 'error_email_required' }
			}
		});
		expect(head).toMatch(/<script src="\/js\/challenge.js" defer(="")?><\/script>/);
		expect(body).toContain('action="/gruppen/beispiel/nachricht"');
		expect(body).toMatch(/<label for="field-email">Ihre E-Mail-Adresse<\/label>/);
		expect(body).toContain('Bitte geben Sie eine E-Mail-Adresse ein.');
		expect(body).toContain('Meine E-Mail-Adresse darf zur Weiterleitung der Antwort gespeichert werden; sie wird nach 90 Tagen gelöscht.');
		expect(body).toMatch(/<div class="form-guard-trap[^"]*" aria-hidden="true">/);
		expect(body).toMatch(/<input type="text" id="field-homepage-relay" name="homepage" value="" tabindex="-1" autocomplete="off"/);
		expect(body).toContain(`name="${STAMP_FIELD}" value="${guard.stamp}"`);
		expect(body).toContain(`data-challenge="${SOLUTION_FIELD}"`);
		expect(body).toContain('aria-live="polite" data-challenge-status="Einen Moment …"');
		expect(body).toContain('Beispielgruppe');
	});
});

/** A minimal SMTP server on loopback that keeps what it receives (no TLS, no authentication). */
async function fakeSmtp(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
	const messages: string[] = [];
	const server = net.createServer((socket) => {
		let buffer = '';
		let inData = false;
		socket.write('220 fake ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					messages.push(buffer.slice(0, end));
					buffer = buffer.slice(end + 5);
					inData = false;
					socket.write('250 ok\r\n');
					continue;
				}
				const line = buffer.indexOf('\r\n');
				if (line < 0) return;
				const command = buffer.slice(0, line).toUpperCase();
				buffer = buffer.slice(line + 2);
				if (command.startsWith('DATA')) {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
				else socket.write('250 ok\r\n');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the answer as sent over SMTP (DIR-4)', () => {
	it('carries the recipient’s address in the Reply-To header', async () => {
		const sender = freshSender();
		await sendRelayMessage(ctx(), slug.relay!, message(sender), 'de');
		const token = tokenIn((await mailsOf({ to: CONTACT_EMAIL, template: 'relay_to_contact' })).at(-1)!.bodyText);
		await answerRelayMessage(ctx(), token, 'Gern, kommen Sie einfach vorbei.');
		const [reply] = await inScope(db.get().db, systemScope, (tx) =>
			tx
				.select({ id: outbox.id })
				.from(outbox)
				.where(and(eq(outbox.toAddress, sender), eq(outbox.template, 'relay_reply')))
		);
		const smtp = await fakeSmtp();
		try {
			await mailSendHandler({ smtpUrl: smtp.url, from: MAIL.from })(
				{ mailId: reply!.id },
				{ db: db.get().db, now: new Date(), jobId: 'test', attempt: 1 }
			);
			expect(smtp.messages).toHaveLength(1);
			expect(smtp.messages[0]).toMatch(new RegExp(`^Reply-To: ${CONTACT_EMAIL.replace('.', '\\.')}\\r?$`, 'm'));
			expect(smtp.messages[0]).toMatch(new RegExp(`^To: ${sender}\\r?$`, 'm'));
		} finally {
			await smtp.close();
		}
	});
});
