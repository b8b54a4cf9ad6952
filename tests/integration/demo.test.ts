import { describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { useDatabase } from './fixtures.js';
import { loadDemo } from '../../src/lib/server/modules/demo/demo.service.js';
import { loadDemoGroups } from '../../src/lib/server/modules/demo/demo.groups.js';
import { publishedOfficesByState } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { login } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { DEMO_PASSWORD } from '../../src/lib/server/modules/demo/demo.service.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { topics } from '../../src/lib/server/modules/topics/topics.table.js';
import {
	consents,
	contactPersons,
	groupHistory,
	groups,
	groupTopics,
	meetingSeries,
	supportEntries
} from '../../src/lib/server/modules/groups/groups.table.js';
import { validateRecurrence } from '../../src/lib/recurrence/index.js';
import { lookupPostalCode } from '../../src/lib/server/geo/places.js';
import { today } from '../../src/lib/server/modules/groups/groups.service.js';

describe('demo data', () => {
	const db = useDatabase();
	let loaded: Promise<string[]> | undefined;
	const load = () => (loaded ??= loadDemo(db.get().db));
	const system = <T>(fn: Parameters<typeof inScope<T>>[2]) => inScope(db.get().db, { kind: 'system' }, fn);
	const officeId = async (name: string) =>
		(await system((tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.name, name))))[0]!.id;

	it('loads a state office with two offices below it, whose people can log in, and only once', async () => {
		const lines = await load();
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

	it('fills the contact point with realistic, invented groups: meetings, contact persons, founding groups and history', async () => {
		const lines = await load();
		expect(lines.join('\n')).toMatch(/\d+ Gruppen mit \d+ Treffen und \d+ Kontaktpersonen \(erfunden\)/);
		const kiss = await officeId('Selbsthilfe-Kontaktstelle Musterstadt-Süd');
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		await system(async (tx) => {
			const all = await tx.select().from(groups);
			const kissGroups = all.filter((g) => g.tenantId === kiss);
			expect(kissGroups.length).toBeGreaterThanOrEqual(150);
			expect(all.filter((g) => g.tenantId === sus)).toHaveLength(10);
			for (const tenantId of [kiss, sus]) {
				const names = all.filter((g) => g.tenantId === tenantId).map((g) => g.name);
				expect(new Set(names).size).toBe(names.length);
			}

			// across the thesaurus
			const categories = await tx
				.selectDistinct({ category: topics.category })
				.from(groupTopics)
				.innerJoin(topics, eq(topics.id, groupTopics.topicId))
				.where(eq(groupTopics.tenantId, kiss));
			expect(categories.length).toBeGreaterThanOrEqual(10);

			// a realistic mix of lifecycle and moderation states
			const count = (filter: (g: (typeof all)[number]) => boolean) => kissGroups.filter(filter).length;
			expect(count((g) => g.lifecycle === 'active')).toBeGreaterThan(kissGroups.length * 0.7);
			for (const state of ['founding', 'interest', 'paused', 'dissolved']) expect(count((g) => g.lifecycle === state)).toBeGreaterThan(0);
			for (const state of ['draft', 'hidden']) expect(count((g) => g.moderation === state)).toBeGreaterThan(0);
			expect(count((g) => g.moderation === 'published')).toBeGreaterThan(kissGroups.length * 0.7);
			expect(count((g) => g.staleSince !== null)).toBeGreaterThan(0);
			expect(count((g) => g.reviewNote !== '')).toBeGreaterThan(0);
			expect(count((g) => g.format === 'online')).toBeGreaterThan(0);
			expect(count((g) => g.languages.some((l) => l !== 'de'))).toBeGreaterThan(0);
			expect(kissGroups.every((g) => g.description.length > 80 && g.firstVisit.length > 30)).toBe(true);

			// history: lifecycle changes (not only the creation) and moderation changes
			const history = await tx.select().from(groupHistory).where(eq(groupHistory.tenantId, kiss));
			expect(history.length).toBeGreaterThan(kissGroups.length * 2);
			const transitions = new Set(history.filter((h) => h.fromState !== null).map((h) => `${h.kind}:${h.fromState}>${h.toState}`));
			for (const t of ['lifecycle:founding>active', 'lifecycle:active>paused', 'lifecycle:active>dissolved', 'moderation:published>hidden'])
				expect(transitions).toContain(t);
			const todayIso = today(new Date());
			expect(history.every((h) => h.effectiveOn <= todayIso)).toBe(true);

			// meetings: valid recurrences, real postal codes with coordinates
			const series = await tx.select().from(meetingSeries);
			expect(series.filter((s) => s.tenantId === kiss).length).toBeGreaterThanOrEqual(kissGroups.length);
			for (const s of series) {
				if (s.recurrence) expect(validateRecurrence(s.recurrence, { federalState: 'NI', today: todayIso })).toEqual([]);
				else expect(s.scheduleText).not.toBe('');
				if (s.locationKind !== 'address') continue;
				expect(lookupPostalCode(s.postalCode), s.postalCode).not.toBeNull();
				expect(s.lat).not.toBeNull();
				expect(s.lon).not.toBeNull();
				if (s.tenantId === sus) expect(s.city).toBe('Beispielheim');
			}
			expect(series.some((s) => s.tenantId === kiss && s.city === 'Musterstadt')).toBe(true);
			expect(series.some((s) => s.locationKind === 'online')).toBe(true);
			expect(series.some((s) => s.recurrence?.breaks.some((b) => b.from === '07-15'))).toBe(true);

			// contact persons: invented, each with a consent; one or two withdrew theirs
			const people = await tx.select().from(contactPersons);
			expect(people.filter((p) => p.tenantId === kiss).length).toBeGreaterThan(kissGroups.length * 0.5);
			const consentRows = await tx
				.select()
				.from(consents)
				.where(
					inArray(
						consents.contactPersonId,
						people.map((p) => p.id)
					)
				);
			for (const person of people) {
				const own = consentRows.filter((c) => c.contactPersonId === person.id);
				expect(own.length).toBeGreaterThan(0);
				const withdrawn = own.every((c) => c.withdrawnAt !== null);
				if (withdrawn) expect(person).toMatchObject({ name: '–', email: '', phone: '' });
				else expect(person.email).toMatch(/^[a-z]+\.[a-z]+@example\.org$/);
				expect(person.phone === '' || person.phone.startsWith('0511 555 01')).toBe(true);
			}
			expect(consentRows.some((c) => c.withdrawnAt !== null)).toBe(true);

			// support given by the contact point
			const support = await tx.select().from(supportEntries).where(eq(supportEntries.tenantId, kiss));
			expect(new Set(support.map((s) => s.groupId)).size).toBeGreaterThan(kissGroups.length * 0.25);
			expect(support.some((s) => s.kind === 'founding')).toBe(true);
			expect(support.every((s) => s.minutes >= 30 && s.minutes <= 180 && s.staffLabel === 'beratung@example.org')).toBe(true);
		});
	});

	it('produces the same groups again for the same office and date', async () => {
		await load();
		const sus = await officeId('Selbsthilfe-Unterstützungsstelle Beispielheim');
		const now = new Date('2026-03-10T09:00:00Z');
		const snapshot = async () => {
			let rows: unknown[] = [];
			await system(async (tx) => {
				await loadDemoGroups(tx, systemActor('test'), { tenantId: sus, now, count: 20 });
				rows = await tx
					.select({ name: groups.name, description: groups.description, lifecycle: groups.lifecycle, confirmedAt: groups.confirmedAt })
					.from(groups)
					.where(eq(groups.tenantId, sus))
					.orderBy(groups.name, groups.confirmedAt);
				throw new Error('roll back');
			}).catch((error: Error) => {
				if (error.message !== 'roll back') throw error;
			});
			return rows;
		};
		const first = await snapshot();
		expect(first.length).toBe(30);
		expect(await snapshot()).toEqual(first);
	});
});
