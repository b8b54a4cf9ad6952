import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { currentTotp } from '../../src/lib/server/auth/totp.js';
import { expectAccessible } from './browser.js';
import { settled } from './group-pages.js';

/** Page objects: what a person does on a page, by role and label, never by CSS internals. */
export class LoginPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open(prefix = '') {
		await this.page.goto(`${this.base}${prefix}/anmelden`);
	}
	async logIn(email: string, password: string) {
		await this.page.getByLabel('E-Mail-Adresse').fill(email);
		await this.page.getByLabel('Passwort', { exact: true }).fill(password);
		await this.page.getByRole('button', { name: 'Anmelden' }).click();
	}
}

// the time step of the last code entered per key: a code is accepted only once
const lastStep = new Map<string, number>();

export class SecondFactorPage {
	constructor(private page: Page) {}
	/** Reads the key shown during enrolment (as a person would type it into her app). */
	async secret(): Promise<string> {
		return (await this.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
	}
	/** Types the app's current code; like a person, waits for a fresh one if this one was used. */
	async enterCode(secret: string, button = 'Bestätigen') {
		const step = () => Math.floor(Date.now() / 30_000);
		while (step() <= (lastStep.get(secret) ?? -1)) await this.page.waitForTimeout(500);
		lastStep.set(secret, step());
		await this.page.getByLabel('Code aus der App').fill(currentTotp(secret));
		await this.page.getByRole('button', { name: button }).click();
	}
}

// the authenticator key of each account enrolled during this run, by e-mail address
const secrets = new Map<string, string>();

/**
 * On the open login page: logs a staff member in with password and the second factor, enrolling it on
 * her first login (as an authenticator app would), and waits for the back office. axe runs on the code page.
 */
export async function logInWithSecondFactor(page: Page, base: string, user: { email: string; password: string }) {
	await settled(page);
	await new LoginPage(page, base).logIn(user.email, user.password);
	await page.waitForURL(/\/anmelden\/code/).catch(async (e) => {
		throw new Error(`${e}\n${await page.locator('main').innerText()}`);
	});
	const totp = new SecondFactorPage(page);
	if (new URL(page.url()).pathname === '/anmelden/code/einrichten') {
		await expectAccessible(page);
		secrets.set(user.email, await totp.secret());
		await totp.enterCode(secrets.get(user.email)!, 'Einrichten und anmelden');
	} else {
		await expectAccessible(page);
		await totp.enterCode(secrets.get(user.email)!);
	}
	await page.waitForURL(/\/verwaltung$/);
}

/** A new German browser window (10 s per step) in which the staff member is logged in, with her second factor. */
export async function signedInPage(
	browser: Browser,
	base: string,
	user: { email: string; password: string },
	options: BrowserContextOptions = {}
): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', ...options });
	context.setDefaultTimeout(10_000);
	const page = await context.newPage();
	await new LoginPage(page, base).open();
	await logInWithSecondFactor(page, base, user);
	return page;
}

export class SetupPage {
	constructor(
		private page: Page,
		private base: string
	) {}
	async open() {
		await this.page.goto(`${this.base}/einrichtung`);
	}
	async fill(values: { code: string; office: string; state: string; name: string; email: string; password: string; repeat?: string }) {
		await this.page.getByLabel('Einrichtungscode').fill(values.code);
		await this.page.getByLabel('Name der Kontaktstelle').fill(values.office);
		await this.page.getByLabel('Bundesland').selectOption({ label: values.state });
		await this.page.getByLabel('Ihr Name').fill(values.name);
		await this.page.getByLabel('E-Mail-Adresse').fill(values.email);
		await this.page.getByLabel('Passwort', { exact: true }).fill(values.password);
		await this.page.getByLabel('Passwort wiederholen').fill(values.repeat ?? values.password);
		await this.page.getByRole('button', { name: 'Einrichten' }).click();
	}
}
