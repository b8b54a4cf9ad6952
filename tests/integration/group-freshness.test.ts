import { beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, setOfficeEmail } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import {
	changeModeration,
	createGroup,
	emptyGroupRecord,
	getGroupDetail,
	reviewQueue,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson, withdrawConsent } from '../../src/lib/server/modules/groups/contacts.service.js';
import {
	answerConfirmation,
	confirmationView,
	freshnessStep,
	monthsBetween,
	runFreshness
} from '../../src/lib/server/modules/groups/freshness.service.js';
import { groups } from '../../src/lib/server/modules/groups/groups.table.js';

/** The same day and time `months` months later (or earlier, when negative), in UTC. */
function addMonths(date: Date, months: number): Date {
	const next = new Date(date);
	next.setUTCMonth(next.getUTCMonth() + months);
	return next;
}

const NOW = new Date('2026-11-16T09:00:00Z');
const consent = { source: 'email' as const, givenOn: '2025-01-10' };

describe('freshness rule over months since the last confirmation (GRP-3)', () => {
	const confirmed = new Date('2025-03-10T08:00:00Z');
	const entry = (changes: Partial<Parameters<typeof freshnessStep>[0]> = {}) => ({
		moderation: 'published',
		confirmedAt: confirmed,
		createdAt: new Date('2024-01-01T00:00:00Z'),
		staleSince: null,
		confirmationRequestedAt: null,
		...changes
	});

	it('counts whole months', () => {
		expect(monthsBetween(confirmed, addMonths(confirmed, 12))).toBe(12);
		expect(monthsBetween(confirmed, new Date('2026-03-09T23:59:00Z'))).toBe(11);
		expect(monthsBetween(confirmed, new Date('2026-03-10T08:00:00Z'))).toBe(12);
	});

	it('asks the group after 12 months, staff after 13, flags after 15 and hides after 18', () => {
		expect(freshnessStep(entry(), addMonths(confirmed, 11))).toBe('none');
		expect(freshnessStep(entry(), addMonths(confirmed, 12))).toBe('ask_group');
		// the group was asked: nothing more until a month has passed
		expect(freshnessStep(entry({ confirmationRequestedAt: addMonths(confirmed, 12) }), addMonths(confirmed, 12))).toBe('none');
		const asked = addMonths(confirmed, 12);
		expect(freshnessStep(entry({ confirmationRequestedAt: asked }), addMonths(confirmed, 13))).toBe('ask_staff');
		expect(
			freshnessStep(
				entry({ confirmationRequestedAt: new Date(addMonths(confirmed, 13).getTime() - 14 * 86_400_000) }),
				addMonths(confirmed, 13)
			)
		).toBe('none');
		expect(freshnessStep(entry({ confirmationRequestedAt: asked }), addMonths(confirmed, 15))).toBe('flag');
		expect(freshnessStep(entry({ staleSince: addMonths(confirmed, 15) }), addMonths(confirmed, 16))).toBe('none');
		expect(freshnessStep(entry({ staleSince: addMonths(confirmed, 15) }), addMonths(confirmed, 18))).toBe('hide');
		expect(freshnessStep(entry(), addMonths(confirmed, 30))).toBe('hide');
	});

	it('counts from the creation of an entry that was never confirmed', () => {
		const created = new Date('2025-01-05T10:00:00Z');
		expect(freshnessStep(entry({ confirmedAt: null, createdAt: created }), addMonths(created, 12))).toBe('ask_group');
	});

	it('never touches an entry that is not published', () => {
		for (const moderation of ['draft', 'review', 'hidden']) {
			for (const months of [12, 13, 15, 18, 40]) expect(freshnessStep(entry({ moderation }), addMonths(confirmed, months))).toBe('none');
		}
	});
});

describe('the daily freshness job (GRP-3)', () => {
	const db = useDatabase();
	let staff: UserActor;
	const id: Record<string, string> = {};

	const create = async (name: string, monthsAgo: number, options: { draft?: boolean } = {}) =>
		(await createGroup({ db: db.get().db, actor: staff, now: addMonths(NOW, -monthsAgo) }, emptyGroupRecord(name), options)).id;
	const groupCount = async () => (await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select({ n: count() }).from(groups)))[0]?.n;
	const group = async (groupId: string) => (await getGroupDetail(db.get().db, staff, groupId)).group;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		await setOfficeEmail(db.get(), office.id, 'kontakt@nordheide.example.org');
		staff = await personIn(db.get(), office.id, 'team@example.org');
		const ctx = { db: db.get().db, actor: staff, now: addMonths(NOW, -12) };
		id.fresh = await create('Elf Monate', 11);
		id.reachable = await create('Mit Ansprechperson', 12);
		await addContactPerson(ctx, id.reachable, { name: 'Anna', email: 'anna@example.org', phone: '', consent });
		await addContactPerson(ctx, id.reachable, { name: 'Nur Telefon', email: '', phone: '0171 1', consent });
		const gone = await addContactPerson(ctx, id.reachable, { name: 'Bernd', email: 'bernd@example.org', phone: '', consent });
		await withdrawConsent(ctx, gone);
		id.unreachable = await create('Ohne Ansprechperson', 12);
		await addContactPerson(ctx, id.unreachable, { name: 'Nur Telefon', email: '', phone: '0171 2', consent });
		id.flag = await create('Fünfzehn Monate', 15);
		id.hide = await create('Achtzehn Monate', 18);
		id.draft = await create('Entwurf', 20, { draft: true });
	});

	it('asks contact persons by e-mail, the office when nobody can be reached, flags and hides; it deletes nothing', async () => {
		expect(await groupCount()).toBe(6);
		const counts = await runFreshness(db.get().db, MAIL, NOW);
		expect(counts).toEqual({ none: 1, ask_group: 2, ask_staff: 0, flag: 1, hide: 1 });

		const requests = await outboxMails(db.get(), { template: 'group_confirmation_request' });
		expect(requests.map((mail) => mail.toAddress)).toEqual(['anna@example.org']);
		expect(requests[0]).toMatchObject({ tenantId: staff.tenantId, subject: 'Ist der Eintrag von „Mit Ansprechperson“ noch aktuell?' });
		const toOffice = await outboxMails(db.get(), { template: 'group_confirmation_staff' });
		expect(toOffice.map((mail) => [mail.toAddress, mail.subject])).toEqual([
			['kontakt@nordheide.example.org', 'Eintrag von „Ohne Ansprechperson“ seit einem Jahr nicht bestätigt']
		]);

		expect(await group(id.fresh!)).toMatchObject({ moderation: 'published', staleSince: null });
		expect(await group(id.flag!)).toMatchObject({ moderation: 'published', staleSince: NOW });
		const hidden = await getGroupDetail(db.get().db, staff, id.hide!);
		expect(hidden.group).toMatchObject({ moderation: 'hidden', staleSince: NOW });
		expect(hidden.history[0]).toMatchObject({
			kind: 'moderation',
			fromState: 'published',
			toState: 'hidden',
			effectiveOn: '2026-11-16',
			note: 'stale',
			actorLabel: 'freshness'
		});
		expect(await group(id.draft!)).toMatchObject({ moderation: 'draft', staleSince: null });
		expect(await groupCount()).toBe(6);
	});

	it('does not ask twice on the same day, and asks the office a month after the group', async () => {
		const mails = (await outboxMails(db.get())).length;
		expect(await runFreshness(db.get().db, MAIL, NOW)).toEqual({ none: 4, ask_group: 0, ask_staff: 0, flag: 0, hide: 0 });
		expect(await outboxMails(db.get())).toHaveLength(mails);

		const nextMonth = addMonths(NOW, 1);
		expect(await runFreshness(db.get().db, MAIL, nextMonth)).toEqual({ none: 1, ask_group: 1, ask_staff: 2, flag: 0, hide: 0 });
		// staff are asked about both groups asked a month ago, and about the group that has no contact person
		const toOffice = await outboxMails(db.get(), { template: 'group_confirmation_staff' });
		expect(
			toOffice
				.slice(1)
				.map((mail) => mail.subject.replace(/^Eintrag von „(.*)“.*$/, '$1'))
				.sort()
		).toEqual(['Elf Monate', 'Mit Ansprechperson', 'Ohne Ansprechperson']);
		expect((await outboxMails(db.get(), { to: 'anna@example.org' })).length).toBe(1);
		expect(await groupCount()).toBe(6);
	});

	it('asks the group again a year after staff published a hidden entry again', async () => {
		const republished = addMonths(NOW, 2);
		await changeModeration({ db: db.get().db, actor: staff, now: republished }, [id.reachable!], 'hidden');
		await changeModeration({ db: db.get().db, actor: staff, now: republished }, [id.reachable!], 'published');
		expect(await group(id.reachable!)).toMatchObject({ moderation: 'published', staleSince: null, confirmedAt: republished });

		await runFreshness(db.get().db, MAIL, addMonths(republished, 11));
		expect(await outboxMails(db.get(), { to: 'anna@example.org' })).toHaveLength(1);
		await runFreshness(db.get().db, MAIL, addMonths(republished, 12));
		expect(await outboxMails(db.get(), { to: 'anna@example.org' })).toHaveLength(2);
		expect(await groupCount()).toBe(6);
	});
});

describe('the link in the yearly e-mail (GRP-3)', () => {
	const db = useDatabase();

	it('lets the group confirm without an account, once; "something changed" goes to the staff queue', async () => {
		const { office } = await setupOffice(db.get());
		const staff = await personIn(db.get(), office.id, 'team@example.org');
		const ctx = { db: db.get().db, actor: staff, now: addMonths(NOW, -12) };
		const first = (await createGroup(ctx, emptyGroupRecord('Gruppe mit Link'))).id;
		const second = (await createGroup(ctx, emptyGroupRecord('Gruppe mit Änderung'))).id;
		for (const [groupId, email] of [
			[first, 'eins@example.org'],
			[second, 'zwei@example.org']
		] as const)
			await addContactPerson(ctx, groupId, { name: 'Kontakt', email, phone: '', consent });
		await runFreshness(db.get().db, MAIL, NOW, 'https://treffpunkt.example.org');
		const tokenFor = async (to: string) => {
			const [mail] = await outboxMails(db.get(), { template: 'group_confirmation_request', to });
			expect(mail?.bodyText).toContain('https://treffpunkt.example.org/eintrag-bestaetigen/');
			return /\/eintrag-bestaetigen\/([A-Za-z0-9_-]+)/.exec(mail?.bodyText ?? '')?.[1] ?? '';
		};
		const token = await tokenFor('eins@example.org');
		expect(await confirmationView(db.get().db, token, NOW)).toMatchObject({ name: 'Gruppe mit Link' });
		// a guessed or altered link shows nothing
		expect(await confirmationView(db.get().db, `${token}x`, NOW)).toBeNull();
		await answerConfirmation(db.get().db, token, { confirm: true }, NOW);
		const detail = await getGroupDetail(db.get().db, staff, first);
		expect(detail.group.confirmedAt).toEqual(NOW);
		expect(detail.history[0]).toMatchObject({ kind: 'confirmation', note: 'link', actorLabel: 'Bestätigungslink' });
		expect(freshnessStep(detail.group, NOW)).toBe('none');
		expect(await confirmationView(db.get().db, token, NOW)).toBeNull();
		await expect(answerConfirmation(db.get().db, token, { confirm: true }, NOW)).rejects.toMatchObject({ code: 'not_found' });

		const other = await tokenFor('zwei@example.org');
		await answerConfirmation(db.get().db, other, { confirm: false, message: 'Wir treffen uns jetzt donnerstags.' }, NOW);
		const queue = await reviewQueue(db.get().db, staff);
		expect(queue.reports.map((r) => [r.groupName, r.message])).toEqual([['Gruppe mit Änderung', 'Wir treffen uns jetzt donnerstags.']]);
		// a link expires after 60 days
		expect(await confirmationView(db.get().db, other, addMonths(NOW, 3))).toBeNull();
	});
});
