import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { topics } from '../../src/lib/server/modules/topics/topics.table.js';
import { programmes } from '../../src/lib/server/modules/events/events.table.js';
import {
	cancelEvent,
	createEvent,
	emptyEventInput,
	publishEvent,
	type EventInput
} from '../../src/lib/server/modules/events/events.service.js';
import { cancelRegistration, register } from '../../src/lib/server/modules/events/registrations.service.js';
import { createEventWithExtras, eventFormValues, eventFromForm, updateEvent } from '../../src/lib/server/modules/events/events.edit.js';
import { eventDetail, listEvents, listRegistrations, registrationsCsv } from '../../src/lib/server/modules/events/events.queries.js';
import {
	eventJsonLd,
	programmeCalendar,
	publicEvent,
	publicProgramme,
	registrationView
} from '../../src/lib/server/modules/events/events.public.js';
import { parseForm } from '../../src/lib/server/forms.js';
import { createSpeaker, setEventSpeakers } from '../../src/lib/server/modules/events/speakers.service.js';
import { EVENT_FORM_SHAPE, EventForm } from '../../src/lib/schemas/events.js';

/** Today in these tests: the offices plan their spring programme. */
const NOW = new Date('2029-02-01T09:00:00Z');

describe('event pages: staff lists, the public programme, JSON-LD and the feed (EVT-1, EVT-2, EVT-5)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let otherStaff: UserActor;
	let volunteer: UserActor;
	let topicAnxiety: string;
	let topicGrief: string;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'programm@example.org');
		volunteer = await personIn(db.get(), office.id, 'ehrenamt@example.org', 'volunteer');
		const other = await otherOffice(db.get(), 'Kontaktstelle Seenland', 'seenland@example.org');
		otherStaff = userActor(other.userId, other.office.id, 'admin', 'seenland@example.org');
		const rows = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.insert(topics)
				.values([
					{ key: 'test-events-angst', labelDe: 'Angst (Test)', labelEn: 'Anxiety (test)', category: 'mental_health' },
					{ key: 'test-events-trauer', labelDe: 'Trauer (Test)', labelEn: 'Grief (test)', category: 'loss_grief' }
				])
				.returning({ id: topics.id })
		);
		topicAnxiety = rows[0]!.id;
		topicGrief = rows[1]!.id;
	});

	const ctx = (actor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const reg = (now = NOW) => ({
		db: db.get().db,
		mail: { smtpUrl: undefined, from: 'treffpunkt@example.org' },
		origin: 'https://treffpunkt.example',
		now
	});
	const input = (title: string, date: string, overrides: Partial<EventInput> = {}): EventInput => ({
		...emptyEventInput(title, [{ title: '', date: date as EventInput['sessions'][number]['date'], startTime: '18:00', endTime: '20:00' }]),
		venue: 'Gemeindesaal, Lindenweg 4',
		postalCode: '10115',
		city: 'Berlin',
		...overrides
	});
	async function published(actor: UserActor, title: string, date: string, overrides: Partial<EventInput> = {}, topicIds: string[] = []) {
		const created = await createEventWithExtras(ctx(actor), input(title, date, overrides), { extraFields: [], topicIds });
		await publishEvent(ctx(actor), created.id);
		return created;
	}
	const person = (n: number) => ({ name: `Teilnehmerin ${n}`, email: `person${n}@example.org` });

	it('lists the office’s events upcoming first with places and waitlist; other offices see none of them', async () => {
		const soon = await published(staff, 'Achtsamkeit im Alltag', '2029-03-01', { capacity: 1 });
		const later = await createEventWithExtras(ctx(), input('Schreibwerkstatt', '2029-05-01'), { extraFields: [], topicIds: [] });
		const past = await published(staff, 'Rückblick', '2029-01-10');
		await register(reg(), soon.id, person(1));
		await register(reg(), soon.id, person(2));

		const list = await listEvents(ctx());
		const titles = list.map((row) => row.title);
		expect(titles.indexOf('Achtsamkeit im Alltag')).toBeLessThan(titles.indexOf('Schreibwerkstatt'));
		expect(titles.indexOf('Schreibwerkstatt')).toBeLessThan(titles.indexOf('Rückblick'));
		expect(list.find((row) => row.id === soon.id)).toMatchObject({ status: 'published', capacity: 1, taken: 1, waitlisted: 1 });
		expect(list.find((row) => row.id === later.id)).toMatchObject({ status: 'draft', taken: 0 });
		expect((await listEvents(ctx(), { when: 'past' })).map((row) => row.id)).toEqual([past.id]);
		// volunteers read, other offices see nothing of it
		expect((await listEvents(ctx(volunteer))).length).toBe(list.length);
		expect((await listEvents(ctx(otherStaff))).some((row) => row.id === soon.id)).toBe(false);
		await expect(eventDetail(ctx(otherStaff), soon.id)).rejects.toMatchObject({ code: 'not_found' });

		// the registrations in order, with the place on the waitlist
		const registrations = await listRegistrations(ctx(), soon.id);
		expect(registrations.map((row) => [row.email, row.status, row.waitlistPosition])).toEqual([
			['person1@example.org', 'confirmed', null],
			['person2@example.org', 'waitlisted', 1]
		]);
	});

	it('saves a changed event through the form: sessions, questions, topic; a lower capacity is refused, a higher one moves the waitlist', async () => {
		const created = await published(staff, 'Gesprächsabend Trauer', '2029-04-02', { capacity: 2 });
		for (const n of [11, 12, 13]) await register(reg(), created.id, person(n));

		const detail = await eventDetail(ctx(), created.id);
		const values = {
			...eventFormValues(detail),
			s2Date: '2029-04-09',
			s2Start: '18:00',
			s2End: '20:00',
			s2Title: 'Zweiter Abend',
			q1Label: 'Essenswünsche',
			q1Purpose: 'damit wir das Essen planen können',
			topicId: topicGrief,
			capacity: '1'
		};
		const parsed = parseForm(EventForm, values, EVENT_FORM_SHAPE);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const record = eventFromForm(parsed.data);
		expect(record.ok).toBe(true);
		if (!record.ok) return;
		// two places taken: one place is refused, and nothing else changed
		await expect(updateEvent(ctx(), created.id, record.input, record.extras)).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { capacity: 'events_capacity_below_registered' }, params: { registered: 2 } }
		});
		expect((await eventDetail(ctx(), created.id)).sessions).toHaveLength(1);

		const { offers } = await updateEvent(ctx(), created.id, { ...record.input, capacity: 3 }, record.extras);
		expect(offers.map((offer) => offer.email)).toEqual(['person13@example.org']);
		const after = await eventDetail(ctx(), created.id);
		expect(after.sessions.map((s) => s.title)).toEqual(['', 'Zweiter Abend']);
		expect(after.extraFields).toEqual([
			{ key: 'essenswuensche', label: 'Essenswünsche', purpose: 'damit wir das Essen planen können', required: false }
		]);
		expect(after.topicIds).toEqual([topicGrief]);
		expect(after).toMatchObject({ capacity: 3, taken: 3, waitlisted: 0 });

		// a half-filled session row and a question without purpose are named at their fields
		const wrong = parseForm(EventForm, { ...values, s3Date: '2029-04-16', q2Label: 'Allergien' }, EVENT_FORM_SHAPE);
		expect(wrong.ok && eventFromForm(wrong.data)).toEqual({
			ok: false,
			issues: { s3Start: 'events_form_session_time_missing', q2Purpose: 'events_form_question_purpose_missing' }
		});
		await expect(updateEvent(ctx(volunteer), created.id, record.input, record.extras)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('downloads the registrations as CSV with the answers to the questions', async () => {
		const created = await createEventWithExtras(ctx(), input('Kochabend', '2029-03-20', { capacity: 1 }), {
			extraFields: [{ key: 'essen', label: 'Essenswünsche', purpose: 'Planung', required: true }],
			topicIds: []
		});
		await publishEvent(ctx(), created.id);
		await register(reg(), created.id, { ...person(21), answers: { essen: 'vegetarisch; ohne Nüsse' } });
		await register(reg(), created.id, { ...person(22), answers: { essen: '=1+1' } });
		const { bytes } = await registrationsCsv(ctx(), created.id, {
			headers: ['Name', 'E-Mail', 'Stand', 'Warteliste', 'Angemeldet am'],
			status: (status) => status,
			date: () => 'heute'
		});
		const lines = new TextDecoder()
			.decode(bytes)
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines).toEqual([
			'Name;E-Mail;Stand;Warteliste;Angemeldet am;Essenswünsche',
			'Teilnehmerin 21;person21@example.org;confirmed;;heute;"vegetarisch; ohne Nüsse"',
			"Teilnehmerin 22;person22@example.org;waitlisted;1;heute;'=1+1"
		]);
	});

	describe('the public programme', () => {
		let berlinTalk: string;
		let potsdamWorkshop: string;
		let onlineTalk: string;
		let cancelled: string;

		beforeAll(async () => {
			berlinTalk = (await published(staff, 'Angst verstehen', '2029-06-03', { audiences: ['public'] }, [topicAnxiety])).id;
			potsdamWorkshop = (
				await published(
					otherStaff,
					'Workshop Gruppenleitung',
					'2029-06-10',
					{ kind: 'workshop', audiences: ['group_leaders'], postalCode: '14467', city: 'Potsdam', venue: 'Haus am See' },
					[topicGrief]
				)
			).id;
			onlineTalk = (
				await published(staff, 'Online-Sprechstunde', '2029-06-05', {
					format: 'online',
					venue: '',
					postalCode: '',
					city: '',
					onlineUrl: 'https://konferenz.example/geheim-123'
				})
			).id;
			cancelled = (await published(staff, 'Abgesagter Abend', '2029-06-07')).id;
			await cancelEvent({ ...ctx(), mail: reg().mail, origin: 'https://treffpunkt.example' }, cancelled, 'Die Referentin ist erkrankt.');
			await createEvent(ctx(), input('Noch ein Entwurf', '2029-06-04'));
		});

		const programme = (query: Record<string, string>) => publicProgramme(db.get().db, new URLSearchParams(query), 'de', NOW);
		const ids = async (query: Record<string, string>) =>
			(await programme({ von: '2029-06-01', bis: '2029-06-30', ...query })).items.map((item) => item.id);

		it('shows published and cancelled events of all offices soonest first, never drafts', async () => {
			expect(await ids({})).toEqual([berlinTalk, onlineTalk, cancelled, potsdamWorkshop]);
			const page = await programme({ von: '2029-06-01', bis: '2029-06-30' });
			expect(page.items.find((item) => item.id === cancelled)?.status).toBe('cancelled');
			expect(page.topicOptions.map((topic) => topic.label)).toEqual(expect.arrayContaining(['Angst (Test)', 'Trauer (Test)']));
		});

		it('filters by topic, format, audience, date range and place with radius (online events are everywhere)', async () => {
			expect(await ids({ thema: topicAnxiety })).toEqual([berlinTalk]);
			expect(await ids({ form: 'online' })).toEqual([onlineTalk]);
			expect(await ids({ fuer: 'group_leaders' })).toEqual([potsdamWorkshop]);
			expect(await ids({ von: '2029-06-06', bis: '2029-06-09' })).toEqual([cancelled]);
			expect(await ids({ ort: '10115', umkreis: '25' })).toEqual([berlinTalk, onlineTalk, cancelled]);
			expect(await ids({ ort: 'Berlin', umkreis: '50' })).toEqual([berlinTalk, onlineTalk, cancelled, potsdamWorkshop]);
			const near = await programme({ ort: 'Potsdam', umkreis: '5', von: '2029-06-01', bis: '2029-06-30' });
			expect(near.items.map((item) => item.id)).toEqual([onlineTalk, potsdamWorkshop]);
			expect(near.placeLabel).toBe('Potsdam');
			const unknown = await programme({ ort: 'Xyzzyhausen', von: '2029-06-01', bis: '2029-06-30' });
			expect(unknown.placeUnknown).toBe(true);
			expect(unknown.items).toHaveLength(4);
		});

		it('pages through a long programme, 20 at a time', async () => {
			for (let n = 0; n < 21; n++) await published(staff, `Reihe Abend ${n + 1}`, `2029-09-${String(n + 1).padStart(2, '0')}`);
			const first = await programme({ von: '2029-09-01', bis: '2029-09-30' });
			expect(first).toMatchObject({ total: 21, pages: 2 });
			expect(first.items).toHaveLength(20);
			const second = await programme({ von: '2029-09-01', bis: '2029-09-30', seite: '2' });
			expect(second.items.map((item) => item.title)).toEqual(['Reihe Abend 21']);
			expect((await programme({ von: '2029-09-01', bis: '2029-09-30', seite: '99' })).query.page).toBe(2);
		});

		it('gives the event page with its JSON-LD: attendance mode, status, place, organiser, offer – never the online link', async () => {
			const speaker = await createSpeaker(ctx(), {
				name: 'Dr. Erika Beispiel',
				topics: 'Angst',
				email: 'erika@example.org',
				phone: '',
				notes: ''
			});
			await setEventSpeakers(ctx(), berlinTalk, [speaker]);
			expect((await eventDetail(ctx(), berlinTalk)).speakerIds).toEqual([speaker]);
			const talk = (await publicEvent(db.get().db, (await eventDetail(ctx(), berlinTalk)).slug, 'de', NOW))!;
			expect(talk).toMatchObject({
				availability: 'open',
				place: 'Gemeindesaal, Lindenweg 4, 10115 Berlin',
				office: { name: 'Kontaktstelle Nordheide' }
			});
			const ld = eventJsonLd(talk, { pageUrl: 'https://treffpunkt.example/veranstaltungen/x', officeUrl: null });
			expect(ld).toMatchObject({
				'@type': 'Event',
				name: 'Angst verstehen',
				startDate: '2029-06-03T16:00:00.000Z',
				endDate: '2029-06-03T18:00:00.000Z',
				eventStatus: 'https://schema.org/EventScheduled',
				eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
				location: { '@type': 'Place', address: { postalCode: '10115', addressLocality: 'Berlin', addressCountry: 'DE' } },
				organizer: { '@type': 'Organization', name: 'Kontaktstelle Nordheide' },
				offers: { '@type': 'Offer', price: '0', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
				isAccessibleForFree: true,
				performer: [{ '@type': 'Person', name: 'Dr. Erika Beispiel' }]
			});
			expect(talk.speakers).toEqual([{ name: 'Dr. Erika Beispiel', topics: 'Angst' }]);
			// the speaker's contact details are not on the public page
			expect(JSON.stringify(talk)).not.toContain('erika@example.org');

			const online = (await publicEvent(db.get().db, (await eventDetail(ctx(), onlineTalk)).slug, 'de', NOW))!;
			const onlineLd = eventJsonLd(online, { pageUrl: 'https://treffpunkt.example/veranstaltungen/y', officeUrl: null });
			expect(onlineLd).toMatchObject({
				eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
				location: { '@type': 'VirtualLocation', url: 'https://treffpunkt.example/veranstaltungen/y' }
			});
			expect(JSON.stringify(online)).not.toContain('geheim-123');
			expect(JSON.stringify(onlineLd)).not.toContain('geheim-123');

			const off = (await publicEvent(db.get().db, (await eventDetail(ctx(), cancelled)).slug, 'de', NOW))!;
			expect(off).toMatchObject({ availability: 'cancelled', cancelReason: 'Die Referentin ist erkrankt.' });
			expect(eventJsonLd(off, { pageUrl: 'u', officeUrl: null }).eventStatus).toBe('https://schema.org/EventCancelled');

			// drafts and unknown addresses look the same: no page
			const draft = (await listEvents(ctx())).find((row) => row.title === 'Noch ein Entwurf')!;
			expect(await publicEvent(db.get().db, draft.slug, 'de', NOW)).toBeNull();
			expect(await publicEvent(db.get().db, 'gibt-es-nicht', 'de', NOW)).toBeNull();
		});

		it('says why registration is unavailable: not open yet, closed, full with waitlist, past', async () => {
			const slugOf = async (id: string) => (await eventDetail(ctx(), id)).slug;
			const notYet = await published(staff, 'Später offen', '2029-07-01', { registrationOpensAt: new Date('2029-03-01T08:00:00Z') });
			const closed = await published(staff, 'Schon zu', '2029-07-02', {
				registrationOpensAt: new Date('2029-01-01T08:00:00Z'),
				registrationClosesAt: new Date('2029-01-20T08:00:00Z')
			});
			const full = await published(staff, 'Ausgebucht', '2029-07-03', { capacity: 1 });
			await register(reg(), full.id, person(31));
			const availability = async (id: string, now = NOW) => (await publicEvent(db.get().db, await slugOf(id), 'de', now))!.availability;
			expect(await availability(notYet.id)).toBe('not_yet_open');
			expect(await availability(closed.id)).toBe('closed');
			expect(await availability(full.id)).toBe('waitlist');
			expect(await availability(full.id, new Date('2029-07-04T00:00:00Z'))).toBe('past');
		});

		it('shows a person her registration by her link, with her place on the waitlist; an unknown link shows nothing', async () => {
			const full = await published(staff, 'Kleiner Kreis', '2029-07-10', { capacity: 1 });
			const first = await register(reg(), full.id, person(41));
			const second = await register(reg(), full.id, person(42));
			const third = await register(reg(), full.id, person(43));
			expect(await registrationView(db.get().db, third.token)).toMatchObject({
				name: 'Teilnehmerin 43',
				status: 'waitlisted',
				waitlistPosition: 2,
				event: { title: 'Kleiner Kreis' }
			});
			await cancelRegistration(reg(), first.token);
			expect(await registrationView(db.get().db, second.token)).toMatchObject({ status: 'offered', waitlistPosition: null });
			expect(await registrationView(db.get().db, third.token)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
			expect(await registrationView(db.get().db, 'unbekannt')).toBeNull();
		});

		it('writes an .ics feed of all upcoming events that a real parser reads, cancelled ones marked', async () => {
			const ics = (await programmeCalendar(db.get().db, {
				pageUrl: (slug) => `https://treffpunkt.example/veranstaltungen/${slug}`,
				now: NOW
			}))!;
			const calendar = new ICAL.Component(ICAL.parse(ics));
			const vevents = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
			const talk = vevents.find((event) => event.summary === 'Angst verstehen')!;
			expect(talk.startDate.toJSDate().toISOString()).toBe('2029-06-03T16:00:00.000Z');
			expect(talk.location).toBe('Gemeindesaal, Lindenweg 4, 10115 Berlin');
			const off = vevents.find((event) => event.summary === 'Abgesagter Abend')!;
			expect(off.component.getFirstPropertyValue('status')).toBe('CANCELLED');
			expect(vevents.some((event) => event.summary === 'Noch ein Entwurf')).toBe(false);
			expect(ics).not.toContain('geheim-123');
		});

		it('writes a feed per published programme; an unknown or unpublished programme has none', async () => {
			const [programme] = await inScope(db.get().db, { kind: 'system' }, (tx) =>
				tx
					.insert(programmes)
					.values([
						{ tenantId: staff.tenantId, slug: 'selbsthilfe-im-dialog-test', title: 'Selbsthilfe im Dialog', published: true },
						{ tenantId: staff.tenantId, slug: 'noch-geheim-test', title: 'Noch geheim', published: false }
					])
					.returning({ id: programmes.id })
			);
			await published(staff, 'Im Programm', '2029-08-01', { programmeId: programme!.id });
			const pageUrl = (slug: string) => `https://treffpunkt.example/veranstaltungen/${slug}`;
			const ics = (await programmeCalendar(db.get().db, { pageUrl, now: NOW, programmeSlug: 'selbsthilfe-im-dialog-test' }))!;
			const calendar = new ICAL.Component(ICAL.parse(ics));
			expect(calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent).summary)).toEqual(['Im Programm']);
			expect(await programmeCalendar(db.get().db, { pageUrl, now: NOW, programmeSlug: 'noch-geheim-test' })).toBeNull();
			expect(await programmeCalendar(db.get().db, { pageUrl, now: NOW, programmeSlug: 'gibt-es-nicht' })).toBeNull();
		});
	});
});
