import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, titles } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { LoginPage, logInWithSecondFactor } from './pages.js';
import {
	fieldError,
	GroupDetailPage,
	GroupForm,
	GroupListPage,
	ImportPage,
	ImportRunPage,
	InvitationPage,
	MyGroupPage,
	OutboxPage,
	ReviewPage,
	SeriesFormPage,
	settled
} from './group-pages.js';

// Three journeys through the groups pages of the back office, on one server: a staff member looks
// after a group from creation to dissolution; she imports a spreadsheet; a group's contact person
// proposes a change that staff approve. axe runs on every page visited.

const office = 'Kontaktstelle Hannover-Süd';
const admin = { email: 'leitung@example.org', password: 'ein-sehr-gutes-passwort', name: 'Lea Leitung' };
const staff = { email: 'team@example.org', password: 'ein-gutes-passwort', name: 'Tom Team' };

/** Today and a day some days ago, as the date fields take them (Berlin calendar). */
const isoDay = (daysAgo = 0) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() - daysAgo * 86_400_000));

/** "2026-11-16" → "16.11.2026", as the pages show dates. */
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

let server: TestServer;
let browser: Browser;

const cli = (args: string[]) => treffpunktCli(server, args);

/** A fresh browser window (German) for one person. */
async function newPage(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
	context.setDefaultTimeout(10_000);
	return context.newPage();
}

beforeAll(async () => {
	server = await startServer();
	cli(['setup', '--office', office, '--email', admin.email, '--password', admin.password, '--name', admin.name, '--state', 'NI']);
	cli([
		'user',
		'add',
		'--office',
		'kontaktstelle-hannover-sued',
		'--email',
		staff.email,
		'--name',
		staff.name,
		'--role',
		'staff',
		'--password',
		staff.password
	]);
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The staff member's window, logged in once for all journeys. */
let staffPage: Page | undefined;
async function staffWindow(): Promise<Page> {
	if (staffPage) return staffPage;
	staffPage = await newPage();
	await new LoginPage(staffPage, server.url).open();
	await expectAccessible(staffPage);
	await logInWithSecondFactor(staffPage, server.url, staff);
	await expectAccessible(staffPage);
	return staffPage;
}

describe('a staff member looks after a group from creation to dissolution', () => {
	let page: Page;
	let detail: GroupDetailPage;
	let groupId = '';
	const seen = titles();
	const name = 'Selbsthilfegruppe Angst Südstadt';

	/** Checks the page that is now open: axe, and a title no other page uses. */
	async function check() {
		await expectAccessible(page);
		await seen.record(page);
	}

	beforeAll(async () => {
		page = await staffWindow();
		detail = new GroupDetailPage(page, server.url);
	});

	it('creates a group: an unknown topic is explained at the field with suggestions, known words resolve, and it is published', async () => {
		const list = new GroupListPage(page, server.url);
		await list.open();
		await page.getByRole('heading', { name: 'Gruppen', level: 1 }).waitFor();
		await check();
		await list.newGroup();
		await check();

		const form = new GroupForm(page);
		await form.fill({ name, topics: 'Angts, Panik', description: 'Wir treffen uns, um über Angst zu sprechen.' });
		await form.submit('Speichern und veröffentlichen');
		await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
		expect(await fieldError(form.topics)).toMatch(/„Angts“ steht nicht im Themenverzeichnis\. Meinten Sie: .*Angststörungen/);
		expect(await form.topics.getAttribute('aria-invalid')).toBe('true');
		expect(await form.name.inputValue()).toBe(name);
		expect(await form.topics.inputValue()).toBe('Angts, Panik');
		expect(await form.description.inputValue()).toBe('Wir treffen uns, um über Angst zu sprechen.');
		await expectAccessible(page);

		await form.fill({ topics: 'Angst, Panik' });
		await form.submit('Speichern und veröffentlichen');
		await page.waitForURL(/\/verwaltung\/gruppen\/[^/]+\?neu=1$/);
		groupId = detail.id();
		await detail.status('Die Gruppe ist angelegt.').waitFor();
		await check();
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(name);
		const profile = detail.section('Eintrag');
		expect(await profile.getByRole('definition').first().innerText()).toBe('Angststörungen, Panikstörung');
		expect(await page.getByText('veröffentlicht', { exact: true }).first().isVisible()).toBe(true);
		expect(await page.getByRole('button', { name: 'Verbergen' }).count()).toBe(1);
	});

	it('adds a monthly meeting at a real postal code; an unknown postal code is refused at the field and nothing is saved', async () => {
		await detail.open(groupId);
		await detail.addMeeting();
		await check();
		const series = new SeriesFormPage(page);
		await series.fillMonthly({
			weekday: 'Dienstag',
			weeks: ['2.', '4.'],
			start: '19:00',
			end: '21:00',
			postalCode: '00000',
			street: 'Sallstraße 1'
		});
		await series.save();
		await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
		expect(await fieldError(series.postalCode)).toBe(
			'Fehler: Diese Postleitzahl gibt es in Deutschland nicht. Bitte prüfen Sie die Ziffern.'
		);
		expect(await page.getByLabel('Straße und Hausnummer').inputValue()).toBe('Sallstraße 1');
		expect(await page.getByRole('group', { name: 'An welchen Wochentagen?' }).getByLabel('Dienstag').isChecked()).toBe(true);
		await expectAccessible(page);
		await detail.open(groupId);
		expect(await detail.section('Treffen').getByText('Noch keine Treffen eingetragen.').count()).toBe(1);

		await detail.addMeeting();
		await series.fillMonthly({
			weekday: 'Dienstag',
			weeks: ['2.', '4.'],
			start: '19:00',
			end: '21:00',
			postalCode: '30159',
			street: 'Sallstraße 1'
		});
		await series.save();
		await page.waitForURL(new RegExp(`/verwaltung/gruppen/${groupId}$`));
		const meeting = detail.meeting(/^jeden 2\. und 4\. Dienstag im Monat, 19:00–21:00 Uhr/);
		await meeting.waitFor();
		await check();
		expect(await meeting.getByText('Sallstraße 1, 30159 Hannover').count()).toBe(1);
		const next = await meeting.getByText(/Nächste Termine:/).innerText();
		const dates = [...next.matchAll(/(\d{2})\.(\d{2})\.(\d{4}), (\d{2}:\d{2})/g)];
		expect(dates.length, next).toBeGreaterThanOrEqual(2);
		for (const [, day, month, year, time] of dates) {
			const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
			expect(date.getUTCDay(), next).toBe(2); // a Tuesday …
			expect([2, 4], next).toContain(Math.ceil(Number(day) / 7)); // … the 2nd or 4th of its month
			expect(time).toBe('19:00');
		}
	});

	it('edits the description', async () => {
		await detail.edit();
		await check();
		const form = new GroupForm(page);
		expect(await form.topics.inputValue()).toBe('Angststörungen, Panikstörung');
		await form.fill({ description: 'Angst und Panik: wir hören einander zu. Neue sind willkommen.' });
		await form.submit('Speichern');
		await page.waitForURL(new RegExp(`/verwaltung/gruppen/${groupId}$`));
		await detail.section('Eintrag').getByText('Angst und Panik: wir hören einander zu. Neue sind willkommen.').waitFor();
		await expectAccessible(page);
	});

	it('pauses the group from a date, then dissolves it; the history shows both changes', async () => {
		await detail.changeLifecycle('pausiert', isoDay(14), 'Sommerpause');
		await detail
			.section('Status der Gruppe')
			.getByText(/Jetzt: pausiert seit/)
			.waitFor();
		await expectAccessible(page);
		await detail.changeLifecycle('aufgelöst', isoDay(0));
		await detail
			.section('Status der Gruppe')
			.getByText(/Jetzt: aufgelöst seit/)
			.waitFor();
		const history = await detail.tableRows('Verlauf');
		const changes = history.map(([when, what, change, who]) => `${when} ${what}: ${change} (${who})`);
		expect(changes).toEqual(
			expect.arrayContaining([
				`${germanDate(isoDay(14))} Status: aktiv → pausiert (Sommerpause) (${staff.email})`,
				`${germanDate(isoDay(0))} Status: pausiert → aufgelöst (${staff.email})`,
				`${germanDate(isoDay(0))} Veröffentlichung: veröffentlicht (${staff.email})`
			])
		);
		await expectAccessible(page);
	});

	it('adds a contact person only with her consent, and logs the support given', async () => {
		await detail.fillContact({ name: 'Anna Angst', email: 'anna@example.org', consent: false });
		await detail.saveContact();
		const consent = detail.section('Kontaktpersonen').getByLabel(/Die Person hat eingewilligt/);
		await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
		expect(await fieldError(consent)).toBe(
			'Fehler: Ohne Einwilligung dürfen wir keine Kontaktdaten speichern. Bitte bestätigen Sie, dass die Person eingewilligt hat.'
		);
		expect(await detail.section('Kontaktpersonen').getByLabel('E-Mail-Adresse').inputValue()).toBe('anna@example.org');
		expect(await detail.section('Kontaktpersonen').getByText('Noch keine Kontaktperson eingetragen.').count()).toBe(1);
		await expectAccessible(page);

		await detail.fillContact({ name: 'Anna Angst', email: 'anna@example.org', consent: true });
		await detail.saveContact();
		await detail.status('Die Kontaktperson ist gespeichert.').waitFor();
		const [contact] = await detail.tableRows('Kontaktpersonen');
		expect(contact?.slice(0, 2)).toEqual(['Anna Angst', 'anna@example.org']);
		expect(contact?.[2]).toContain(`schriftlich (erfasst von ${staff.email})`);
		await expectAccessible(page);

		await detail.logSupport({ kind: 'Gründungsbegleitung', minutes: '90', note: 'Erstes Treffen vorbereitet' });
		const [support] = await detail.tableRows('Unterstützung durch die Kontaktstelle');
		expect(support?.slice(1)).toEqual(['Gründungsbegleitung', '90', staff.email, 'Erstes Treffen vorbereitet']);
		await expectAccessible(page);
	});

	it('the audit log (read by the administrator) records the changes to the group', async () => {
		const adminPage = await newPage();
		await new LoginPage(adminPage, server.url).open();
		await logInWithSecondFactor(adminPage, server.url, admin);
		await adminPage.goto(`${server.url}/verwaltung/protokoll`);
		await adminPage.getByRole('heading', { name: 'Protokoll', level: 1 }).waitFor();
		await expectAccessible(adminPage);
		const rows = adminPage.getByRole('row').filter({ hasText: staff.email });
		const entries = await rows.evaluateAll((trs) =>
			trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()))
		);
		const of = (action: string, entity: string) => entries.filter(([, , a, e]) => a === action && e === entity);
		expect(of('create', 'group').some(([, , , , details]) => details?.includes(name))).toBe(true);
		expect(of('create', 'meeting_series')).toHaveLength(1);
		expect(of('update', 'group').some(([, , , , details]) => details?.includes('"description"'))).toBe(true);
		expect(of('update', 'group').some(([, , , , details]) => details?.includes('["paused","dissolved"]'))).toBe(true);
		expect(of('create', 'contact_person'), JSON.stringify(entries.map((cells) => cells.slice(1, 4)))).toHaveLength(1);
		expect(of('create', 'support_entry')).toHaveLength(1);
		// personal data of the contact person stays out of the log
		expect(entries.some((cells) => cells.join(' ').includes('anna@example.org'))).toBe(false);
		await adminPage.context().close();
	});
});

/**
 * A spreadsheet as an office keeps it: German headers, semicolons, Windows-1252; 2,000 rows — six
 * written by hand, the rest alike, and a last one with a postal code that does not exist.
 */
const spreadsheet = [
	'Name;Thema;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status',
	'Depressionsgruppe Linden;Depression;Betroffene;30449;Hannover;Limmerstraße 1;nein;jeden 1. Mittwoch im Monat 18 Uhr;Deutsch;ja;linden@example.org;0511 123456;Weiterleitung;aktiv',
	'Angehörige Demenz Döhren;Demenz;Angehörige;30519;Hannover;;nein;montags 19 Uhr;Deutsch, Türkisch;teilweise;;;über Kontaktstelle;aktiv',
	'Trauercafé Südstadt;Trauer;Betroffene;00000;Hannover;;nein;Di 19-21 Uhr;Deutsch;nein;;;über Kontaktstelle;aktiv',
	'Zwänge online;Zwangsstörung;Betroffene;;;;ja;alle 2 Wochen freitags 17-19 Uhr;Deutsch;;zwang@example.org;;Weiterleitung;aktiv',
	'Frühchen-Eltern Nordstadt;Frühgeborene;Eltern;30167;Hannover;;nein;nach Vereinbarung;Deutsch;ja;;0511 987654;über Kontaktstelle;in Gründung',
	'Männergruppe Sucht Ricklingen;Sucht;Betroffene;30459;Hannover;;hybrid;mittwochs 19:30 Uhr;Deutsch;ja;;;über Kontaktstelle;aktiv',
	...Array.from(
		{ length: 1993 },
		(_, i) =>
			`Gesprächskreis ${i + 1} Linden;Depression;Betroffene;30449;Hannover;;nein;jeden 2. und 4. Dienstag, 19–21 Uhr;Deutsch;ja;;;über Kontaktstelle;aktiv`
	),
	'Letzte Zeile mit falscher PLZ;Trauer;Betroffene;00001;Hannover;;nein;montags 19 Uhr;Deutsch;nein;;;über Kontaktstelle;aktiv'
].join('\r\n');

describe('a staff member imports the group list from a spreadsheet', () => {
	let page: Page;
	const seen = titles();

	beforeAll(async () => {
		page = await staffWindow();
	});

	it('uploads a Windows-1252 CSV and sees the columns recognised', async () => {
		const upload = new ImportPage(page, server.url);
		await upload.open();
		await expectAccessible(page);
		await seen.record(page);
		await upload.upload('gruppen.csv', iconv.encode(spreadsheet, 'win1252'));
		await page.getByRole('heading', { name: 'Import: gruppen.csv', level: 1 }).waitFor();
		await expectAccessible(page);
		await seen.record(page);
		const run = new ImportRunPage(page);
		expect(await run.target('Name')).toBe('Name');
		expect(await run.target('Thema')).toBe('Themen');
		expect(await run.target('Straße')).toBe('Straße');
		expect(await run.target('Treffen')).toBe('Treffen');
		expect(await run.target('E-Mail')).toBe('E-Mail');
		// the examples are decoded from Windows-1252
		expect(
			await run
				.mapping()
				.getByText(/Angehörige Demenz Döhren/)
				.count()
		).toBe(1);
	});

	it('runs the dry run and reads each problem with the row number of the spreadsheet', async () => {
		const run = new ImportRunPage(page);
		await run.dryRun({ consentHeld: true });
		await expectAccessible(page);
		expect(await page.getByText('Zeilen in der Tabelle: 2000').count()).toBe(1);
		expect(await page.getByText('Abgelehnt: 2', { exact: true }).count()).toBe(1);
		const problems = await run.problems();
		expect(problems).toEqual(
			expect.arrayContaining([
				{ line: '4', field: 'PLZ', message: 'Abgelehnt: Die Postleitzahl 00000 gibt es in Deutschland nicht.' },
				{
					line: '6',
					field: 'Treffen',
					message: 'Der Termin „nach Vereinbarung“ wurde nicht erkannt; er wird als Text übernommen und ist zu prüfen.'
				},
				{ line: '2001', field: 'PLZ', message: 'Abgelehnt: Die Postleitzahl 00001 gibt es in Deutschland nicht.' }
			])
		);
		expect(problems.every((p) => Number(p.line) >= 2 && Number(p.line) <= 2001)).toBe(true);
	});

	it('applies the import and waits while the page refreshes itself until it is done', async () => {
		const run = new ImportRunPage(page);
		await run.apply();
		// while it runs, the page shows the progress and reloads itself every three seconds
		if (await page.getByRole('progressbar').isVisible()) await expectAccessible(page);
		await run.waitUntilDone(90_000);
		expect(await page.getByRole('status').innerText()).toBe('Fertig: 1998 von 2000 Zeilen übernommen.');
		await expectAccessible(page);
	});

	it('finds the imported groups in the list and in the CSV export', async () => {
		const list = new GroupListPage(page, server.url);
		await page.getByRole('link', { name: 'Zur Gruppenliste' }).click();
		await page.waitForURL(/\/verwaltung\/gruppen$/);
		await list.filterByName('Döhren');
		await expectAccessible(page);
		expect(await list.groupLink('Angehörige Demenz Döhren').count()).toBe(1);
		expect(await list.results().getByRole('row').count()).toBe(2); // header and one group
		await list.filterByName('Trauercafé');
		expect(await page.getByText('Keine Gruppe passt zu diesen Filtern.').count()).toBe(1);

		await list.open();
		const csv = await list.downloadCsv();
		expect(csv.fileName).toMatch(/^gruppen-\d{4}-\d{2}-\d{2}\.csv$/);
		expect(csv.text).toContain('Männergruppe Sucht Ricklingen');
		expect(csv.text).toContain('Frühchen-Eltern Nordstadt');
		expect(csv.text).not.toContain('Trauercafé Südstadt');
	});
});

describe('a group contact proposes a change to her entry, staff approve it', () => {
	let page: Page;
	let contactPage: Page;
	let groupId = '';
	const name = 'Gesprächskreis Trauer Linden';
	const contact = { name: 'Gerda Gruppe', email: 'gerda@example.org', password: 'gerdas-gutes-passwort' };
	const newDescription = 'Wir treffen uns jeden Donnerstag. Neue sind herzlich willkommen, niemand muss etwas sagen.';
	let invitationLink = '';

	beforeAll(async () => {
		page = await staffWindow();
	});

	it('staff invite the contact person of a group, and the invitation is in the outbox', async () => {
		const list = new GroupListPage(page, server.url);
		await list.open();
		await list.newGroup();
		const form = new GroupForm(page);
		await form.fill({ name, topics: 'Trauer', description: 'Ein Gesprächskreis für Trauernde.' });
		await form.submit('Speichern und veröffentlichen');
		await page.waitForURL(/\/verwaltung\/gruppen\/[^/]+\?neu=1$/);
		const detail = new GroupDetailPage(page, server.url);
		groupId = detail.id();
		await detail.fillContact({ name: contact.name, email: contact.email, consent: true });
		await detail.saveContact();
		await detail.status('Die Kontaktperson ist gespeichert.').waitFor();
		await detail.inviteContact(contact.name);
		await expectAccessible(page);

		const outbox = new OutboxPage(page, server.url);
		await outbox.open();
		await expectAccessible(page);
		const mail = await outbox.read(contact.email, `Einladung: Mitarbeit bei ${office}`);
		expect(mail).toContain('Rolle: Kontaktperson einer Gruppe');
		invitationLink = /https?:\/\/\S+\/einladung\/\S+/.exec(mail)?.[0] ?? '';
		expect(invitationLink).not.toBe('');
		await expectAccessible(page);
	});

	it('the contact accepts the invitation, logs in without a second factor and proposes a new description', async () => {
		contactPage = await newPage();
		await contactPage.goto(invitationLink);
		await contactPage.getByRole('heading', { name: 'Einladung annehmen', level: 1 }).waitFor();
		await expectAccessible(contactPage);
		await new InvitationPage(contactPage).accept(contact.name, contact.password);
		await settled(contactPage);
		await expectAccessible(contactPage);
		await new LoginPage(contactPage, server.url).logIn(contact.email, contact.password);
		await contactPage.waitForURL(/\/verwaltung$/);
		await expectAccessible(contactPage);

		await contactPage.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Meine Gruppen' }).click();
		await contactPage.getByRole('heading', { name: 'Meine Gruppen', level: 1 }).waitFor();
		await expectAccessible(contactPage);
		await contactPage.getByRole('link', { name }).click();
		await contactPage.getByRole('heading', { name: `Eintrag pflegen: ${name}`, level: 1 }).waitFor();
		await expectAccessible(contactPage);
		await new MyGroupPage(contactPage).proposeDescription(newDescription);
		await contactPage
			.getByRole('status')
			.filter({ hasText: /wartet auf die Prüfung durch die Kontaktstelle/ })
			.waitFor();
		await expectAccessible(contactPage);
	});

	it('staff see the proposal with before and after, approve it, and the contact is told by e-mail', async () => {
		const review = new ReviewPage(page, server.url);
		await review.open();
		await review.proposal(name).waitFor();
		await expectAccessible(page);
		expect(await review.change(name, 'Beschreibung')).toEqual({ before: 'Ein Gesprächskreis für Trauernde.', after: newDescription });
		await review.approve(name);
		expect(await page.getByText('Keine offenen Vorschläge.').count()).toBe(1);
		await expectAccessible(page);

		const detail = new GroupDetailPage(page, server.url);
		await detail.open(groupId);
		await detail.section('Eintrag').getByText(newDescription).waitFor();
		await expectAccessible(page);

		const outbox = new OutboxPage(page, server.url);
		await outbox.open();
		expect(await outbox.mails(contact.email, `Ihre Änderung für „${name}“ ist übernommen`).count()).toBe(1);

		await contactPage.reload();
		expect(await contactPage.getByText(/wartet auf die Prüfung/).count()).toBe(0);
		expect(await contactPage.getByLabel('Beschreibung', { exact: true }).inputValue()).toBe(newDescription);
		await contactPage.context().close();
	});
});
