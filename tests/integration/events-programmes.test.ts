import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import { inScope, systemScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { newOffice } from '../../src/lib/schemas/office.js';
import { ProgrammeFormInput } from '../../src/lib/schemas/programmes.js';
import { parseForm } from '../../src/lib/server/forms.js';
import { auditLog } from '../../src/lib/server/modules/audit/audit.table.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import {
	createProgramme,
	listProgrammes,
	programmeDetail,
	programmeEvents,
	setProgrammePublished,
	updateProgramme
} from '../../src/lib/server/modules/events/programmes.service.js';
import { cancelEvent, createEvent, emptyEventInput, publishEvent } from '../../src/lib/server/modules/events/events.service.js';
import { register } from '../../src/lib/server/modules/events/registrations.service.js';
import { recordAttendance } from '../../src/lib/server/modules/events/attendance.service.js';
import {
	feedbackSummary,
	programmeEvaluation,
	programmeEvaluationCsv,
	submitFeedback,
	type FeedbackInput
} from '../../src/lib/server/modules/events/feedback.service.js';
import { programmeCalendar, publicEvent, publicProgramme } from '../../src/lib/server/modules/events/events.public.js';
import { eventFormValues, eventFromForm, updateEvent } from '../../src/lib/server/modules/events/events.edit.js';
import { eventDetail } from '../../src/lib/server/modules/events/events.queries.js';
import { events } from '../../src/lib/server/modules/events/events.table.js';
import { EVENT_FORM_SHAPE, EventForm } from '../../src/lib/schemas/events.js';

const NO_EXTRAS = { extraFields: [], topicIds: [], speakerIds: [] };
/** A form's values as the browser posts them (lists one value per line, as the form keeps them). */
function formOf(values: Record<string, string>): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(values))
		for (const item of EVENT_FORM_SHAPE.lists.includes(name as never) ? value.split('\n').filter(Boolean) : [value])
			form.append(name, item);
	return form;
}
import { renderRobots, sitemapPart, sitemapParts } from '../../src/lib/server/modules/directory/sitemap.service.js';

// EVT-1 programmes, EVT-3 evaluation per programme, EVT-5 discoverability (sitemap).

const NOW = new Date('2029-02-01T09:00:00Z');
/** after every session of the programme's events */
const AFTER = new Date('2029-04-20T08:00:00Z');

const average = (values: (number | null | undefined)[]) => {
	const given = values.filter((value): value is number => typeof value === 'number');
	return given.length ? Math.round((given.reduce((sum, value) => sum + value, 0) / given.length) * 10) / 10 : null;
};

describe('programmes: managed by their office, shown by the offices below, evaluated per event and in total (EVT-1, EVT-3)', () => {
	const db = useDatabase();
	let stateStaff: UserActor;
	let stateVolunteer: UserActor;
	let memberStaff: UserActor;
	let strangerStaff: UserActor;
	let stateOfficeName: string;
	let programmeId: string;
	let draftProgrammeId: string;
	let programmeSlug: string;

	const ctx = (actor: UserActor, now = NOW) => ({ db: db.get().db, actor, now });
	const reg = (now = NOW) => ({
		db: db.get().db,
		mail: { smtpUrl: undefined, from: 'treffpunkt@example.org' },
		origin: 'https://treffpunkt.example',
		now
	});

	async function event(actor: UserActor, title: string, date: string, programme: string | null, capacity: number | null = null) {
		const created = await createEvent(ctx(actor), {
			...emptyEventInput(title, [{ title: '', date: date as `${number}-${number}-${number}`, startTime: '18:00', endTime: '20:00' }]),
			venue: 'Gemeindesaal, Lindenweg 4, 12345 Musterstadt',
			capacity,
			programmeId: programme
		});
		return created;
	}

	beforeAll(async () => {
		const database = db.get();
		await setupOffice(database);
		// the state office, a contact point below it, and an office elsewhere
		const state = await inScope(database.db, systemScope, (tx) =>
			createOfficeIn(tx, systemActor('test'), { ...newOffice('Landesstelle Selbsthilfe Talland', 'state_office', 'TH'), published: true })
		);
		stateOfficeName = state.name;
		const member = await inScope(database.db, systemScope, (tx) =>
			createOfficeIn(tx, systemActor('test'), {
				...newOffice('Kontaktstelle Wiesental', 'contact_point', 'TH'),
				parentId: state.id,
				published: true
			})
		);
		stateStaff = await personIn(database, state.id, 'land@example.org');
		stateVolunteer = await personIn(database, state.id, 'helfer@example.org', 'volunteer');
		memberStaff = await personIn(database, member.id, 'wiesental@example.org');
		const stranger = await otherOffice(database, 'Kontaktstelle Bergdorf', 'bergdorf@example.org', 'staff');
		strangerStaff = userActor(stranger.userId, stranger.office.id, 'staff', 'bergdorf@example.org');
	});

	it('creates a programme as a draft with an address from its title, naming each wrong field in German', async () => {
		// the form: a missing title is named at its field, what was typed stays
		const parsed = parseForm(ProgrammeFormInput, { title: '  ', description: 'Eine Reihe für Gruppen.' });
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) {
			expect(parsed.failure.issues).toEqual({ title: 'programmes_title_missing' });
			expect(parsed.failure.values.description).toBe('Eine Reihe für Gruppen.');
		}
		const tooLong = parseForm(ProgrammeFormInput, { title: 'x'.repeat(201), description: 'y'.repeat(4001) });
		expect(tooLong.ok ? null : tooLong.failure.issues).toEqual({
			title: 'programmes_title_too_long',
			description: 'programmes_description_too_long'
		});

		// the service checks again
		await expect(createProgramme(ctx(stateStaff), { title: '', description: '' })).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { title: 'programmes_title_missing' } }
		});
		await expect(createProgramme(ctx(stateStaff), { title: '– – –', description: '' })).rejects.toMatchObject({
			details: { issues: { title: 'programmes_title_no_letters' } }
		});
		await expect(createProgramme(ctx(stateVolunteer), { title: 'Selbsthilfe im Dialog', description: '' })).rejects.toMatchObject({
			code: 'forbidden'
		});

		const created = await createProgramme(ctx(stateStaff), {
			title: '  Selbsthilfe im Dialog – Fortbildungen für Gruppen 2029 ',
			description: 'Fortbildungen und Austausch für Gruppen im ganzen Land.'
		});
		programmeId = created.id;
		programmeSlug = created.slug;
		expect(created.slug).toBe('selbsthilfe-im-dialog-fortbildungen-fuer-gruppen-2029');
		const detail = await programmeDetail(ctx(stateStaff), programmeId);
		expect(detail).toMatchObject({
			title: 'Selbsthilfe im Dialog – Fortbildungen für Gruppen 2029',
			published: false,
			own: true,
			officeName: stateOfficeName
		});

		// the same title twice in one office is refused at the field; another office gets the next address
		await expect(
			createProgramme(ctx(stateStaff), { title: 'selbsthilfe im dialog – fortbildungen für gruppen 2029', description: '' })
		).rejects.toMatchObject({ details: { issues: { title: 'programmes_title_taken' } } });
		const elsewhere = await createProgramme(ctx(strangerStaff), {
			title: 'Selbsthilfe im Dialog – Fortbildungen für Gruppen 2029',
			description: ''
		});
		expect(elsewhere.slug).toBe('selbsthilfe-im-dialog-fortbildungen-fuer-gruppen-2029-2');

		draftProgrammeId = (await createProgramme(ctx(stateStaff), { title: 'Entwurf für 2030', description: '' })).id;
	});

	it('edits title and description (the address stays), publishes and withdraws, with audit entries', async () => {
		await expect(updateProgramme(ctx(stateStaff), programmeId, { title: '', description: 'neu' })).rejects.toMatchObject({
			details: { issues: { title: 'programmes_title_missing' } }
		});
		await expect(updateProgramme(ctx(stateStaff), programmeId, { title: 'Entwurf für 2030', description: '' })).rejects.toMatchObject({
			details: { issues: { title: 'programmes_title_taken' } }
		});
		await updateProgramme(ctx(stateStaff), programmeId, {
			title: 'Selbsthilfe im Dialog 2029',
			description: 'Fortbildungen, Austausch und Vorträge für Gruppen im ganzen Land.'
		});
		const edited = await programmeDetail(ctx(stateStaff), programmeId);
		expect(edited.title).toBe('Selbsthilfe im Dialog 2029');
		expect(edited.slug).toBe('selbsthilfe-im-dialog-fortbildungen-fuer-gruppen-2029');

		await setProgrammePublished(ctx(stateStaff), programmeId, true);
		expect((await programmeDetail(ctx(stateStaff), programmeId)).published).toBe(true);
		await setProgrammePublished(ctx(stateStaff), programmeId, false);
		expect((await programmeDetail(ctx(stateStaff), programmeId)).published).toBe(false);
		await setProgrammePublished(ctx(stateStaff), programmeId, true);
		await expect(setProgrammePublished(ctx(stateVolunteer), programmeId, false)).rejects.toMatchObject({ code: 'forbidden' });

		const audit = await inScope(db.get().db, systemScope, (tx) =>
			tx
				.select({ action: auditLog.action, changes: auditLog.changes })
				.from(auditLog)
				.where(and(eq(auditLog.entity, 'programme'), eq(auditLog.entityId, programmeId)))
		);
		expect(audit.map((entry) => entry.action)).toEqual(['create', 'update', 'update', 'update', 'update']);
		expect(audit.map((entry) => entry.changes)).toContainEqual({ published: true });
		expect(audit.map((entry) => entry.changes)).toContainEqual({ published: false });
	});

	it('is shown by the office below (published only) and cannot be changed there; an office elsewhere does not see it', async () => {
		const seen = await listProgrammes(ctx(memberStaff));
		expect(seen.map((p) => [p.title, p.own, p.officeName])).toEqual([['Selbsthilfe im Dialog 2029', false, stateOfficeName]]);
		expect((await listProgrammes(ctx(stateStaff))).map((p) => [p.title, p.own, p.published])).toEqual([
			['Entwurf für 2030', true, false],
			['Selbsthilfe im Dialog 2029', true, true]
		]);
		expect((await programmeDetail(ctx(memberStaff), programmeId)).own).toBe(false);
		await expect(programmeDetail(ctx(memberStaff), draftProgrammeId)).rejects.toMatchObject({ code: 'not_found' });

		await expect(updateProgramme(ctx(memberStaff), programmeId, { title: 'Übernommen', description: '' })).rejects.toMatchObject({
			code: 'forbidden',
			details: { code: 'programmes_not_own' }
		});
		await expect(setProgrammePublished(ctx(memberStaff), programmeId, false)).rejects.toMatchObject({ code: 'forbidden' });
		expect((await programmeDetail(ctx(stateStaff), programmeId)).title).toBe('Selbsthilfe im Dialog 2029');

		expect((await listProgrammes(ctx(strangerStaff))).map((p) => p.title)).toEqual([
			'Selbsthilfe im Dialog – Fortbildungen für Gruppen 2029'
		]);
		await expect(programmeDetail(ctx(strangerStaff), programmeId)).rejects.toMatchObject({ code: 'not_found' });
		await expect(updateProgramme(ctx(strangerStaff), programmeId, { title: 'Fremd', description: '' })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(programmeDetail(ctx(strangerStaff), 'kein-programm')).rejects.toMatchObject({ code: 'not_found' });
	});

	// the data of the evaluation: two events with attendance and feedback, a draft without
	const answersA: FeedbackInput[] = [
		{ overall: 5, content: 4, organisation: 5, comment: 'Sehr hilfreich für unsere Gruppe.' },
		{ overall: 4, content: 3, organisation: null, comment: '' },
		{ overall: 2, content: null, organisation: 3, comment: '=HYPERLINK("https://example.org")' }
	];
	const answersB: FeedbackInput[] = [{ overall: 3, content: 5, organisation: 4, comment: 'Gern wieder, aber mit mehr Pausen.' }];
	const presentA = 3; // of 4 with a place

	it('evaluates the programme: answers, averages and attendance per event and in total, comments without names', async () => {
		const a = await event(stateStaff, 'Gruppen gut leiten – Workshop', '2029-03-10', programmeId, 4);
		const b = await event(memberStaff, 'Neue Mitglieder gewinnen', '2029-03-24', programmeId);
		const draft = await event(stateStaff, 'Noch in Planung', '2029-04-05', programmeId);
		expect(draft.slug).toBe('noch-in-planung-2029-04-05');
		await publishEvent(ctx(stateStaff), a.id);
		await publishEvent(ctx(memberStaff), b.id);

		const tokensA: string[] = [];
		const idsA: string[] = [];
		for (const n of [1, 2, 3, 4]) {
			const done = await register(reg(), a.id, { name: `Teilnehmerin A${n}`, email: `a${n}@example.org`, locale: 'de' });
			tokensA.push(done.token);
			idsA.push(done.registrationId);
		}
		// the fifth waits: no place, not counted as confirmed
		await register(reg(), a.id, { name: 'Wartende A5', email: 'a5@example.org', locale: 'de' });
		const tokensB: string[] = [];
		for (const n of [1, 2])
			tokensB.push((await register(reg(), b.id, { name: `Teilnehmer B${n}`, email: `b${n}@example.org`, locale: 'de' })).token);

		await recordAttendance(ctx(stateStaff, AFTER), a.id, idsA.slice(0, presentA));
		for (const [i, answer] of answersA.entries()) await submitFeedback(db.get().db, tokensA[i]!, answer);
		for (const [i, answer] of answersB.entries()) await submitFeedback(db.get().db, tokensB[i]!, answer);

		// the programme's page lists its events with dates and registration counts (the owner sees the member's event too)
		expect(
			(await programmeEvents(ctx(stateStaff), programmeId)).map((e) => [
				e.title,
				e.status,
				e.taken,
				e.waitlisted,
				e.own,
				e.firstStart?.toISOString()
			])
		).toEqual([
			['Gruppen gut leiten – Workshop', 'published', 4, 1, true, '2029-03-10T17:00:00.000Z'],
			['Neue Mitglieder gewinnen', 'published', 2, 0, false, '2029-03-24T17:00:00.000Z'],
			['Noch in Planung', 'draft', 0, 0, true, '2029-04-05T16:00:00.000Z']
		]);
		expect((await programmeEvents(ctx(memberStaff), programmeId)).map((e) => [e.title, e.own])).toEqual([
			['Neue Mitglieder gewinnen', true]
		]);

		const evaluation = await programmeEvaluation(ctx(stateStaff), programmeId);
		const expectedA = {
			title: 'Gruppen gut leiten – Workshop',
			responses: answersA.length,
			averages: {
				overall: average(answersA.map((x) => x.overall)),
				content: average(answersA.map((x) => x.content)),
				organisation: average(answersA.map((x) => x.organisation))
			},
			confirmed: 4,
			attended: presentA,
			attendanceRate: presentA / 4
		};
		const expectedB = {
			title: 'Neue Mitglieder gewinnen',
			responses: answersB.length,
			averages: {
				overall: average(answersB.map((x) => x.overall)),
				content: average(answersB.map((x) => x.content)),
				organisation: average(answersB.map((x) => x.organisation))
			},
			confirmed: 2,
			attended: 0,
			// nobody recorded attendance
			attendanceRate: null
		};
		expect(evaluation.events).toEqual([
			expect.objectContaining({ ...expectedA, own: true, officeName: stateOfficeName }),
			expect.objectContaining({ ...expectedB, own: false, officeName: 'Kontaktstelle Wiesental' })
		]);
		const all = [...answersA, ...answersB];
		expect(evaluation.totals).toEqual({
			events: 2,
			responses: all.length,
			averages: {
				overall: average(all.map((x) => x.overall)),
				content: average(all.map((x) => x.content)),
				organisation: average(all.map((x) => x.organisation))
			},
			confirmed: 6,
			// only the event with recorded attendance counts for the rate
			attended: presentA,
			attendanceRate: presentA / 4
		});
		expect(evaluation.comments).toEqual([
			{ eventTitle: 'Gruppen gut leiten – Workshop', comment: 'Sehr hilfreich für unsere Gruppe.' },
			{ eventTitle: 'Gruppen gut leiten – Workshop', comment: '=HYPERLINK("https://example.org")' },
			{ eventTitle: 'Neue Mitglieder gewinnen', comment: 'Gern wieder, aber mit mehr Pausen.' }
		]);
		expect(JSON.stringify(evaluation)).not.toMatch(/Teilnehmer|@example\.org/);

		// the office below sees only its own event; an office elsewhere nothing
		const member = await programmeEvaluation(ctx(memberStaff), programmeId);
		expect(member.events.map((e) => e.title)).toEqual(['Neue Mitglieder gewinnen']);
		expect(member.totals).toMatchObject({ events: 1, responses: 1, confirmed: 2, attendanceRate: null });
		expect(member.comments).toEqual([{ eventTitle: 'Neue Mitglieder gewinnen', comment: 'Gern wieder, aber mit mehr Pausen.' }]);
		await expect(programmeEvaluation(ctx(strangerStaff), programmeId)).rejects.toMatchObject({ code: 'not_found' });

		// the per-event evaluation still works
		expect(await feedbackSummary(ctx(stateStaff), { eventId: a.id })).toMatchObject({ answers: 3, averages: expectedA.averages });
	});

	it('writes the evaluation as CSV for a spreadsheet, a formula in a comment made harmless', async () => {
		const evaluation = await programmeEvaluation(ctx(stateStaff), programmeId);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(programmeEvaluationCsv(evaluation, 'de'));
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = text.slice(1).split('\r\n');
		expect(lines[0]).toBe('Auswertung des Programms „Selbsthilfe im Dialog 2029“');
		expect(lines[2]).toBe(
			'Veranstaltung;Beginn;Stelle;Rückmeldungen;Insgesamt;Inhalt;Organisation;Zugesagte Plätze;Anwesend;Anwesenheitsquote'
		);
		expect(lines[3]).toBe('Gruppen gut leiten – Workshop;10.03.2029;Landesstelle Selbsthilfe Talland;3;3,7;3,5;4;4;3;75 %');
		expect(lines[4]).toBe('Neue Mitglieder gewinnen;24.03.2029;Kontaktstelle Wiesental;1;3;5;4;2;;');
		expect(lines[5]).toBe('Programm gesamt (2 Veranstaltungen);;;4;3,5;4;4;6;3;75 %');
		expect(text).toContain(`Gruppen gut leiten – Workshop;"'=HYPERLINK(""https://example.org"")"`);
		expect(text).not.toContain(';=HYPERLINK');
		const english = new TextDecoder('utf-8', { ignoreBOM: true }).decode(programmeEvaluationCsv(evaluation, 'en'));
		expect(english).toContain('Whole programme (2 events);;;4;3.5;4;4;6;3;75 %');
	});

	it('feeds the published programme as a calendar, and not a withdrawn one', async () => {
		const feed = await programmeCalendar(db.get().db, {
			pageUrl: (slug) => `https://treffpunkt.example/veranstaltungen/${slug}`,
			now: NOW,
			programmeSlug
		});
		expect(feed).toContain('SUMMARY:Gruppen gut leiten – Workshop');
		expect(feed).toContain('SUMMARY:Neue Mitglieder gewinnen');
		expect(feed).not.toContain('Noch in Planung');
		await setProgrammePublished(ctx(stateStaff), draftProgrammeId, false);
		const draftSlug = (await programmeDetail(ctx(stateStaff), draftProgrammeId)).slug;
		expect(await programmeCalendar(db.get().db, { pageUrl: (slug) => slug, now: NOW, programmeSlug: draftSlug })).toBeNull();
	});

	it('puts an event into its own or a published parent programme only, and keeps it there when the programme is withdrawn', async () => {
		const session = [{ title: '', date: '2029-05-06' as const, startTime: '18:00' as const, endTime: '20:00' as const }];
		const input = (programme: string | null) => ({
			...emptyEventInput('Gesprächsabend im Mai', session),
			venue: 'Gemeindesaal, Lindenweg 4, 12345 Musterstadt',
			programmeId: programme
		});
		// the office below: the parent's draft is not there for it; an office elsewhere's programme neither
		await expect(createEvent(ctx(memberStaff), input(draftProgrammeId))).rejects.toMatchObject({
			code: 'invalid',
			details: { issues: { programmeId: 'events_programme_unknown' } }
		});
		// the state office may put its own draft programme's events in
		expect((await createEvent(ctx(stateStaff), input(draftProgrammeId))).id).toBeTruthy();
		// the published programme of the office above is open to the office below
		await setProgrammePublished(ctx(stateStaff), programmeId, true);
		const { id } = await createEvent(ctx(memberStaff), input(programmeId));
		const stored = async () =>
			(
				await inScope(db.get().db, systemScope, (tx) =>
					tx.select({ programmeId: events.programmeId }).from(events).where(eq(events.id, id))
				)
			)[0]?.programmeId;
		expect(await stored()).toBe(programmeId);
		// withdrawn meanwhile: a change of the event keeps it in the programme, a move into another unusable one is refused
		await setProgrammePublished(ctx(stateStaff), programmeId, false);
		await updateEvent(ctx(memberStaff), id, { ...input(programmeId), title: 'Gesprächsabend im Mai (neuer Titel)' }, NO_EXTRAS);
		expect(await stored()).toBe(programmeId);
		await expect(updateEvent(ctx(memberStaff), id, input(draftProgrammeId), NO_EXTRAS)).rejects.toMatchObject({
			details: { issues: { programmeId: 'events_programme_unknown' } }
		});
		expect(await stored()).toBe(programmeId);
		// the edit form carries the programme, so saving the form does not drop it
		const parsed = parseForm(EventForm, formOf(eventFormValues(await eventDetail(ctx(memberStaff), id))), EVENT_FORM_SHAPE);
		if (!parsed.ok) throw new Error('the stored event does not fill its form');
		const record = eventFromForm(parsed.data);
		expect(record.ok && record.input.programmeId).toBe(programmeId);
		await setProgrammePublished(ctx(stateStaff), programmeId, true);
	});

	it('shows a published programme publicly as the list of its events, and its name on each event page', async () => {
		const page = await publicProgramme(db.get().db, new URLSearchParams({ programm: programmeSlug }), 'de', NOW);
		expect(page.programme).toMatchObject({ slug: programmeSlug, officeName: stateOfficeName });
		expect(page.items.map((item) => item.title)).toEqual(['Gruppen gut leiten – Workshop', 'Neue Mitglieder gewinnen']);
		const all = await publicProgramme(db.get().db, new URLSearchParams(), 'de', NOW);
		expect(all.programme).toBeNull();
		const shown = all.items.find((item) => item.title === 'Neue Mitglieder gewinnen');
		expect(shown).toBeTruthy();
		expect((await publicEvent(db.get().db, shown!.slug, 'de', NOW))?.programmeSlug).toBe(programmeSlug);
		// a programme that is not published is no page, and an event does not name it
		await setProgrammePublished(ctx(stateStaff), programmeId, false);
		const withdrawn = await publicProgramme(db.get().db, new URLSearchParams({ programm: programmeSlug }), 'de', NOW);
		expect(withdrawn.programme).toBeNull();
		expect(withdrawn.items).toEqual([]);
		expect((await publicEvent(db.get().db, shown!.slug, 'de', NOW))?.programmeTitle).toBeNull();
		await setProgrammePublished(ctx(stateStaff), programmeId, true);
	});
});

describe('the sitemap lists upcoming published events (EVT-5)', () => {
	const db = useDatabase();
	let staff: UserActor;
	const slugs: Record<string, string> = {};
	const ctx = (now = NOW) => ({ db: db.get().db, actor: staff, now });

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'programm@example.org');
		const make = async (key: string, title: string, date: string) => {
			const created = await createEvent(ctx(), {
				...emptyEventInput(title, [{ title: '', date: date as `${number}-${number}-${number}`, startTime: '18:00', endTime: '20:00' }]),
				venue: 'Bürgerhaus, Am Markt 1, 12345 Musterstadt'
			});
			slugs[key] = created.slug;
			return created.id;
		};
		await publishEvent(ctx(), await make('future', 'Vortrag: Angst verstehen', '2029-03-14'));
		await make('draft', 'Vortrag in Vorbereitung', '2029-03-15');
		const cancelled = await make('cancelled', 'Abgesagter Abend', '2029-03-16');
		await publishEvent(ctx(), cancelled);
		await cancelEvent(ctx(), cancelled, 'Die Referentin ist erkrankt.');
		await publishEvent(ctx(), await make('past', 'Rückblick im Januar', '2029-01-10'));
	});

	it('lists a published future event, not a draft, a cancelled or a past one', async () => {
		const parts = await sitemapParts({ db: db.get().db }, { now: NOW });
		const paths = (await Promise.all(parts.map(({ part }) => sitemapPart({ db: db.get().db }, part, { now: NOW }))))
			.flat()
			.map((e) => e!.path);
		expect(paths).toContain('/veranstaltungen');
		expect(paths).toContain(`/veranstaltungen/${slugs.future}`);
		for (const key of ['draft', 'cancelled', 'past']) expect(paths, key).not.toContain(`/veranstaltungen/${slugs[key]}`);
		expect(paths.filter((path) => path.startsWith('/veranstaltungen/'))).toEqual([`/veranstaltungen/${slugs.future}`]);
		// once it is over, it leaves the sitemap
		const later = await sitemapPart({ db: db.get().db }, 1, { now: new Date('2029-03-15T00:00:00Z') });
		expect(later!.map((e) => e.path)).not.toContain(`/veranstaltungen/${slugs.future}`);
		// the part is dated by its newest page, the event's last change among them
		const entry = (await sitemapPart({ db: db.get().db }, 1, { now: NOW }))!.find((e) => e.path === `/veranstaltungen/${slugs.future}`);
		expect(entry?.lastmod).toBeInstanceOf(Date);
		expect(parts[0]!.lastmod!.getTime()).toBeGreaterThanOrEqual(entry!.lastmod!.getTime());
	});

	it("keeps crawlers away from a person's own registration and feedback links", () => {
		const robots = renderRobots('https://treffpunkt.example').split('\n');
		for (const path of ['/veranstaltungen/anmeldung/', '/veranstaltungen/rueckmeldung/']) {
			expect(robots).toContain(`Disallow: ${path}`);
			expect(robots).toContain(`Disallow: /en${path}`);
		}
		expect(robots).not.toContain('Disallow: /veranstaltungen');
	});

	it('keeps the parts complete when the pages per part are few: every page once', async () => {
		const size = 3;
		const parts = await sitemapParts({ db: db.get().db }, { pagesPerPart: size, now: NOW });
		const entries = await Promise.all(parts.map(({ part }) => sitemapPart({ db: db.get().db }, part, { pagesPerPart: size, now: NOW })));
		const paths = entries.flat().map((e) => e!.path);
		expect(paths).toHaveLength(new Set(paths).size);
		expect(paths).toContain(`/veranstaltungen/${slugs.future}`);
		for (const part of entries) expect(part!.length).toBeLessThanOrEqual(size);
	});
});
