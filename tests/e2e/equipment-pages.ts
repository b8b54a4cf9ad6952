import type { Locator, Page } from 'playwright-core';
import { settled } from './group-pages.js';

/**
 * Page objects for equipment lending (ROOM-5): the inventory, the new-item form and an item's
 * page with its reservations, hand-out and return. By role and label, as a person finds things.
 */
export class InventoryPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/ausleihe`);
		await this.page.getByRole('heading', { name: 'Ausleihe', level: 1 }).waitFor();
	}
	table(): Locator {
		return this.page.getByRole('table', { name: 'Geräte' });
	}
	/** The inventory row of one item (its name is the row header). */
	row(name: string): Locator {
		return this.table()
			.getByRole('row')
			.filter({ has: this.page.getByRole('rowheader', { name }) });
	}
	async newItem() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Neues Gerät' }).click();
		await this.page.waitForURL(/\/verwaltung\/ausleihe\/neu$/);
	}
	async openItem(name: string) {
		await settled(this.page);
		await this.table().getByRole('link', { name, exact: true }).click();
		await this.page.waitForURL(/\/verwaltung\/ausleihe\/[0-9a-f-]{36}$/);
	}
}

export class ItemForm {
	constructor(private page: Page) {}
	get name() {
		return this.page.getByLabel('Bezeichnung');
	}
	async fill(values: { name?: string; description?: string }) {
		await settled(this.page);
		if (values.name !== undefined) await this.name.fill(values.name);
		if (values.description !== undefined) await this.page.getByLabel('Beschreibung und Zubehör').fill(values.description);
	}
	async submit() {
		await this.page.getByRole('button', { name: 'Gerät anlegen' }).click();
	}
}

export class ItemPage {
	constructor(private page: Page) {}
	status(text: string): Locator {
		return this.page.getByRole('status').filter({ hasText: text });
	}
	reserveForm(): Locator {
		return this.page.locator('form[action="?/reserve"]');
	}
	get fromDate() {
		return this.reserveForm().getByLabel('Von (erster Tag)');
	}
	/** Reserves for someone who is not a group of the office. */
	async reserveForOther(borrower: string, from: string, until: string) {
		await settled(this.page);
		const form = this.reserveForm();
		await form.getByRole('radio', { name: /Jemand anderes/ }).check();
		await form.getByLabel('Name der Ausleihenden').fill(borrower);
		await form.getByLabel('Von (erster Tag)').fill(from);
		await form.getByLabel('Bis (letzter Tag)').fill(until);
		await form.getByRole('button', { name: 'Reservieren' }).click();
	}
	/** Reserves for a group of the office. */
	async reserveForGroup(group: string, from: string, until: string) {
		await settled(this.page);
		const form = this.reserveForm();
		await form.getByRole('radio', { name: 'Eine Gruppe der Kontaktstelle' }).check();
		await form.getByLabel('Gruppe', { exact: true }).selectOption({ label: group });
		await form.getByLabel('Von (erster Tag)').fill(from);
		await form.getByLabel('Bis (letzter Tag)').fill(until);
		await form.getByRole('button', { name: 'Reservieren' }).click();
	}
	/** The calendar's cell of one day ("02.12."), which says in words what the item does that day. */
	calendarDay(dayLabel: string): Locator {
		return this.page
			.getByRole('table', { name: /^Belegung von / })
			.getByRole('cell', { name: new RegExp(`^${dayLabel.replace(/\./g, '\\.')}`) });
	}
	/** The card of one reservation or loan, by its heading ("12.12.2026 bis 14.12.2026: Stadtteilverein"). */
	loan(heading: RegExp | string): Locator {
		return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: heading, level: 3 }) });
	}
	async handOut(heading: RegExp | string, condition: string, note: string) {
		await settled(this.page);
		const card = this.loan(heading);
		await card.getByLabel('Zustand bei der Ausgabe').selectOption({ label: condition });
		await card.getByLabel('Notiz').fill(note);
		await card.getByRole('button', { name: /ausgeben$/ }).click();
	}
	async takeBack(heading: RegExp | string, condition: string, note: string) {
		await settled(this.page);
		const card = this.loan(heading);
		await card.getByLabel('Zustand bei der Rückgabe').selectOption({ label: condition });
		await card.getByLabel('Notiz').fill(note);
		await card.getByRole('button', { name: /zurücknehmen$/ }).click();
	}
	history(): Locator {
		return this.page.getByRole('table', { name: /Frühere Ausleihen/ });
	}
}
