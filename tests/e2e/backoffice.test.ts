import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, titles } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { LoginPage, SecondFactorPage, SetupPage } from './pages.js';

// One journey: a contact point sets up Treffpunkt, logs in with a second factor and invites a colleague.
describe('setting up an office and working in the back office', () => {
	let server: TestServer;
	let browser: Browser;
	let page: Page;
	let secret = '';
	const seen = titles();
	const admin = { email: 'leitung@example.org', password: 'ein-sehr-gutes-passwort' };

	beforeAll(async () => {
		server = await startServer();
		browser = await launch();
		page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	async function visit(path: string) {
		const response = await page.goto(server.url + path);
		expect(response?.status(), path).toBe(200);
		await expectAccessible(page);
		await seen.record(page);
	}

	it('refuses a wrong setup code and keeps what was typed', async () => {
		const setup = new SetupPage(page, server.url);
		await setup.open();
		await expectAccessible(page);
		await setup.fill({ code: 'falsch', office: 'Kontaktstelle Erlenbach', state: 'Hessen', name: 'Rita Leitung', ...admin });
		expect(await page.getByText('Der Einrichtungscode stimmt nicht.').count()).toBeGreaterThan(0);
		expect(await page.getByLabel('Name der Kontaktstelle').inputValue()).toBe('Kontaktstelle Erlenbach');
		await expectAccessible(page);
	});

	it('sets up the office with the code from the server log, then closes the setup page for good', async () => {
		const code = server.setupCode();
		expect(code).toMatch(/^[0-9a-f]{12}$/);
		const setup = new SetupPage(page, server.url);
		await setup.open();
		await setup.fill({ code: code!, office: 'Kontaktstelle Erlenbach', state: 'Hessen', name: 'Rita Leitung', ...admin });
		expect(new URL(page.url()).pathname).toBe('/anmelden');
		const again = await page.goto(server.url + '/einrichtung');
		expect(again?.status()).toBe(404);
		await page.goto(server.url + '/kontaktstellen');
		expect(await page.getByRole('heading', { name: 'Kontaktstelle Erlenbach' }).count()).toBe(1);
		expect(await page.getByRole('heading', { name: 'Hessen' }).count()).toBe(1);
	});

	it('logs in with password, enrols the second factor and reaches the back office', async () => {
		const login = new LoginPage(page, server.url);
		await login.open();
		await login.logIn(admin.email, admin.password);
		expect(new URL(page.url()).pathname).toBe('/anmelden/code/einrichten');
		await expectAccessible(page);
		await seen.record(page);
		const totp = new SecondFactorPage(page);
		secret = await totp.secret();
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);
		await page.getByLabel('Code aus der App').fill('123456');
		await page.getByRole('button', { name: 'Einrichten und anmelden' }).click();
		expect(await page.getByText('Der Code stimmt nicht.').count()).toBeGreaterThan(0);
		await totp.enterCode(secret, 'Einrichten und anmelden');
		expect(new URL(page.url()).pathname).toBe('/verwaltung');
		expect(await page.getByText('Guten Tag, Rita Leitung.').count()).toBe(1);
		await expectAccessible(page);
		await seen.record(page);
	});

	it('edits the office: a wrong postal code is explained at the field, a right one is saved', async () => {
		await visit('/verwaltung/kontaktstelle');
		await page.getByLabel('Postleitzahl').fill('123');
		await page.getByLabel('Ort').fill('Erlenbach');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.getByText('Eine Postleitzahl hat 5 Ziffern').first().waitFor();
		expect(await page.getByLabel('Ort').inputValue()).toBe('Erlenbach');
		await expectAccessible(page);
		await page.getByLabel('Postleitzahl').fill('63000');
		await page.getByLabel('Sprechzeiten').fill('Di 15–18 Uhr');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.getByText('Gespeichert.').waitFor();
		await page.reload();
		expect(await page.getByLabel('Postleitzahl').inputValue()).toBe('63000');
	});

	it('invites a colleague; the invitation is in the outbox and the audit log records it', async () => {
		await visit('/verwaltung/personen');
		await page.getByLabel('E-Mail-Adresse').fill('kollegin@example.org');
		await page.getByLabel('Rolle').selectOption('staff');
		await page.getByRole('button', { name: 'Einladung senden' }).click();
		await page.getByText('Die Einladung an kollegin@example.org ist im Postausgang.').waitFor();
		await visit('/verwaltung/postausgang');
		expect(await page.getByText('Einladung: Mitarbeit bei Kontaktstelle Erlenbach').count()).toBe(1);
		await visit('/verwaltung/protokoll');
		expect(await page.getByRole('cell', { name: 'invite' }).count()).toBe(1);
		await visit('/verwaltung/aufgaben');
		expect(await page.getByText('accounts.purge').count()).toBeGreaterThan(0);
		await visit('/verwaltung/stellen');
		await visit('/en/verwaltung');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
	});

	it('removes a person after a confirmation dialog that keeps the keyboard focus', async () => {
		const added = spawnSync(
			process.execPath,
			[
				'bin/treffpunkt.js',
				'user',
				'add',
				'--office',
				'kontaktstelle-erlenbach',
				'--email',
				'helfer@example.org',
				'--name',
				'Hans Helfer',
				'--role',
				'volunteer',
				'--password',
				'ein-gutes-passwort'
			],
			{
				encoding: 'utf8',
				env: { ...process.env, TREFFPUNKT_DATA_DIR: server.dataDir, TREFFPUNKT_SKIP_BUILD: '1', DATABASE_URL: '' }
			}
		);
		expect(added.status, added.stderr).toBe(0);
		await visit('/verwaltung/personen');
		const remove = page.getByRole('button', { name: 'Hans Helfer aus der Stelle entfernen' });
		await remove.focus();
		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', { name: 'Person entfernen?' });
		await dialog.waitFor();
		await expectAccessible(page);
		// Escape closes it and returns the focus to the button that opened it
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await remove.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await page.getByRole('cell', { name: 'Hans Helfer', exact: true }).count()).toBe(1);
		await remove.click();
		await dialog.getByRole('button', { name: 'Entfernen' }).click();
		await page.getByText('Hans Helfer wurde entfernt.').waitFor();
		expect(await page.getByRole('cell', { name: 'Hans Helfer', exact: true }).count()).toBe(0);
	});

	it('logs out, and the next login asks for the code from the app', async () => {
		await page.goto(server.url + '/verwaltung');
		await page.getByRole('button', { name: 'Abmelden' }).click();
		expect(new URL(page.url()).pathname).toBe('/anmelden');
		await page.getByText('Sie sind abgemeldet.').waitFor();
		const login = new LoginPage(page, server.url);
		await login.logIn(admin.email, admin.password);
		expect(new URL(page.url()).pathname).toBe('/anmelden/code');
		await expectAccessible(page);
		await seen.record(page);
		await new SecondFactorPage(page).enterCode(secret);
		expect(new URL(page.url()).pathname).toBe('/verwaltung');
	});
});
