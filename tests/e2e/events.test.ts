import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch, newContextWithoutJavaScript } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { signedInPage } from './pages.js';
import { fieldError, OutboxPage } from './group-pages.js';
import { EventDetailPage, EventFormPage, EventListPage, PublicEventPage } from './event-pages.js';
import { addDays, instantToWall } from '../../src/lib/recurrence/index.js';

// EVT-1, EVT-2, EVT-5 in the browser: staff publish an event with one place; a person registers
// without JavaScript, a second joins the waitlist, the first cancels through her link, and the
// offer to the second is in the outbox. axe runs on every page visited.

const office = 'Kontaktstelle Elbmarsch';
const staff = { email: 'programm@example.org', password: 'ein-gutes-passwort', name: 'Paula Programm' };
const title = 'Gut für sich sorgen – ein Abend für Angehörige';
const date = addDays(instantToWall(new Date()).date, 21);
const first = { name: 'Anna Beispiel', email: 'anna@example.org' };
const second = { name: 'Berta Muster', email: 'berta@example.org' };

let server: TestServer;
let browser: Browser;
let staffPage: Page;

const cli = (args: string[]) => treffpunktCli(server, args);

/** A person's browser without JavaScript: the public pages must work as plain HTML. */
async function personPage(): Promise<Page> {
	const context = await newContextWithoutJavaScript(browser, { locale: 'de-DE' });
	context.setDefaultTimeout(10_000);
	return context.newPage();
}

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

describe('an event with one place: registration, waitlist, cancellation by link, the offer to the next', () => {
	let firstLink = '';
	let secondLink = '';

	it('staff create an event (a missing title is named at the field, what was typed stays) and publish it', async () => {
		const page = staffPage;
		const list = new EventListPage(page, server.url);
		await list.open();
		await expectAccessible(page);
		await list.newEvent();
		await expectAccessible(page);
		const form = new EventFormPage(page);
		await form.fill({
			title: '',
			description: 'Ein Abend über Grenzen, Kraftquellen und Hilfe für sich selbst.',
			date,
			from: '18:00',
			to: '20:00',
			venue: 'Bürgerhaus, Am Deich 3',
			postalCode: '21423',
			city: 'Winsen',
			capacity: '1',
			question: { label: 'Brauchen Sie Unterstützung vor Ort?', purpose: 'damit wir sie einplanen können' }
		});
		await form.save();
		expect(await fieldError(form.title)).toContain('Titel');
		expect(await form.session(1).date.inputValue()).toBe(date);
		await expectAccessible(page);
		await form.title.fill(title);
		await form.save();
		await page.waitForURL(/\/verwaltung\/veranstaltungen\/[^/]+\?gespeichert=1$/);
		await expectAccessible(page);
		const detail = new EventDetailPage(page);
		await detail.publish();
		await expectAccessible(page);
		await list.open();
		expect(await list.row(title).innerText()).toContain('0 von 1 vergeben');
	});

	it('a person registers without JavaScript and gets her place; the page says an e-mail is on its way', async () => {
		const page = await personPage();
		const visitor = new PublicEventPage(page, server.url);
		await visitor.openProgramme();
		await expectAccessible(page);
		await visitor.openEvent(title);
		await page.getByText('Sie können sich jetzt anmelden.').waitFor();
		await expectAccessible(page);
		const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
		expect(ld).toMatchObject({ '@type': 'Event', name: title, eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode' });
		await visitor.register(
			{ ...first, answer: { label: 'Brauchen Sie Unterstützung vor Ort?', value: 'Nein, danke' } },
			'Verbindlich anmelden'
		);
		await page.getByText('Sie sind angemeldet.').waitFor();
		await page.getByText('Eine E-Mail mit allen Angaben und diesem Link ist unterwegs.').waitFor();
		await expectAccessible(page);
		firstLink = page.url().replace(/\?neu=1$/, '');
		await page.context().close();
	});

	it('a second person finds the event full, is told why, and joins the waitlist', async () => {
		const page = await personPage();
		const visitor = new PublicEventPage(page, server.url);
		await visitor.openProgramme();
		await visitor.openEvent(title);
		await page.getByText(/Alle Plätze sind vergeben\. Sie können sich auf die Warteliste setzen lassen/).waitFor();
		await expectAccessible(page);
		await visitor.register(
			{ ...second, answer: { label: 'Brauchen Sie Unterstützung vor Ort?', value: 'Ja, einen Platz am Gang' } },
			'Auf die Warteliste'
		);
		await page.getByText('Sie stehen auf der Warteliste.').waitFor();
		await page.getByText('Sie sind auf Platz 1 der Warteliste.', { exact: false }).waitFor();
		await expectAccessible(page);
		await page.context().close();
	});

	it('the first cancels through her link after a confirmation step; the place is offered to the second by e-mail', async () => {
		const page = await personPage();
		await page.goto(firstLink);
		await page.getByRole('heading', { name: `Ihre Anmeldung: ${title}`, level: 1 }).waitFor();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Abmelden …' }).click();
		await page.getByText('Möchten Sie sich wirklich', { exact: false }).waitFor();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Ja, abmelden' }).click();
		await page.getByText('Sie sind abgemeldet.', { exact: false }).waitFor();
		await expectAccessible(page);
		// an unknown link gets a friendly answer, not an error page
		await page.goto(`${server.url}/veranstaltungen/anmeldung/gibt-es-nicht`);
		await page.getByRole('heading', { name: 'Dieser Link ist uns nicht bekannt', level: 1 }).waitFor();
		await expectAccessible(page);
		await page.context().close();

		const outbox = new OutboxPage(staffPage, server.url);
		await outbox.open();
		const mail = await outbox.read(second.email, `Ein Platz ist frei: ${title}`);
		secondLink = /\/veranstaltungen\/anmeldung\/[A-Za-z0-9_-]+/.exec(mail)?.[0] ?? '';
		expect(secondLink).not.toBe('');
		await expectAccessible(staffPage);

		const list = new EventListPage(staffPage, server.url);
		await list.open();
		await staffPage.getByRole('link', { name: title }).click();
		await staffPage.getByRole('heading', { name: title, level: 1 }).waitFor();
		const rows = await new EventDetailPage(staffPage).registrations().allInnerTexts();
		expect(rows).toHaveLength(2);
		expect(rows[0]).toContain('Abgemeldet');
		expect(rows[1]).toContain('Platz angeboten');
		expect(rows[1]).toContain('Ja, einen Platz am Gang');
		await expectAccessible(staffPage);
	});

	it('the second confirms the offered place through the link in her e-mail; staff see her registered', async () => {
		const page = await personPage();
		await page.goto(`${server.url}${secondLink}`);
		await page.getByRole('heading', { name: 'Ein Platz ist frei geworden', level: 2 }).waitFor();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Ja, ich komme' }).click();
		await page.getByText('Der Platz gehört Ihnen.', { exact: false }).waitFor();
		await expectAccessible(page);
		await page.context().close();

		await staffPage.reload();
		const rows = await new EventDetailPage(staffPage).registrations().allInnerTexts();
		expect(rows[1]).toContain('Angemeldet');
	});

	it('staff mark who came and download her participation certificate as a PDF', async () => {
		const page = staffPage;
		await page.getByRole('link', { name: 'Anwesenheit erfassen und Teilnahmebescheinigungen' }).click();
		await page.getByRole('heading', { name: `Anwesenheit: ${title}`, level: 1 }).waitFor();
		await expectAccessible(page);
		await page.getByLabel(second.name).check();
		await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
		await page.getByRole('status').filter({ hasText: 'Die Anwesenheit ist gespeichert.' }).waitFor();
		expect(await page.getByLabel(second.name).isChecked()).toBe(true);
		await expectAccessible(page);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: `Bescheinigung für ${second.name} (PDF)` }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.pdf$/);
		const stream = await download.createReadStream();
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it('the programme and the event page are complete in English too', async () => {
		const page = await personPage();
		await page.goto(`${server.url}/en/veranstaltungen`);
		await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
		await expectAccessible(page);
		await page.getByRole('link', { name: title }).click();
		await page.getByRole('heading', { name: title, level: 1 }).waitFor();
		await page.getByText('All places are taken.', { exact: false }).waitFor();
		await expectAccessible(page);
		await page.context().close();
	});
});
