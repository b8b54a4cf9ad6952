import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { parseForm } from '../../src/lib/server/forms.js';

describe('form failures keep what was typed', () => {
	const Schema = v.strictObject({
		postalCode: v.pipe(v.string(), v.regex(/^\d{5}$/, 'error_postal_code')),
		password: v.string(),
		setupCode: v.string(),
		code: v.string()
	});

	it('gives back the postal code typed, but never a password, a one-time code or a setup code', () => {
		const form = new FormData();
		form.set('postalCode', '3015');
		form.set('password', 'geheim-geheim');
		form.set('setupCode', 'abc123');
		form.set('code', '123456');
		const parsed = parseForm(Schema, form);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.failure.values).toEqual({ postalCode: '3015' });
		expect(parsed.failure.issues).toEqual({ postalCode: 'error_postal_code' });
	});
});
