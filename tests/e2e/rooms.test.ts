import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { LoginPage, logInWithSecondFactor } from './pages.js';
import { fieldError, GroupDetailPage, GroupForm, GroupListPage, InvitationPage, OutboxPage, settled } from './group-pages.js';
import { BookingFormPage, CalendarPage, RequestsPage, RoomForm, RoomListPage } from './room-pages.js';
import { addDays, expand, instantToWall, type Recurrence } from '../../src/lib/recurrence/index.js';

// ROOM-1 … ROOM-4 in the browser: staff create rooms; a group's contact person asks for "every 2nd and
// 4th Tuesday, 19–21 Uhr", sees the date that is taken, leaves it out; staff approve in one click; the
// calendar shows every date and the approval is in the outbox. axe runs on every page visited.

const office = 'Kontaktstelle Weserbergland';
const staff = { email: 'raeume@example.org', password: 'ein-gutes-passwort', name: 'Rita Raum' };
const contact = { name: 'Karla Kreis', email: 'karla@example.org', password: 'karlas-gutes-passwort' };
const group = 'Gesprächskreis Zuversicht';

/** "2026-12-08" → "08.12.2026", as the pages show dates in German. */
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

// the request: the 2nd and 4th Tuesday of the next three months (holidays of Lower Saxony skipped, as the form does)
const today = instantToWall(new Date()).date;
const start = `${addDays(`${today.slice(0, 8)}01`, 32).slice(0, 8)}01`;
const end = addDays(`${addDays(start, 95).slice(0, 8)}01`, -1);
const rule: Recurrence = {
	frequency: 'monthly',
	interval: 1,
	weekdays: [2],
	weeksOfMonth: [2, 4],
	startDate: start,
	endDate: end,
	startTime: '19:00',
	endTime: '21:00',
	breaks: [],
	skipHolidays: true,
	exceptions: []
};
const dates = expand(rule, { from: start, to: end, federalState: 'NI' }).map((occurrence) => occurrence.date);
const taken = dates[0]!;
const booked = dates.slice(1);

let server: TestServer;
let browser: Browser;
let staffPage: Page;
let contactPage: Page;

const cli = (args: string[]) => treffpunktCli(server, args);

async function newPage(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE' });
	context.setDefaultTimeout(10_000);
	return context.newPage();
}

beforeAll(async () => {
	server = await startServer();
	cli(['setup', '--office', office, '--email', staff.email, '--password', staff.password, '--name', staff.name, '--state', 'NI']);
	browser = await launch();
	staffPage = await newPage();
	await new LoginPage(staffPage, server.url).open();
	await logInWithSecondFactor(staffPage, server.url, staff);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('a group contact requests a room every 2nd and 4th Tuesday, staff approve it', () => {
	it('staff create two rooms; a room without a capacity is refused at the field and what was typed stays', async () => {
		const page = staffPage;
		const list = new RoomListPage(page, server.url);
		await list.open();
		await expectAccessible(page);
		await list.newRoom();
		await expectAccessible(page);
		const form = new RoomForm(page);
		await form.fill({ name: 'Gruppenraum Blau', capacity: '', stepFree: true, equipment: ['Flipchart', 'Beamer an der Decke'] });
		await form.save();
		expect(await fieldError(form.capacity)).toContain('wie viele Personen in den Raum passen');
		expect(await form.name.inputValue()).toBe('Gruppenraum Blau');
		await expectAccessible(page);
		await form.capacity.fill('14');
		await form.save();
		await page.waitForURL(/\/verwaltung\/raeume\?gespeichert=1$/);
		await page.getByRole('status').filter({ hasText: 'Der Raum ist gespeichert.' }).waitFor();

		await list.newRoom();
		await form.fill({ name: 'Kleiner Raum', capacity: '12' });
		await form.save();
		await page.waitForURL(/\/verwaltung\/raeume\?gespeichert=1$/);
		const rows = await list.table().locator('tbody tr').allInnerTexts();
		expect(rows.map((row) => row.split('\t')[0]?.trim())).toEqual(['Gruppenraum Blau', 'Kleiner Raum']);
		expect(rows[0]).toContain('stufenlos erreichbar');
		await expectAccessible(page);
	});

	let invitationLink = '';
	it('staff enter the group with its contact person and invite her; staff book the first Tuesday for the office', async () => {
		const page = staffPage;
		await new GroupListPage(page, server.url).open();
		await new GroupListPage(page, server.url).newGroup();
		const form = new GroupForm(page);
		await form.fill({ name: group, topics: 'Depression', description: 'Ein Gesprächskreis für Menschen mit Depression.' });
		await form.submit('Speichern und veröffentlichen');
		await page.waitForURL(/\/verwaltung\/gruppen\/[^/]+\?neu=1$/);
		const detail = new GroupDetailPage(page, server.url);
		await detail.fillContact({ name: contact.name, email: contact.email, consent: true });
		await detail.saveContact();
		await detail.status('Die Kontaktperson ist gespeichert.').waitFor();
		await detail.inviteContact(contact.name);
		const outbox = new OutboxPage(page, server.url);
		await outbox.open();
		const mail = await outbox.read(contact.email, `Einladung: Mitarbeit bei ${office}`);
		invitationLink = /https?:\/\/\S+\/einladung\/\S+/.exec(mail)?.[0] ?? '';
		expect(invitationLink).not.toBe('');

		const booking = new BookingFormPage(page, server.url);
		await booking.open();
		await expectAccessible(page);
		await booking.fillOnce({
			room: 'Gruppenraum Blau',
			owner: 'die Kontaktstelle selbst',
			title: 'Teamsitzung',
			attendees: '5',
			date: taken,
			from: '18:00',
			to: '20:00'
		});
		await booking.press('Buchen');
		await page.waitForURL(/\/verwaltung\/raeume\/kalender\?/);
		await page.getByRole('status').filter({ hasText: 'Gebucht: 1 Termine.' }).waitFor();
		await expectAccessible(page);
	});

	it('the contact asks for every 2nd and 4th Tuesday, sees the taken date and the other room, and leaves that date out', async () => {
		contactPage = await newPage();
		const page = contactPage;
		await page.goto(invitationLink);
		await new InvitationPage(page).accept(contact.name, contact.password);
		await settled(page);
		await new LoginPage(page, server.url).logIn(contact.email, contact.password);
		await page.waitForURL(/\/verwaltung$/);
		await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Meine Gruppen' }).click();
		await page.getByRole('link', { name: group }).click();
		await page.getByRole('heading', { name: `Eintrag pflegen: ${group}`, level: 1 }).waitFor();
		await settled(page);
		await page.getByRole('link', { name: 'Raumbuchungen der Gruppe' }).click();
		await page.getByRole('heading', { name: `Raumbuchungen: ${group}`, level: 1 }).waitFor();
		await expectAccessible(page);
		await settled(page);
		await page.getByRole('link', { name: 'Raum anfragen' }).first().click();
		await page.getByRole('heading', { name: 'Raum anfragen', level: 1 }).waitFor();
		await expectAccessible(page);

		const booking = new BookingFormPage(page, server.url);
		await booking.fillMonthly({
			room: 'Gruppenraum Blau',
			attendees: '12',
			weekday: 'Dienstag',
			weeks: ['2.', '4.'],
			start,
			end,
			from: '19:00',
			to: '21:00'
		});
		await booking.press('Prüfen');
		const rows = await booking.checkRows();
		expect(rows.map((row) => row[0])).toEqual(dates.map(germanDate));
		// she learns that the date is taken and when, not by whom
		expect(rows[0]?.[1]).toBe('belegt: von 18:00 bis 20:00');
		expect(rows.slice(1).every((row) => row[1] === 'frei')).toBe(true);
		await page.getByText('Kleiner Raum (bis 12 Personen) ist an allen Terminen frei.').waitFor();
		expect(await page.getByLabel('Wie viele Personen kommen?').inputValue()).toBe('12');
		await expectAccessible(page);

		await booking.press('Ohne die belegten Termine buchen');
		await page.waitForURL(/\/verwaltung\/raeume\/kalender\?/);
		await page
			.getByRole('status')
			.filter({ hasText: `Ihre Anfrage für ${booked.length} Termine ist bei der Kontaktstelle.` })
			.waitFor();
		await expectAccessible(page);
	});

	it('staff see the request with all its dates; declining needs a reason; they approve in one click', async () => {
		const page = staffPage;
		const list = new RoomListPage(page, server.url);
		await list.open();
		await list.requests();
		const requests = new RequestsPage(page);
		const request = requests.request(group);
		await request.waitFor();
		await expectAccessible(page);
		expect(await request.getByRole('listitem').count()).toBe(booked.length);

		await requests.decline(group, '');
		expect(await fieldError(requests.request(group).getByLabel('Grund für die Ablehnung'))).toContain('Bitte geben Sie einen Grund an');
		await expectAccessible(page);

		await requests.approve(group);
		await page.getByText('Es gibt keine offenen Anfragen.').waitFor();
		await expectAccessible(page);
	});

	it('the calendar shows every approved date, and the contact person has the approval by e-mail', async () => {
		const page = staffPage;
		const calendar = new CalendarPage(page);
		const shown: string[] = [];
		for (const month of new Set(dates.map((date) => date.slice(0, 7)))) {
			await page.goto(`${server.url}/verwaltung/raeume/kalender?ansicht=monat&datum=${month}-01`);
			await expectAccessible(page);
			for (const [day = '', blue = '', small = ''] of await calendar.rows()) {
				if (blue.includes(group)) shown.push(day);
				if (blue.includes('Teamsitzung')) expect(day).toContain(germanDate(taken).slice(0, 6));
				expect(small).toBe('');
			}
		}
		// "Di., 08.12." in the month's rows: the day and month of every approved date, and no other
		expect(shown.map((day) => /\d{2}\.\d{2}\./.exec(day)?.[0])).toEqual(booked.map((date) => germanDate(date).slice(0, 6)));

		const outbox = new OutboxPage(page, server.url);
		await outbox.open();
		await expectAccessible(page);
		const mail = await outbox.read(contact.email, `Raum bestätigt: „Gruppenraum Blau“ für „${group}“`);
		for (const date of booked) expect(mail).toContain(`${germanDate(date)}, 19:00`);
		expect(mail).not.toContain(germanDate(taken));

		await contactPage.goto(`${server.url}/verwaltung/meine-gruppen`);
		await contactPage.getByRole('link', { name: group }).click();
		await settled(contactPage);
		await contactPage.getByRole('link', { name: 'Raumbuchungen der Gruppe' }).click();
		const table = contactPage.getByRole('table', { name: `Raumbuchungen von ${group}` });
		await table.waitFor();
		expect(await table.locator('tbody tr td:nth-child(4)').allInnerTexts()).toEqual(booked.map(() => 'bestätigt'));
		await expectAccessible(contactPage);
	});

	it('staff open a date from the week, move it; the day view, the free search, the weekly plan and the room form read well', async () => {
		const page = staffPage;
		const [first, second] = booked as [string, string];
		await page.goto(`${server.url}/verwaltung/raeume/kalender?ansicht=woche&datum=${first}`);
		await settled(page);
		await new CalendarPage(page)
			.table()
			.getByRole('link', { name: new RegExp(group) })
			.click();
		await page.getByRole('heading', { name: new RegExp(`^${group} am `), level: 1 }).waitFor();
		await expectAccessible(page);

		const move = page.getByRole('region', { name: 'Diesen Termin verschieben' });
		await move.getByLabel('Beginn').fill('21:00');
		await move.getByLabel('Ende').fill('20:00');
		await settled(page);
		await move.getByRole('button', { name: 'Verschieben' }).click();
		await page.waitForLoadState('load');
		expect(await fieldError(page.getByRole('region', { name: 'Diesen Termin verschieben' }).getByLabel('Ende'))).not.toBe('');
		await expectAccessible(page);
		await settled(page);
		await page.getByRole('region', { name: 'Diesen Termin verschieben' }).getByLabel('Beginn').fill('20:00');
		await page.getByRole('region', { name: 'Diesen Termin verschieben' }).getByLabel('Ende').fill('22:00');
		await page.getByRole('region', { name: 'Diesen Termin verschieben' }).getByRole('button', { name: 'Verschieben' }).click();
		await page.getByRole('status').filter({ hasText: 'Der Termin ist verschoben.' }).waitFor();
		await page.getByText('20:00–22:00').first().waitFor();
		await expectAccessible(page);

		await page.goto(`${server.url}/verwaltung/raeume/kalender?ansicht=tag&datum=${second}`);
		expect(
			await page
				.getByRole('table', { name: /^Belegung: alle Räume/ })
				.getByRole('row')
				.count()
		).toBe(2);
		await expectAccessible(page);

		await page.goto(`${server.url}/verwaltung/raeume/frei?wochentag=2&von=19:00&bis=21:00&personen=12`);
		await page.getByRole('heading', { name: 'Was ist am Dienstag von 19:00 bis 21:00 für 12 Personen frei?' }).waitFor();
		expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(
			expect.arrayContaining(['Gruppenraum Blau', 'Kleiner Raum'])
		);
		await expectAccessible(page);

		await page.goto(`${server.url}/verwaltung/raeume/wochenplan?datum=${second}`);
		await page.getByRole('table').getByText(group).waitFor();
		expect(await page.getByRole('navigation', { name: 'Verwaltung' }).count()).toBe(0);
		await expectAccessible(page);

		const list = new RoomListPage(page, server.url);
		await list.open();
		await list.table().getByRole('link', { name: 'Gruppenraum Blau', exact: true }).click();
		await page.getByRole('heading', { name: 'Raum bearbeiten: Gruppenraum Blau', level: 1 }).waitFor();
		expect(await page.getByLabel('Feste Ausstattung').inputValue()).toBe('Flipchart\nBeamer an der Decke');
		await expectAccessible(page);
	});

	it('without JavaScript the booking form checks and books as a plain form', async () => {
		const context = await newContextWithoutJavaScript(browser, { locale: 'de-DE', storageState: await staffPage.context().storageState() });
		context.setDefaultTimeout(10_000);
		const page = await context.newPage();
		const booking = new BookingFormPage(page, server.url);
		await booking.open();
		const day = addDays(booked[1]!, 1);
		await booking.fillOnce({
			room: 'Kleiner Raum',
			owner: 'eine Veranstaltung',
			title: 'Infoabend',
			attendees: '13',
			date: day,
			from: '18:00',
			to: '20:00'
		});
		await booking.press('Prüfen');
		expect(await fieldError(page.getByLabel('Wie viele Personen kommen?'))).toContain('Platz für 12 Personen');
		expect(await page.getByLabel('Wofür?').inputValue()).toBe('Infoabend');
		await expectAccessible(page);
		await page.getByLabel('Wie viele Personen kommen?').fill('12');
		await booking.press('Prüfen');
		expect(await booking.checkRows()).toEqual([[germanDate(day), 'frei']]);
		await booking.press('Buchen');
		await page.waitForURL(/\/verwaltung\/raeume\/kalender\?/);
		await page.getByText('Gebucht: 1 Termine.').waitFor();
		await new CalendarPage(page)
			.table()
			.getByRole('link', { name: /Infoabend/ })
			.waitFor();
		await expectAccessible(page);
		await context.close();
	});
});
