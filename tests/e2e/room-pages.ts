import type { Locator, Page } from 'playwright-core';
import { settled } from './group-pages.js';

/**
 * Page objects for the rooms pages of the back office (ROOM-1 … ROOM-4): what a person does there,
 * by role and label. Every method waits for the page its action leads to.
 */

export class RoomListPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/raeume`);
		await this.page.getByRole('heading', { name: 'Räume', level: 1 }).waitFor();
	}
	table(): Locator {
		return this.page.getByRole('table', { name: 'Räume der Kontaktstelle' });
	}
	async newRoom() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Neuer Raum' }).click();
		await this.page.waitForURL(/\/verwaltung\/raeume\/neu$/);
	}
	async requests() {
		await settled(this.page);
		await this.page.getByRole('link', { name: /^Anfragen \(\d+ offen\)$/ }).click();
		await this.page.waitForURL(/\/verwaltung\/raeume\/anfragen$/);
	}
}

export class RoomForm {
	constructor(private page: Page) {}
	get name() {
		return this.page.getByLabel('Name des Raums');
	}
	get capacity() {
		return this.page.getByLabel('Plätze (Personen)');
	}
	async fill(values: { name: string; capacity: string; stepFree?: boolean; equipment?: string[]; tuesday?: [string, string] }) {
		await settled(this.page);
		await this.name.fill(values.name);
		await this.capacity.fill(values.capacity);
		if (values.stepFree) await this.page.getByLabel('stufenlos erreichbar').check();
		if (values.equipment) await this.page.getByLabel('Feste Ausstattung').fill(values.equipment.join('\n'));
		if (values.tuesday) {
			await this.page.getByLabel('Dienstag von').fill(values.tuesday[0]);
			await this.page.getByLabel('Dienstag bis').fill(values.tuesday[1]);
		}
	}
	async save() {
		await settled(this.page);
		await this.page.getByRole('button', { name: 'Speichern' }).click();
	}
}

/** The booking form: staff book, a group contact requests (the same page). */
export class BookingFormPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open(query = '') {
		await this.page.goto(`${this.base}/verwaltung/raeume/buchen${query ? `?${query}` : ''}`);
	}
	async fillOnce(values: { room: string; owner?: string; title: string; attendees: string; date: string; from: string; to: string }) {
		await settled(this.page);
		const p = this.page;
		await this.chooseRoom(values.room);
		if (values.owner) await p.getByRole('group', { name: 'Für wen?' }).getByLabel(values.owner).check();
		await p.getByLabel('Wofür?').fill(values.title);
		await p.getByLabel('Wie viele Personen kommen?').fill(values.attendees);
		await p.getByRole('group', { name: 'Wie oft?' }).getByLabel('einmalig').check();
		await p.getByLabel('Beginn').fill(values.from);
		await p.getByLabel('Ende', { exact: true }).fill(values.to);
		await p.getByLabel('Erster Termin ab').fill(values.date);
	}
	/** "every nth and mth weekday of the month" from a date to a date. */
	async fillMonthly(values: {
		room: string;
		attendees: string;
		weekday: string;
		weeks: string[];
		start: string;
		end: string;
		from: string;
		to: string;
	}) {
		await settled(this.page);
		const p = this.page;
		await this.chooseRoom(values.room);
		await p.getByLabel('Wie viele Personen kommen?').fill(values.attendees);
		await p.getByRole('group', { name: 'Wie oft?' }).getByLabel('monatlich an bestimmten Wochentagen').check();
		await p.getByRole('group', { name: 'An welchen Wochentagen?' }).getByLabel(values.weekday).check();
		const weeks = p.getByRole('group', { name: 'In welcher Woche des Monats?' });
		for (const week of values.weeks) await weeks.getByLabel(week, { exact: true }).check();
		await p.getByLabel('Beginn').fill(values.from);
		await p.getByLabel('Ende', { exact: true }).fill(values.to);
		await p.getByLabel('Erster Termin ab').fill(values.start);
		await p.getByLabel('Letzter Termin').fill(values.end);
	}
	async chooseRoom(room: string) {
		const select = this.page.getByLabel('Raum', { exact: true });
		const value = await select.locator('option').filter({ hasText: room }).first().getAttribute('value');
		await select.selectOption(value ?? '');
	}
	/** Presses a button of the form; "Prüfen" shows the form again, "Buchen"/"Anfragen" lead to the calendar. */
	async press(button: 'Prüfen' | 'Buchen' | 'Anfragen' | 'Ohne die belegten Termine buchen') {
		await settled(this.page);
		await Promise.all([this.page.waitForLoadState('load'), this.page.getByRole('button', { name: button, exact: true }).click()]);
	}
	checkTable(): Locator {
		return this.page.getByRole('table', { name: 'Alle Termine dieser Buchung' });
	}
	/** The rows of the check: [date, "frei" | "belegt: …"]. */
	async checkRows(): Promise<string[][]> {
		await this.checkTable().waitFor();
		return this.checkTable()
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()))
			);
	}
}

export class CalendarPage {
	constructor(private page: Page) {}
	table(): Locator {
		return this.page.getByRole('table', { name: /^Belegung:/ });
	}
	/** The texts of the cells of each row: [day, room 1, room 2, …]. */
	async rows(): Promise<string[][]> {
		await this.table().waitFor();
		return this.table()
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()))
			);
	}
}

export class RequestsPage {
	constructor(private page: Page) {}
	request(title: string): Locator {
		return this.page.getByRole('region', { name: new RegExp(`^${title} in `) });
	}
	async decline(title: string, reason: string) {
		await settled(this.page);
		const section = this.request(title);
		await section.getByLabel('Grund für die Ablehnung').fill(reason);
		await Promise.all([this.page.waitForLoadState('load'), section.getByRole('button', { name: `Ablehnen: ${title}` }).click()]);
	}
	async approve(title: string) {
		await settled(this.page);
		await this.request(title)
			.getByRole('button', { name: `Bestätigen: ${title}` })
			.click();
		await this.page.getByRole('status').filter({ hasText: 'Bestätigt: ' }).waitFor();
	}
}
