import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { logInWithSecondFactor } from './pages.js';
import { settled } from './group-pages.js';

// ROOM-6: a staff member of the demo office reads last year's room and lending figures, picks another
// year and downloads the CSV for the annual report. axe runs on every page visited.

const staff = { email: 'beratung@example.org', password: 'demo-passwort-2026' };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', 'demo'], {
		encoding: 'utf8',
		env: { ...process.env, TREFFPUNKT_DATA_DIR: server.dataDir, TREFFPUNKT_SKIP_BUILD: '1', DATABASE_URL: '' }
	});
	expect(result.status, result.stderr).toBe(0);
	expect(result.stdout).toMatch(/4 Räume mit \d+ gebuchten Terminen/);
	browser = await launch();
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('room and lending statistics (ROOM-6)', () => {
	let page: Page;

	it('shows last year’s hours per room, group and month and the loans per item, in accessible tables', async () => {
		const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
		context.setDefaultTimeout(10_000);
		page = await context.newPage();
		await page.goto(`${server.url}/anmelden`);
		await logInWithSecondFactor(page, server.url, staff);
		await page.goto(`${server.url}/verwaltung/raeume/statistik`);
		await settled(page);
		const lastYear = String(
			Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date())) - 1
		);
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nutzungsstatistik Räume und Ausleihe');
		for (const heading of ['Stunden je Raum', 'Stunden je Gruppe', 'Stunden je Monat', 'Ausleihen je Gerät'])
			expect(await page.getByRole('heading', { level: 2, name: heading }).count()).toBe(1);
		const rooms = page.getByRole('table', { name: `Gebuchte Stunden und Auslastung je Raum ${lastYear}` });
		for (const name of ['Gruppenraum 1', 'Großer Saal']) expect(await rooms.getByRole('rowheader', { name }).count()).toBe(1);
		expect(
			await page
				.getByRole('table', { name: `Ausleihen und Ausleihtage je Gerät ${lastYear}` })
				.getByRole('rowheader', { name: 'Beamer' })
				.count()
		).toBe(1);
		expect(await page.getByLabel('Jahr').inputValue()).toBe(lastYear);
		await expectAccessible(page);
	});

	it('shows another year when asked, refuses a year that is none at the field, and downloads the CSV', async () => {
		const thisYear = String(Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date())));
		await page.getByLabel('Jahr').selectOption(thisYear);
		await page.getByRole('button', { name: 'Anzeigen' }).click();
		await page.waitForURL(new RegExp(`jahr=${thisYear}`));
		await settled(page);
		expect(await page.getByText(`Das Jahr ${thisYear} ist noch nicht vorbei`).count()).toBe(1);
		await expectAccessible(page);

		const download = page.waitForEvent('download');
		await page.getByRole('link', { name: `Statistik ${thisYear} als CSV-Datei herunterladen` }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe(`raumnutzung-${thisYear}.csv`);
		const text = fs.readFileSync((await file.path())!, 'utf8');
		expect(text.startsWith('\uFEFFRaumnutzung und Ausleihen')).toBe(true);
		expect(text).toContain('Raum;Termine;Stunden;Buchbare Stunden;Auslastung');

		await page.goto(`${server.url}/verwaltung/raeume/statistik?jahr=20x6`);
		await settled(page);
		expect(await page.getByText('Bitte ein Jahr zwischen 2000 und 2100 angeben.').count()).toBeGreaterThan(0);
		expect(await page.getByLabel('Jahr').inputValue()).toBe('20x6');
		await expectAccessible(page);
	});
});
