import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { personIn, userActor } from './groups-fixtures.js';
import type { UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { createEvent, emptyEventInput, publishEvent } from '../../src/lib/server/modules/events/events.service.js';
import { register } from '../../src/lib/server/modules/events/registrations.service.js';
import { attendanceList, certificate, recordAttendance } from '../../src/lib/server/modules/events/attendance.service.js';
import { feedbackFormOf, feedbackSummary, requestFeedback, submitFeedback } from '../../src/lib/server/modules/events/feedback.service.js';
import {
	createSpeaker,
	listSpeakers,
	setEventSpeakers,
	speakerDetail,
	updateSpeaker
} from '../../src/lib/server/modules/events/speakers.service.js';
import { mailsTo } from '../../src/lib/server/modules/mail/mail.service.js';

const NOW = new Date('2029-02-01T09:00:00Z');
/** the evening after the workshop's second session (29 March 2029, 18–20 Uhr) */
const AFTER = new Date('2029-03-30T08:00:00Z');

describe('after the event: attendance, certificates, feedback, speakers (EVT-3, EVT-4)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let volunteer: UserActor;
	let southStaff: UserActor;
	let eventId: string;
	const tokens: Record<string, string> = {};
	const ids: Record<string, string> = {};

	const ctx = (actor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const reg = (now = NOW) => ({
		db: db.get().db,
		mail: { smtpUrl: undefined, from: 'treffpunkt@example.org' },
		origin: 'https://treffpunkt.example',
		now
	});

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'programm@example.org');
		volunteer = await personIn(db.get(), office.id, 'helferin@example.org', 'volunteer');
		const south = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		southStaff = userActor(south.userId, south.office.id, 'staff', 'sued@example.org');
		eventId = (
			await createEvent(ctx(), {
				...emptyEventInput('Gut für sich sorgen – Workshop in zwei Teilen', [
					{ title: '', date: '2029-03-22', startTime: '18:00', endTime: '20:00' },
					{ title: '', date: '2029-03-29', startTime: '18:00', endTime: '20:30' }
				]),
				venue: 'Gemeindesaal, Lindenweg 4, 12345 Musterstadt'
			})
		).id;
		await publishEvent(ctx(), eventId);
		for (const [key, name, locale] of [
			['anna', 'Anna Beispiel', 'de'],
			['berta', 'Berta Muster', 'en'],
			['carla', 'Carla Probe', 'de']
		] as const) {
			const done = await register(reg(), eventId, { name, email: `${key}@example.org`, locale });
			tokens[key] = done.token;
			ids[key] = done.registrationId;
		}
	});

	it('records who was there and writes a certificate only for them', async () => {
		expect((await attendanceList(ctx(), eventId)).map((row) => [row.name, row.attended])).toEqual([
			['Anna Beispiel', null],
			['Berta Muster', null],
			['Carla Probe', null]
		]);
		expect(await recordAttendance(ctx(staff, AFTER), eventId, [ids.anna!, ids.berta!])).toEqual({ present: 2, absent: 1 });
		expect((await attendanceList(ctx(), eventId)).map((row) => row.attended)).toEqual([true, true, false]);
		await expect(recordAttendance(ctx(volunteer), eventId, [])).rejects.toMatchObject({ code: 'forbidden' });
		await expect(recordAttendance(ctx(southStaff), eventId, [])).rejects.toMatchObject({ code: 'not_found' });

		const { filename, bytes } = await certificate(ctx(staff, AFTER), eventId, ids.anna!);
		expect(filename).toBe('teilnahmebescheinigung-gut-fuer-sich-sorgen-workshop-in-zwei-teilen-2029-03-22-anna-beispiel.pdf');
		const pdf = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
		expect(pdf.startsWith('%PDF-1.7')).toBe(true);
		expect(pdf).toContain('(Teilnahmebescheinigung) Tj');
		expect(pdf).toContain('(Anna Beispiel) Tj');
		// 2 hours and 2.5 hours
		expect(pdf).toContain('(Umfang: 4,5 Stunden) Tj');
		const english = Array.from((await certificate(ctx(staff, AFTER), eventId, ids.berta!)).bytes, (b) => String.fromCharCode(b)).join('');
		expect(english).toContain('(Certificate of participation) Tj');
		expect(english).toContain('(Length: 4.5 hours) Tj');
		await expect(certificate(ctx(staff, AFTER), eventId, ids.carla!)).rejects.toMatchObject({
			details: { code: 'events_certificate_not_present' }
		});
	});

	it('asks those who were there for feedback once, takes one answer per link, and evaluates without names', async () => {
		expect(await requestFeedback(reg(new Date('2029-03-29T12:00:00Z')))).toBe(0); // not over yet
		expect(await requestFeedback(reg(AFTER))).toBe(2);
		expect(await requestFeedback(reg(AFTER))).toBe(0);
		const [asked] = await mailsTo(db.get().db, 'anna@example.org');
		expect(asked?.subject).toBe('Wie war es? Gut für sich sorgen – Workshop in zwei Teilen');
		expect(asked?.bodyText).toContain(`https://treffpunkt.example/veranstaltungen/rueckmeldung/${tokens.anna}`);
		expect((await mailsTo(db.get().db, 'carla@example.org')).map((mail) => mail.subject)).not.toContain(
			'Wie war es? Gut für sich sorgen – Workshop in zwei Teilen'
		);

		expect(await feedbackFormOf(db.get().db, tokens.anna!)).toEqual({
			title: 'Gut für sich sorgen – Workshop in zwei Teilen',
			answered: false
		});
		await expect(submitFeedback(db.get().db, tokens.anna!, { overall: 7, comment: '' })).rejects.toMatchObject({
			details: { issues: { overall: 'events_feedback_scale_invalid' } }
		});
		await expect(submitFeedback(db.get().db, tokens.anna!, { comment: '  ' })).rejects.toMatchObject({
			details: { issues: { overall: 'events_feedback_empty' } }
		});
		await submitFeedback(db.get().db, tokens.anna!, {
			overall: 5,
			content: 4,
			organisation: 5,
			comment: 'Sehr hilfreich, gern mehr davon.'
		});
		await expect(submitFeedback(db.get().db, tokens.anna!, { overall: 1, comment: '' })).rejects.toMatchObject({
			details: { code: 'events_feedback_already' }
		});
		await submitFeedback(db.get().db, tokens.berta!, { overall: 4, content: 4, organisation: null, comment: '' });
		await expect(submitFeedback(db.get().db, 'unbekannt', { overall: 4, comment: '' })).rejects.toMatchObject({ code: 'not_found' });

		const summary = await feedbackSummary(ctx(), { eventId });
		expect(summary).toEqual({
			answers: 2,
			averages: { overall: 4.5, content: 4, organisation: 5 },
			distribution: { overall: [0, 0, 0, 1, 1], content: [0, 0, 0, 2, 0], organisation: [0, 0, 0, 0, 1] },
			comments: ['Sehr hilfreich, gern mehr davon.']
		});
		expect(JSON.stringify(summary)).not.toContain('Anna');
		await expect(feedbackSummary(ctx(southStaff), { eventId })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('keeps a searchable list of speakers with the events they spoke at', async () => {
		const first = await createSpeaker(ctx(), {
			name: 'Dr. Rosa Beispiel',
			topics: 'Angst, Depression, Selbstfürsorge',
			email: 'Rosa@Example.org',
			phone: '',
			notes: ''
		});
		await createSpeaker(ctx(), { name: 'Tom Muster', topics: 'Sucht, Angehörige', email: '', phone: '0123 456789', notes: '' });
		await expect(createSpeaker(ctx(), { name: ' ', topics: '', email: 'keine-adresse', phone: '', notes: '' })).rejects.toMatchObject({
			details: { issues: { name: 'events_speaker_name_missing', email: 'error_email_invalid' } }
		});
		expect((await listSpeakers(ctx(), 'sucht')).map((row) => row.name)).toEqual(['Tom Muster']);
		expect((await listSpeakers(ctx(volunteer), '')).map((row) => row.name)).toEqual(['Dr. Rosa Beispiel', 'Tom Muster']);
		expect(await listSpeakers(ctx(southStaff), '')).toEqual([]);
		expect(await listSpeakers(ctx(), '100%_')).toEqual([]);

		await setEventSpeakers(ctx(), eventId, [first]);
		const detail = await speakerDetail(ctx(), first);
		expect(detail.email).toBe('rosa@example.org');
		expect(detail.events).toEqual([
			{ eventId, title: 'Gut für sich sorgen – Workshop in zwei Teilen', status: 'published', startsAt: new Date('2029-03-22T17:00:00Z') }
		]);
		await updateSpeaker(ctx(), first, { ...detail, topics: 'Angst, Selbstfürsorge' });
		expect((await listSpeakers(ctx(), 'depression')).length).toBe(0);
		await expect(setEventSpeakers(ctx(southStaff), eventId, [])).rejects.toMatchObject({ code: 'not_found' });
	});
});
