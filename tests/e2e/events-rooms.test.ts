import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launch } from './browser.js';
import { startServer, type TestServer, treffpunktCli } from './server.js';
import { signedInPage } from './pages.js';
import { fieldError, settled } from './group-pages.js';
import { BookingFormPage, RoomForm, RoomListPage } from './room-pages.js';
import { EventFormPage, EventListPage } from './event-pages.js';
import { addDays, instantToWall } from '../../src/lib/recurrence/index.js';

// EVT-1 with ROOM-2 in the browser: an event in a room of the office books the room for its
// session. A time the room is taken is refused at the room field with the date and what is booked
// there, everything typed stays; at a free time the event is saved and the room calendar shows it.

const office = 'Kontaktstelle Heideblick';
const staff = { email: 'seminare@example.org', password: 'ein-gutes-passwort', name: 'Sina Seminar' };
const title = 'Gesprächsführung in der Gruppe – ein Übungsabend';
const date = addDays(instantToWall(new Date()).date, 28);
/** "2026-12-08" → "08.12.2026", as the pages show dates in German. */
const germanDate = (iso: string) => iso.split('-').reverse().join('.');

let server: TestServer;
let browser: Browser;
let page: Page;

const cli = (args: string[]) => treffpunktCli(server, args);

beforeAll(async () => {
	server = await startServer();
	cli(['setup', '--office', office, '--email', staff.email, '--password', staff.password, '--name', staff.name, '--state', 'NI']);
	browser = await launch();
	page = await signedInPage(browser, server.url, staff);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('an event in a room of the office holds the room', () => {
	it('staff create a room and book it for a team meeting', async () => {
		const list = new RoomListPage(page, server.url);
		await list.open();
		await list.newRoom();
		const form = new RoomForm(page);
		await form.fill({ name: 'Seminarraum Linde', capacity: '16' });
		await form.save();
		await page.waitForURL(/\/verwaltung\/raeume\?gespeichert=1$/);
		const booking = new BookingFormPage(page, server.url);
		await booking.open();
		await booking.fillOnce({
			room: 'Seminarraum Linde',
			owner: 'die Kontaktstelle selbst',
			title: 'Teamsitzung',
			attendees: '5',
			date,
			from: '18:00',
			to: '19:30'
		});
		await booking.press('Buchen');
		await page.waitForURL(/\/verwaltung\/raeume\/kalender\?/);
	});

	it('an event at a taken time is refused at the room with the date and the booking; what was typed stays', async () => {
		const list = new EventListPage(page, server.url);
		await list.open();
		await list.newEvent();
		const form = new EventFormPage(page);
		await form.fill({ title, date, from: '19:00', to: '21:00', capacity: '12' });
		const room = page.getByLabel('Raum der Kontaktstelle');
		const value = await room.locator('option').filter({ hasText: 'Seminarraum Linde' }).getAttribute('value');
		await room.selectOption(value ?? '');
		await form.save();
		await page.waitForLoadState('load');
		const message = await fieldError(room);
		expect(message).toContain(germanDate(date));
		expect(message).toContain('18:00–19:30 „Teamsitzung“');
		expect(message).toContain('gespeichert wurde nichts');
		expect(await form.title.inputValue()).toBe(title);
		expect(await room.inputValue()).toBe(value);
		expect(await form.session(1).from.inputValue()).toBe('19:00');
		await expectAccessible(page);

		await settled(page);
		await form.session(1).from.fill('19:30');
		await form.session(1).to.fill('21:30');
		await form.save();
		await page.waitForURL(/\/verwaltung\/veranstaltungen\/[^/]+\?gespeichert=1$/);
	});

	it('the event’s page links its session to the room booking', async () => {
		const booked = page.getByRole('link', { name: 'Raum gebucht: Seminarraum Linde' });
		expect(await booked.getAttribute('href')).toMatch(/^\/verwaltung\/raeume\/buchung\/[0-9a-f-]{36}$/);
		await expectAccessible(page);
	});

	it('the room calendar shows the event’s session after the team meeting', async () => {
		await page.goto(`${server.url}/verwaltung/raeume/kalender?ansicht=tag&datum=${date}`);
		const day = page.getByRole('table', { name: /^Belegung:/ });
		await day.waitFor();
		const text = (await day.innerText()).replace(/\s+/g, ' ');
		expect(text).toContain('Teamsitzung');
		expect(text).toContain(title);
		await expectAccessible(page);
	});
});
