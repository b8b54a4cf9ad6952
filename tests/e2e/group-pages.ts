import type { Locator, Page } from 'playwright-core';

/**
 * Page objects for the groups pages of the back office: what a person does there, by role and
 * label. Every method waits for the page the action leads to, so a test reads as the journey.
 */

/**
 * Waits until the page that was just loaded is hydrated (its scripts loaded and run): a person
 * may type before that, but Svelte's hydration then resets typed values and closes opened
 * disclosures, which would make the journey flaky rather than test it.
 */
export async function settled(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
}

/** The message shown at a field (Field, Choices and Checkbox tie it to the input by aria-describedby). */
export async function fieldError(field: Locator): Promise<string> {
	const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
	if (!ids.length) return '';
	return (await field.page().locator(`[id="${ids[0]}"]`).innerText()).replace(/\s+/g, ' ').trim();
}

export class GroupListPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open(query = '') {
		await this.page.goto(`${this.base}/verwaltung/gruppen${query ? `?${query}` : ''}`);
	}
	async filterByName(text: string) {
		await settled(this.page);
		const filters = this.page.getByRole('search', { name: 'Gruppen filtern' });
		await filters.getByLabel('Name, PLZ oder Ort').fill(text);
		await Promise.all([
			this.page.waitForURL((url) => url.searchParams.get('q') === text),
			filters.getByRole('button', { name: 'Filtern' }).click()
		]);
	}
	results(): Locator {
		return this.page.getByRole('table', { name: 'Gruppen' });
	}
	groupLink(name: string): Locator {
		return this.results().getByRole('link', { name, exact: true });
	}
	async newGroup() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Neue Gruppe' }).click();
		await this.page.waitForURL(/\/verwaltung\/gruppen\/neu$/);
	}
	async importTable() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Tabelle importieren' }).click();
		await this.page.waitForURL(/\/verwaltung\/gruppen\/import$/);
	}
	/** Downloads the list (as filtered) as CSV and returns its text. */
	async downloadCsv(): Promise<{ fileName: string; text: string }> {
		await settled(this.page);
		const [download] = await Promise.all([
			this.page.waitForEvent('download'),
			this.page.getByRole('link', { name: 'Als CSV herunterladen' }).click()
		]);
		const stream = await download.createReadStream();
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(chunk as Buffer);
		return { fileName: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
	}
}

/** The group form: new group, edit, and the group contact's proposal form. */
export class GroupForm {
	constructor(private page: Page) {}
	get name() {
		return this.page.getByLabel('Name der Gruppe');
	}
	get topics() {
		return this.page.getByLabel('Themen', { exact: true });
	}
	get description() {
		return this.page.getByLabel('Beschreibung', { exact: true });
	}
	async fill(values: { name?: string; topics?: string; description?: string }) {
		await settled(this.page);
		if (values.name !== undefined) await this.name.fill(values.name);
		if (values.topics !== undefined) await this.topics.fill(values.topics);
		if (values.description !== undefined) await this.description.fill(values.description);
	}
	/** Submits with the given button (the answer is a new page, or the form again with messages). */
	async submit(button: string) {
		await settled(this.page);
		await this.page.getByRole('button', { name: button }).click();
	}
}

export class GroupDetailPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open(id: string) {
		await this.page.goto(`${this.base}/verwaltung/gruppen/${id}`);
	}
	/** The group's id from the address of its page. */
	id(): string {
		return /\/verwaltung\/gruppen\/([^/?]+)/.exec(this.page.url())?.[1] ?? '';
	}
	status(text: string): Locator {
		return this.page.getByRole('status').filter({ hasText: text });
	}
	section(name: string): Locator {
		return this.page.getByRole('region', { name, exact: true });
	}
	/**
	 * Clicks a button whose form is enhanced (the page stays) and waits for the answer and its
	 * success message (the same message may still be shown from the last time).
	 */
	private async act(button: Locator, done: string) {
		await settled(this.page);
		await Promise.all([this.page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
		await this.status(done).waitFor();
	}
	async publish() {
		await settled(this.page);
		await this.act(this.page.getByRole('button', { name: 'Veröffentlichen' }), 'Der Eintrag ist veröffentlicht.');
	}
	async edit() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Bearbeiten', exact: true }).click();
		await this.page.waitForURL(/\/bearbeiten$/);
	}
	async addMeeting() {
		await settled(this.page);
		await this.page.getByRole('link', { name: 'Treffen hinzufügen' }).click();
		await this.page.waitForURL(/\/treffen\/neu$/);
	}
	meeting(description: string | RegExp): Locator {
		return this.section('Treffen')
			.getByRole('article')
			.filter({ has: this.page.getByRole('heading', { name: description }) });
	}
	async changeLifecycle(status: string, since: string, note = '') {
		await settled(this.page);
		const form = this.section('Status der Gruppe');
		await form.getByLabel('Neuer Status').selectOption({ label: status });
		await form.getByLabel('Seit').fill(since);
		await form.getByLabel('Anmerkung (freiwillig)').fill(note);
		await this.act(form.getByRole('button', { name: 'Status ändern' }), 'Der Status ist geändert.');
	}
	/** Opens the contact person form and fills it; returns the section to submit or inspect. */
	async fillContact(person: { name: string; email?: string; phone?: string; consent: boolean }) {
		await settled(this.page);
		const section = this.section('Kontaktpersonen');
		if (!(await section.getByLabel('Name', { exact: true }).isVisible()))
			await section.getByText('Kontaktperson hinzufügen', { exact: true }).click();
		await section.getByLabel('Name', { exact: true }).fill(person.name);
		await section.getByLabel('E-Mail-Adresse').fill(person.email ?? '');
		await section.getByLabel('Telefon').fill(person.phone ?? '');
		await section.getByLabel('Wie wurde eingewilligt?').selectOption({ label: 'schriftlich' });
		await section.getByLabel(/Die Person hat eingewilligt/).setChecked(person.consent);
	}
	async saveContact() {
		await settled(this.page);
		await this.section('Kontaktpersonen').getByRole('button', { name: 'Kontaktperson speichern' }).click();
	}
	async inviteContact(name: string) {
		await settled(this.page);
		await this.act(
			this.page.getByRole('button', { name: `Zugang einladen für ${name}, um den Eintrag selbst zu pflegen` }),
			'Die Einladung ist verschickt.'
		);
	}
	async logSupport(entry: { kind: string; minutes: string; note: string }) {
		await settled(this.page);
		const section = this.section('Unterstützung durch die Kontaktstelle');
		await section.getByText('Unterstützung eintragen', { exact: true }).click();
		await section.getByLabel('Art').selectOption({ label: entry.kind });
		await section.getByLabel('Dauer in Minuten').fill(entry.minutes);
		await section.getByLabel('Notiz').fill(entry.note);
		await this.act(section.getByRole('button', { name: 'Eintragen' }), 'Die Unterstützung ist eingetragen.');
	}
	/** The rows of a table in a section, as the texts of their cells. */
	async tableRows(section: string): Promise<string[][]> {
		const rows = this.section(section).getByRole('table').getByRole('row');
		const all = await rows.evaluateAll((trs) =>
			trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()))
		);
		return all.filter((cells) => cells.length > 0);
	}
}

export class SeriesFormPage {
	constructor(private page: Page) {}
	/** "monthly on the given weeks of the month, on one weekday, from start to end" at a postal code. */
	async fillMonthly(values: { weekday: string; weeks: string[]; start: string; end: string; postalCode: string; street?: string }) {
		await settled(this.page);
		const p = this.page;
		await p.getByRole('group', { name: 'Wie oft?' }).getByLabel('monatlich an bestimmten Wochentagen').check();
		await p.getByRole('group', { name: 'An welchen Wochentagen?' }).getByLabel(values.weekday).check();
		const weeks = p.getByRole('group', { name: 'In welcher Woche des Monats?' });
		for (const week of values.weeks) await weeks.getByLabel(week, { exact: true }).check();
		await p.getByLabel('Beginn').fill(values.start);
		await p.getByLabel('Ende').fill(values.end);
		await p.getByRole('group', { name: 'Wo trifft sich die Gruppe?' }).getByLabel('an einem Ort').check();
		if (values.street !== undefined) await p.getByLabel('Straße und Hausnummer').fill(values.street);
		await p.getByLabel('Postleitzahl').fill(values.postalCode);
	}
	get postalCode() {
		return this.page.getByLabel('Postleitzahl');
	}
	async save() {
		await settled(this.page);
		await this.page.getByRole('button', { name: 'Speichern' }).click();
	}
}

export class ImportPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/gruppen/import`);
	}
	async upload(fileName: string, bytes: Buffer, mimeType = 'text/csv') {
		await settled(this.page);
		await this.page.getByLabel('Tabelle', { exact: true }).setInputFiles({ name: fileName, mimeType, buffer: bytes });
		await Promise.all([
			this.page.waitForURL(/\/verwaltung\/gruppen\/import\/[^/]+$/),
			this.page.getByRole('button', { name: 'Hochladen' }).click()
		]);
	}
}

export class ImportRunPage {
	constructor(private page: Page) {}
	mapping(): Locator {
		return this.page.getByRole('table', { name: 'Spalten der Tabelle und ihre Bedeutung' });
	}
	/** The target chosen for a column of the file, by its header. */
	async target(header: string): Promise<string> {
		const select = this.mapping().getByLabel(`Spalte „${header}“ übernehmen als`);
		return select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
	}
	async dryRun(options: { consentHeld: boolean }) {
		await settled(this.page);
		await this.page.getByLabel('Für die Kontaktdaten in der Tabelle liegen uns Einwilligungen vor').setChecked(options.consentHeld);
		await this.page.getByRole('button', { name: 'Prüfen (Probelauf)' }).click();
		await this.page.getByRole('heading', { name: 'Probelauf: so würde importiert' }).waitFor();
	}
	/** The per-row report of the dry run: spreadsheet row number, column, message. */
	async problems(): Promise<{ line: string; field: string; message: string }[]> {
		const rows = this.page.getByRole('table', { name: /^Meldungen je Zeile/ }).getByRole('row');
		const cells = await rows.evaluateAll((trs) =>
			trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()))
		);
		return cells.filter((c) => c.length === 3).map(([line = '', field = '', message = '']) => ({ line, field, message }));
	}
	async apply() {
		await settled(this.page);
		await this.page.getByRole('button', { name: /Gruppen jetzt importieren$/ }).click();
		await this.page.getByRole('heading', { name: 'Bericht' }).waitFor();
	}
	/** Waits while the page refreshes itself, until the import reports that it is done. */
	async waitUntilDone(timeout = 30_000) {
		await this.page
			.getByRole('status')
			.filter({ hasText: /Fertig:/ })
			.waitFor({ timeout });
	}
}

export class ReviewPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/gruppen/pruefen`);
	}
	proposal(group: string): Locator {
		return this.page.getByRole('article', { name: group });
	}
	/** Before and after of one field of a proposal, as shown in its table. */
	async change(group: string, field: string): Promise<{ before: string; after: string }> {
		const row = this.proposal(group).getByRole('row', { name: new RegExp(`^${field}`) });
		const cells = row.getByRole('cell');
		return { before: (await cells.nth(0).innerText()).trim(), after: (await cells.nth(1).innerText()).trim() };
	}
	async approve(group: string) {
		await settled(this.page);
		await this.proposal(group).getByRole('button', { name: 'Übernehmen' }).click();
		await this.page.getByRole('status').filter({ hasText: 'Die Änderung ist übernommen' }).waitFor();
	}
}

export class OutboxPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/verwaltung/postausgang`);
	}
	mails(to: string, subject: string | RegExp): Locator {
		return this.page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject });
	}
	/** Opens a mail (the newest first) and returns its text. */
	async read(to: string, subject: string | RegExp): Promise<string> {
		await settled(this.page);
		const row = this.mails(to, subject).first();
		await row.getByText(subject).click();
		return row.locator('pre').innerText();
	}
}

export class InvitationPage {
	constructor(private page: Page) {}
	async accept(name: string, password: string) {
		await settled(this.page);
		await this.page.getByLabel('Ihr Name').fill(name);
		await this.page.getByLabel('Passwort', { exact: true }).fill(password);
		await this.page.getByLabel('Passwort wiederholen').fill(password);
		await Promise.all([this.page.waitForURL(/\/anmelden$/), this.page.getByRole('button', { name: 'Einladung annehmen' }).click()]);
	}
}

export class MyGroupPage {
	constructor(private page: Page) {}
	async proposeDescription(description: string) {
		await settled(this.page);
		const section = this.page.getByRole('region', { name: 'Eintrag ändern' });
		await section.getByLabel('Beschreibung', { exact: true }).fill(description);
		await section.getByRole('button', { name: 'Änderung vorschlagen' }).click();
		await this.page.getByRole('status').filter({ hasText: 'Danke! Ihr Vorschlag ist bei der Kontaktstelle.' }).waitFor();
	}
}
