import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript, titles } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { LoginPage, logInWithSecondFactor } from './pages.js';
import { fieldError, GroupForm, GroupListPage } from './group-pages.js';
import { InventoryPage, ItemForm, ItemPage } from './equipment-pages.js';

// Equipment lending (ROOM-5): a staff member adds the projector to the inventory, reserves it for a
// borrower, is refused a second reservation on the same days (the message names the first), hands it
// out and takes it back — the return as a plain form without JavaScript. axe runs on every page.

const office = 'Kontaktstelle Lindenau';
const staff = { email: 'geraete@example.org', password: 'ein-gutes-passwort', name: 'Gina Geräte' };

/** A day from today, as date fields take it, and as the pages show it. */
const isoDay = (daysAhead = 0) =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + daysAhead * 86_400_000));
const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const dayMonth = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.`;

let server: TestServer;
let browser: Browser;

const cli = (args: string[]) => treffpunktCli(server, args);

beforeAll(async () => {
	server = await startServer();
	cli(['setup', '--office', office, '--email', 'leitung@example.org', '--password', 'ein-sehr-gutes-passwort', '--state', 'SN']);
	cli([
		'user',
		'add',
		'--office',
		'kontaktstelle-lindenau',
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

describe('a loan → return (ROOM-5)', () => {
	let page: Page;
	const seen = titles();
	const from = isoDay(1);
	const until = isoDay(3);
	const loanHeading = `${germanDate(from)} bis ${germanDate(until)}: Stadtteilverein`;
	// handed out a day early, the loan starts today
	const outHeading = `${germanDate(isoDay(0))} bis ${germanDate(until)}: Stadtteilverein`;

	async function check(target = page) {
		await expectAccessible(target);
		await seen.record(target);
	}

	beforeAll(async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		context.setDefaultTimeout(10_000);
		page = await context.newPage();
		await new LoginPage(page, server.url).open();
		await logInWithSecondFactor(page, server.url, staff);
	});

	it('adds the projector to the inventory; a missing name is refused at the field', async () => {
		const inventory = new InventoryPage(page, server.url);
		await inventory.open();
		await check();
		expect(await page.getByText('Noch keine Geräte.').isVisible()).toBe(true);
		await inventory.newItem();
		await check();

		const form = new ItemForm(page);
		await form.fill({ description: 'Mit Fernbedienung und HDMI-Kabel' });
		await form.submit();
		await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
		expect(await fieldError(form.name)).toContain('Bitte geben Sie eine Bezeichnung ein.');
		expect(await page.getByLabel('Beschreibung und Zubehör').inputValue()).toBe('Mit Fernbedienung und HDMI-Kabel');
		await expectAccessible(page);

		await form.fill({ name: 'Beamer' });
		await form.submit();
		await page.waitForURL(/\/verwaltung\/ausleihe\/[0-9a-f-]{36}\?neu=1$/);
		await new ItemPage(page).status('Das Gerät ist angelegt.').waitFor();
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Beamer');
		await check();
	});

	it('reserves it; the same days again are refused with a message naming the first reservation, nothing is saved', async () => {
		const item = new ItemPage(page);
		await item.reserveForOther('Stadtteilverein', from, until);
		await item.status('Die Reservierung ist gespeichert.').waitFor();
		await item.loan(loanHeading).waitFor();
		// the calendar says it in words, day by day
		expect(await item.calendarDay(dayMonth(from)).innerText()).toContain('reserviert: Stadtteilverein');
		expect(await item.calendarDay(dayMonth(isoDay(4))).innerText()).toContain('frei');

		await item.reserveForOther('Chor am Markt', isoDay(2), isoDay(4));
		await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
		expect(await fieldError(item.fromDate)).toContain(
			`In diesen Tagen ist das Gerät schon reserviert: für Stadtteilverein, ${germanDate(from)} bis ${germanDate(until)}. Bitte wählen Sie andere Tage.`
		);
		expect(await item.reserveForm().getByLabel('Name der Ausleihenden').inputValue()).toBe('Chor am Markt');
		expect(await page.getByRole('heading', { name: /Chor am Markt/, level: 3 }).count()).toBe(0);
		await expectAccessible(page);

		// the last day before the first is refused at its field
		await item.reserveForOther('Chor am Markt', isoDay(6), isoDay(5));
		await page.getByRole('alert').filter({ hasText: 'Der letzte Tag liegt vor dem ersten Tag.' }).waitFor();
		expect(await fieldError(item.reserveForm().getByLabel('Bis (letzter Tag)'))).toContain('Der letzte Tag liegt vor dem ersten Tag.');
	});

	it('hands it out; the inventory shows who has it until when', async () => {
		const item = new ItemPage(page);
		await item.handOut(loanHeading, 'gut', 'mit Fernbedienung');
		await item.status('Die Ausgabe ist eingetragen.').waitFor();
		expect(await item.loan(outHeading).getByText('ausgegeben', { exact: true }).isVisible()).toBe(true);
		await expectAccessible(page);

		const inventory = new InventoryPage(page, server.url);
		await inventory.open();
		expect(await inventory.row('Beamer').innerText()).toContain(`ausgeliehen an Stadtteilverein bis ${germanDate(until)}`);
		await expectAccessible(page);
	});

	it('takes it back without JavaScript: the condition goes into the history and onto the item', async () => {
		const context = await newContextWithoutJavaScript(browser, { locale: 'de-DE' });
		await context.addCookies(await page.context().cookies());
		const plain = await context.newPage();
		try {
			const inventory = new InventoryPage(plain, server.url);
			await inventory.open();
			await inventory.openItem('Beamer');
			await check(plain);
			const item = new ItemPage(plain);
			await item.takeBack(outHeading, 'abgenutzt', 'Linse staubig');
			await item.status('Die Rückgabe ist eingetragen.').waitFor();
			await expectAccessible(plain);
			const history = item.history();
			const row = history.getByRole('row').filter({ hasText: 'Stadtteilverein' });
			expect(await row.innerText()).toContain('zurückgegeben');
			expect(await row.innerText()).toContain('gut → abgenutzt');
			expect(await row.innerText()).toContain('Linse staubig');
			expect(await plain.getByText('Das Gerät ist zurzeit weder reserviert noch ausgeliehen.').isVisible()).toBe(true);

			await inventory.open();
			expect(await inventory.row('Beamer').innerText()).toMatch(/abgenutzt\s+verfügbar/);
		} finally {
			await context.close();
		}
	});

	it('reserves for a group; the group page leads to the group’s loans', async () => {
		const groups = new GroupListPage(page, server.url);
		await groups.open();
		await groups.newGroup();
		const form = new GroupForm(page);
		await form.fill({ name: 'Gesprächskreis Lichtblick', topics: 'Angst', description: 'Wir sprechen über Angst.' });
		await form.submit('Speichern und veröffentlichen');
		await page.waitForURL(/\/verwaltung\/gruppen\/[^/]+\?neu=1$/);
		const groupUrl = page.url().replace(/\?neu=1$/, '');

		const inventory = new InventoryPage(page, server.url);
		await inventory.open();
		await inventory.openItem('Beamer');
		const item = new ItemPage(page);
		await item.reserveForGroup('Gesprächskreis Lichtblick', isoDay(7), isoDay(8));
		await item.status('Die Reservierung ist gespeichert.').waitFor();

		await page.goto(groupUrl);
		await page.getByRole('link', { name: 'Ausleihen der Gruppe' }).click();
		await page.waitForURL(/\/verwaltung\/ausleihe\/verlauf\?gruppe=/);
		await page.getByRole('heading', { name: 'Ausleihen: Gesprächskreis Lichtblick', level: 1 }).waitFor();
		await check();
		const row = page.getByRole('table', { name: 'Ausleihen der Gruppe Gesprächskreis Lichtblick' }).getByRole('row', { name: /Beamer/ });
		expect(await row.innerText()).toContain(`${germanDate(isoDay(7))} bis ${germanDate(isoDay(8))}`);
		expect(await row.innerText()).toContain('reserviert');
	});
});
