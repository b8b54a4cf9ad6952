import { beforeAll, describe, expect, it } from 'vitest';
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
	registrationStatus
} from '../../src/lib/server/modules/events/registrations.service.js';

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
		expect((await register(db.get().db, eventId, person(1), NOW)).status).toBe('confirmed');
		expect((await register(db.get().db, eventId, person(2), NOW)).status).toBe('confirmed');
		const third = await register(db.get().db, eventId, person(3), NOW);
		expect(third).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
		expect((await register(db.get().db, eventId, person(4), NOW)).waitlistPosition).toBe(2);
		await expect(register(db.get().db, eventId, { name: 'Noch einmal', email: 'Teilnehmerin1@Example.org' }, NOW)).rejects.toMatchObject({
			code: 'conflict',
			details: { issues: { email: 'events_registration_duplicate' } }
		});
		await expect(register(db.get().db, eventId, { name: '', email: 'kein-at-zeichen' }, NOW)).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { name: 'events_registration_name_missing', email: 'error_email_invalid' } }
		});
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
	});

	it('offers a freed place to the first on the waitlist with a deadline; she confirms, the next one keeps waiting', async () => {
		const eventId = await publishedEvent({ capacity: 1 });
		const first = await register(db.get().db, eventId, person(1), NOW);
		const second = await register(db.get().db, eventId, person(2), NOW);
		await register(db.get().db, eventId, person(3), NOW);

		const { offers } = await cancelRegistration(db.get().db, first.token, hours(1));
		expect(offers).toEqual([expect.objectContaining({ email: 'teilnehmerin2@example.org', deadline: hours(49) })]);
		expect(await registrationStatus(db.get().db, second.token)).toMatchObject({ status: 'offered', offerExpiresAt: hours(49) });
		// cancelling again changes nothing and offers nothing
		expect(await cancelRegistration(db.get().db, first.token, hours(2))).toEqual({ offers: [], alreadyCancelled: true });

		await acceptOffer(db.get().db, second.token, hours(10));
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['cancelled', 'confirmed', 'waitlisted']);
		await expect(acceptOffer(db.get().db, 'unbekannt', hours(10))).rejects.toMatchObject({ code: 'not_found' });
	});

	it('lets an unanswered offer lapse after its deadline and asks the next person', async () => {
		const eventId = await publishedEvent({ capacity: 1 });
		const first = await register(db.get().db, eventId, person(1), NOW);
		const second = await register(db.get().db, eventId, person(2), NOW);
		await register(db.get().db, eventId, person(3), NOW);
		await cancelRegistration(db.get().db, first.token, NOW);

		expect(await expireOffers(db.get().db, hours(47))).toEqual({ expired: 0, offers: [] });
		const later = await expireOffers(db.get().db, hours(49));
		expect(later.expired).toBeGreaterThanOrEqual(1);
		expect(later.offers.filter((offer) => offer.eventId === eventId)).toEqual([
			expect.objectContaining({ email: 'teilnehmerin3@example.org', deadline: hours(49 + 48) })
		]);
		await expect(acceptOffer(db.get().db, second.token, hours(50))).rejects.toMatchObject({ details: { code: 'events_offer_none' } });
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['cancelled', 'expired', 'offered']);
	});

	it('says why registration is unavailable: not open yet, closed, cancelled, not published', async () => {
		const notYet = await publishedEvent({ registrationOpensAt: hours(24) });
		await expect(register(db.get().db, notYet, person(1), NOW)).rejects.toMatchObject({
			details: { code: 'events_registration_not_yet_open' }
		});
		const closed = await publishedEvent({ registrationClosesAt: hours(-1) });
		await expect(register(db.get().db, closed, person(1), NOW)).rejects.toMatchObject({ details: { code: 'events_registration_closed' } });
		const cancelled = await publishedEvent();
		await expect(cancelEvent(ctx(), cancelled, ' ')).rejects.toMatchObject({
			details: { issues: { reason: 'events_cancel_reason_missing' } }
		});
		await cancelEvent(ctx(), cancelled, 'Die Referentin ist erkrankt.');
		await expect(register(db.get().db, cancelled, person(1), NOW)).rejects.toMatchObject({
			details: { code: 'events_registration_event_cancelled' }
		});
		const { id: draft } = await createEvent(ctx(), talk());
		await expect(register(db.get().db, draft, person(1), NOW)).rejects.toMatchObject({
			details: { code: 'events_registration_not_published' }
		});
	});

	it('refuses fewer places than people hold, and offers added places to the waitlist at once', async () => {
		const eventId = await publishedEvent({ capacity: 2 });
		for (const n of [1, 2, 3, 4]) await register(db.get().db, eventId, person(n), NOW);
		await expect(changeCapacity(ctx(), eventId, 1)).rejects.toMatchObject({
			details: { issues: { capacity: 'events_capacity_below_registered' }, params: { registered: 2 } }
		});
		const { offers } = await changeCapacity(ctx(), eventId, 4);
		expect(offers.map((offer) => offer.email)).toEqual(['teilnehmerin3@example.org', 'teilnehmerin4@example.org']);
		expect((await statuses(eventId)).map((row) => row.status)).toEqual(['confirmed', 'confirmed', 'offered', 'offered']);
	});

	it('200 concurrent registrations for the last 10 places: exactly 10 confirmed, 190 waitlisted, none lost, none doubled', async () => {
		const eventId = await publishedEvent({ capacity: 30 });
		for (let n = 1; n <= 20; n++) await register(db.get().db, eventId, { name: `Früh ${n}`, email: `frueh${n}@example.org` }, NOW);
		const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => register(db.get().db, eventId, person(i + 1), NOW)));
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
});
