import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible, launch, titles } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { LoginPage } from './pages.js';

// Public pages work without JavaScript. This file blocks every script of the app, so pages are
// only what the server renders and forms submit natively; axe still runs (it is injected by the
// test driver, not by the page). One test also uses a browser context with JavaScript switched off.
describe('public pages without JavaScript', () => {
	let server: TestServer;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const seen = titles();

	beforeAll(async () => {
		server = await startServer();
		browser = await launch();
		context = await browser.newContext({ locale: 'de-DE' });
		await context.route('**/_app/**/*.js', (route) => route.abort());
		page = await context.newPage();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('shows the start page in German with an explanation in plain language, before any setup', async () => {
		const response = await page.goto(server.url + '/');
		expect(response?.status()).toBe(200);
		expect(await page.getAttribute('html', 'lang')).toBe('de');
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Selbsthilfe finden');
		expect(await page.getByRole('heading', { name: 'In Leichter Sprache' }).count()).toBe(1);
		await expectAccessible(page);
		await seen.record(page);
	});

	it('switches to English by a link and back', async () => {
		await page.goto(server.url + '/');
		await page.getByRole('link', { name: 'Switch to English' }).click();
		expect(new URL(page.url()).pathname).toBe('/en');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Find self-help');
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Auf Deutsch umschalten' }).click();
		expect(new URL(page.url()).pathname).toBe('/');
	});

	it('serves the contact points, the accessibility statement and the login page', async () => {
		for (const path of ['/kontaktstellen', '/barrierefreiheit', '/anmelden', '/anmelden/passwort-vergessen', '/en/anmelden']) {
			const response = await page.goto(server.url + path);
			expect(response?.status(), path).toBe(200);
			await expectAccessible(page);
			await seen.record(page);
		}
	});

	it('explains a wrong login at the field and keeps the e-mail address typed', async () => {
		const login = new LoginPage(page, server.url);
		await login.open();
		await login.logIn('', '');
		expect(await page.getByRole('alert').first().innerText()).toContain('Bitte prüfen Sie Ihre Eingaben');
		expect(await page.getByText('Bitte geben Sie eine E-Mail-Adresse ein.').count()).toBeGreaterThan(0);
		await expectAccessible(page);
		await login.logIn('nicht-registriert@example.org', 'irgendein-passwort');
		expect(await page.getByText('E-Mail-Adresse oder Passwort ist falsch.').count()).toBe(1);
		expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('nicht-registriert@example.org');
		expect(await page.getByLabel('Passwort', { exact: true }).inputValue()).toBe('');
	});

	it('explains a used or unknown confirmation link from the yearly e-mail, without JavaScript', async () => {
		const response = await page.goto(server.url + '/eintrag-bestaetigen/abgelaufen-oder-falsch');
		expect(response?.status()).toBe(200);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ist der Eintrag noch aktuell?');
		expect(await page.getByText('Dieser Link wurde schon benutzt oder ist abgelaufen.').count()).toBe(1);
		expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
		await expectAccessible(page);
		await seen.record(page);
	});

	it('answers an unknown address with a friendly 404 page', async () => {
		const response = await page.goto(server.url + '/gibt-es-nicht');
		expect(response?.status()).toBe(404);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Seite nicht gefunden');
		await expectAccessible(page);
	});

	it('logs in through a plain form post in a browser with JavaScript switched off', async () => {
		const noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
		const p = await noJs.newPage();
		const response = await p.goto(server.url + '/anmelden');
		expect(response?.status()).toBe(200);
		expect(await p.title()).toBe('Anmelden – Treffpunkt');
		await new LoginPage(p, server.url).logIn('jemand@example.org', 'falsches-passwort');
		expect(await p.getByText('E-Mail-Adresse oder Passwort ist falsch.').count()).toBe(1);
		await p.goto(server.url + '/');
		expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe('Selbsthilfe finden');
		await noJs.close();
	});

	it('sends the back office to the login page', async () => {
		await page.goto(server.url + '/verwaltung/personen');
		expect(new URL(page.url()).pathname).toBe('/anmelden');
		expect(new URL(page.url()).searchParams.get('weiter')).toBe('/verwaltung/personen');
	});
});
