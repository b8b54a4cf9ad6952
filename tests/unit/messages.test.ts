import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import de from '../../messages/de.json' with { type: 'json' };
import en from '../../messages/en.json' with { type: 'json' };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

describe('message catalogue', () => {
	it('has every German key in English too, with the same placeholders', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
		for (const [key, text] of Object.entries(de)) {
			expect(placeholders((en as Record<string, string>)[key] ?? ''), key).toEqual(placeholders(text));
		}
	});

	it('has no empty texts', () => {
		for (const [key, text] of [...Object.entries(de), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
	});

	it('defines every key the code uses', () => {
		const used = new Set<string>();
		const walk = (dir: string) => {
			for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
				const p = path.join(dir, e.name);
				if (e.isDirectory()) {
					if (e.name !== 'paraglide') walk(p);
				} else if (/\.(ts|svelte)$/.test(e.name)) {
					for (const match of fs.readFileSync(p, 'utf8').matchAll(/\bm\.(\w+)\(/g)) used.add(match[1]!);
					// keys passed around as strings: validation issues and form errors
					if (/src\/(routes|lib\/schemas)\//.test(p)) {
						const text = fs.readFileSync(p, 'utf8');
						for (const re of [/'(error_\w+)'/g, /formFailure\(form, '(\w+)'/g, /issues: \{ \w+: '(\w+)' \}/g]) {
							for (const match of text.matchAll(re)) used.add(match[1]!);
						}
					}
				}
			}
		};
		walk(path.resolve('src'));
		const missing = [...used].filter((k) => !(k in de));
		expect(missing).toEqual([]);
	});
});
