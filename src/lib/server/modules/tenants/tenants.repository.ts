import { asc, count, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { tenants } from './tenants.table.js';

const columns = {
	id: tenants.id,
	parentId: tenants.parentId,
	kind: tenants.kind,
	name: tenants.name,
	slug: tenants.slug,
	street: tenants.street,
	postalCode: tenants.postalCode,
	city: tenants.city,
	federalState: tenants.federalState,
	phone: tenants.phone,
	email: tenants.email,
	website: tenants.website,
	openingHours: tenants.openingHours,
	consultationHours: tenants.consultationHours,
	published: tenants.published
};

export type Office = {
	id: string;
	parentId: string | null;
	kind: string;
	name: string;
	slug: string;
	street: string;
	postalCode: string;
	city: string;
	federalState: string;
	phone: string;
	email: string;
	website: string;
	openingHours: string;
	consultationHours: string;
	published: boolean;
};

export async function findOfficeById(tx: Queryable, id: string): Promise<Office | undefined> {
	const [row] = await tx.select(columns).from(tenants).where(eq(tenants.id, id));
	return row;
}

export async function findOfficeBySlug(tx: Queryable, slug: string): Promise<Office | undefined> {
	const [row] = await tx.select(columns).from(tenants).where(eq(tenants.slug, slug));
	return row;
}

export async function listChildOffices(tx: Queryable, parentId: string): Promise<Office[]> {
	return tx.select(columns).from(tenants).where(eq(tenants.parentId, parentId)).orderBy(asc(tenants.name));
}

export async function listPublishedOffices(tx: Queryable): Promise<Office[]> {
	return tx.select(columns).from(tenants).where(eq(tenants.published, true)).orderBy(asc(tenants.name));
}

export async function countPublishedOffices(tx: Queryable): Promise<number> {
	const [row] = await tx.select({ n: count() }).from(tenants).where(eq(tenants.published, true));
	return row?.n ?? 0;
}

export async function slugTaken(tx: Queryable, slug: string): Promise<boolean> {
	const [row] = await tx
		.select({ n: sql<number>`1` })
		.from(tenants)
		.where(eq(tenants.slug, slug))
		.limit(1);
	return row !== undefined;
}

export async function insertOffice(tx: Queryable, values: typeof tenants.$inferInsert): Promise<Office> {
	const [row] = await tx.insert(tenants).values(values).returning(columns);
	if (!row) throw new Error('insert returned no row');
	return row;
}

export async function updateOffice(tx: Queryable, id: string, values: Partial<typeof tenants.$inferInsert>): Promise<Office> {
	const [row] = await tx
		.update(tenants)
		.set({ ...values, updatedAt: new Date() })
		.where(eq(tenants.id, id))
		.returning(columns);
	if (!row) throw new Error('office not found');
	return row;
}

export async function listOfficesOfKind(tx: Queryable, kind: string): Promise<{ id: string; name: string }[]> {
	return tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.kind, kind)).orderBy(asc(tenants.name));
}
