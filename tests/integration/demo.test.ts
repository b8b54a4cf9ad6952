import { describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { useDatabase } from './fixtures.js';
import { loadDemo } from '../../src/lib/server/modules/demo/demo.service.js';
import { loadDemoGroups } from '../../src/lib/server/modules/demo/demo.groups.js';
import { publishedOfficesByState } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { login } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { DEMO_PASSWORD } from '../../src/lib/server/modules/demo/demo.service.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { topics } from '../../src/lib/server/modules/topics/topics.table.js';
import {
	consents,
	contactPersons,
	groupHistory,
	groups,
	groupTopics,
	meetingSeries,
	supportEntries
} from '../../src/lib/server/modules/groups/groups.table.js';
import { validateRecurrence } from '../../src/lib/recurrence/index.js';
import { lookupPostalCode } from '../../src/lib/server/geo/places.js';
import { today } from '../../src/lib/server/modules/groups/groups.service.js';
import { loadDemoRooms } from '../../src/lib/server/modules/demo/demo.rooms.js';
import { roomBookings, rooms, type BookableHours } from '../../src/lib/server/modules/rooms/rooms.table.js';
import { equipmentItems, equipmentLoans } from '../../src/lib/server/modules/equipment/equipment.table.js';
import { roomStatistics } from '../../src/lib/server/modules/rooms/statistics.service.js';
import { memberships, users } from '../../src/lib/server/modules/accounts/accounts.table.js';
import { instantToWall, isHoliday, addDays } from '../../src/lib/recurrence/index.js';
import { loadDemoEvents } from '../../src/lib/server/modules/demo/demo.events.js';
import {
	eventFeedback,
	eventRegistrations,
	eventSessions,
	events,
	programmes,
	speakers
} from '../../src/lib/server/modules/events/events.table.js';
import { programmeCalendar, publicEvent, publicProgramme, registrationView } from '../../src/lib/server/modules/events/events.public.js';
import { attendanceList } from '../../src/lib/server/modules/events/attendance.service.js';
import { feedbackSummary } from '../../src/lib/server/modules/events/feedback.service.js';
import { instanceSigner } from '../../src/lib/server/modules/protection/protection.service.js';

describe('demo data', () => {
	const db = useDatabase();
	let loaded: Promise<string[]> | undefined;
	const load = () => (loaded ??= loadDemo(db.get().db));
	const system = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(db.get().db, { kind: 'system' }, fn);
	const officeId = async (name: string) =>
		(await system((tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.name, name))))[0]!.id;

	it('loads a state office with two offices below it, whose people can log in, and only once', async () => {
		const lines = await load();
		expect(lines.join('\n')).toContain('erfunden');
		const states = await publishedOfficesByState(db.get().db);
		const offices = states.flatMap((s) => s.offices);
		expect(offices).toHaveLength(3);
		const state = offices.find((o) => o.kind === 'state_office')!;
		expect(offices.filter((o) => o.parentId === state.id)).toHaveLength(2);
		// invented contact data only: example.org addresses
		expect(offices.every((o) => o.email.endsWith('@example.org'))).toBe(true);
		const r = await login(db.get().db, { email: 'ehrenamt@example.org', password: DEMO_PASSWORD, clientAddress: '10.0.0.5' });
		expect(r).toMatchObject({ kind: 'ok', next: 'done' });
		await expect(loadDemo(db.get().db)).rejects.toMatchObject({ code: 'conflict' });
	});

	it('fills the contact point with realistic, invented groups: meetings, contact persons, founding groups and history', async () => {
		const lines = await load();
		expect(lines.join('\n')).toMatch(/\d+ Gruppen mit \d+ Treffen und \d+ Kontaktpersonen \(erfunden\)/);
		const kiss = await officeId('Selbsthilfe-Kontaktstelle Musterstadt-Süd');
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		await system(async (tx) => {
			const all = await tx.select().from(groups);
			const kissGroups = all.filter((g) => g.tenantId === kiss);
			expect(kissGroups.length).toBeGreaterThanOrEqual(150);
			expect(all.filter((g) => g.tenantId === sus)).toHaveLength(10);
			for (const tenantId of [kiss, sus]) {
				const names = all.filter((g) => g.tenantId === tenantId).map((g) => g.name);
				expect(new Set(names).size).toBe(names.length);
			}

			// across the thesaurus
			const categories = await tx
				.selectDistinct({ category: topics.category })
				.from(groupTopics)
				.innerJoin(topics, eq(topics.id, groupTopics.topicId))
				.where(eq(groupTopics.tenantId, kiss));
			expect(categories.length).toBeGreaterThanOrEqual(10);

			// a realistic mix of lifecycle and moderation states
			const count = (filter: (g: (typeof all)[number]) => boolean) => kissGroups.filter(filter).length;
			expect(count((g) => g.lifecycle === 'active')).toBeGreaterThan(kissGroups.length * 0.7);
			for (const state of ['founding', 'interest', 'paused', 'dissolved']) expect(count((g) => g.lifecycle === state)).toBeGreaterThan(0);
			for (const state of ['draft', 'hidden']) expect(count((g) => g.moderation === state)).toBeGreaterThan(0);
			expect(count((g) => g.moderation === 'published')).toBeGreaterThan(kissGroups.length * 0.7);
			expect(count((g) => g.staleSince !== null)).toBeGreaterThan(0);
			expect(count((g) => g.reviewNote !== '')).toBeGreaterThan(0);
			expect(count((g) => g.format === 'online')).toBeGreaterThan(0);
			expect(count((g) => g.languages.some((l) => l !== 'de'))).toBeGreaterThan(0);
			expect(kissGroups.every((g) => g.description.length > 80 && g.firstVisit.length > 30)).toBe(true);

			// history: lifecycle changes (not only the creation) and moderation changes
			const history = await tx.select().from(groupHistory).where(eq(groupHistory.tenantId, kiss));
			expect(history.length).toBeGreaterThan(kissGroups.length * 2);
			const transitions = new Set(history.filter((h) => h.fromState !== null).map((h) => `${h.kind}:${h.fromState}>${h.toState}`));
			for (const t of ['lifecycle:founding>active', 'lifecycle:active>paused', 'lifecycle:active>dissolved', 'moderation:published>hidden'])
				expect(transitions).toContain(t);
			const todayIso = today(new Date());
			expect(history.every((h) => h.effectiveOn <= todayIso)).toBe(true);

			// meetings: valid recurrences, real postal codes with coordinates
			const series = await tx.select().from(meetingSeries);
			expect(series.filter((s) => s.tenantId === kiss).length).toBeGreaterThanOrEqual(kissGroups.length);
			for (const s of series) {
				if (s.recurrence) expect(validateRecurrence(s.recurrence, { federalState: 'NI', today: todayIso })).toEqual([]);
				else expect(s.scheduleText).not.toBe('');
				if (s.locationKind !== 'address') continue;
				expect(lookupPostalCode(s.postalCode), s.postalCode).not.toBeNull();
				expect(s.lat).not.toBeNull();
				expect(s.lon).not.toBeNull();
				if (s.tenantId === sus) expect(s.city).toBe('Beispielheim');
			}
			expect(series.some((s) => s.tenantId === kiss && s.city === 'Musterstadt')).toBe(true);
			expect(series.some((s) => s.locationKind === 'online')).toBe(true);
			expect(series.some((s) => s.recurrence?.breaks.some((b) => b.from === '07-15'))).toBe(true);

			// contact persons: invented, each with a consent; one or two withdrew theirs
			const people = await tx.select().from(contactPersons);
			expect(people.filter((p) => p.tenantId === kiss).length).toBeGreaterThan(kissGroups.length * 0.5);
			const consentRows = await tx
				.select()
				.from(consents)
				.where(
					inArray(
						consents.contactPersonId,
						people.map((p) => p.id)
					)
				);
			for (const person of people) {
				const own = consentRows.filter((c) => c.contactPersonId === person.id);
				expect(own.length).toBeGreaterThan(0);
				const withdrawn = own.every((c) => c.withdrawnAt !== null);
				if (withdrawn) expect(person).toMatchObject({ name: '–', email: '', phone: '' });
				else expect(person.email).toMatch(/^[a-z]+\.[a-z]+@example\.org$/);
				expect(person.phone === '' || person.phone.startsWith('0511 555 01')).toBe(true);
			}
			expect(consentRows.some((c) => c.withdrawnAt !== null)).toBe(true);

			// support given by the contact point
			const support = await tx.select().from(supportEntries).where(eq(supportEntries.tenantId, kiss));
			expect(new Set(support.map((s) => s.groupId)).size).toBeGreaterThan(kissGroups.length * 0.25);
			expect(support.some((s) => s.kind === 'founding')).toBe(true);
			expect(support.every((s) => s.minutes >= 30 && s.minutes <= 180 && s.staffLabel === 'beratung@example.org')).toBe(true);
		});
	});

	it('gives the contact point rooms with a year of bookings that never overlap, open requests, and equipment with loans', async () => {
		const lines = await load();
		expect(lines.join('\n')).toMatch(
			/4 Räume mit \d+ gebuchten Terminen und \d+ offenen Anfragen, 8 Geräte zum Ausleihen mit \d+ Ausleihen/
		);
		const kiss = await officeId('Selbsthilfe-Kontaktstelle Musterstadt-Süd');
		const now = new Date();
		const todayIso = today(now);
		const lastYear = Number(todayIso.slice(0, 4)) - 1;
		await system(async (tx) => {
			const roomRows = await tx.select().from(rooms).where(eq(rooms.tenantId, kiss));
			expect(roomRows.map((r) => r.name).sort()).toEqual(['Besprechungsraum', 'Großer Saal', 'Gruppenraum 1', 'Gruppenraum 2']);
			expect(roomRows.some((r) => r.stepFree && r.hearingLoop && r.capacity >= 30)).toBe(true);
			expect(roomRows.some((r) => !r.stepFree)).toBe(true);
			const hoursOf = new Map(roomRows.map((r) => [r.id, r.bookableHours as BookableHours]));

			const bookings = await tx.select().from(roomBookings).where(eq(roomBookings.tenantId, kiss));
			const confirmed = bookings.filter((b) => b.status === 'confirmed');
			// from the start of last year to months ahead
			expect(confirmed.length).toBeGreaterThan(800);
			const dates = confirmed.map((b) => instantToWall(b.startsAt).date).sort();
			expect(dates[0]!.slice(0, 4)).toBe(String(lastYear));
			expect(dates.at(-1)! > addDays(todayIso, 150)).toBe(true);

			// never two requested or confirmed bookings of one room at the same time
			const active = bookings.filter((b) => b.status === 'confirmed' || b.status === 'requested');
			const byRoom = Map.groupBy(active, (b) => b.roomId);
			for (const list of byRoom.values()) {
				list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
				for (let i = 1; i < list.length; i++) expect(list[i]!.startsAt >= list[i - 1]!.endsAt).toBe(true);
			}
			for (const booking of active) {
				const start = instantToWall(booking.startsAt);
				const end = instantToWall(booking.endsAt);
				// within the room's bookable hours, never on a public holiday of Lower Saxony
				const open = hoursOf.get(booking.roomId)![String(start.weekday) as keyof BookableHours];
				expect(open, `${booking.title} ${start.date}`).toBeDefined();
				expect(start.time >= open!.from && end.time <= open!.to && end.date === start.date).toBe(true);
				expect(isHoliday(start.date, 'NI'), `${booking.title} on ${start.date}`).toBe(false);
			}
			// a series keeps its wall time across the changes to and from summer time
			for (const list of Map.groupBy(active, (b) => b.seriesId).values())
				expect(new Set(list.map((b) => instantToWall(b.startsAt).time)).size).toBe(1);

			// the groups' patterns: 2nd and 4th Tuesday, weekly, the last Friday of the month
			const groupRows = await tx.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.tenantId, kiss));
			const names = new Map(groupRows.map((g) => [g.id, g.name]));
			const owned = confirmed.filter((b) => b.ownerKind === 'group');
			expect(new Set(owned.map((b) => b.groupId)).size).toBeGreaterThanOrEqual(10);
			expect(owned.every((b) => names.get(b.groupId!) === b.title)).toBe(true);
			const dayOfMonth = (b: (typeof bookings)[number]) => Number(instantToWall(b.startsAt).date.slice(8, 10));
			const seriesDays = [...Map.groupBy(owned, (b) => b.seriesId).values()].map((list) => ({
				weekdays: new Set(list.map((b) => instantToWall(b.startsAt).weekday)),
				days: list.map(dayOfMonth)
			}));
			expect(seriesDays.some((s) => s.weekdays.has(2) && s.days.every((d) => (d >= 8 && d <= 14) || (d >= 22 && d <= 28)))).toBe(true);
			expect(seriesDays.some((s) => s.weekdays.has(5) && s.days.every((d) => d >= 22))).toBe(true);
			expect(confirmed.some((b) => b.ownerKind === 'internal')).toBe(true);
			expect(confirmed.some((b) => b.ownerKind === 'event')).toBe(true);

			// open requests for the future with the group's note; a declined one and cancelled dates with reasons
			const requested = bookings.filter((b) => b.status === 'requested');
			expect(new Set(requested.map((b) => b.seriesId)).size).toBeGreaterThanOrEqual(2);
			expect(requested.every((b) => b.startsAt > now && b.note !== '' && b.decidedAt === null)).toBe(true);
			expect(bookings.some((b) => b.status === 'declined' && b.reason !== '')).toBe(true);
			expect(bookings.some((b) => b.status === 'cancelled' && b.reason !== '')).toBe(true);

			// the equipment: speaker system with two radio microphones, projector, three tablets, two roll-ups, games
			const items = await tx.select().from(equipmentItems).where(eq(equipmentItems.tenantId, kiss));
			const itemNames = items.map((i) => i.name);
			expect(itemNames).toContain('Mobile Lautsprecheranlage mit zwei Funkmikrofonen');
			expect(itemNames).toContain('Beamer');
			expect(itemNames.filter((n) => n.startsWith('Tablet'))).toHaveLength(3);
			expect(itemNames.filter((n) => n.startsWith('Roll-up'))).toHaveLength(2);
			expect(itemNames.some((n) => n.includes('Spiele'))).toBe(true);
			const loans = await tx.select().from(equipmentLoans).where(eq(equipmentLoans.tenantId, kiss));
			expect(loans.some((l) => l.status === 'returned' && l.returnedAt !== null && l.untilDate < todayIso)).toBe(true);
			expect(loans.some((l) => l.status === 'handed_out' && l.untilDate < todayIso)).toBe(true);
			expect(loans.some((l) => l.status === 'handed_out' && l.untilDate >= todayIso)).toBe(true);
			expect(loans.some((l) => l.status === 'reserved' && l.fromDate > todayIso)).toBe(true);
			expect(loans.some((l) => l.groupId !== null && names.has(l.groupId))).toBe(true);
		});

		// the statistics of last year have something to show
		const [staff] = await system((tx) =>
			tx
				.select({ userId: users.id })
				.from(users)
				.innerJoin(memberships, eq(memberships.userId, users.id))
				.where(eq(users.email, 'beratung@example.org'))
		);
		const stats = await roomStatistics(
			{ db: db.get().db, actor: { kind: 'user', userId: staff!.userId, tenantId: kiss, role: 'staff', label: 'beratung@example.org' } },
			lastYear
		);
		expect(stats.rooms).toHaveLength(4);
		expect(stats.totals.hours).toBeGreaterThan(500);
		expect(stats.totals.utilisation).toBeGreaterThan(0);
		expect(stats.owners.filter((o) => o.kind === 'group').length).toBeGreaterThanOrEqual(10);
		expect(stats.totals.loans).toBeGreaterThan(0);

		// loading them again leaves the office's rooms as they are
		const again = await system((tx) => loadDemoRooms(tx, systemActor('test'), { tenantId: kiss, now }));
		expect(again).toEqual({ rooms: 0, bookings: 0, requests: 0, items: 0, loans: 0 });
	});

	it('gives the office a year of events: a public programme, a full event with a waitlist, past events with attendance and feedback', async () => {
		const lines = await load();
		expect(lines.join('\n')).toMatch(/\d+ Veranstaltungen \(\d+ kommende\) mit \d+ Anmeldungen und \d+ Rückmeldungen \(erfunden\)/);
		const kiss = await officeId('Selbsthilfe-Kontaktstelle Musterstadt-Süd');
		const state = await officeId('Landesstelle Selbsthilfe Demoland');
		const now = new Date();
		const database = db.get().db;

		// the public programme: the coming events of the contact point and the state office, soonest first, no drafts, nothing past
		const programme = await publicProgramme(database, new URLSearchParams(), 'de', now);
		expect(programme.total).toBeGreaterThanOrEqual(10);
		expect(programme.pages).toBe(1);
		const titles = programme.items.map((event) => event.title);
		expect(titles).toContain('Angst verstehen – Wege aus der Angst');
		expect(titles).toContain('Online-Treffen sicher gestalten');
		expect(titles).toContain('Gruppen gut begleiten – Fortbildung für Gruppensprecher*innen');
		expect(titles).not.toContain('Sommerfest der Selbsthilfegruppen (in Planung)');
		expect(titles).not.toContain('Trauer braucht Zeit');
		const starts = programme.items.map((event) => event.sessions[0]!.startsAt.getTime());
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
		expect(programme.items.every((event) => event.sessions.every((session) => session.endsAt > now))).toBe(true);
		expect(new Set(programme.items.map((event) => event.format))).toEqual(new Set(['in_person', 'online', 'hybrid']));
		expect(new Set(programme.items.map((event) => event.officeName))).toEqual(
			new Set(['Selbsthilfe-Kontaktstelle Musterstadt-Süd', 'Landesstelle Selbsthilfe Demoland'])
		);
		expect(programme.items.find((event) => event.kind === 'training_series')!.sessions).toHaveLength(4);
		expect(programme.items.some((event) => event.place.startsWith('Großer Saal, Selbsthilfe-Kontaktstelle Musterstadt-Süd'))).toBe(true);
		expect(programme.topicOptions.length).toBeGreaterThan(0);
		// near the contact point: its events in its rooms (the office's address is their place) and the online ones
		const near = await publicProgramme(database, new URLSearchParams('ort=30449&umkreis=5'), 'de', now);
		expect(near.placeLabel).not.toBeNull();
		expect(near.items.some((event) => event.place.startsWith('Großer Saal') && event.distanceKm !== null)).toBe(true);
		expect(near.items.some((event) => event.format === 'online')).toBe(true);
		const slugOf = (title: string) => programme.items.find((event) => event.title === title)!.slug;

		// one full event with a waitlist, a place offered to the first waiting, and the person's link works
		const full = (await publicEvent(database, slugOf('Achtsamkeit im Alltag – ein Workshop'), 'de', now))!;
		expect(full).toMatchObject({ availability: 'waitlist', capacity: 12, taken: 12, waitlisted: 4 });
		const [offered] = await system((tx) =>
			tx
				.select({ id: eventRegistrations.id, email: eventRegistrations.email })
				.from(eventRegistrations)
				.where(eq(eventRegistrations.status, 'offered'))
		);
		const sign = await instanceSigner(database, 'event-registration');
		const view = (await registrationView(database, sign(offered!.id)))!;
		expect(view.status).toBe('offered');
		expect(view.event.title).toBe('Achtsamkeit im Alltag – ein Workshop');
		expect(view.offerExpiresAt!.getTime()).toBeGreaterThan(now.getTime());
		// why registration is not possible is there to be said: closed, not yet open, cancelled
		expect((await publicEvent(database, slugOf('Infoabend: Eine Selbsthilfegruppe gründen'), 'de', now))!.availability).toBe('closed');
		expect((await publicEvent(database, slugOf('Fachtag Selbsthilfe und Gesundheit'), 'de', now))!.availability).toBe('not_yet_open');
		const cancelled = (await publicEvent(database, slugOf('Kochen für die Seele'), 'de', now))!;
		expect(cancelled.availability).toBe('cancelled');
		expect(cancelled.cancelReason).not.toBe('');
		expect((await publicEvent(database, slugOf('Angst verstehen – Wege aus der Angst'), 'de', now))!).toMatchObject({
			availability: 'open',
			speakers: [{ name: 'Dr. Ulrike Beispiel' }]
		});

		// the state office's programme, published, with events of both offices, and its feed
		const [programmeRow] = await system((tx) => tx.select().from(programmes).where(eq(programmes.tenantId, state)));
		expect(programmeRow).toMatchObject({ published: true });
		const feed = (await programmeCalendar(database, {
			pageUrl: (slug) => `https://demo.example/${slug}`,
			now,
			programmeSlug: programmeRow!.slug
		}))!;
		expect(feed).toContain('Fachtag Selbsthilfe und Gesundheit');
		expect(feed).toContain('Gruppen gut begleiten');
		expect(feed).not.toContain('Angst verstehen');

		// the past: attendance recorded and feedback given, seen by the office's staff
		const [staff] = await system((tx) => tx.select({ userId: users.id }).from(users).where(eq(users.email, 'beratung@example.org')));
		const actor = { kind: 'user' as const, userId: staff!.userId, tenantId: kiss, role: 'staff' as const, label: 'beratung@example.org' };
		const pastRows = await system((tx) =>
			tx
				.select({ id: events.id, title: events.title, programmeId: events.programmeId })
				.from(events)
				.where(
					and(
						eq(events.tenantId, kiss),
						sql`not exists (select 1 from ${eventSessions} s where s.event_id = ${events.id} and s.ends_at > ${now.toISOString()}::timestamptz)`
					)
				)
		);
		expect(pastRows.length).toBeGreaterThanOrEqual(4);
		const grief = pastRows.find((row) => row.title === 'Trauer braucht Zeit')!;
		const attendance = await attendanceList({ db: database, actor }, grief.id);
		expect(attendance.length).toBeGreaterThan(10);
		expect(attendance.every((row) => row.attended !== null)).toBe(true);
		expect(attendance.some((row) => row.attended === true) && attendance.some((row) => row.attended === false)).toBe(true);
		const summary = await feedbackSummary({ db: database, actor }, { eventId: grief.id });
		expect(summary.answers).toBeGreaterThan(0);
		expect(summary.averages.overall).toBeGreaterThanOrEqual(3);
		expect(summary.averages.overall).toBeLessThanOrEqual(5);
		const ofProgramme = await feedbackSummary({ db: database, actor }, { programmeId: programmeRow!.id });
		expect(ofProgramme.answers).toBeGreaterThan(0);
		expect(ofProgramme.comments.length).toBeGreaterThan(0);

		await system(async (tx) => {
			// invented people only; the events in a room hold it for each session
			const registrations = await tx.select({ email: eventRegistrations.email }).from(eventRegistrations);
			expect(registrations.length).toBeGreaterThan(150);
			expect(registrations.every((r) => /@example\.(org|net)$/.test(r.email))).toBe(true);
			expect((await tx.select({ email: speakers.email }).from(speakers)).every((s) => s.email.endsWith('@example.net'))).toBe(true);
			const inRooms = await tx
				.select({ eventId: events.id, status: events.status, startsAt: eventSessions.startsAt, booking: roomBookings })
				.from(eventSessions)
				.innerJoin(events, eq(events.id, eventSessions.eventId))
				.leftJoin(roomBookings, eq(roomBookings.id, eventSessions.roomBookingId))
				.where(sql`${events.roomId} is not null`);
			expect(inRooms.length).toBeGreaterThan(10);
			for (const row of inRooms)
				if (row.status === 'cancelled') expect(row.booking).toBeNull();
				else expect(row.booking).toMatchObject({ ownerKind: 'event', seriesId: row.eventId, status: 'confirmed', startsAt: row.startsAt });
			expect((await tx.select({ id: eventFeedback.id }).from(eventFeedback)).length).toBeGreaterThan(20);
		});

		// loading them again leaves the office's events as they are
		const again = await system((tx) => loadDemoEvents(tx, systemActor('test'), { tenantId: kiss, stateId: state, now, link: sign }));
		expect(again).toEqual({ events: 0, upcoming: 0, registrations: 0, feedback: 0 });
	});

	it('produces the same events again for the same office and date', async () => {
		await load();
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		const state = await officeId('Landesstelle Selbsthilfe Demoland');
		const now = new Date('2026-03-10T09:00:00Z');
		const snapshot = async () => {
			let rows: unknown[] = [];
			await system(async (tx) => {
				const made = await loadDemoEvents(tx, systemActor('test'), { tenantId: sus, stateId: state, now, link: (id) => `link-${id}` });
				const sessions = await tx
					.select({ title: events.title, status: events.status, startsAt: eventSessions.startsAt })
					.from(eventSessions)
					.innerJoin(events, eq(events.id, eventSessions.eventId))
					.where(eq(events.tenantId, sus))
					.orderBy(eventSessions.startsAt, events.title);
				const registrations = await tx
					.select({ name: eventRegistrations.name, status: eventRegistrations.status, attended: eventRegistrations.attended })
					.from(eventRegistrations)
					.where(eq(eventRegistrations.tenantId, sus))
					.orderBy(eventRegistrations.seq);
				rows = [made, sessions, registrations];
				throw new Error('roll back');
			}).catch((error: Error) => {
				if (error.message !== 'roll back') throw error;
			});
			return rows;
		};
		const first = await snapshot();
		expect((first[1] as unknown[]).length).toBeGreaterThan(10);
		expect(await snapshot()).toEqual(first);
	});

	it('produces the same rooms, bookings and loans again for the same office and date', async () => {
		await load();
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		const now = new Date('2026-03-10T09:00:00Z');
		const snapshot = async () => {
			let rows: unknown[] = [];
			await system(async (tx) => {
				const made = await loadDemoRooms(tx, systemActor('test'), { tenantId: sus, now });
				const bookings = await tx
					.select({ title: roomBookings.title, status: roomBookings.status, startsAt: roomBookings.startsAt, room: rooms.name })
					.from(roomBookings)
					.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
					.where(eq(roomBookings.tenantId, sus))
					.orderBy(roomBookings.startsAt, rooms.name);
				const loans = await tx
					.select({ item: equipmentItems.name, from: equipmentLoans.fromDate, status: equipmentLoans.status })
					.from(equipmentLoans)
					.innerJoin(equipmentItems, eq(equipmentItems.id, equipmentLoans.itemId))
					.where(eq(equipmentLoans.tenantId, sus))
					.orderBy(equipmentLoans.fromDate, equipmentItems.name);
				rows = [made, bookings, loans];
				throw new Error('roll back');
			}).catch((error: Error) => {
				if (error.message !== 'roll back') throw error;
			});
			return rows;
		};
		const first = await snapshot();
		expect((first[1] as unknown[]).length).toBeGreaterThan(100);
		expect(await snapshot()).toEqual(first);
	});

	it('produces the same groups again for the same office and date', async () => {
		await load();
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		const now = new Date('2026-03-10T09:00:00Z');
		const snapshot = async () => {
			let rows: unknown[] = [];
			await system(async (tx) => {
				await loadDemoGroups(tx, systemActor('test'), { tenantId: sus, now, count: 20 });
				rows = await tx
					.select({ name: groups.name, description: groups.description, lifecycle: groups.lifecycle, confirmedAt: groups.confirmedAt })
					.from(groups)
					.where(eq(groups.tenantId, sus))
					.orderBy(groups.name, groups.confirmedAt);
				throw new Error('roll back');
			}).catch((error: Error) => {
				if (error.message !== 'roll back') throw error;
			});
			return rows;
		};
		const first = await snapshot();
		expect(first.length).toBe(30);
		expect(await snapshot()).toEqual(first);
	});
});
