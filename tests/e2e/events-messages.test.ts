import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { signedInPage } from './pages.js';
import { fieldError, OutboxPage, settled } from './group-pages.js';
import { EventDetailPage, EventFormPage, EventListPage, PublicEventPage } from './event-pages.js';
import { addDays, instantToWall } from '../../src/lib/recurrence/index.js';

// COM-1 in the browser: staff write to everyone registered for an event (a missing subject is
// named at the field), see the message with its delivery counts, each recipient's mail status,
// the mails in the outbox, and the latest mail per person on the event page. axe on every page.

const office = 'Kontaktstelle Heidekamp';
const staff = { email: 'programm@example.org', password: 'ein-gutes-passwort', name: 'Paula Programm' };
const title = 'Schlaf und Erholung – ein Abend mit Fragen';
const date = addDays(instantToWall(new Date()).date, 21);
const people = [
	{ name: 'Anna Beispiel', email: 'anna@example.org', button: 'Verbindlich anmelden' },
	{ name: 'Berta Muster', email: 'berta@example.org', button: 'Auf die Warteliste' }
];

let server: TestServer;
let browser: Browser;
let staffPage: Page;
let eventUrl = '';

const cli = (args: string[]) => treffpunktCli(server, args);

beforeAll(async () => {
	server = await startServer();
	cli(['setup', '--office', office, '--email', staff.email, '--password', staff.password, '--name', staff.name, '--state', 'NI']);
	browser = await launch();
	staffPage = await signedInPage(browser, server.url, staff);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('a message of the organiser to everyone registered, with its delivery', () => {
	it('staff publish an event with one place; one person gets it, the next waits', async () => {
		const list = new EventListPage(staffPage, server.url);
		await list.open();
		await list.newEvent();
		const form = new EventFormPage(staffPage);
		await form.fill({
			title,
			date,
			from: '18:00',
			to: '20:00',
			venue: 'Bürgerhaus, Am Anger 2',
			postalCode: '29614',
			city: 'Soltau',
			capacity: '1'
		});
		await form.save();
		await staffPage.waitForURL(/\/verwaltung\/veranstaltungen\/[^/]+\?gespeichert=1$/);
		eventUrl = staffPage.url().replace(/\?gespeichert=1$/, '');
		await new EventDetailPage(staffPage).publish();

		for (const person of people) {
			const context = await newContextWithoutJavaScript(browser, { locale: 'de-DE' });
			context.setDefaultTimeout(10_000);
			const page = await context.newPage();
			const visitor = new PublicEventPage(page, server.url);
			await visitor.openProgramme();
			await visitor.openEvent(title);
			await visitor.register(person, person.button);
			await context.close();
		}
	});

	it("the event page shows each person's latest e-mail and leads to the messages", async () => {
		await staffPage.goto(eventUrl);
		const rows = new EventDetailPage(staffPage).registrations();
		await expect.poll(() => rows.count()).toBe(2);
		// no mail server in the test: the mails are kept in the outbox
		expect(await rows.filter({ hasText: 'Anna Beispiel' }).innerText()).toContain('gespeichert');
		expect(await rows.filter({ hasText: 'Berta Muster' }).innerText()).toContain('gespeichert');
		await expectAccessible(staffPage);
		await settled(staffPage);
		await staffPage.getByRole('link', { name: 'Nachricht an die Angemeldeten schreiben' }).click();
		await staffPage.getByRole('heading', { name: `Nachrichten: ${title}`, level: 1 }).waitFor();
		await staffPage.getByText('Noch keine Nachrichten.').waitFor();
		await expectAccessible(staffPage);
	});

	it('a missing subject is named at the field and the text stays; the preview shows the mail without sending', async () => {
		const page = staffPage;
		await settled(page);
		await expect.poll(() => page.getByLabel(/Alle Angemeldeten mit Platz und auf der Warteliste \(derzeit 2\)/).isChecked()).toBe(true);
		await page.getByLabel('Nur die Warteliste (derzeit 1)').waitFor();
		await page.getByLabel('Nachricht', { exact: true }).fill('Wir treffen uns im großen Saal im Erdgeschoss.');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		const subject = page.getByLabel('Betreff');
		await expect.poll(() => fieldError(subject)).toContain('Bitte geben Sie einen Betreff ein.');
		expect(await page.getByLabel('Nachricht', { exact: true }).inputValue()).toBe('Wir treffen uns im großen Saal im Erdgeschoss.');
		await expectAccessible(page);

		await subject.fill('Raumänderung');
		await page.getByRole('button', { name: 'Vorschau zeigen' }).click();
		const preview = page.getByRole('region', { name: 'Vorschau: so kommt die E-Mail an' });
		await preview.waitFor();
		const text = await preview.innerText();
		expect(text).toContain(`Raumänderung – ${title}`);
		expect(text).toContain('Guten Tag [Name der Person]');
		expect(text).toContain('Wir treffen uns im großen Saal im Erdgeschoss.');
		await expectAccessible(page);
		await page.getByText('Noch keine Nachrichten.').waitFor();
	});

	it('sends it to both; the list shows the recipients and the delivery counts, the detail each mail', async () => {
		const page = staffPage;
		await settled(page);
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await page.getByRole('status').filter({ hasText: 'Die Nachricht ist verschickt. E-Mails an Angemeldete: 2.' }).waitFor();
		const row = page.getByRole('table', { name: 'Gesendete Nachrichten' }).locator('tbody tr');
		await expect.poll(() => row.count()).toBe(1);
		const cells = await row.innerText();
		expect(cells).toContain('Raumänderung');
		expect(cells).toContain('Alle Angemeldeten');
		expect(cells).toContain('gespeichert: 2');
		await expectAccessible(page);

		await page.getByRole('link', { name: 'Raumänderung' }).click();
		await page.getByRole('heading', { name: 'Nachricht: Raumänderung', level: 1 }).waitFor();
		const recipients = page.getByRole('table', { name: 'Empfängerinnen und Empfänger' }).locator('tbody tr');
		await expect.poll(() => recipients.count()).toBe(2);
		expect(await recipients.filter({ hasText: 'anna@example.org' }).innerText()).toContain('gespeichert');
		expect(await recipients.filter({ hasText: 'berta@example.org' }).innerText()).toContain('Berta Muster');
		await expectAccessible(page);
	});

	it('each person has her own mail in the outbox, with her link and nobody else', async () => {
		const outbox = new OutboxPage(staffPage, server.url);
		await outbox.open();
		const anna = await outbox.read('anna@example.org', `Raumänderung – ${title}`);
		expect(anna).toContain('Guten Tag Anna Beispiel');
		expect(anna).toContain('Wir treffen uns im großen Saal im Erdgeschoss.');
		expect(anna).toMatch(/\/veranstaltungen\/anmeldung\/\S+/);
		expect(anna).not.toContain('Berta');
		expect(await outbox.mails('berta@example.org', `Raumänderung – ${title}`).count()).toBe(1);
		await expectAccessible(staffPage);
	});

	it('the messages page works in English too', async () => {
		await staffPage.goto(`${eventUrl.replace(server.url, `${server.url}/en`)}/nachrichten`);
		await staffPage.getByRole('heading', { name: `Messages: ${title}`, level: 1 }).waitFor();
		await staffPage.getByLabel('Only the waitlist (currently 1)').waitFor();
		expect(await staffPage.getByRole('table', { name: 'Sent messages' }).innerText()).toContain('stored: 2');
		await expectAccessible(staffPage);
	});
});
