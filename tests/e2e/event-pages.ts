import type { Locator, Page } from 'playwright-core';
import { settled } from './group-pages.js';

/** Page objects for the event pages: what a person does, by role and label. */
export class EventListPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/veranstaltungen`);
		await this.page.getByRole('heading', { name: 'Veranstaltungen', level: 1 }).waitFor();
	}
	async newEvent() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Neue Veranstaltung' }).click();
		await this.page.getByRole('heading', { name: 'Neue Veranstaltung', level: 1 }).waitFor();
	}
	row(title: string): Locator {
		return this.page.getByRole('row').filter({ hasText: title });
	}
}

export type EventFields = {
	title?: string;
	description?: string;
	date?: string;
	from?: string;
	to?: string;
	venue?: string;
	postalCode?: string;
	city?: string;
	capacity?: string;
	question?: { label: string; purpose: string };
};

export class EventFormPage {
	constructor(private page: Page) {}
	get title() {
		return this.page.getByLabel('Titel', { exact: true });
	}
	session(n: number) {
		const group = this.page.getByRole('group', { name: `Termin ${n}`, exact: true });
		return { date: group.getByLabel('Datum'), from: group.getByLabel('Beginn'), to: group.getByLabel('Ende') };
	}
	async fill(fields: EventFields) {
		await settled(this.page);
		if (fields.title !== undefined) await this.title.fill(fields.title);
		if (fields.description !== undefined) await this.page.getByLabel('Beschreibung').fill(fields.description);
		const first = this.session(1);
		if (fields.date !== undefined) await first.date.fill(fields.date);
		if (fields.from !== undefined) await first.from.fill(fields.from);
		if (fields.to !== undefined) await first.to.fill(fields.to);
		if (fields.venue !== undefined) await this.page.getByLabel('Veranstaltungsort').fill(fields.venue);
		if (fields.postalCode !== undefined) await this.page.getByLabel('Postleitzahl').fill(fields.postalCode);
		if (fields.city !== undefined) await this.page.getByLabel('Ort', { exact: true }).fill(fields.city);
		if (fields.capacity !== undefined) await this.page.getByLabel('Plätze').fill(fields.capacity);
		if (fields.question) {
			const group = this.page.getByRole('group', { name: 'Frage 1', exact: true });
			await group.getByLabel('Frage', { exact: true }).fill(fields.question.label);
			await group.getByLabel('Wofür Sie die Antwort brauchen').fill(fields.question.purpose);
		}
	}
	async save(label = 'Als Entwurf speichern') {
		await this.page.getByRole('button', { name: label }).click();
	}
}

export class EventDetailPage {
	constructor(private page: Page) {}
	async publish() {
		await settled(this.page);
		await this.page.getByRole('button', { name: 'Veröffentlichen' }).click();
		await this.page.getByRole('status').filter({ hasText: 'Veröffentlicht' }).waitFor();
	}
	registrations(): Locator {
		return this.page.getByRole('table', { name: 'Anmeldungen' }).locator('tbody tr');
	}
}

/** The public pages, visited by people without an account (and without JavaScript). */
export class PublicEventPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async openProgramme() {
		await this.page.goto(`${this.base}/veranstaltungen`);
		await this.page.getByRole('heading', { name: 'Veranstaltungen', level: 1 }).waitFor();
	}
	async openEvent(title: string) {
		await this.page.getByRole('link', { name: title }).click();
		await this.page.getByRole('heading', { name: title, level: 1 }).waitFor();
	}
	/** Fills the form like a person: the protection refuses forms sent within 3 seconds of loading. */
	async register(person: { name: string; email: string; answer?: { label: string; value: string } }, button: string) {
		await this.page.getByLabel('Ihr Name').fill(person.name);
		await this.page.getByLabel('Ihre E-Mail-Adresse').fill(person.email);
		if (person.answer) await this.page.getByLabel(person.answer.label).fill(person.answer.value);
		await this.page.getByLabel(/Ich bin einverstanden/).check();
		await this.page.waitForTimeout(3200);
		await this.page.getByRole('button', { name: button }).click();
		await this.page.waitForURL(/\/veranstaltungen\/anmeldung\/[^/?]+\?neu=1$/);
	}
}
