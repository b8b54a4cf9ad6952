import { and, asc, eq, gt, inArray, isNull, lt, lte, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { consents, contactPersons, groups } from '../groups/groups.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { outbox } from '../mail/mail.table.js';
import { relayMessages } from './relay.table.js';

/** A group with what the relay needs to know of it and of its office. */
export async function groupForRelay(tx: Queryable, where: { slug: string } | { id: string }) {
	const [row] = await tx
		.select({
			id: groups.id,
			tenantId: groups.tenantId,
			slug: groups.slug,
			name: groups.name,
			moderation: groups.moderation,
			lifecycle: groups.lifecycle,
			contactMode: groups.contactMode,
			officeName: tenants.name,
			officePhone: tenants.phone,
			officeEmail: tenants.email,
			officePublished: tenants.published
		})
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where('slug' in where ? eq(groups.slug, where.slug) : eq(groups.id, where.id));
	return row;
}

/** The e-mail of the group's first contact person with an active consent, or undefined. */
export async function contactEmailOf(tx: Queryable, groupId: string): Promise<string | undefined> {
	const [row] = await tx
		.select({ email: contactPersons.email })
		.from(contactPersons)
		.innerJoin(
			consents,
			and(eq(consents.contactPersonId, contactPersons.id), eq(consents.purpose, 'group_contact'), isNull(consents.withdrawnAt))
		)
		.where(and(eq(contactPersons.groupId, groupId), ne(contactPersons.email, '')))
		.orderBy(asc(contactPersons.createdAt), asc(contactPersons.id))
		.limit(1);
	return row?.email;
}

export async function insertRelayMessage(tx: Queryable, values: typeof relayMessages.$inferInsert): Promise<string> {
	const [row] = await tx.insert(relayMessages).values(values).returning({ id: relayMessages.id });
	if (!row) throw new Error('relay insert returned no row');
	return row.id;
}

const openMessage = (tokenHash: string, now: Date) =>
	and(eq(relayMessages.replyTokenHash, tokenHash), isNull(relayMessages.answeredAt), gt(relayMessages.deleteAfter, now));

/** A message whose answer link is still open (not answered, not past its deletion date). */
export async function openRelayMessage(tx: Queryable, tokenHash: string, now: Date) {
	const [row] = await tx
		.select({
			id: relayMessages.id,
			groupId: relayMessages.groupId,
			recipientKind: relayMessages.recipientKind,
			senderName: relayMessages.senderName,
			body: relayMessages.body,
			createdAt: relayMessages.createdAt,
			deleteAfter: relayMessages.deleteAfter
		})
		.from(relayMessages)
		.where(openMessage(tokenHash, now));
	return row;
}

/** Closes the answer link in the statement that finds it: two answers sent at once cannot both go out. */
export async function markAnswered(tx: Queryable, tokenHash: string, now: Date) {
	const [row] = await tx.update(relayMessages).set({ answeredAt: now }).where(openMessage(tokenHash, now)).returning({
		id: relayMessages.id,
		tenantId: relayMessages.tenantId,
		groupId: relayMessages.groupId,
		recipientKind: relayMessages.recipientKind,
		senderEmail: relayMessages.senderEmail,
		locale: relayMessages.locale
	});
	return row;
}

export async function deleteRelayMessagesDue(tx: Queryable, now: Date): Promise<number> {
	const rows = await tx.delete(relayMessages).where(lte(relayMessages.deleteAfter, now)).returning({ id: relayMessages.id });
	return rows.length;
}

/** The relay's e-mails (they carry the message or the answer) once their retention has passed. */
export async function deleteRelayMails(tx: Queryable, templates: string[], createdBefore: Date): Promise<number> {
	const rows = await tx
		.delete(outbox)
		.where(and(inArray(outbox.template, templates), lt(outbox.createdAt, createdBefore)))
		.returning({ id: outbox.id });
	return rows.length;
}
