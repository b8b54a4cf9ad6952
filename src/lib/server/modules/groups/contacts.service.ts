import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { users } from '../accounts/accounts.table.js';
import type { ConsentSource } from '../../../schemas/group.js';
import { findGroup } from './groups.repository.js';
import type { GroupContext, UserActor } from './groups.service.js';
import { consents, contactPersons, groups } from './groups.table.js';

export type NewContactPerson = { name: string; email: string; phone: string; consent: { source: ConsentSource; givenOn: string } };

/** Inserts a contact person with her consent inside an open transaction (the form and the import). */
export async function insertContactPerson(
	tx: Tx,
	actor: Actor,
	tenantId: string,
	groupId: string,
	person: NewContactPerson
): Promise<string> {
	const [row] = await tx
		.insert(contactPersons)
		.values({ tenantId, groupId, name: person.name, email: person.email, phone: person.phone })
		.returning({ id: contactPersons.id });
	if (!row) throw new Error('insert failed');
	await tx.insert(consents).values({
		tenantId,
		contactPersonId: row.id,
		purpose: 'group_contact',
		source: person.consent.source,
		givenOn: person.consent.givenOn,
		recordedBy: actor.label
	});
	return row.id;
}

/** GRP-2: a contact person is stored only together with a consent record (purpose, date, how it was given). */
export async function addContactPerson({ db, actor, requestId }: GroupContext, groupId: string, person: NewContactPerson): Promise<string> {
	assertCan(actor, 'groups.edit');
	if (!person.email && !person.phone)
		throw new AppError('invalid', 'email or phone needed', { field: 'email', code: 'contact_email_or_phone' });
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		if (!(await findGroup(tx, actor.tenantId, groupId))) throw new AppError('not_found', 'group not found');
		const id = await insertContactPerson(tx, actor, actor.tenantId, groupId, person);
		// personal data itself stays out of the audit log: who, what kind, which consent
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'create',
				entity: 'contact_person',
				entityId: id,
				changes: { groupId, consentSource: person.consent.source }
			},
			requestId
		);
		return id;
	});
}

/**
 * The person withdrew her consent: the withdrawal is recorded (date, who recorded it) and her
 * personal data is erased at once; the consent record itself stays as proof.
 */
export async function withdrawConsent({ db, actor, now = new Date(), requestId }: GroupContext, contactPersonId: string): Promise<void> {
	assertCan(actor, 'groups.edit');
	assertId(contactPersonId, 'contact person');
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const [person] = await tx
			.update(contactPersons)
			.set({ name: '–', email: '', phone: '', userId: null })
			.where(and(eq(contactPersons.id, contactPersonId), eq(contactPersons.tenantId, actor.tenantId)))
			.returning({ id: contactPersons.id, groupId: contactPersons.groupId });
		if (!person) throw new AppError('not_found', 'contact person not found');
		await tx
			.update(consents)
			.set({ withdrawnAt: now })
			.where(and(eq(consents.contactPersonId, contactPersonId), isNull(consents.withdrawnAt)));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'consent',
				entityId: contactPersonId,
				changes: { withdrawn: true, groupId: person.groupId }
			},
			requestId
		);
	});
}

/** The groups a group contact may look after: she is their contact person (by login or by e-mail, with consent). */
export async function groupsOfContact(db: Db, actor: UserActor) {
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
		const email = (me?.email ?? '').toLowerCase();
		return tx
			.selectDistinct({ id: groups.id, name: groups.name, moderation: groups.moderation, confirmedAt: groups.confirmedAt })
			.from(groups)
			.innerJoin(contactPersons, eq(contactPersons.groupId, groups.id))
			.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
			.where(
				and(
					eq(groups.tenantId, actor.tenantId),
					or(eq(contactPersons.userId, actor.userId), email ? sql`lower(${contactPersons.email}) = ${email}` : sql`false`)
				)
			)
			.orderBy(groups.name);
	});
}

export async function assertContactOf(db: Db, actor: UserActor, groupId: string): Promise<void> {
	assertId(groupId, 'group');
	const mine = await groupsOfContact(db, actor);
	if (!mine.some((group) => group.id === groupId)) throw new AppError('forbidden', 'not a contact person of this group');
}
