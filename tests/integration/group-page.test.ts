import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, seriesInput, setGroupColumns, topicId, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { meetingSeries } from '../../src/lib/server/modules/groups/groups.table.js';
import {
	createGroup,
	emptyGroupRecord,
	reviewQueue,
	type GroupRecord,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import {
	groupJsonLd,
	groupMeetingsCalendar,
	jsonForScript,
	publicGroupPage,
	reportOutdatedInformation
} from '../../src/lib/server/modules/directory/group-page.service.js';
import { addDays, expand, type Exception, type Recurrence } from '../../src/lib/recurrence/index.js';
import type { SeriesInput } from '../../src/lib/schemas/group.js';

/** Saturday before Easter 2027; summer time starts on Easter Sunday, 28 March. */
const EASTER_SATURDAY = new Date('2027-03-20T10:00:00Z');
const MARCH_1 = new Date('2027-03-01T12:00:00Z');
const PAGE_URL = 'https://wegweiser.example.org/gruppen/';

describe('public group page, calendar feed and outdated report (DIR-3)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let officeId: string;
	let south: { officeId: string; staff: UserActor };

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		officeId = first.office.id;
		staff = await personIn(db.get(), officeId, 'team@example.org');
		await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.update(tenants)
				.set({
					street: 'Am Marktplatz 3',
					postalCode: '21244',
					city: 'Buchholz',
					phone: '04181 123 456',
					email: 'kontakt@nordheide.example.org',
					openingHours: 'Mo–Do 9–16 Uhr',
					consultationHours: 'Di 16–18 Uhr'
				})
				.where(eq(tenants.id, officeId))
		);
		// a second office that is not published (yet): its groups are not public
		const other = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		south = { officeId: other.office.id, staff: userActor(other.userId, other.office.id, 'staff', 'sued@example.org') };
	});

	const ctx = (actor = staff, now = EASTER_SATURDAY) => ({ db: db.get().db, actor, now });
	const page = (slug: string, now = EASTER_SATURDAY, locale: 'de' | 'en' = 'de') => publicGroupPage({ db: db.get().db, now, locale }, slug);
	const feed = (slug: string, now = MARCH_1) =>
		groupMeetingsCalendar({ db: db.get().db, now, locale: 'de' }, slug, { pageUrl: `${PAGE_URL}${slug}` });

	async function groupWith(
		record: Partial<GroupRecord> & { name: string },
		series: Partial<SeriesInput> | null = {},
		actor = staff
	): Promise<{ id: string; slug: string }> {
		const created = await createGroup(ctx(actor), { ...emptyGroupRecord(record.name), ...record });
		if (series) await saveSeries(ctx(actor), created.id, null, seriesInput(series));
		return created;
	}

	async function setExceptions(groupId: string, exceptions: Exception[]) {
		await inScope(db.get().db, { kind: 'system' }, async (tx) => {
			const [row] = await tx.select({ recurrence: meetingSeries.recurrence }).from(meetingSeries).where(eq(meetingSeries.groupId, groupId));
			await tx
				.update(meetingSeries)
				.set({ recurrence: { ...(row!.recurrence as Recurrence), exceptions } })
				.where(eq(meetingSeries.groupId, groupId));
		});
	}

	it('shows a published group with its topics, languages, schedule, contact point and confirmation date', async () => {
		const depression = await topicId(db.get(), 'depression');
		const { slug } = await groupWith(
			{
				name: 'Lichtblick – Depression',
				description: 'Wir sprechen offen.',
				firstVisit: 'Sie können einfach zuhören.',
				topicIds: [depression],
				audiences: ['affected', 'relatives'],
				languages: ['de', 'tr', 'sq'],
				addressVisibility: 'public',
				website: 'lichtblick.example.org'
			},
			{ weekdays: ['2'], startTime: '19:00', endTime: '21:00' }
		);
		const shown = await page(slug);
		expect(shown).toMatchObject({
			name: 'Lichtblick – Depression',
			description: 'Wir sprechen offen.',
			firstVisit: 'Sie können einfach zuhören.',
			topics: [{ id: depression, label: 'Depression' }],
			audiences: ['affected', 'relatives'],
			languages: [
				{ code: 'de', name: 'Deutsch' },
				{ code: 'tr', name: 'Türkisch' },
				{ code: 'sq', name: 'Albanisch' }
			],
			acceptingMembers: true,
			lifecycle: 'active',
			websiteHref: 'https://lichtblick.example.org/',
			confirmedOn: '2027-03-20',
			town: 'Buchholz in der Nordheide',
			office: {
				name: 'Kontaktstelle Nordheide',
				street: 'Am Marktplatz 3',
				phone: '04181 123 456',
				telHref: 'tel:04181123456',
				openingHours: 'Mo–Do 9–16 Uhr',
				consultationHours: 'Di 16–18 Uhr'
			}
		});
		expect(shown!.meetings).toHaveLength(1);
		expect(shown!.meetings[0]).toMatchObject({
			schedule: 'wöchentlich dienstags, 19:00–21:00 Uhr; nicht an Feiertagen',
			place: { kind: 'address', street: 'Kirchenstraße 6', postalCode: '21244', city: 'Buchholz in der Nordheide' },
			accessibility: ['step_free', 'accessible_toilet']
		});
		expect(shown!.meetings[0]!.next.map((d) => [d.date, d.weekday, d.startTime, d.endTime, d.status])).toEqual([
			['2027-03-23', 2, '19:00', '21:00', 'scheduled'],
			['2027-03-30', 2, '19:00', '21:00', 'scheduled'],
			['2027-04-06', 2, '19:00', '21:00', 'scheduled'],
			['2027-04-13', 2, '19:00', '21:00', 'scheduled']
		]);
		// internal fields never reach the page
		expect(Object.keys(shown!)).not.toContain('moderation');
		expect(Object.keys(shown!.office)).not.toContain('published');
		const english = await page(slug, EASTER_SATURDAY, 'en');
		expect(english!.meetings[0]!.schedule).toBe('weekly on Tuesdays, 19:00–21:00; not on public holidays');
		expect(english!.languages.map((l) => l.name)).toEqual(['German', 'Turkish', 'Albanian']);
	});

	it('shows the meeting place only as the group allows: address, approximate or on request', async () => {
		const approximate = await groupWith({ name: 'Ungefähr hier', addressVisibility: 'approximate' }, { district: 'Holm-Seppensen' });
		const hidden = await groupWith({ name: 'Ganz verborgen', addressVisibility: 'hidden' });
		const online = await groupWith({ name: 'Im Netz', format: 'online' }, { locationKind: 'online' });

		const near = await page(approximate.slug);
		expect(near!.meetings[0]!.place).toEqual({
			kind: 'address',
			street: null,
			postalCode: '21244',
			city: 'Buchholz in der Nordheide',
			district: 'Holm-Seppensen'
		});
		const secret = await page(hidden.slug);
		expect(secret!.meetings[0]!.place).toEqual({ kind: 'on_request' });
		expect((await page(online.slug))!.meetings[0]!.place).toEqual({ kind: 'online' });

		// the street is nowhere: not in the page model, the JSON-LD or the calendar feed
		for (const group of [approximate, hidden]) {
			const shown = (await page(group.slug))!;
			const jsonLd = jsonForScript(groupJsonLd(shown, { pageUrl: `${PAGE_URL}${group.slug}`, officeUrl: 'https://x/kontaktstellen/k' }));
			const ics = (await feed(group.slug))!;
			for (const text of [JSON.stringify(shown), jsonLd, ics]) expect(text).not.toContain('Kirchenstraße');
		}
		const secretIcs = (await feed(hidden.slug))!;
		expect(secretIcs).toContain('LOCATION:Ort auf Anfrage\r\n');
		expect(secretIcs).not.toContain('21244');
		expect(await feed(approximate.slug)).toContain('LOCATION:21244 Buchholz in der Nordheide\\, Holm-Seppensen\r\n');
	});

	it('does not exist for the public when unpublished, hidden, dissolved, only an interest, or its office is not published', async () => {
		const draft = await createGroup(ctx(), emptyGroupRecord('Noch ein Entwurf'), { draft: true });
		const hidden = await groupWith({ name: 'Versteckt' });
		await setGroupColumns(db.get(), hidden.id, { moderation: 'hidden' });
		const review = await groupWith({ name: 'In Prüfung' });
		await setGroupColumns(db.get(), review.id, { moderation: 'review' });
		const dissolved = await groupWith({ name: 'Aufgelöst' });
		await setGroupColumns(db.get(), dissolved.id, { lifecycle: 'dissolved' });
		const interest = await groupWith({ name: 'Nur Interesse' });
		await setGroupColumns(db.get(), interest.id, { lifecycle: 'interest' });
		const elsewhere = await groupWith({ name: 'Im Süden' }, {}, south.staff);

		for (const slug of [
			draft.slug,
			hidden.slug,
			review.slug,
			dissolved.slug,
			interest.slug,
			elsewhere.slug,
			'gibt-es-nicht',
			'A B',
			'../x'
		]) {
			expect(await page(slug), slug).toBeNull();
			expect(await feed(slug), slug).toBeNull();
			await expect(reportOutdatedInformation({ db: db.get().db }, slug, 'Diese Gruppe gibt es nicht mehr.'), slug).rejects.toMatchObject({
				code: 'not_found'
			});
		}
		expect((await reviewQueue(db.get().db, staff)).reports.map((r) => r.groupName)).not.toContain('Versteckt');

		// once the office is published, its group appears; unpublished again, it is gone
		const publish = (published: boolean) =>
			inScope(db.get().db, { kind: 'system' }, (tx) => tx.update(tenants).set({ published }).where(eq(tenants.id, south.officeId)));
		await publish(true);
		expect((await page(elsewhere.slug))?.name).toBe('Im Süden');
		await publish(false);
		expect(await page(elsewhere.slug)).toBeNull();
	});

	it('says which coming dates fall on a public holiday or are cancelled, and keeps 19:00 across the change to summer time', async () => {
		const monday = await groupWith({ name: 'Montagsrunde' }, { weekdays: ['1'] });
		await setExceptions(monday.id, [{ date: '2027-04-12', kind: 'cancel' }]);
		const shown = (await page(monday.slug))!;
		expect(shown.meetings[0]!.next.map((d) => ({ date: d.date, status: d.status, holiday: d.holiday, start: d.start }))).toEqual([
			{ date: '2027-03-22', status: 'scheduled', holiday: undefined, start: '2027-03-22T18:00:00.000Z' },
			{ date: '2027-03-29', status: 'holiday', holiday: 'Ostermontag', start: '2027-03-29T17:00:00.000Z' },
			{ date: '2027-04-05', status: 'scheduled', holiday: undefined, start: '2027-04-05T17:00:00.000Z' },
			{ date: '2027-04-12', status: 'cancelled', holiday: undefined, start: '2027-04-12T17:00:00.000Z' },
			{ date: '2027-04-19', status: 'scheduled', holiday: undefined, start: '2027-04-19T17:00:00.000Z' }
		]);
		expect(shown.meetings[0]!.next.every((d) => d.startTime === '19:00' && d.endTime === '21:00')).toBe(true);

		// a group that meets on holidays too meets on Easter Monday
		const always = await groupWith({ name: 'Auch an Feiertagen' }, { weekdays: ['1'], skipHolidays: false });
		expect((await page(always.slug))!.meetings[0]!.next.map((d) => [d.date, d.status])).toEqual([
			['2027-03-22', 'scheduled'],
			['2027-03-29', 'scheduled'],
			['2027-04-05', 'scheduled'],
			['2027-04-12', 'scheduled']
		]);

		// a paused group shows no dates at all, and its feed has no events
		const paused = await groupWith({ name: 'Macht Pause' }, { weekdays: ['1'] });
		await setGroupColumns(db.get(), paused.id, { lifecycle: 'paused' });
		const pausedPage = (await page(paused.slug))!;
		expect(pausedPage.lifecycle).toBe('paused');
		expect(pausedPage.meetings[0]!.next).toEqual([]);
		expect(await feed(paused.slug)).not.toContain('BEGIN:VEVENT');
	});

	it('publishes a valid iCalendar feed with a Europe/Berlin VTIMEZONE and every meeting of the next 12 months', async () => {
		const monday = await groupWith({ name: 'Montagstreff, Angehörige; Freunde', addressVisibility: 'public' }, { weekdays: ['1'] });
		await setExceptions(monday.id, [
			{ date: '2027-06-07', kind: 'cancel' },
			{ date: '2027-09-06', kind: 'move', toDate: '2027-09-08', startTime: '18:00', endTime: '20:00' }
		]);
		const ics = (await feed(monday.slug))!;
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(ics).toContain('METHOD:PUBLISH\r\n');
		expect(ics).toContain('X-WR-CALNAME:Montagstreff\\, Angehörige\\; Freunde – Termine\r\n');
		for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);

		const root = new ICAL.Component(ICAL.parse(ics));
		const zones = root.getAllSubcomponents('vtimezone');
		expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
		const events = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		const starts = events.map((e) => e.startDate.toJSDate().toISOString());

		// every Monday of the next 12 months (and a little more) as the recurrence engine expands it
		const rule: Recurrence = {
			frequency: 'weekly',
			interval: 1,
			weekdays: [1],
			weeksOfMonth: [],
			startDate: '2026-01-06',
			endDate: null,
			startTime: '19:00',
			endTime: '21:00',
			breaks: [],
			skipHolidays: true,
			exceptions: [
				{ date: '2027-06-07', kind: 'cancel' },
				{ date: '2027-09-06', kind: 'move', toDate: '2027-09-08', startTime: '18:00', endTime: '20:00' }
			]
		};
		const expected = expand(rule, { from: '2027-03-01', to: addDays('2027-03-01', 400), federalState: 'NI' }).map((o) =>
			o.start.toISOString()
		);
		expect(starts).toEqual(expected);
		expect(starts.at(-1)! >= '2028-03-01').toBe(true);
		expect(starts.length).toBeGreaterThanOrEqual(52);

		// 19:00 in Berlin on both sides of the March and October changes
		expect(starts).toContain('2027-03-22T18:00:00.000Z');
		expect(starts).toContain('2027-04-05T17:00:00.000Z');
		expect(starts).toContain('2027-10-25T17:00:00.000Z');
		expect(starts).toContain('2027-11-01T18:00:00.000Z');
		expect(starts).toContain('2028-03-20T18:00:00.000Z');
		// Easter Monday and Whit Monday (holidays in Lower Saxony) and the cancelled date are left out
		for (const gone of ['2027-03-29T17:00:00.000Z', '2027-05-17T17:00:00.000Z', '2027-06-07T17:00:00.000Z', '2027-09-06T17:00:00.000Z'])
			expect(starts).not.toContain(gone);
		// the moved meeting: Wednesday at 18:00, with the UID of the Monday it replaces
		const moved = events.find((e) => e.startDate.toJSDate().toISOString() === '2027-09-08T16:00:00.000Z')!;
		expect(moved.description).toContain('Verlegt vom 06.09.2027.');
		expect(moved.uid).toMatch(/-20270906@wegweiser\.example\.org$/);

		const first = events[0]!;
		expect(first.summary).toBe('Montagstreff, Angehörige; Freunde');
		expect(first.location).toBe('Kirchenstraße 6, 21244 Buchholz in der Nordheide');
		expect(first.component.getFirstPropertyValue('url')).toBe(`${PAGE_URL}${monday.slug}`);
		expect(first.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
		expect(first.description).toContain('wöchentlich montags, 19:00–21:00 Uhr');
		expect(first.startDate.zone?.tzid).toBe('Europe/Berlin');
		expect(first.endDate.toJSDate().getTime() - first.startDate.toJSDate().getTime()).toBe(2 * 3600_000);

		// UIDs are unique and stay the same a week later, so calendar apps update instead of duplicating
		const uids = events.map((e) => e.uid);
		expect(new Set(uids).size).toBe(uids.length);
		const later = new ICAL.Component(ICAL.parse((await feed(monday.slug, new Date('2027-03-08T12:00:00Z')))!));
		const laterUids = later.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid);
		expect(laterUids.slice(0, 10)).toEqual(uids.slice(1, 11));
	});

	it('writes JSON-LD that no group text can break out of', async () => {
		const { slug } = await groupWith({
			name: 'Gruppe </script><script>alert(1)</script>',
			description: 'A & B <b>fett</b>\u2028neue Zeile',
			addressVisibility: 'public'
		});
		const shown = (await page(slug))!;
		const json = jsonForScript(groupJsonLd(shown, { pageUrl: `${PAGE_URL}${slug}`, officeUrl: 'https://x/kontaktstellen/nordheide' }));
		expect(json).not.toMatch(/[<>&\u2028]/);
		const data = JSON.parse(json);
		expect(data).toMatchObject({
			'@context': 'https://schema.org',
			'@type': 'Organization',
			name: 'Gruppe </script><script>alert(1)</script>',
			description: 'A & B <b>fett</b>\u2028neue Zeile',
			url: `${PAGE_URL}${slug}`,
			areaServed: {
				'@type': 'Place',
				address: { '@type': 'PostalAddress', postalCode: '21244', addressLocality: 'Buchholz in der Nordheide' }
			},
			contactPoint: { '@type': 'ContactPoint', name: 'Kontaktstelle Nordheide', telephone: '04181 123 456' }
		});
		expect(data.event[0]).toMatchObject({
			'@type': 'Event',
			startDate: '2027-03-23T19:00:00+01:00',
			endDate: '2027-03-23T21:00:00+01:00',
			eventStatus: 'https://schema.org/EventScheduled',
			location: { '@type': 'Place', address: { streetAddress: 'Kirchenstraße 6', postalCode: '21244' } }
		});
		expect(data.event[1].startDate).toBe('2027-03-30T19:00:00+02:00');
	});

	it('queues a report of outdated information for the office’s staff, and bad input changes nothing', async () => {
		const { id, slug } = await groupWith({ name: 'Gesprächskreis Tinnitus' });
		const queue = async () => (await reviewQueue(db.get().db, staff)).reports.filter((r) => r.groupId === id);

		await expect(reportOutdatedInformation({ db: db.get().db }, slug, 'zu kurz')).rejects.toMatchObject({
			code: 'invalid',
			details: { field: 'message', code: 'group_page_report_too_short' }
		});
		await expect(reportOutdatedInformation({ db: db.get().db }, slug, 'x'.repeat(2001))).rejects.toMatchObject({ code: 'invalid' });
		expect(await queue()).toEqual([]);

		await reportOutdatedInformation({ db: db.get().db }, slug, '  Die Gruppe trifft sich jetzt mittwochs.  ');
		// the note is optional
		await reportOutdatedInformation({ db: db.get().db }, slug, '');
		const reports = await queue();
		expect(reports.map((r) => r.message).sort()).toEqual(['', 'Die Gruppe trifft sich jetzt mittwochs.']);
		expect(reports.every((r) => r.groupName === 'Gesprächskreis Tinnitus' && r.resolvedAt === null)).toBe(true);
		// the other office does not see it
		expect((await reviewQueue(db.get().db, south.staff)).reports).toEqual([]);
	});
});
