import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { and, eq, sql } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { personIn } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { eventRegistrations } from '../../src/lib/server/modules/events/events.table.js';
import {
	cancelEvent,
	changeCapacity,
	createEvent,
	emptyEventInput,
	publishEvent,
	type EventInput
} from '../../src/lib/server/modules/events/events.service.js';
import {
	acceptOffer,
	cancelRegistration,
	expireOffers,
	register,
	registrationStatus,
	remindParticipants
} from '../../src/lib/server/modules/events/registrations.service.js';
import { mailsTo } from '../../src/lib/server/modules/mail/mail.service.js';

/** Today in these tests: the office plans its spring programme. */
const NOW = new Date('2029-02-01T09:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

describe('registration and waitlist for events (EVT-1, EVT-2)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'programm@example.org');
		volunteer = await personIn(db.get(), office.id, 'helferin@example.org', 'volunteer');
	});

	const ctx = (actor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const reg = (now = NOW) => ({
		db: db.get().db,
		mail: { smtpUrl: undefined, from: 'treffpunkt@example.org' },
		origin: 'https://treffpunkt.example',
		now
	});
	const talk = (overrides: Partial<EventInput> = {}): EventInput => ({
		...emptyEventInput('Angst verstehen – ein Abend für Angehörige', [
			{ title: '', date: '2029-03-14', startTime: '18:00', endTime: '20:00' }
		]),
		venue: 'Gemeindesaal, Lindenweg 4, 12345 Musterstadt',
		...overrides
	});
	async function publishedEvent(overrides: Partial<EventInput> = {}): Promise<string> {
		const { id } = await createEvent(ctx(), talk(overrides));
		await publishEvent(ctx(), id);
		return id;
	}
	const person = (n: number) => ({ name: `Teilnehmerin ${n}`, email: `teilnehmerin${n}@example.org` });
	const statuses = async (eventId: string) =>
		inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ email: eventRegistrations.email, status: eventRegistrations.status })
				.from(eventRegistrations)
				.where(eq(eventRegistrations.eventId, eventId))
				.orderBy(eventRegistrations.seq)
		);

	it('creates an event as a draft with a readable public address, and explains every wrong field', async () => {
		const { slug } = await createEvent(ctx(), talk());
		expect(slug).toBe('angst-verstehen-ein-abend-fuer-angehoerige-2029-03-14');
		const again = await createEvent(ctx(), talk());
		expect(again.slug).toBe('angst-verstehen-ein-abend-fuer-angehoerige-2029-03-14-2');

		const wrong = talk({
			title: ' ',
			format: 'hybrid',
			onlineUrl: 'zoom-link',
			capacity: 0,
			sessions: [{ title: '', date: '2029-03-14', startTime: '20:00', endTime: '18:00' }]
		});
		await expect(createEvent(ctx(), wrong)).rejects.toMatchObject({
			code: 'invalid',
			details: {
				issues: {
					title: 'events_title_missing',
					onlineUrl: 'events_online_url_missing',
					capacity: 'events_capacity_invalid',
					sessions: 'events_session_end_before_start'
				}
			}
		});
		await expect(createEvent(ctx(volunteer), talk())).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('gives places in order, then the waitlist; the same address twice is refused with a message', async () => {
		const eventId = await publishedEvent({ capacity: 2 });
		expect((await register(reg(NOW), eventId, person(1))).status).toBe('confirmed');
		expect((await register(reg(NOW), eventId, person(2))).status).toBe('confirmed');
		const third = await register(reg(NOW), eventId, person(3));
		expect(third).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
		expect((await register(reg(NOW), eventId, person(4))).waitlistPosition).toBe(2);
		await expect(register(reg(NOW), eventId, { name: 'Noch einmal', email: 'Teilnehmerin1@Example.org' })).rejects.toMatchObject({
			code: 'conflict',
			details: { issues: { email: 'events_registration_duplicate' } }
		});
		await expect(register(reg(NOW), eventId, { name: '', email: 'kein-at-zeichen' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { name: 'events_registration_name_missing', email: 'error_email_invalid' } }
		});
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
	});

	it('offers a freed place to the first on the waitlist with a deadline; she confirms, the next one keeps waiting', async () => {
		const eventId = await publishedEvent({ capacity: 1 });
		const first = await register(reg(NOW), eventId, person(1));
		const second = await register(reg(NOW), eventId, person(2));
		await register(reg(NOW), eventId, person(3));

		const { offers } = await cancelRegistration(reg(hours(1)), first.token);
		expect(offers).toEqual([expect.objectContaining({ email: 'teilnehmerin2@example.org', deadline: hours(49) })]);
		expect(await registrationStatus(db.get().db, second.token)).toMatchObject({ status: 'offered', offerExpiresAt: hours(49) });
		// cancelling again changes nothing and offers nothing
		expect(await cancelRegistration(reg(hours(2)), first.token)).toEqual({ offers: [], alreadyCancelled: true });

		await acceptOffer(reg(hours(10)), second.token);
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['cancelled', 'confirmed', 'waitlisted']);
		await expect(acceptOffer(reg(hours(10)), 'unbekannt')).rejects.toMatchObject({ code: 'not_found' });
	});

	it('lets an unanswered offer lapse after its deadline and asks the next person', async () => {
		const eventId = await publishedEvent({ capacity: 1 });
		const first = await register(reg(NOW), eventId, person(1));
		const second = await register(reg(NOW), eventId, person(2));
		await register(reg(NOW), eventId, person(3));
		await cancelRegistration(reg(NOW), first.token);

		expect(await expireOffers(reg(hours(47)))).toEqual({ expired: 0, offers: [] });
		const later = await expireOffers(reg(hours(49)));
		expect(later.expired).toBeGreaterThanOrEqual(1);
		expect(later.offers.filter((offer) => offer.eventId === eventId)).toEqual([
			expect.objectContaining({ email: 'teilnehmerin3@example.org', deadline: hours(49 + 48) })
		]);
		await expect(acceptOffer(reg(hours(50)), second.token)).rejects.toMatchObject({ details: { code: 'events_offer_none' } });
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['cancelled', 'expired', 'offered']);
	});

	it('says why registration is unavailable: not open yet, closed, cancelled, not published', async () => {
		const notYet = await publishedEvent({ registrationOpensAt: hours(24) });
		await expect(register(reg(NOW), notYet, person(1))).rejects.toMatchObject({
			details: { code: 'events_registration_not_yet_open' }
		});
		const closed = await publishedEvent({ registrationClosesAt: hours(-1) });
		await expect(register(reg(NOW), closed, person(1))).rejects.toMatchObject({ details: { code: 'events_registration_closed' } });
		const cancelled = await publishedEvent();
		await expect(cancelEvent(ctx(), cancelled, ' ')).rejects.toMatchObject({
			details: { issues: { reason: 'events_cancel_reason_missing' } }
		});
		await cancelEvent(ctx(), cancelled, 'Die Referentin ist erkrankt.');
		await expect(register(reg(NOW), cancelled, person(1))).rejects.toMatchObject({
			details: { code: 'events_registration_event_cancelled' }
		});
		const { id: draft } = await createEvent(ctx(), talk());
		await expect(register(reg(NOW), draft, person(1))).rejects.toMatchObject({
			details: { code: 'events_registration_not_published' }
		});
	});

	it('refuses fewer places than people hold, and offers added places to the waitlist at once', async () => {
		const eventId = await publishedEvent({ capacity: 2 });
		for (const n of [1, 2, 3, 4]) await register(reg(NOW), eventId, person(n));
		await expect(changeCapacity(ctx(), eventId, 1)).rejects.toMatchObject({
			details: { issues: { capacity: 'events_capacity_below_registered' }, params: { registered: 2 } }
		});
		const { offers } = await changeCapacity(ctx(), eventId, 4);
		expect(offers.map((offer) => offer.email)).toEqual(['teilnehmerin3@example.org', 'teilnehmerin4@example.org']);
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['confirmed', 'confirmed', 'offered', 'offered']);
	});

	it('200 concurrent registrations for the last 10 places: exactly 10 confirmed, 190 waitlisted, none lost, none doubled', async () => {
		const eventId = await publishedEvent({ capacity: 30 });
		for (let n = 1; n <= 20; n++) await register(reg(NOW), eventId, { name: `Früh ${n}`, email: `frueh${n}@example.org` });
		const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => register(reg(NOW), eventId, person(i + 1))));
		expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
		const rows = await statuses(eventId);
		expect(rows).toHaveLength(220);
		expect(new Set(rows.map((row) => row.email)).size).toBe(220);
		expect(rows.filter((row) => row.status === 'confirmed')).toHaveLength(30);
		expect(rows.filter((row) => row.status === 'waitlisted')).toHaveLength(190);
		expect(rows.filter((row) => row.email.startsWith('frueh')).every((row) => row.status === 'confirmed')).toBe(true);
		const [confirmed] = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ n: sql<number>`count(*)::int` })
				.from(eventRegistrations)
				.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'confirmed')))
		);
		expect(confirmed?.n).toBe(30);
	});

	it('tells each person by e-mail: the place with a calendar file, the waitlist, an offered place with its deadline, a reminder once, a cancellation', async () => {
		// two evenings around the change to summer time (25 March 2029), online too
		const eventId = await publishedEvent({
			title: 'Gut für sich sorgen – Workshop in zwei Teilen',
			format: 'hybrid',
			onlineUrl: 'https://video.example.org/raum-42',
			capacity: 1,
			sessions: [
				{ title: '', date: '2029-03-22', startTime: '18:00', endTime: '20:00' },
				{ title: '', date: '2029-03-29', startTime: '18:00', endTime: '20:00' }
			]
		});
		const anna = await register(reg(), eventId, { name: 'Anna Beispiel', email: 'anna.beispiel@example.org' });
		const berta = await register(reg(), eventId, { name: 'Berta Muster', email: 'berta.muster@example.org', locale: 'en' });

		const [confirmed] = await mailsTo(db.get().db, 'anna.beispiel@example.org');
		expect(confirmed?.subject).toBe('Anmeldung bestätigt: Gut für sich sorgen – Workshop in zwei Teilen');
		expect(confirmed?.bodyText).toContain('- Donnerstag, 22.03.2029, 18:00–20:00 Uhr\n- Donnerstag, 29.03.2029, 18:00–20:00 Uhr');
		expect(confirmed?.bodyText).toContain('Zugang online: https://video.example.org/raum-42');
		expect(confirmed?.bodyText).toContain(`https://treffpunkt.example/veranstaltungen/anmeldung/${anna.token}`);
		const file = confirmed?.attachments[0];
		expect(file).toMatchObject({ filename: expect.stringMatching(/\.ics$/), contentType: 'text/calendar; charset=utf-8' });
		const calendar = new ICAL.Component(ICAL.parse(file!.content));
		expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
		const starts = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).startDate.toJSDate().toISOString());
		// 18:00 in Berlin is 17:00 UTC in winter and 16:00 UTC in summer
		expect(starts).toEqual(['2029-03-22T17:00:00.000Z', '2029-03-29T16:00:00.000Z']);

		const [waiting] = await mailsTo(db.get().db, 'berta.muster@example.org');
		expect(waiting?.subject).toBe('Waitlist: Gut für sich sorgen – Workshop in zwei Teilen');
		expect(waiting?.bodyText).not.toContain('video.example.org');
		expect(waiting?.attachments).toEqual([]);

		// Anna cancels on 1 February at 11:00 (Berlin): Berta is offered the place for 48 hours
		await cancelRegistration(reg(hours(1)), anna.token);
		expect((await mailsTo(db.get().db, 'anna.beispiel@example.org'))[0]?.subject).toBe(
			'Abmeldung bestätigt: Gut für sich sorgen – Workshop in zwei Teilen'
		);
		const [offer] = await mailsTo(db.get().db, 'berta.muster@example.org');
		expect(offer?.subject).toBe('A place is free: Gut für sich sorgen – Workshop in zwei Teilen');
		expect(offer?.bodyText).toContain('it is held for you until Saturday, 3 February 2029, 11:00');
		expect(offer?.bodyText).toContain(`https://treffpunkt.example/veranstaltungen/anmeldung/${berta.token}`);

		await acceptOffer(reg(hours(5)), berta.token);
		const [place] = await mailsTo(db.get().db, 'berta.muster@example.org');
		expect(place?.subject).toBe('Registration confirmed: Gut für sich sorgen – Workshop in zwei Teilen');
		expect(place?.bodyText).toContain('Online access: https://video.example.org/raum-42');

		// two days before the first evening, once
		const before = new Date('2029-03-20T18:00:00Z');
		expect(await remindParticipants(reg(new Date('2029-03-18T18:00:00Z')))).toBe(0);
		expect(await remindParticipants(reg(before))).toBe(1);
		expect(await remindParticipants(reg(new Date(before.getTime() + 3_600_000)))).toBe(0);
		expect((await mailsTo(db.get().db, 'berta.muster@example.org'))[0]?.subject).toBe(
			'Reminder: Gut für sich sorgen – Workshop in zwei Teilen'
		);

		await cancelEvent(
			{ ...ctx(staff, before), mail: reg().mail, origin: 'https://treffpunkt.example' },
			eventId,
			'Die Referentin ist erkrankt.'
		);
		const [cancelled] = await mailsTo(db.get().db, 'berta.muster@example.org');
		expect(cancelled?.subject).toBe('Cancelled: Gut für sich sorgen – Workshop in zwei Teilen');
		expect(cancelled?.bodyText).toContain('Reason: Die Referentin ist erkrankt.');
		expect((await mailsTo(db.get().db, 'anna.beispiel@example.org')).map((mail) => mail.subject)).not.toContain(
			'Abgesagt: Gut für sich sorgen – Workshop in zwei Teilen'
		);
	});
});
