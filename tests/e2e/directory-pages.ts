import type { Locator, Page, Request } from 'playwright-core';

/**
 * Page objects for the public directory (DIR-1 … DIR-6): what a person does there, by role and label.
 * `javaScript` says how the window was opened: with JavaScript the search follows the typing and the
 * forms solve their proof of work; without it every form is sent by its button.
 */

/**
 * Public forms refuse what is sent sooner than 3 seconds after the page was rendered (a robot is
 * faster). A person filling the form takes longer; the tests wait as long before sending.
 */
export const MINIMUM_FILL_MS = 3_000;

/** The fields of a public form post as the browser sent it (to see whether the proof of work was solved). */
export function postedFields(request: Request): URLSearchParams {
	return new URLSearchParams(request.postData() ?? '');
}

/** The text a person reads in a part of the page, on one line. */
export async function textOf(locator: Locator): Promise<string> {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Sends a form with its button and waits for the page that answers (with JavaScript the proof of
 * work is solved first); resolves with the post the browser sent.
 */
async function sent(page: Page, button: Locator): Promise<Request> {
	await page.bringToFront(); // a staff window may have opened since; the person's own window is in front when she sends
	const [post] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST'), page.waitForEvent('load'), button.click()]);
	return post;
}

/** The names of the groups in a list of results, in order. */
async function groupNames(list: Locator): Promise<string[]> {
	return (await list.getByRole('article').getByRole('heading', { level: 3 }).allInnerTexts()).map((name) => name.trim());
}

export class DirectorySearchPage {
	constructor(
		private page: Page,
		private base: string,
		private javaScript: boolean
	) {}
	/** Opens /gruppen (or /en/gruppen) with the given query. */
	async open(query: Record<string, string> = {}, prefix = '') {
		const search = new URLSearchParams(query).toString();
		await this.page.goto(`${this.base}${prefix}/gruppen${search ? `?${search}` : ''}`);
	}
	form(): Locator {
		return this.page.getByRole('search');
	}
	/**
	 * Types a topic and a place and searches. With JavaScript the results follow the typing (the
	 * address changes with them, no button needed); without it the button sends the form.
	 */
	async search(
		values: { q: string; place?: string },
		labels = { q: 'Thema oder Stichwort', place: 'Postleitzahl oder Ort', submit: 'Gruppen suchen' }
	) {
		const form = this.form();
		const place = values.place ?? '';
		await form.getByLabel(labels.q).fill(values.q);
		await form.getByLabel(labels.place).fill(place);
		// the script leaves empty fields out of the address
		const shown = (url: URL) => (url.searchParams.get('q') ?? '') === values.q && (url.searchParams.get('ort') ?? '') === place;
		if (this.javaScript) await this.updated(shown);
		else await Promise.all([this.page.waitForURL(shown), form.getByRole('button', { name: labels.submit }).click()]);
	}
	/** Sends the form with its button, also with JavaScript (a full page load). */
	async submit() {
		await Promise.all([this.page.waitForEvent('load'), this.form().getByRole('button', { name: 'Gruppen suchen' }).click()]);
	}
	/** Narrows the results to one topic under "Weitere Filter" (the options carry their counts). */
	async filterByTopic(topic: string) {
		const form = this.form();
		const select = form.getByLabel('Thema', { exact: true });
		if (!(await select.isVisible())) await form.getByText('Weitere Filter', { exact: true }).click();
		const option = select.locator('option').filter({ hasText: new RegExp(`^${topic} \\(\\d+\\)$`) });
		const value = (await option.getAttribute('value')) ?? '';
		await select.selectOption(value);
		const shown = (url: URL) => url.searchParams.get('thema') === value;
		if (this.javaScript) await this.updated(shown);
		else await Promise.all([this.page.waitForURL(shown), form.getByRole('button', { name: 'Filter anwenden' }).click()]);
	}
	/** With JavaScript: waits until the results for the new address are in (the script then updates the address). */
	private async updated(shown: (url: URL) => boolean) {
		await this.page.waitForURL(shown);
		await this.page.locator('#directory-results[aria-busy="false"]').waitFor({ state: 'attached' });
	}
	/** The results within the radius (with their heading, notices and the empty-result help). */
	results(): Locator {
		return this.page.getByRole('region').filter({ has: this.page.locator('h2#results-heading') });
	}
	async heading(): Promise<string> {
		return textOf(this.page.locator('#results-heading'));
	}
	async groupNames(): Promise<string[]> {
		return groupNames(this.results());
	}
	/** The nearest groups beyond the radius, set apart from the results. */
	beyond(): Locator {
		return this.page.getByRole('region', { name: 'Weiter entfernt' });
	}
	async beyondNames(): Promise<string[]> {
		return groupNames(this.beyond());
	}
	/** One result, as the article with the group's name. */
	result(name: string): Locator {
		return this.page.getByRole('article', { name, exact: true });
	}
	async openGroup(name: string) {
		await Promise.all([this.page.waitForURL(/\/gruppen\/[a-z0-9-]+$/), this.result(name).getByRole('link', { name, exact: true }).click()]);
	}
}

/** The public page of a group, /gruppen/{slug}, with its anonymous contact form. */
export class PublicGroupPage {
	constructor(private page: Page) {}
	section(name: string): Locator {
		return this.page.getByRole('region', { name, exact: true });
	}
	contactForm(): Locator {
		return this.section('Kontakt aufnehmen');
	}
	/**
	 * Fills the anonymous contact form (on the group page, or on its own page after a refused post)
	 * and sends it after the time a person takes; resolves with the post the browser sent.
	 */
	async sendMessage(values: { name?: string; email: string; message: string; consent: boolean }, form: Locator = this.contactForm()) {
		await form.getByLabel('Ihr Name (freiwillig)').fill(values.name ?? '');
		await form.getByLabel('Ihre E-Mail-Adresse').fill(values.email);
		await form.getByLabel('Ihre Nachricht').fill(values.message);
		await form.getByLabel(/Meine E-Mail-Adresse darf zur Weiterleitung/).setChecked(values.consent);
		await this.page.waitForTimeout(MINIMUM_FILL_MS);
		return sent(this.page, form.getByRole('button', { name: 'Nachricht senden' }));
	}
}

/** The founding-interest form (/gruendungsinteresse). */
export class FoundingInterestPage {
	constructor(private page: Page) {}
	get topic() {
		return this.page.getByLabel('Thema', { exact: true });
	}
	get postalCode() {
		return this.page.getByLabel('Postleitzahl', { exact: true });
	}
	/** Completes the form (topic and postal code may come filled in from the search) and sends it after a person's time. */
	async register(values: { email: string; consent: boolean }) {
		await this.page.getByLabel('E-Mail-Adresse', { exact: true }).fill(values.email);
		await this.page.getByLabel(/Ich bin einverstanden/).setChecked(values.consent);
		await this.page.waitForTimeout(MINIMUM_FILL_MS);
		return sent(this.page, this.page.getByRole('button', { name: 'Interesse anmelden' }));
	}
}
