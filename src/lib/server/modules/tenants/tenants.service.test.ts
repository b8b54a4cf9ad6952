import { describe, expect, it } from 'vitest';
import { slugify } from './tenants.service.js';

describe('slugify', () => {
	it('spells umlauts and ß the German way', () => {
		expect(slugify('Selbsthilfe-Kontaktstelle Köln-Mülheim')).toBe('selbsthilfe-kontaktstelle-koeln-muelheim');
		expect(slugify('KISS Gießen')).toBe('kiss-giessen');
	});
	it('drops punctuation and other accents', () => {
		expect(slugify('  SEKIS  (Berlin) – Café ')).toBe('sekis-berlin-cafe');
	});
	it('never returns an empty slug', () => {
		expect(slugify('***')).toBe('buero');
	});
	it('keeps slugs short', () => {
		expect(slugify('a'.repeat(100)).length).toBeLessThanOrEqual(60);
	});
});
