import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript, titles } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { LoginPage, logInWithSecondFactor } from './pages.js';
import { OutboxPage } from './group-pages.js';
import { DirectorySearchPage, FoundingInterestPage, postedFields, PublicGroupPage, textOf } from './directory-pages.js';

// The public directory (issue 4, DIR-1 … DIR-6) as a person uses it: search by topic and place, a
// typo, the countryside, a group's page, an anonymous message, founding interest and the contact
// point's page, once with JavaScript and once in a window with JavaScript switched off; axe runs on
// every page. The data: the demo (an invented state office and two contact points near Hannover with
// their groups) and three groups imported through the CLI near the Baltic coast: one within 25 km of
// Ueckermünde, two further away.

const office = {
	slug: 'selbsthilfe-kontaktstelle-musterstadt-sued',
	name: 'Selbsthilfe-Kontaktstelle Musterstadt-Süd',
	phone: '01234 567891'
};
const staff = { email: 'beratung@example.org', password: 'demo-passwort-2026' }; // the demo's staff member of that office
const rural = {
	near: { name: 'Tinnitus-Treff Haffküste', slug: 'tinnitus-treff-haffkueste-ueckermuende', contact: 'haffkueste@example.org' },
	beyond: ['Tinnitus-Gesprächskreis Peenestrom', 'Tinnitus-Runde Hansestadt'] // Wolgast (39 km), Greifswald (58 km)
};
const spreadsheet = [
	'Name;Thema;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status;Adresse veröffentlichen',
	`${rural.near.name};Tinnitus;Betroffene;17373;Ueckermünde;Beispielweg 3;nein;jeden 1. Mittwoch im Monat 18 Uhr;Deutsch;ja;${rural.near.contact};;Weiterleitung;aktiv;ungefähr`,
	`${rural.beyond[0]};Tinnitus;Betroffene;17438;Wolgast;;nein;montags 19 Uhr;Deutsch;nein;;;über Kontaktstelle;aktiv;ungefähr`,
	`${rural.beyond[1]};Tinnitus;Betroffene;17489;Greifswald;;nein;Di 19-21 Uhr;Deutsch;nein;;;über Kontaktstelle;aktiv;ungefähr`
].join('\n');

let server: TestServer;
let browser: Browser;

function cli(dataDir: string, args: string[]) {
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', ...args], {
		encoding: 'utf8',
		env: { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, TREFFPUNKT_SKIP_BUILD: '1', DATABASE_URL: '' }
	});
	expect(result.status, result.stderr + result.stdout).toBe(0);
	return result.stdout;
}

beforeAll(async () => {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-e2e-'));
	cli(dataDir, ['demo']);
	fs.writeFileSync(path.join(dataDir, 'kueste.csv'), spreadsheet);
	expect(cli(dataDir, ['import', 'groups', path.join(dataDir, 'kueste.csv'), '--office', office.slug, '--consent-held'])).toContain(
		'3 übernommen'
	);
	server = await startServer({ dataDir });
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The staff member's window, logged in once (with her second factor) for both journeys. */
let staffPage: Page | undefined;
async function staffWindow(): Promise<Page> {
	if (staffPage) return staffPage;
	const context = await browser.newContext({ locale: 'de-DE' });
	context.setDefaultTimeout(10_000);
	staffPage = await context.newPage();
	await new LoginPage(staffPage, server.url).open();
	await logInWithSecondFactor(staffPage, server.url, staff);
	return staffPage;
}

describe.each([
	{ mode: 'with JavaScript', javaScript: true, sender: 'ich-mit-js@example.org' },
	{ mode: 'with JavaScript switched off', javaScript: false, sender: 'ich-ohne-js@example.org' }
])('a person looks for a group, $mode', ({ javaScript, sender }) => {
	let context: BrowserContext;
	let page: Page;
	let search: DirectorySearchPage;
	const seen = titles();
	const message = `Guten Tag, ich habe seit einem Jahr Tinnitus und würde gern einmal vorbeikommen (${sender.split('@')[0]}).`;

	/** Checks the page that is now open: axe, and a title no other page uses. */
	async function check() {
		await expectAccessible(page);
		await seen.record(page);
	}

	beforeAll(async () => {
		const options = { locale: 'de-DE' };
		context = javaScript ? await browser.newContext(options) : await newContextWithoutJavaScript(browser, options);
		context.setDefaultTimeout(10_000);
		page = await context.newPage();
		search = new DirectorySearchPage(page, server.url, javaScript);
	});
	afterAll(async () => {
		await context?.close();
	});

	it('finds groups by topic words and place ("Alkohol Angehörige" in Hannover) and narrows them by a topic', async () => {
		await search.open();
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Selbsthilfegruppe finden');
		await check();

		await search.search({ q: 'Alkohol Angehörige', place: 'Hannover' });
		expect(await search.heading()).toMatch(/^\d+ Gruppen? im Umkreis von 25 km um Hannover, dazu Online-Gruppen$/);
		// the groups for people with an addiction and their relatives, each with its distance
		const names = await search.groupNames();
		expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^Freundeskreis Suchtfrei /)]));
		for (const name of names) {
			const result = await textOf(search.result(name));
			expect(result, name).toMatch(/Themen: .*(Sucht|Alkohol)/);
			expect(result, name).toMatch(/(\d+ km|weniger als 1 km) entfernt|online/);
		}
		await expectAccessible(page);

		// a topic from the thesaurus, at a postal code: every result is about it
		await search.search({ q: '', place: '30449' });
		await search.filterByTopic('Alkoholabhängigkeit');
		const alcohol = await search.groupNames();
		expect(alcohol).toEqual(expect.arrayContaining([expect.stringMatching(/^Selbsthilfegruppe Alkohol /)]));
		for (const name of alcohol) expect(await textOf(search.result(name)), name).toContain('Alkoholabhängigkeit');
		await expectAccessible(page);
	});

	it('understands a typo: "Depresion" finds the depression groups and says what it searched for', async () => {
		await search.open();
		await search.search({ q: 'Depresion', place: '30159' });
		expect(
			await search
				.results()
				.getByText(/Statt „depresion“ haben wir nach „depression“ gesucht\./i)
				.count()
		).toBe(1);
		expect(await search.groupNames()).toEqual(expect.arrayContaining([expect.stringMatching(/^Selbsthilfegruppe Depression /)]));
		await expectAccessible(page);
	});

	it('explains a place it does not know at the field and shows no results for somewhere else', async () => {
		await search.open({ q: 'Depression', ort: 'Atlantis' });
		expect(await page.getByRole('alert').first().innerText()).toContain('Bitte prüfen Sie Ihre Eingaben');
		expect(await page.getByText('Diesen Ort kennen wir nicht.', { exact: false }).count()).toBeGreaterThan(0);
		expect(await page.getByRole('article').count()).toBe(0);
		expect(await search.form().getByLabel('Postleitzahl oder Ort').inputValue()).toBe('Atlantis');
		await expectAccessible(page);

		// typing a postal code that does not exist gets a message as well, never an empty page
		await search.open();
		await search.search({ q: 'Depression', place: '00000' });
		expect(await page.getByRole('article').count()).toBe(0);
		await page.getByText('Diese Postleitzahl gibt es nicht. Bitte prüfen Sie die fünf Ziffern.').first().waitFor();
		await expectAccessible(page);
	});

	it('in the countryside: one group within 25 km of Ueckermünde, and the nearest ones beyond it set apart', async () => {
		await search.open();
		await search.search({ q: 'Tinnitus', place: '17373' });
		expect(await search.heading()).toBe('1 Gruppe im Umkreis von 25 km um 17373 Ueckermünde, dazu Online-Gruppen');
		expect(await search.groupNames()).toEqual([rural.near.name]);

		const beyond = search.beyond();
		expect(await beyond.getByText('Im Umkreis von 25 km gibt es weniger als 5 passende Gruppen vor Ort.', { exact: false }).count()).toBe(
			1
		);
		expect((await search.beyondNames()).slice(0, 2)).toEqual(rural.beyond);
		// set apart: the groups beyond the radius are not among the results within it
		expect(await search.results().getByRole('article', { name: rural.beyond[0] }).count()).toBe(0);
		await expectAccessible(page);

		// each with its distance
		expect(await textOf(search.result(rural.near.name))).toContain('17373 Ueckermünde – weniger als 1 km entfernt');
		expect(await textOf(beyond.getByRole('article', { name: rural.beyond[0] }))).toContain('17438 Wolgast – 39 km entfernt');
		expect(await textOf(beyond.getByRole('article', { name: rural.beyond[1] }))).toContain('17489 Greifswald – 58 km entfernt');
	});

	it('opens the group from the results: when and where it meets (the street stays hidden) and who supports it', async () => {
		await search.open({ q: 'Tinnitus', ort: '17373' });
		await search.openGroup(rural.near.name);
		expect(new URL(page.url()).pathname).toBe(`/gruppen/${rural.near.slug}`);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(rural.near.name);
		await check();
		const group = new PublicGroupPage(page);
		const meetings = await textOf(group.section('Wann und wo'));
		expect(meetings).toContain('jeden 1. Mittwoch im Monat, 18:00–20:00 Uhr');
		expect(meetings).toContain('17373 Ueckermünde');
		expect(meetings).toMatch(/Mittwoch, \d{2}\.\d{2}\.\d{4}, 18:00–20:00 Uhr/);
		// the group publishes its place only approximately
		expect(await page.locator('main').innerText()).not.toContain('Beispielweg');
		const supporter = await textOf(group.section('Zuständige Kontaktstelle'));
		expect(supporter).toContain(office.name);
		expect(supporter).toContain(office.phone);
	});

	it('sends an anonymous message from the group page and is told what happens next', async () => {
		const post = await new PublicGroupPage(page).sendMessage({ email: sender, message, consent: true });
		// with JavaScript the browser solved the proof of work; without, the form is sent without it
		const solution = postedFields(post).get('_solution') ?? '';
		expect(solution === '' ? 'not solved' : /^\d+$/.test(solution) ? 'solved' : solution).toBe(javaScript ? 'solved' : 'not solved');
		expect(postedFields(post).get('homepage')).toBe('');

		const url = new URL(page.url());
		expect(url.pathname + url.search).toBe(`/gruppen/${rural.near.slug}/nachricht?gesendet=kontaktperson`);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ihre Nachricht ist unterwegs');
		const main = await textOf(page.locator('main'));
		expect(main).toContain(`Wir haben Ihre Nachricht an die Kontaktperson der Gruppe „${rural.near.name}“ weitergeleitet.`);
		expect(main).toContain('Ihre E-Mail-Adresse wird dabei nicht gezeigt.');
		expect(main).toMatch(/werden am \d{2}\.\d{2}\.\d{4} automatisch gelöscht \(nach 90 Tagen\)/);
		await check();
	});

	it("the office's outbox shows the message relayed to the group's contact person, without the sender's address", async () => {
		const outbox = new OutboxPage(await staffWindow(), server.url);
		await outbox.open();
		const mail = await outbox.read(rural.near.contact, `Nachricht an Ihre Gruppe „${rural.near.name}“`);
		expect(mail).toContain(message);
		expect(mail).not.toContain(sender);
		expect(mail).toMatch(/\/nachricht\/antworten\/\S+/);
	});

	it('a message without consent is explained at the field, and what was typed stays', async () => {
		await page.goto(`${server.url}/gruppen/${rural.near.slug}`);
		await new PublicGroupPage(page).sendMessage({ name: 'Eva', email: sender, message, consent: false });
		// the form's own page answers
		expect(new URL(page.url()).pathname).toBe(`/gruppen/${rural.near.slug}/nachricht`);
		expect(await page.getByRole('alert').first().innerText()).toContain('Bitte prüfen Sie Ihre Eingaben');
		expect(await page.getByText('Bitte stimmen Sie zu, damit wir Ihnen die Antwort weiterleiten können.').count()).toBeGreaterThan(0);
		await check();
		expect(await page.getByLabel('Ihr Name (freiwillig)').inputValue()).toBe('Eva');
		expect(await page.getByLabel('Ihre E-Mail-Adresse').inputValue()).toBe(sender);
		expect(await page.getByLabel('Ihre Nachricht').inputValue()).toBe(message);
	});

	it("shows the contact point's page, linked from the group page", async () => {
		await page.goto(`${server.url}/gruppen/${rural.near.slug}`);
		await Promise.all([
			page.waitForURL(/\/kontaktstellen\//),
			page.getByRole('link', { name: `Mehr über die Kontaktstelle ${office.name}` }).click()
		]);
		expect(new URL(page.url()).pathname).toBe(`/kontaktstellen/${office.slug}`);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(office.name);
		const main = await textOf(page.locator('main'));
		expect(main).toContain(office.phone);
		expect(main).toContain('Di 15–18 Uhr, Do 17–20 Uhr und nach Vereinbarung');
		expect(await page.getByRole('heading', { name: 'Gruppen, die diese Stelle unterstützt' }).count()).toBe(1);
		await check();
	});

	it('finds nothing for an unknown topic, and is offered the founding-interest form and the nearest contact point', async () => {
		await search.open();
		await search.search({ q: 'Schluckauf', place: '30449' });
		const results = search.results();
		expect(await search.heading()).toMatch(/^0 Gruppen im Umkreis von 25 km um 30449/);
		expect(await results.getByRole('heading', { name: 'Keine passende Gruppe gefunden' }).count()).toBe(1);
		expect(await results.getByRole('link', { name: 'Interesse an einer Gruppengründung melden' }).count()).toBe(1);
		expect(await search.beyond().count()).toBe(0);
		await expectAccessible(page);
		// the local contact point, not the state office above it
		expect(await results.getByRole('link', { name: `Kontaktstelle in Ihrer Nähe: ${office.name}` }).count()).toBe(1);
		expect(await results.getByRole('link', { name: `Anrufen: ${office.phone}` }).getAttribute('href')).toBe('tel:01234567891');
	});

	it('registers founding interest from the empty result, with topic and postal code filled in', async () => {
		await Promise.all([
			page.waitForURL(/\/gruendungsinteresse\?/),
			search.results().getByRole('link', { name: 'Interesse an einer Gruppengründung melden' }).click()
		]);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Eine neue Gruppe anregen');
		const form = new FoundingInterestPage(page);
		expect(await form.topic.inputValue()).toBe('Schluckauf');
		expect(await form.postalCode.inputValue()).toBe('30449');
		await check();

		const post = await form.register({ email: sender, consent: true });
		expect(postedFields(post).get('topic')).toBe('Schluckauf');
		expect(new URL(page.url()).pathname).toBe('/gruendungsinteresse/danke');
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Vielen Dank');
		expect(await textOf(page.locator('main'))).toContain(
			'Wir haben Ihr Interesse an die Selbsthilfe-Kontaktstelle in Ihrer Nähe weitergegeben'
		);
		await check();

		// the nearest contact point wrote to her, and keeps the interest for its staff
		const staffPage = await staffWindow();
		const outbox = new OutboxPage(staffPage, server.url);
		await outbox.open();
		expect(await outbox.read(sender, 'Ihr Interesse an einer neuen Selbsthilfegruppe')).toContain('Thema: Schluckauf');
		await staffPage.goto(`${server.url}/verwaltung/gruendungsinteresse`);
		expect(await staffPage.locator('main').innerText()).toContain('Schluckauf');
	});
});

describe('the directory in English', () => {
	it('searches under /en/gruppen and opens a group under /en/gruppen/{slug}', async () => {
		const context = await newContextWithoutJavaScript(browser, { locale: 'en-GB' });
		const page = await context.newPage();
		const search = new DirectorySearchPage(page, server.url, false);
		await search.open({}, '/en');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		await search.search(
			{ q: 'Tinnitus', place: '17373' },
			{ q: 'Topic or keyword', place: 'Postal code or town', submit: 'Search groups' }
		);
		expect(new URL(page.url()).pathname).toBe('/en/gruppen');
		expect(await search.groupNames()).toEqual([rural.near.name]);
		expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(expect.arrayContaining(['Further away']));
		await expectAccessible(page);
		await search.openGroup(rural.near.name);
		expect(new URL(page.url()).pathname).toBe(`/en/gruppen/${rural.near.slug}`);
		expect(await page.getByRole('button', { name: 'Send message' }).count()).toBe(1);
		await expectAccessible(page);
		await context.close();
	});
});

describe('the public API', () => {
	it('answers GET /api/v1/groups with JSON: the group within the radius, the nearest beyond it', async () => {
		const response = await fetch(`${server.url}/api/v1/groups?q=Tinnitus&near=17373&radiusKm=25`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		const body = await response.json();
		expect(body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
		expect(body.items.map((item: { slug: string }) => item.slug)).toEqual([rural.near.slug]);
		expect(body.items[0].distanceKm).toBe(0);
		expect(body.beyondRadius.map((item: { name: string }) => item.name).slice(0, 2)).toEqual(rural.beyond);
		// the street stays hidden here too
		expect(JSON.stringify(body)).not.toContain('Beispielweg');
	});

	it('answers a bad parameter with HTTP 400 and problem details, in German or English', async () => {
		const german = await fetch(`${server.url}/api/v1/groups?radiusKm=-5`);
		expect(german.status).toBe(400);
		expect(german.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(await german.json()).toMatchObject({
			status: 400,
			title: 'Ungültige Anfrage',
			invalidParams: [{ name: 'radiusKm', reason: 'Der Umkreis muss eine ganze Zahl zwischen 1 und 200 km sein.' }]
		});
		const english = await fetch(`${server.url}/api/v1/groups?format=bogus`, { headers: { 'accept-language': 'en' } });
		expect(english.status).toBe(400);
		expect(english.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(await english.json()).toMatchObject({ status: 400, title: 'Invalid request', invalidParams: [{ name: 'format' }] });
	});
});
