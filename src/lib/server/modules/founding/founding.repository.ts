import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { tenants } from '../tenants/tenants.table.js';
import { topics } from '../topics/topics.table.js';
import { foundingInterests } from './founding.table.js';

/** What an office needs to take an interest and to be named in the e-mails: public office data. */
export type OfficeContact = { id: string; kind: string; name: string; postalCode: string; phone: string; email: string };

const officeColumns = {
	id: tenants.id,
	kind: tenants.kind,
	name: tenants.name,
	postalCode: tenants.postalCode,
	phone: tenants.phone,
	email: tenants.email
};

export async function listPublishedOfficeContacts(tx: Queryable): Promise<OfficeContact[]> {
	return tx.select(officeColumns).from(tenants).where(eq(tenants.published, true)).orderBy(asc(tenants.name), asc(tenants.id));
}

export async function findOfficeContact(tx: Queryable, id: string): Promise<OfficeContact | undefined> {
	const [row] = await tx.select(officeColumns).from(tenants).where(eq(tenants.id, id));
	return row;
}

/** One interest as the office works with it (never with the e-mail address, see `recipientColumns`). */
export type InterestRow = {
	id: string;
	topicId: string | null;
	topicText: string;
	topicLabelDe: string | null;
	topicLabelEn: string | null;
	postalCode: string;
	createdAt: Date;
};

const interestColumns = {
	id: foundingInterests.id,
	topicId: foundingInterests.topicId,
	topicText: foundingInterests.topicText,
	topicLabelDe: topics.labelDe,
	topicLabelEn: topics.labelEn,
	postalCode: foundingInterests.postalCode,
	createdAt: foundingInterests.createdAt
};

/** The office's open interests, newest first. */
export async function openInterests(tx: Queryable, tenantId: string, options: { forUpdate?: boolean } = {}): Promise<InterestRow[]> {
	const query = tx
		.select(interestColumns)
		.from(foundingInterests)
		.leftJoin(topics, eq(topics.id, foundingInterests.topicId))
		.where(and(eq(foundingInterests.tenantId, tenantId), eq(foundingInterests.status, 'open')))
		.orderBy(desc(foundingInterests.createdAt), asc(foundingInterests.id));
	return options.forUpdate ? query.for('update', { of: foundingInterests }) : query;
}

/** Whom to write to: only for sending the e-mails the person consented to. */
export type Recipient = { id: string; email: string; locale: string; topicText: string; topicId: string | null };

export async function recipients(tx: Queryable, tenantId: string, ids: string[]): Promise<Recipient[]> {
	if (!ids.length) return [];
	return tx
		.select({
			id: foundingInterests.id,
			email: foundingInterests.email,
			locale: foundingInterests.locale,
			topicText: foundingInterests.topicText,
			topicId: foundingInterests.topicId
		})
		.from(foundingInterests)
		.where(and(eq(foundingInterests.tenantId, tenantId), inArray(foundingInterests.id, ids)))
		.orderBy(asc(foundingInterests.createdAt), asc(foundingInterests.id));
}

/** The same person's earlier interests in this office and postal code (to refuse a duplicate). */
export async function interestsOfAddress(
	tx: Queryable,
	tenantId: string,
	email: string,
	postalCode: string
): Promise<{ id: string; topicId: string | null; topicText: string; createdAt: Date }[]> {
	return tx
		.select({
			id: foundingInterests.id,
			topicId: foundingInterests.topicId,
			topicText: foundingInterests.topicText,
			createdAt: foundingInterests.createdAt
		})
		.from(foundingInterests)
		.where(
			and(
				eq(foundingInterests.tenantId, tenantId),
				eq(foundingInterests.email, email),
				eq(foundingInterests.postalCode, postalCode),
				ne(foundingInterests.status, 'withdrawn')
			)
		)
		.orderBy(asc(foundingInterests.createdAt));
}

export async function insertInterest(tx: Queryable, values: typeof foundingInterests.$inferInsert): Promise<string> {
	const [row] = await tx.insert(foundingInterests).values(values).returning({ id: foundingInterests.id });
	if (!row) throw new Error('insert returned no row');
	return row.id;
}

export async function updateInterest(tx: Queryable, tenantId: string, id: string, values: Partial<typeof foundingInterests.$inferInsert>) {
	await tx
		.update(foundingInterests)
		.set(values)
		.where(and(eq(foundingInterests.tenantId, tenantId), eq(foundingInterests.id, id)));
}

export async function markNotified(tx: Queryable, tenantId: string, ids: string[], groupId: string, now: Date): Promise<void> {
	if (!ids.length) return;
	await tx
		.update(foundingInterests)
		.set({ status: 'notified', groupId, notifiedAt: now })
		.where(and(eq(foundingInterests.tenantId, tenantId), inArray(foundingInterests.id, ids)));
}

/** The interest a withdraw link stands for (by the hash of its token). */
export async function findByTokenHash(
	tx: Queryable,
	hash: string
): Promise<{ id: string; tenantId: string; topicText: string; postalCode: string } | undefined> {
	const [row] = await tx
		.select({
			id: foundingInterests.id,
			tenantId: foundingInterests.tenantId,
			topicText: foundingInterests.topicText,
			postalCode: foundingInterests.postalCode
		})
		.from(foundingInterests)
		.where(eq(foundingInterests.withdrawTokenHash, hash));
	return row;
}

export async function deleteByTokenHash(tx: Queryable, hash: string): Promise<{ id: string; tenantId: string } | undefined> {
	const [row] = await tx
		.delete(foundingInterests)
		.where(eq(foundingInterests.withdrawTokenHash, hash))
		.returning({ id: foundingInterests.id, tenantId: foundingInterests.tenantId });
	return row;
}

export async function deleteInterestRow(tx: Queryable, tenantId: string, id: string): Promise<boolean> {
	const rows = await tx
		.delete(foundingInterests)
		.where(and(eq(foundingInterests.tenantId, tenantId), eq(foundingInterests.id, id)))
		.returning({ id: foundingInterests.id });
	return rows.length > 0;
}

/** Deletes every interest whose time is up; returns how many per office. */
export async function deleteExpired(tx: Queryable, now: Date): Promise<{ tenantId: string }[]> {
	return tx.delete(foundingInterests).where(lt(foundingInterests.deleteAfter, now)).returning({ tenantId: foundingInterests.tenantId });
}

/** Serialises registrations of one address, so that two submissions at once cannot both be stored. */
export async function lockAddress(tx: Queryable, email: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`founding:${email}`}))`);
}
