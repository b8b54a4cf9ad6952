import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';

/**
 * The test browser: CHROMIUM_PATH if set, else a system Chromium, else the Chromium that the
 * npm package @sparticuz/chromium ships (so `npm install && npm test` needs nothing else).
 */
export async function chromiumPath(): Promise<string> {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(candidate)) return candidate;
	const { default: packaged } = await import('@sparticuz/chromium');
	return packaged.executablePath();
}

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: await chromiumPath(),
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic'
		]
	});
}

// the windows opened with JavaScript switched off, with the options they were opened with
const withoutJavaScript = new WeakMap<BrowserContext, BrowserContextOptions>();

/** A browser window with JavaScript switched off, as some people browse. */
export async function newContextWithoutJavaScript(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	const context = await browser.newContext({ ...options, javaScriptEnabled: false });
	withoutJavaScript.set(context, options);
	return context;
}

/**
 * axe is a script and Chromium crashes when a script runs in a page whose JavaScript is off. So for
 * such a page, the HTML it shows (as rendered, after any form post) is loaded again at the same
 * address into a window where the page's own scripts are blocked: the same document, with the same
 * styles from the server, as a person without JavaScript sees it.
 */
async function copyWithoutPageScripts(page: Page, options: BrowserContextOptions): Promise<Page> {
	const url = page.url();
	const html = await page.content();
	const context = await page.context().browser()!.newContext(options);
	await context.route('**/*', (route) => {
		const request = route.request();
		if (request.isNavigationRequest() && request.url() === url)
			return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
		if (request.resourceType() === 'script') return route.abort();
		return route.continue();
	});
	const copy = await context.newPage();
	await copy.goto(url);
	return copy;
}

/** Fails the test with the list of violations if axe finds any (WCAG 2.2 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
	const options = withoutJavaScript.get(page.context());
	const target = options ? await copyWithoutPageScripts(page, options) : page;
	try {
		const result = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
		const violations = result.violations.map(
			(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
		expect(violations, `axe on ${page.url()}`).toEqual([]);
	} finally {
		if (target !== page) await target.context().close();
	}
}

/** Collects the titles of visited pages, to prove each is unique. */
export function titles() {
	const seen = new Map<string, string>();
	return {
		async record(page: Page) {
			const title = await page.title();
			const path = new URL(page.url()).pathname;
			const other = seen.get(title);
			expect(other === undefined || other === path, `title "${title}" used by ${other} and ${path}`).toBe(true);
			seen.set(title, path);
		}
	};
}
