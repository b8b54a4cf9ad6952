import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, topicId } from './groups-fixtures.js';
import { inScope, systemScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { tokenId } from '../../src/lib/server/auth/crypto.js';
import { AppError } from '../../src/lib/server/errors.js';
import { parseForm } from '../../src/lib/server/forms.js';
import { FoundingInterestInput } from '../../src/lib/schemas/founding.js';
import { HONEYPOT_FIELD, STAMP_FIELD, CHALLENGE_FIELD, SOLUTION_FIELD, withoutGuardFields } from '../../src/lib/form-guard.js';
import { formGuard } from '../../src/lib/server/modules/protection/protection.service.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { newOffice } from '../../src/lib/schemas/office.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import { getGroupDetail, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { nearestOffice } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { foundingInterests } from '../../src/lib/server/modules/founding/founding.table.js';
import {
	deleteInterest,
	foundingConsentText,
	foundingOverview,
	purgeFoundingInterests,
	registerInterest,
	startFounding,
	withdrawInterest,
	withdrawView,
	type FoundingInput
} from '../../src/lib/server/modules/founding/founding.service.js';

const T0 = new Date('2026-05-04T10:00:00Z');
const at = (iso: string) => new Date(iso);
const ORIGIN = 'https://treffpunkt.example';

let ipCounter = 0;
/** Each submission from its own address, so that the rate limit of one test does not touch another. */
const freshIp = () => `203.0.113.${++ipCounter}`;

const db = useDatabase();

/** The form as the page sends it: the fields, the consent, and the spam protection's fields of a page issued a minute earlier. */
async function submittedForm(input: Partial<FoundingInput> & { consent?: boolean }, now: Date, extra: Record<string, string> = {}) {
	const guard = await formGuard(db.get().db, new Date(now.getTime() - 60_000));
	const form = new FormData();
	form.set('topic', input.topic ?? '');
	form.set('postalCode', input.postalCode ?? '');
	form.set('email', input.email ?? '');
	if (input.consent !== false) form.set('consent', 'on');
	form.set(HONEYPOT_FIELD, '');
	form.set(STAMP_FIELD, guard.stamp);
	form.set(CHALLENGE_FIELD, JSON.stringify(guard.challenge));
	form.set(SOLUTION_FIELD, '');
	for (const [key, value] of Object.entries(extra)) form.set(key, value);
	return form;
}

/** What the public form's action does: parse the fields, then the service (which checks the spam protection). */
async function register(input: { topic: string; postalCode: string; email: string; locale?: 'de' | 'en' }, now = T0, extra = {}) {
	const form = await submittedForm(input, now, extra);
	const parsed = parseForm(FoundingInterestInput, withoutGuardFields(form), { flags: ['consent'] });
	if (!parsed.ok) throw new Error(`form refused: ${JSON.stringify(parsed.failure.issues)}`);
	return registerInterest(
		{ db: db.get().db, mail: MAIL, origin: ORIGIN, now },
		{ ...parsed.data, locale: input.locale ?? 'de' },
		{ form, ip: freshIp() }
	);
}

const interestRows = () =>
	inScope(db.get().db, systemScope, (tx) =>
		tx
			.select({
				id: foundingInterests.id,
				tenantId: foundingInterests.tenantId,
				topicId: foundingInterests.topicId,
				topicText: foundingInterests.topicText,
				postalCode: foundingInterests.postalCode,
				email: foundingInterests.email,
				locale: foundingInterests.locale,
				consentText: foundingInterests.consentText,
				consentedAt: foundingInterests.consentedAt,
				status: foundingInterests.status,
				groupId: foundingInterests.groupId,
				notifiedAt: foundingInterests.notifiedAt,
				withdrawTokenHash: foundingInterests.withdrawTokenHash,
				deleteAfter: foundingInterests.deleteAfter
			})
			.from(foundingInterests)
	);

const rowsOf = async (email: string) => (await interestRows()).filter((row) => row.email === email);

/** The token in the withdraw link of the newest mail to `to`. */
async function withdrawToken(to: string): Promise<string> {
	const mails = await outboxMails(db.get(), { to });
	const body = mails[mails.length - 1]?.bodyText ?? '';
	const match = /https:\/\/treffpunkt\.example(?:\/en)?\/gruendungsinteresse\/zuruecknehmen\/([A-Za-z0-9_-]+)/.exec(body);
	if (!match) throw new Error(`no withdraw link in: ${body}`);
	return match[1]!;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(AppError);
	return error as AppError;
}

let north: { id: string };
let south: { id: string };
let northStaff: UserActor;
let northVolunteer: UserActor;
let southStaff: UserActor;
let depression: string;

beforeAll(async () => {
	const first = await setupOffice(db.get());
	north = first.office;
	const s = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
	south = s.office;
	await inScope(db.get().db, systemScope, async (tx) => {
		await tx
			.update(tenants)
			.set({ postalCode: '21244', city: 'Buchholz', phone: '04181 000 000', email: 'kontakt@nordheide.example', published: true })
			.where(eq(tenants.id, north.id));
		await tx
			.update(tenants)
			.set({ postalCode: '80331', city: 'München', phone: '089 000 000', email: 'kontakt@suedhang.example', published: true })
			.where(eq(tenants.id, south.id));
		// a state office right in Hamburg: nearer to 20095 than any contact point, but not a contact point
		await createOfficeIn(tx, systemActor('test'), {
			...newOffice('Landesstelle Hafen', 'state_office', 'HH'),
			postalCode: '20095',
			published: true
		});
		// a contact point in Tostedt that is not published (yet): it takes no interests
		await createOfficeIn(tx, systemActor('test'), { ...newOffice('Kontaktstelle Tostedt', 'contact_point', 'NI'), postalCode: '21255' });
	});
	northStaff = await personIn(db.get(), north.id, 'team@nordheide.example', 'staff');
	northVolunteer = await personIn(db.get(), north.id, 'ehrenamt@nordheide.example', 'volunteer');
	southStaff = { kind: 'user', userId: s.userId, tenantId: south.id, role: 'staff', label: 'sued@example.org' };
	depression = await topicId(db.get(), 'depression');
});

describe('founding interest: the public form (DIR-5)', () => {
	it('stores a matched topic with the typed words, consent, a hashed withdraw link and 12 months to live, and confirms by e-mail', async () => {
		const result = await register({ topic: 'Depresion', postalCode: '21244', email: 'Anna.Beispiel@Example.org' });
		expect(result.status).toBe('created');
		expect(result.officeId).toBe(north.id);
		const [row] = await rowsOf('anna.beispiel@example.org');
		expect(row).toMatchObject({
			tenantId: north.id,
			topicId: depression,
			topicText: 'Depresion',
			postalCode: '21244',
			locale: 'de',
			status: 'open',
			consentText: foundingConsentText('de'),
			consentedAt: T0,
			deleteAfter: at('2027-05-04T10:00:00Z')
		});
		expect(row!.consentText).toContain('12 Monaten');

		const [mail] = await outboxMails(db.get(), { to: 'anna.beispiel@example.org' });
		expect(mail).toMatchObject({ tenantId: north.id, template: 'founding_registered' });
		expect(mail!.bodyText).toContain('Depresion');
		expect(mail!.bodyText).toContain('21244 Buchholz in der Nordheide');
		expect(mail!.bodyText).toContain('Kontaktstelle Nordheide');
		expect(mail!.bodyText).toContain('04181 000 000');
		const token = await withdrawToken('anna.beispiel@example.org');
		// only the hash is stored
		expect(row!.withdrawTokenHash).toBe(tokenId(token));
		expect(JSON.stringify(await interestRows())).not.toContain(token);

		// the audit log knows that an interest came in, not who or where
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: north.id }, (tx) => listAudit(tx, north.id, { limit: 200 }));
		const entry = audit.rows.find((r) => r.entity === 'founding_interest' && r.entityId === row!.id);
		expect(entry?.action).toBe('create');
		expect(JSON.stringify(entry)).not.toMatch(/anna|21244|Depresion/i);
	});

	it('keeps an unknown topic as typed, without a thesaurus topic, and writes in English from the English page', async () => {
		await register({ topic: 'Xylophon-Freunde', postalCode: '21266', email: 'xylo@example.org', locale: 'en' });
		const [row] = await rowsOf('xylo@example.org');
		expect(row).toMatchObject({ topicId: null, topicText: 'Xylophon-Freunde', locale: 'en', consentText: foundingConsentText('en') });
		const [mail] = await outboxMails(db.get(), { to: 'xylo@example.org' });
		expect(mail!.subject).toBe('Your interest in a new self-help group');
		expect(mail!.bodyText).toContain(`${ORIGIN}/en/gruendungsinteresse/zuruecknehmen/`);
	});

	it('refuses a postal code that does not exist, with a German message at the field, and stores nothing', async () => {
		const before = (await interestRows()).length;
		const error = await refusal(register({ topic: 'Depression', postalCode: '99999', email: 'plz@example.org' }));
		expect(error.code).toBe('invalid');
		expect(error.details).toMatchObject({ field: 'postalCode', code: 'error_postal_code_unknown' });
		expect((await interestRows()).length).toBe(before);
		expect(await outboxMails(db.get(), { to: 'plz@example.org' })).toEqual([]);
	});

	it('refuses the form without consent, without an e-mail address, and with a topic too short or too long', async () => {
		const parse = async (input: Partial<FoundingInput> & { consent?: boolean }) => {
			const parsed = parseForm(FoundingInterestInput, withoutGuardFields(await submittedForm(input, T0)), { flags: ['consent'] });
			return parsed.ok ? {} : parsed.failure.issues;
		};
		expect(await parse({ topic: 'Depression', postalCode: '21244', email: 'a@example.org', consent: false })).toEqual({
			consent: 'founding_consent_required'
		});
		expect(await parse({ topic: 'Depression', postalCode: '21244', email: '' })).toEqual({ email: 'error_email_required' });
		expect(await parse({ topic: 'Depression', postalCode: '21244', email: 'kein-at' })).toEqual({ email: 'error_email_invalid' });
		expect(await parse({ topic: 'D', postalCode: '21244', email: 'a@example.org' })).toEqual({ topic: 'founding_topic_length' });
		expect(await parse({ topic: 'x'.repeat(101), postalCode: '21244', email: 'a@example.org' })).toEqual({
			topic: 'founding_topic_length'
		});
		expect(await parse({ topic: 'Depression', postalCode: '', email: 'a@example.org' })).toEqual({
			postalCode: 'founding_postal_code_required'
		});
		// what was typed is kept for the page (and the consent box stays unticked)
		const parsed = parseForm(
			FoundingInterestInput,
			withoutGuardFields(await submittedForm({ topic: 'Depression', postalCode: '21244', email: 'a@example.org', consent: false }, T0)),
			{ flags: ['consent'] }
		);
		expect(parsed.ok ? null : parsed.failure.values).toEqual({
			topic: 'Depression',
			postalCode: '21244',
			email: 'a@example.org',
			consent: ''
		});
	});

	it('stores the same address, topic and postal code only once, renews it and sends a fresh withdraw link', async () => {
		const first = await register({ topic: 'Depression', postalCode: '21255', email: 'doppelt@example.org' });
		const oldToken = await withdrawToken('doppelt@example.org');
		// a synonym of the same topic, another spelling of the address, a day later
		const again = await register({ topic: 'depressiv', postalCode: '21255', email: 'DOPPELT@example.org' }, at('2026-05-05T10:00:00Z'));
		expect(again).toMatchObject({ status: 'duplicate', interestId: first.interestId });
		const rows = await rowsOf('doppelt@example.org');
		expect(rows).toHaveLength(1);
		expect(rows[0]!.deleteAfter).toEqual(at('2027-05-05T10:00:00Z'));
		const mails = await outboxMails(db.get(), { to: 'doppelt@example.org' });
		expect(mails.map((mail) => mail.template)).toEqual(['founding_registered', 'founding_duplicate']);
		expect(mails[1]!.bodyText).toContain('nicht doppelt gespeichert');
		const newToken = await withdrawToken('doppelt@example.org');
		expect(await withdrawView(db.get().db, oldToken)).toBeNull();
		expect(await withdrawView(db.get().db, newToken)).toEqual({ topic: 'Depression', place: '21255 Tostedt' });

		// the same words typed again when no topic matches are a duplicate too
		await register({ topic: 'Xylophon-Freunde', postalCode: '21266', email: 'xylo@example.org', locale: 'en' });
		expect(await rowsOf('xylo@example.org')).toHaveLength(1);
		// another postal code is another interest
		await register({ topic: 'Depression', postalCode: '21244', email: 'doppelt@example.org' });
		expect(await rowsOf('doppelt@example.org')).toHaveLength(2);
	});

	it('gives the interest to the nearest published contact point, not to an unpublished one or an office of another kind', async () => {
		const hamburg = await register({ topic: 'Depression', postalCode: '20095', email: 'hamburg@example.org' });
		expect(hamburg.officeId).toBe(north.id);
		const munich = await register({ topic: 'Depression', postalCode: '80333', email: 'muenchen@example.org' });
		expect(munich.officeId).toBe(south.id);
		expect((await rowsOf('muenchen@example.org'))[0]!.tenantId).toBe(south.id);
		// Tostedt has its own contact point, but it is not published
		const tostedt = await register({ topic: 'Depression', postalCode: '21255', email: 'tostedt@example.org' });
		expect(tostedt.officeId).toBe(north.id);

		// without any contact point the nearest published office of another kind takes it
		const offices = [
			{ id: 'a', kind: 'state_office', name: 'Landesstelle Nord', postalCode: '20095', phone: '', email: '' },
			{ id: 'b', kind: 'association', name: 'Verband Süd', postalCode: '80331', phone: '', email: '' }
		];
		expect(nearestOffice(offices, { lat: 48.1, lon: 11.5 })?.id).toBe('b');
		expect(
			nearestOffice([...offices, { id: 'c', kind: 'contact_point', name: 'Ohne PLZ', postalCode: '', phone: '', email: '' }], {
				lat: 48.1,
				lon: 11.5
			})?.id
		).toBe('b');
		expect(nearestOffice([], { lat: 48.1, lon: 11.5 })).toBeUndefined();
	});

	it('stores nothing and sends nothing when the spam protection refuses the form', async () => {
		const before = (await interestRows()).length;
		const honeypot = await refusal(
			register({ topic: 'Depression', postalCode: '21244', email: 'robot@example.org' }, T0, { [HONEYPOT_FIELD]: 'https://spam.example' })
		);
		expect(honeypot.details.code).toBe('protection_honeypot');
		const form = await submittedForm({ topic: 'Depression', postalCode: '21244', email: 'eilig@example.org' }, T0);
		// sent one second after the page was issued
		const tooFast = await refusal(
			registerInterest(
				{ db: db.get().db, mail: MAIL, origin: ORIGIN, now: new Date(T0.getTime() - 59_000) },
				{ topic: 'Depression', postalCode: '21244', email: 'eilig@example.org', locale: 'de' },
				{ form, ip: freshIp() }
			)
		);
		expect(tooFast.details.code).toBe('protection_too_fast');
		// the rate limit per address: without JavaScript two an hour
		const ip = freshIp();
		const send = async (email: string) =>
			registerInterest(
				{ db: db.get().db, mail: MAIL, origin: ORIGIN, now: T0 },
				{ topic: 'Depression', postalCode: '21244', email, locale: 'de' },
				{ form: await submittedForm({}, T0), ip }
			);
		await send('flut1@example.org');
		await send('flut2@example.org');
		const limited = await refusal(send('flut3@example.org'));
		expect(limited.code).toBe('rate_limited');
		expect(limited.details.code).toBe('protection_rate_limited');
		expect((await interestRows()).length).toBe(before + 2);
		for (const to of ['robot@example.org', 'eilig@example.org', 'flut3@example.org'])
			expect(await outboxMails(db.get(), { to })).toEqual([]);
	});
});

describe('founding interest: withdrawal and deletion (DIR-5)', () => {
	it('withdraws by the link: the row with address, topic and postal code is gone, and the link is spent', async () => {
		await register({ topic: 'Depression', postalCode: '21271', email: 'zurueck@example.org' });
		const token = await withdrawToken('zurueck@example.org');
		expect(await withdrawView(db.get().db, token)).toEqual({ topic: 'Depression', place: '21271 Hanstedt' });
		expect(await withdrawInterest(db.get().db, token)).toBe(true);
		expect(await rowsOf('zurueck@example.org')).toEqual([]);
		expect(JSON.stringify(await interestRows())).not.toContain('zurueck@example.org');
		expect(await withdrawView(db.get().db, token)).toBeNull();
		expect(await withdrawInterest(db.get().db, token)).toBe(false);
		expect(await withdrawInterest(db.get().db, 'kein-gueltiger-link')).toBe(false);
	});

	it('deletes interests 12 months after they were registered (the daily job)', async () => {
		await register({ topic: 'Depression', postalCode: '21271', email: 'alt@example.org' }, at('2025-04-01T08:00:00Z'));
		await register({ topic: 'Depression', postalCode: '21271', email: 'jung@example.org' }, at('2025-06-01T08:00:00Z'));
		expect(await purgeFoundingInterests(db.get().db, at('2026-03-31T08:00:00Z'))).toBe(0);
		expect(await purgeFoundingInterests(db.get().db, at('2026-04-02T08:00:00Z'))).toBe(1);
		expect(await rowsOf('alt@example.org')).toEqual([]);
		expect(await rowsOf('jung@example.org')).toHaveLength(1);
		expect(await purgeFoundingInterests(db.get().db, at('2026-06-02T08:00:00Z'))).toBe(1);
		expect(await rowsOf('jung@example.org')).toEqual([]);
	});

	it('lets staff delete a single interest, and only staff of its own office', async () => {
		await register({ topic: 'Depression', postalCode: '21271', email: 'einzeln@example.org' });
		const [row] = await rowsOf('einzeln@example.org');
		expect((await refusal(deleteInterest({ db: db.get().db, actor: southStaff }, row!.id))).code).toBe('not_found');
		expect((await refusal(deleteInterest({ db: db.get().db, actor: northVolunteer }, row!.id))).code).toBe('forbidden');
		expect(await rowsOf('einzeln@example.org')).toHaveLength(1);
		await deleteInterest({ db: db.get().db, actor: northStaff }, row!.id);
		expect(await rowsOf('einzeln@example.org')).toEqual([]);
		expect((await refusal(deleteInterest({ db: db.get().db, actor: northStaff }, row!.id))).code).toBe('not_found');
		expect((await refusal(deleteInterest({ db: db.get().db, actor: northStaff }, 'keine-id'))).code).toBe('not_found');
	});
});

describe('founding interest: clusters and starting a founding group (DIR-5)', () => {
	const clusterFor = async (actor: UserActor, topic: string, area: string) =>
		(await foundingOverview(db.get().db, actor)).find((c) => c.topicLabel === topic && c.area === area);

	it('clusters open interests by topic and area, biggest first, with count, newest date and postal codes but no addresses', async () => {
		// a topic nobody asked for before, registered after the other tests' interests
		await register({ topic: 'Angst', postalCode: '21244', email: 'k1@example.org' }, at('2026-05-11T08:00:00Z'));
		await register({ topic: 'Angststörung', postalCode: '21255', email: 'k2@example.org' }, at('2026-05-12T08:00:00Z'));
		await register({ topic: 'Ängste', postalCode: '21255', email: 'k3@example.org', locale: 'en' }, at('2026-05-13T08:00:00Z'));
		await register({ topic: 'Angst', postalCode: '20095', email: 'k4@example.org' }, at('2026-05-13T09:00:00Z'));
		await register({ topic: 'xylophon freunde', postalCode: '21244', email: 'k5@example.org' }, at('2026-05-13T10:00:00Z'));

		const clusters = await foundingOverview(db.get().db, northStaff);
		expect(JSON.stringify(clusters)).not.toMatch(/@/);
		const anxiety = clusters.find((c) => c.topicLabel === 'Angststörungen' && c.area === '212');
		expect(anxiety).toMatchObject({
			matched: true,
			count: 3,
			newest: at('2026-05-13T08:00:00Z'),
			places: ['Tostedt', 'Buchholz in der Nordheide'],
			postalCodes: [
				{ postalCode: '21244', place: 'Buchholz in der Nordheide', count: 1 },
				{ postalCode: '21255', place: 'Tostedt', count: 2 }
			]
		});
		expect(anxiety!.interests.map((i) => i.topicText)).toEqual(['Ängste', 'Angststörung', 'Angst']);
		// Hamburg is another area
		expect(clusters.find((c) => c.topicLabel === 'Angststörungen' && c.area === '200')).toMatchObject({ count: 1, places: ['Hamburg'] });
		// unmatched words cluster by their normal form, shown as typed most recently
		expect(clusters.find((c) => c.area === '212' && !c.matched)).toMatchObject({ topicLabel: 'xylophon freunde', count: 2 });
		// biggest first
		const counts = clusters.map((c) => c.count);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		// in English the thesaurus label is English
		expect((await foundingOverview(db.get().db, northStaff, 'en')).some((c) => c.topicLabel === 'Anxiety disorders')).toBe(true);
	});

	it('"Gründung starten" creates a founding group as a draft, links and notifies everyone in the cluster, and only them', async () => {
		const cluster = await clusterFor(northStaff, 'Angststörungen', '212');
		expect(cluster?.count).toBe(3);
		const anxiety = await topicId(db.get(), 'angststoerungen');

		// a volunteer may look, not act; another office cannot act on it
		expect((await refusal(startFounding({ db: db.get().db, actor: northVolunteer, mail: MAIL, now: T0 }, cluster!.key))).code).toBe(
			'forbidden'
		);
		expect((await refusal(startFounding({ db: db.get().db, actor: southStaff, mail: MAIL, now: T0 }, cluster!.key))).code).toBe('conflict');

		const { groupId, notified } = await startFounding({ db: db.get().db, actor: northStaff, mail: MAIL, now: T0 }, cluster!.key);
		expect(notified).toBe(3);
		const { group, topics } = await getGroupDetail(db.get().db, northStaff, groupId);
		expect(group).toMatchObject({ tenantId: north.id, lifecycle: 'founding', moderation: 'draft', publishedAt: null });
		expect(group.name).toBe('Selbsthilfegruppe Angststörungen Tostedt');
		expect(topics.map((t) => t.id)).toEqual([anxiety]);

		const rows = (await interestRows()).filter((row) => ['k1@example.org', 'k2@example.org', 'k3@example.org'].includes(row.email));
		expect(rows).toHaveLength(3);
		for (const row of rows) expect(row).toMatchObject({ status: 'notified', groupId, notifiedAt: T0 });
		// Hamburg's interest in the same topic stays open
		expect((await rowsOf('k4@example.org'))[0]).toMatchObject({ status: 'open', groupId: null });

		for (const to of ['k1@example.org', 'k2@example.org', 'k3@example.org']) {
			const started = (await outboxMails(db.get(), { to, template: 'founding_started' }))[0];
			expect(started, to).toBeDefined();
			expect(started!.bodyText).toContain('Kontaktstelle Nordheide');
			expect(started!.bodyText).toContain('04181 000 000');
			expect(started!.bodyText).toContain('kontakt@nordheide.example');
			expect(started!.bodyText).not.toMatch(/k\d@example\.org/);
		}
		expect((await outboxMails(db.get(), { to: 'k3@example.org', template: 'founding_started' }))[0]!.subject).toBe(
			'A new group on Anxiety disorders'
		);
		expect((await outboxMails(db.get(), { to: 'k1@example.org', template: 'founding_started' }))[0]!.subject).toBe(
			'Eine neue Gruppe zum Thema Angststörungen'
		);
		expect(await outboxMails(db.get(), { to: 'k4@example.org', template: 'founding_started' })).toEqual([]);

		// the cluster left the overview; starting it again finds nothing
		expect(await clusterFor(northStaff, 'Angststörungen', '212')).toBeUndefined();
		expect((await refusal(startFounding({ db: db.get().db, actor: northStaff, mail: MAIL, now: T0 }, cluster!.key))).code).toBe('conflict');

		// the audit log says what happened without personal data
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: north.id }, (tx) => listAudit(tx, north.id, { limit: 500 }));
		const entry = audit.rows.find((r) => r.entity === 'group' && r.entityId === groupId);
		expect(entry?.changes).toMatchObject({ lifecycle: 'founding', moderation: 'draft', foundingInterests: 3, notified: 3 });
		expect(JSON.stringify(entry)).not.toMatch(/k\d@example|21244|21255|Tostedt/);
	});

	it('starts a founding from words no topic matched: the group keeps them as a keyword and each person gets her own words', async () => {
		const cluster = (await foundingOverview(db.get().db, northStaff)).find((c) => c.area === '212' && !c.matched);
		expect(cluster).toBeDefined();
		const { groupId } = await startFounding({ db: db.get().db, actor: northStaff, mail: MAIL, now: T0 }, cluster!.key);
		const { group } = await getGroupDetail(db.get().db, northStaff, groupId);
		expect(group.keywords).toEqual(['xylophon freunde']);
		expect(group).toMatchObject({ lifecycle: 'founding', moderation: 'draft' });
		const [english] = await outboxMails(db.get(), { to: 'xylo@example.org', template: 'founding_started' });
		expect(english!.subject).toBe('A new group on Xylophon-Freunde');
		const [german] = await outboxMails(db.get(), { to: 'k5@example.org', template: 'founding_started' });
		expect(german!.subject).toBe('Eine neue Gruppe zum Thema xylophon freunde');
	});

	it('keeps each office to its own interests (tenant isolation)', async () => {
		const southClusters = await foundingOverview(db.get().db, southStaff);
		expect(southClusters.map((c) => c.area)).toEqual(['803']);
		expect(southClusters[0]!.count).toBe(1);
		expect((await foundingOverview(db.get().db, northStaff)).some((c) => c.area === '803')).toBe(false);
		// row-level security: a query in the other office's scope sees none of them, and cannot change them
		const seen = await inScope(db.get().db, { kind: 'tenant', tenantId: south.id }, (tx) =>
			tx.select({ tenantId: foundingInterests.tenantId }).from(foundingInterests)
		);
		expect(seen.length).toBeGreaterThan(0);
		expect(seen.every((row) => row.tenantId === south.id)).toBe(true);
		const changed = await inScope(db.get().db, { kind: 'tenant', tenantId: south.id }, (tx) =>
			tx
				.update(foundingInterests)
				.set({ status: 'withdrawn' })
				.where(eq(foundingInterests.tenantId, north.id))
				.returning({ id: foundingInterests.id })
		);
		expect(changed).toEqual([]);
		await expect(
			inScope(db.get().db, { kind: 'tenant', tenantId: south.id }, (tx) =>
				tx.insert(foundingInterests).values({
					tenantId: north.id,
					topicText: 'x',
					postalCode: '21244',
					email: 'x@example.org',
					consentText: 'x',
					consentedAt: T0,
					withdrawTokenHash: 'x',
					deleteAfter: T0
				})
			)
		).rejects.toThrow();
	});
});
