import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** Fails the test with the list of violations if axe finds any (WCAG 2.2 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	const violations = result.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(violations, `axe on ${page.url()}`).toEqual([]);
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
