import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript } from './browser.js';
import { startServer, treffpunktCli, type TestServer } from './server.js';
import { signedInPage } from './pages.js';
import { fieldError, settled } from './group-pages.js';

// EVT-1 and EVT-3 in the browser, on the demo data: a contact point's staff create a programme (a
// missing title is named at the field, what was typed stays), publish and edit it, find it in the
// list beside the state office's programme (which they see but cannot change) and open its
// evaluation; the state office reads the evaluation of its demo programme with figures and downloads
// it as CSV. axe runs on every page visited.

const staff = { email: 'beratung@example.org', password: 'demo-passwort-2026' };
const stateAdmin = { email: 'landesstelle-admin@example.org', password: 'demo-passwort-2026' };
const demoProgramme = 'Gemeinsam stark – Fortbildungen und Fachtage der Selbsthilfe in Demoland';
const title = 'Selbsthilfe im Gespräch 2027';
const description = 'Vorträge und Workshops für Gruppen im ganzen Land.';

let server: TestServer;
let browser: Browser;
let page: Page;

const loggedIn = (user: { email: string; password: string }): Promise<Page> =>
	signedInPage(browser, server.url, user, { acceptDownloads: true });

beforeAll(async () => {
	server = await startServer();
	treffpunktCli(server, ['demo']);
	browser = await launch();
	page = await loggedIn(staff);
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('programmes in the back office (EVT-1, EVT-3)', () => {
	let programmeUrl = '';

	it('staff open the programmes from the navigation and create one; a missing title is named at the field', async () => {
		await page.goto(`${server.url}/verwaltung`);
		await settled(page);
		await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Programme', exact: true }).click();
		await page.getByRole('heading', { name: 'Programme', level: 1 }).waitFor();
		await page.getByText('Ihre Stelle hat noch kein Programm.').waitFor();
		await expectAccessible(page);

		await settled(page);
		await page.getByRole('link', { name: 'Neues Programm' }).click();
		await page.getByRole('heading', { name: 'Neues Programm', level: 1 }).waitFor();
		await expectAccessible(page);
		await settled(page);
		await page.getByLabel('Beschreibung').fill(description);
		await page.getByRole('button', { name: 'Programm anlegen' }).click();
		const titleField = page.getByLabel('Titel', { exact: true });
		await expect.poll(() => fieldError(titleField)).toContain('Bitte geben Sie einen Titel für das Programm ein.');
		expect(await page.getByLabel('Beschreibung').inputValue()).toBe(description);
		await expectAccessible(page);

		await titleField.fill(title);
		await page.getByRole('button', { name: 'Programm anlegen' }).click();
		await page.waitForURL(/\/verwaltung\/programme\/[0-9a-f-]+\?angelegt=1$/);
		programmeUrl = page.url().replace(/\?angelegt=1$/, '');
		await page.getByRole('heading', { name: title, level: 1 }).waitFor();
		await page.getByText('Das Programm ist angelegt. Es ist noch ein Entwurf.').waitFor();
		await expectAccessible(page);
	});

	it('staff publish it and change its description; the list shows it as published', async () => {
		await settled(page);
		await page.getByRole('button', { name: 'Programm veröffentlichen' }).click();
		await page.waitForURL(/\?veroeffentlicht=1$/);
		await page.getByText('Das Programm ist veröffentlicht. Alle Stellen darunter zeigen es jetzt.').waitFor();
		await page.getByRole('link', { name: 'Termine des Programms als Kalender (.ics)' }).waitFor();
		await expectAccessible(page);

		await settled(page);
		await page.getByLabel('Beschreibung').fill(`${description} Mit Austausch am Nachmittag.`);
		await page.getByRole('button', { name: 'Änderungen speichern' }).click();
		await page.getByText('Die Änderungen sind gespeichert.').waitFor();
		expect(await page.getByLabel('Beschreibung').inputValue()).toBe(`${description} Mit Austausch am Nachmittag.`);
		await expectAccessible(page);

		const feed = await page.request.get(
			`${server.url}/veranstaltungen/programm/${(await page.locator('dd code').innerText()).trim()}/termine.ics`
		);
		expect(feed.status()).toBe(200);
		expect(await feed.text()).toContain(`X-WR-CALNAME:${title}`);

		await page.getByRole('link', { name: 'Zurück zu den Programmen' }).click();
		await page.getByRole('heading', { name: 'Programme', level: 1 }).waitFor();
		const row = page.getByRole('row').filter({ hasText: title });
		expect(await row.innerText()).toContain('Veröffentlicht');
		// the state office's programme is listed with its office, and cannot be changed here
		const inherited = page.getByRole('table', { name: 'Programme übergeordneter Stellen' });
		expect(await inherited.getByRole('rowheader', { name: demoProgramme }).count()).toBe(1);
		await expectAccessible(page);
	});

	it('staff open the evaluation of the programme', async () => {
		await page.getByRole('link', { name: title }).click();
		await page.waitForURL(programmeUrl);
		await page.getByText('Zu diesem Programm gehören noch keine Veranstaltungen.').waitFor();
		await settled(page);
		await page.getByRole('link', { name: 'Auswertung des Programms ansehen' }).click();
		await page.getByRole('heading', { name: `Auswertung: ${title}`, level: 1 }).waitFor();
		await page.getByText('Zu diesem Programm gehören noch keine veröffentlichten Veranstaltungen', { exact: false }).waitFor();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Zurück zum Programm' }).click();
		await page.getByRole('heading', { name: title, level: 1 }).waitFor();
	});

	it("the contact point sees the state office's programme with its own events, but no form to change it", async () => {
		await page.goto(`${server.url}/verwaltung/programme`);
		await page.getByRole('link', { name: demoProgramme }).click();
		await page.getByRole('heading', { name: demoProgramme, level: 1 }).waitFor();
		await page.getByText('Nur diese Stelle kann es ändern', { exact: false }).waitFor();
		expect(await page.getByRole('button', { name: 'Änderungen speichern' }).count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Programm zurückziehen' }).count()).toBe(0);
		expect(
			await page
				.getByRole('table', { name: `Veranstaltungen im Programm „${demoProgramme}“` })
				.getByRole('row')
				.count()
		).toBeGreaterThan(1);
		await expectAccessible(page);
	});
});

describe('the evaluation of a programme with figures (EVT-3)', () => {
	it('the state office reads answers, averages and attendance per event and in total, and downloads them as CSV', async () => {
		const state = await loggedIn(stateAdmin);
		await state.goto(`${server.url}/verwaltung/programme`);
		await state.getByRole('link', { name: demoProgramme }).click();
		await state.getByRole('heading', { name: demoProgramme, level: 1 }).waitFor();
		await expectAccessible(state);
		await settled(state);
		await state.getByRole('link', { name: 'Auswertung des Programms ansehen' }).click();
		await state.getByRole('heading', { name: `Auswertung: ${demoProgramme}`, level: 1 }).waitFor();
		const table = state.getByRole('table', { name: 'Auswertung je Veranstaltung und für das ganze Programm' });
		expect(await table.getByRole('rowheader').count()).toBeGreaterThan(2);
		const totals = table.getByRole('rowheader', { name: /^Programm gesamt \(\d+ Veranstaltungen\)$/ });
		expect(await totals.count()).toBe(1);
		await expectAccessible(state);

		const download = state.waitForEvent('download');
		await state.getByRole('link', { name: 'Auswertung als Tabelle herunterladen (CSV)' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('auswertung-gemeinsam-stark-demoland.csv');
		const text = fs.readFileSync((await file.path())!, 'utf8');
		expect(text.startsWith(`\uFEFFAuswertung des Programms „${demoProgramme}“`)).toBe(true);
		expect(text).toContain(
			'Veranstaltung;Beginn;Stelle;Rückmeldungen;Insgesamt;Inhalt;Organisation;Zugesagte Plätze;Anwesend;Anwesenheitsquote'
		);
		expect(text).toMatch(/\r\nProgramm gesamt \(\d+ Veranstaltungen\);;;\d+;/);
		await state.context().close();
	});
});

describe('the public programme page (EVT-1, EVT-5)', () => {
	it('a visitor without JavaScript opens the programme from the list filter and reaches its events and feed', async () => {
		const context = await newContextWithoutJavaScript(browser, { locale: 'de-DE' });
		context.setDefaultTimeout(10_000);
		const visitor = await context.newPage();
		await visitor.goto(`${server.url}/veranstaltungen?programm=gemeinsam-stark-demoland`);
		await visitor.getByRole('heading', { name: `Programm „${demoProgramme}“`, level: 2 }).waitFor();
		await expectAccessible(visitor);
		const events = visitor.getByRole('article');
		expect(await events.count()).toBeGreaterThan(0);
		expect(await visitor.getByRole('link', { name: 'Alle Termine dieses Programms als Kalender (.ics)' }).getAttribute('href')).toBe(
			'/veranstaltungen/programm/gemeinsam-stark-demoland/termine.ics'
		);
		// an event of the programme names it and leads back to it
		await events.first().getByRole('link').first().click();
		await visitor.getByRole('link', { name: `Programm „${demoProgramme}“` }).click();
		await visitor.getByRole('heading', { name: `Programm „${demoProgramme}“`, level: 2 }).waitFor();
		// a programme that does not exist says so
		await visitor.goto(`${server.url}/veranstaltungen?programm=gibt-es-nicht`);
		await visitor.getByText('Dieses Programm gibt es nicht oder nicht mehr.').waitFor();
		await expectAccessible(visitor);
		await context.close();
	});
});
