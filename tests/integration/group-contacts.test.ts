import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, recordOf, setGroupColumns, topicId } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import {
	createGroup,
	emptyGroupRecord,
	getGroupDetail,
	reviewQueue,
	updateGroup,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { addContactPerson, groupsOfContact, withdrawConsent } from '../../src/lib/server/modules/groups/contacts.service.js';
import { confirmAsContact, decideProposal, proposeChange } from '../../src/lib/server/modules/groups/proposals.service.js';
import { changeProposals } from '../../src/lib/server/modules/groups/groups.table.js';

const NOW = new Date('2026-05-04T10:00:00Z');
const consent = { source: 'written' as const, givenOn: '2026-05-02' };

describe('contact persons, consent and proposals from group contacts (GRP-2)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let contact: UserActor;
	const group: Record<'tinnitus' | 'parkinson' | 'rheuma', string> = { tinnitus: '', parkinson: '', rheuma: '' };

	const ctx = (actor: UserActor, now = NOW) => ({ db: db.get().db, actor, now });
	const decide = (now = NOW) => ({ ...ctx(staff, now), mail: MAIL, locale: 'de' as const });
	const current = async (id: string) => {
		const detail = await getGroupDetail(db.get().db, staff, id);
		return {
			detail,
			record: recordOf(
				detail.group,
				detail.topics.map((topic) => topic.id)
			)
		};
	};
	const proposal = async (id: string) => {
		const [row] = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
			tx.select().from(changeProposals).where(eq(changeProposals.id, id))
		);
		return row!;
	};

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'team@example.org');
		contact = await personIn(db.get(), office.id, 'gabi@example.org', 'group_contact');
		const alcohol = await topicId(db.get(), 'alkoholabhaengigkeit');
		const depression = await topicId(db.get(), 'depression');
		group.tinnitus = (
			await createGroup(ctx(staff), {
				...emptyGroupRecord('Tinnitus-Gesprächskreis'),
				description: 'Wir hören einander zu.',
				topicIds: [depression, alcohol]
			})
		).id;
		group.parkinson = (await createGroup(ctx(staff), emptyGroupRecord('Parkinson-Treff'))).id;
		group.rheuma = (await createGroup(ctx(staff), emptyGroupRecord('Rheuma-Liga Buchholz'))).id;
	});

	it('needs an e-mail address or a phone number for a contact person', async () => {
		await expect(addContactPerson(ctx(staff), group.rheuma, { name: 'Rita Rheuma', email: '', phone: '', consent })).rejects.toMatchObject({
			code: 'invalid',
			details: { field: 'email', code: 'contact_email_or_phone' }
		});
		expect((await current(group.rheuma)).detail.contacts).toEqual([]);
		await addContactPerson(ctx(staff), group.rheuma, { name: 'Rita Rheuma', email: '', phone: '04181 12345', consent });
		expect((await current(group.rheuma)).detail.contacts).toMatchObject([{ name: 'Rita Rheuma', phone: '04181 12345' }]);
	});

	it('stores a contact person together with her consent: how, when and who recorded it', async () => {
		const id = await addContactPerson(ctx(staff), group.tinnitus, { name: 'Gabi Gruppe', email: 'Gabi@Example.org', phone: '', consent });
		const [person] = (await current(group.tinnitus)).detail.contacts;
		expect(person).toMatchObject({
			id,
			name: 'Gabi Gruppe',
			email: 'Gabi@Example.org',
			consentSource: 'written',
			consentGivenOn: '2026-05-02',
			consentRecordedBy: 'team@example.org',
			consentWithdrawnAt: null
		});
		// the audit log says that a contact person was added, not who she is
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) => listAudit(tx, staff.tenantId));
		const entry = audit.rows.find((row) => row.entity === 'contact_person' && row.entityId === id);
		expect(entry?.changes).toEqual({ groupId: group.tinnitus, consentSource: 'written' });
	});

	it('erases name, e-mail and phone when consent is withdrawn, and keeps the consent as proof', async () => {
		const id = await addContactPerson(ctx(staff), group.parkinson, {
			name: 'Gabi Gruppe',
			email: 'gabi@example.org',
			phone: '0171 555',
			consent
		});
		const withdrawnAt = new Date('2026-05-05T12:00:00Z');
		await withdrawConsent(ctx(staff, withdrawnAt), id);
		const [person] = (await current(group.parkinson)).detail.contacts;
		expect(person).toMatchObject({
			id,
			name: '–',
			email: '',
			phone: '',
			userId: null,
			consentSource: 'written',
			consentGivenOn: '2026-05-02'
		});
		expect(person?.consentWithdrawnAt).toEqual(withdrawnAt);
		await expect(withdrawConsent(ctx(staff), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
	});

	it('shows a group contact only the groups she is the consenting contact person of', async () => {
		await addContactPerson(ctx(staff), group.rheuma, { name: 'Andere Person', email: 'andere@example.org', phone: '', consent });
		const mine = await groupsOfContact(db.get().db, contact);
		// Tinnitus: her address with consent; Parkinson: consent withdrawn; Rheuma: other people
		expect(mine.map((g) => g.id)).toEqual([group.tinnitus]);
	});

	it('stores only the fields a group contact changed, and replaces her pending proposal with a newer one', async () => {
		const before = await current(group.tinnitus);
		const first = await proposeChange(ctx(contact), group.tinnitus, {
			...before.record,
			description: 'Wir hören einander zu, jeden Dienstag.'
		});
		expect(first.fields).toEqual(['description']);
		expect(await proposal(first.id!)).toMatchObject({
			status: 'pending',
			proposedBy: contact.userId,
			proposedByLabel: 'gabi@example.org',
			baseVersion: before.detail.group.version,
			changes: { description: ['Wir hören einander zu.', 'Wir hören einander zu, jeden Dienstag.'] }
		});
		// nothing public changes before staff decide
		expect((await current(group.tinnitus)).detail.group.description).toBe('Wir hören einander zu.');

		const second = await proposeChange(ctx(contact, new Date('2026-05-04T11:00:00Z')), group.tinnitus, {
			...before.record,
			description: 'Wir hören einander zu, jeden Dienstag.',
			website: 'https://tinnitus.example.org'
		});
		expect(second.fields.sort()).toEqual(['description', 'website']);
		expect((await proposal(first.id!)).status).toBe('withdrawn');
		const queue = await reviewQueue(db.get().db, staff);
		expect(queue.proposals.map((p) => p.id)).toEqual([second.id]);
	});

	it('is no proposal when a group contact only lists the same topics in another order', async () => {
		const { record } = await current(group.tinnitus);
		expect(record.topicIds).toHaveLength(2);
		for (const topicIds of [[...record.topicIds].sort(), [...record.topicIds].sort().reverse()]) {
			expect(await proposeChange(ctx(contact), group.tinnitus, { ...record, topicIds })).toEqual({ id: null, fields: [] });
		}
	});

	it('refuses a proposal for a group she is not the contact person of', async () => {
		for (const id of [group.rheuma, group.parkinson]) {
			const { record } = await current(id);
			await expect(proposeChange(ctx(contact), id, { ...record, name: 'Übernommen' })).rejects.toMatchObject({ code: 'forbidden' });
		}
		await expect(confirmAsContact(ctx(contact), group.rheuma)).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('applies an approved proposal and tells the group contact by e-mail', async () => {
		const before = await current(group.tinnitus);
		const { id } = await proposeChange(ctx(contact), group.tinnitus, {
			...before.record,
			firstVisit: 'Kommen Sie einfach vorbei.',
			acceptingMembers: false
		});
		const result = await decideProposal(decide(new Date('2026-05-06T08:00:00Z')), id!, { approve: true });
		expect(result).toEqual({ groupId: group.tinnitus, conflicts: [] });
		const after = await current(group.tinnitus);
		expect(after.detail.group).toMatchObject({
			firstVisit: 'Kommen Sie einfach vorbei.',
			acceptingMembers: false,
			description: before.record.description,
			version: before.detail.group.version + 1
		});
		expect(await proposal(id!)).toMatchObject({ status: 'approved', decidedByLabel: 'team@example.org' });
		expect(await outboxMails(db.get(), { to: 'gabi@example.org', template: 'proposal_approved' })).toMatchObject([
			{ tenantId: staff.tenantId, subject: 'Ihre Änderung für „Tinnitus-Gesprächskreis“ ist übernommen' }
		]);
		// a decided proposal cannot be decided again
		await expect(decideProposal(decide(), id!, { approve: true })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('returns a proposal only with a comment, which the group contact receives by e-mail', async () => {
		const before = await current(group.tinnitus);
		const { id } = await proposeChange(ctx(contact), group.tinnitus, { ...before.record, name: 'Tinnitus und Hörsturz' });
		await expect(decideProposal(decide(), id!, { approve: false, comment: '' })).rejects.toMatchObject({ code: 'invalid' });
		await expect(decideProposal(decide(), id!, { approve: false, comment: '   ' })).rejects.toMatchObject({ code: 'invalid' });
		expect((await proposal(id!)).status).toBe('pending');
		expect(await outboxMails(db.get(), { template: 'proposal_returned' })).toEqual([]);

		await decideProposal(decide(), id!, { approve: false, comment: 'Bitte den Namen mit der Gruppe abstimmen.' });
		expect(await proposal(id!)).toMatchObject({ status: 'returned', comment: 'Bitte den Namen mit der Gruppe abstimmen.' });
		expect((await current(group.tinnitus)).detail.group.name).toBe('Tinnitus-Gesprächskreis');
		const [mail] = await outboxMails(db.get(), { to: 'gabi@example.org', template: 'proposal_returned' });
		expect(mail?.bodyText).toContain('Bitte den Namen mit der Gruppe abstimmen.');
	});

	it('reports fields that staff changed after the proposal was made', async () => {
		const before = await current(group.tinnitus);
		const { id } = await proposeChange(ctx(contact), group.tinnitus, {
			...before.record,
			description: 'Beschreibung der Gruppe',
			estimatedSize: 8
		});
		await updateGroup(
			ctx(staff),
			group.tinnitus,
			{ ...before.record, description: 'Beschreibung der Kontaktstelle' },
			before.detail.group.version
		);
		const result = await decideProposal(decide(), id!, { approve: true });
		expect(result.conflicts).toEqual(['description']);
		// approving overwrites the staff edit, which is why it is reported
		expect((await current(group.tinnitus)).detail.group).toMatchObject({ description: 'Beschreibung der Gruppe', estimatedSize: 8 });
	});

	it('lets a group contact confirm her group’s entry', async () => {
		await setGroupColumns(db.get(), group.tinnitus, { staleSince: new Date('2026-04-01T00:00:00Z') });
		const now = new Date('2026-05-10T07:00:00Z');
		await confirmAsContact(ctx(contact, now), group.tinnitus);
		const { detail } = await current(group.tinnitus);
		expect(detail.group.confirmedAt).toEqual(now);
		expect(detail.group.staleSince).toBeNull();
		expect(detail.history[0]).toMatchObject({ kind: 'confirmation', toState: 'confirmed', actorLabel: 'gabi@example.org' });
	});
});
