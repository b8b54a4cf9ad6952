import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { systemActor } from '../../auth/actor.js';
import { hashPassword } from '../../auth/crypto.js';
import { createOfficeIn } from '../tenants/tenants.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { memberships, users } from '../accounts/accounts.table.js';
import { AppError } from '../../errors.js';
import { loadDemoGroups } from './demo.groups.js';
import { loadDemoRooms } from './demo.rooms.js';
import { loadDemoEvents } from './demo.events.js';
import { instanceSigner } from '../protection/protection.service.js';

/**
 * A realistic demo: a state office with two contact points and their people. Every name, address,
 * phone number and e-mail here is invented (example.org, fictional towns "Musterstadt" and "Beispielheim").
 */
export const DEMO_PASSWORD = 'demo-passwort-2026';

const OFFICES = [
	{
		key: 'state',
		name: 'Landesstelle Selbsthilfe Demoland',
		kind: 'state_office' as const,
		street: 'Musterallee 1',
		postalCode: '30159',
		city: 'Musterstadt',
		phone: '01234 567890',
		email: 'landesstelle@example.org',
		openingHours: 'Mo–Do 9–16 Uhr',
		consultationHours: 'nach Vereinbarung'
	},
	{
		key: 'kiss',
		name: 'Selbsthilfe-Kontaktstelle Musterstadt-Süd',
		kind: 'contact_point' as const,
		street: 'Am Lindenplatz 7',
		postalCode: '30449',
		city: 'Musterstadt',
		phone: '01234 567891',
		email: 'kontakt-musterstadt@example.org',
		openingHours: 'Mo–Fr 9–13 Uhr, Di und Do 14–20 Uhr\nRäume für Gruppen: täglich 9–22 Uhr',
		consultationHours: 'Di 15–18 Uhr, Do 17–20 Uhr und nach Vereinbarung'
	},
	{
		key: 'sus',
		name: 'Selbsthilfe-Unterstützungsstelle Beispielheim',
		kind: 'support_point' as const,
		street: 'Weidenweg 12',
		postalCode: '31134',
		city: 'Beispielheim',
		phone: '01234 567892',
		email: 'selbsthilfe-beispielheim@example.org',
		openingHours: 'Mo, Mi, Fr 10–14 Uhr',
		consultationHours: 'Mi 10–12 Uhr'
	}
];

const PEOPLE = [
	{ email: 'admin@example.org', name: 'Mara Beispiel', office: 'kiss', role: 'admin' as const },
	{ email: 'beratung@example.org', name: 'Jonas Muster', office: 'kiss', role: 'staff' as const },
	{ email: 'ehrenamt@example.org', name: 'Helga Probe', office: 'kiss', role: 'volunteer' as const },
	{ email: 'landesstelle-admin@example.org', name: 'Tarek Demo', office: 'state', role: 'admin' as const },
	{ email: 'beispielheim@example.org', name: 'Lena Fiktiv', office: 'sus', role: 'staff' as const }
];

export async function loadDemo(db: Db): Promise<string[]> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const actor = systemActor('demo');
	// the registrations' links are signed as registration signs them (read before the transaction)
	const link = await instanceSigner(db, 'event-registration');
	return inScope(db, { kind: 'system' }, async (tx) => {
		const [existing] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.name, OFFICES[0]!.name));
		if (existing) throw new AppError('conflict', 'Die Demodaten sind schon geladen.');
		const ids: Record<string, string> = {};
		const lines: string[] = ['Demodaten geladen (alle Namen, Adressen und Nummern sind erfunden):'];
		for (const o of OFFICES) {
			const { key, ...input } = o;
			const office = await createOfficeIn(tx, actor, {
				...input,
				federalState: 'NI',
				website: '',
				parentId: key === 'state' ? null : ids.state,
				published: true
			});
			ids[key] = office.id;
			lines.push(`  ${office.name} (slug: ${office.slug})`);
		}
		for (const p of PEOPLE) {
			const [row] = await tx
				.insert(users)
				.values({ email: p.email, name: p.name, passwordHash })
				.onConflictDoNothing()
				.returning({ id: users.id });
			const userId = row?.id ?? (await tx.select({ id: users.id }).from(users).where(eq(users.email, p.email)))[0]?.id;
			if (!userId) continue;
			await tx.insert(memberships).values({ tenantId: ids[p.office]!, userId, role: p.role }).onConflictDoNothing();
			lines.push(`  ${p.email} – ${p.role} – Passwort: ${DEMO_PASSWORD}`);
		}
		const now = new Date();
		for (const [key, count] of [
			['kiss', undefined],
			['sus', 10]
		] as const) {
			const made = await loadDemoGroups(tx, actor, { tenantId: ids[key]!, now, count });
			lines.push(
				`  ${OFFICES.find((o) => o.key === key)!.name}: ${made.groups} Gruppen mit ${made.series} Treffen und ${made.contacts} Kontaktpersonen (erfunden)`
			);
		}
		const roomsMade = await loadDemoRooms(tx, actor, { tenantId: ids.kiss!, now });
		lines.push(
			`  ${OFFICES.find((o) => o.key === 'kiss')!.name}: ${roomsMade.rooms} Räume mit ${roomsMade.bookings} gebuchten Terminen und ${roomsMade.requests} offenen Anfragen, ${roomsMade.items} Geräte zum Ausleihen mit ${roomsMade.loans} Ausleihen`
		);
		const eventsMade = await loadDemoEvents(tx, actor, { tenantId: ids.kiss!, stateId: ids.state!, now, link });
		lines.push(
			`  ${OFFICES.find((o) => o.key === 'kiss')!.name} und ${OFFICES[0]!.name}: ${eventsMade.events} Veranstaltungen (${eventsMade.upcoming} kommende) mit ${eventsMade.registrations} Anmeldungen und ${eventsMade.feedback} Rückmeldungen (erfunden)`
		);
		return lines;
	});
}
