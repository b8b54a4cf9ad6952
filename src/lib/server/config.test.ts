import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('configuration', () => {
	it('defaults to the embedded database on 127.0.0.1:3000', () => {
		const c = readConfig({});
		expect(c).toMatchObject({ databaseUrl: undefined, port: 3000, host: '127.0.0.1', jobs: true });
		expect(c.dataDir).toMatch(/data$/);
	});
	it('reads PORT, ORIGIN and DATABASE_URL at run time', () => {
		const c = readConfig({ PORT: '8080', ORIGIN: 'https://selbsthilfe.example.org/', DATABASE_URL: 'postgres://u@db/t' });
		expect(c).toMatchObject({ port: 8080, origin: 'https://selbsthilfe.example.org', databaseUrl: 'postgres://u@db/t' });
	});
	it('fails fast with a clear message on a wrong value', () => {
		expect(() => readConfig({ PORT: 'achtzig' })).toThrow(/Invalid configuration:\n {2}PORT/);
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
	});
});
