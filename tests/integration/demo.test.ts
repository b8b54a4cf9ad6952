import { describe, expect, it } from 'vitest';
import { useDatabase } from './fixtures.js';
import { loadDemo } from '../../src/lib/server/modules/demo/demo.service.js';
import { publishedOfficesByState } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { login } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { DEMO_PASSWORD } from '../../src/lib/server/modules/demo/demo.service.js';

describe('demo data', () => {
	const db = useDatabase();

	it('loads a state office with two offices below it, whose people can log in, and only once', async () => {
		const lines = await loadDemo(db.get().db);
		expect(lines.join('\n')).toContain('erfunden');
		const states = await publishedOfficesByState(db.get().db);
		const offices = states.flatMap((s) => s.offices);
		expect(offices).toHaveLength(3);
		const state = offices.find((o) => o.kind === 'state_office')!;
		expect(offices.filter((o) => o.parentId === state.id)).toHaveLength(2);
		// invented contact data only: example.org addresses
		expect(offices.every((o) => o.email.endsWith('@example.org'))).toBe(true);
		const r = await login(db.get().db, { email: 'ehrenamt@example.org', password: DEMO_PASSWORD, clientAddress: '10.0.0.5' });
		expect(r).toMatchObject({ kind: 'ok', next: 'done' });
		await expect(loadDemo(db.get().db)).rejects.toMatchObject({ code: 'conflict' });
	});
});
