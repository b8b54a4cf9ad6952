import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../modules/tenants/tenants.table.js';

/** Column helpers shared by the module tables. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** The owning office of a tenant-owned row (row-level security keys on it). */
export const tenantId = () =>
	uuid('tenant_id')
		.notNull()
		.references(() => tenants.id, { onDelete: 'cascade' });

/** `('a','b')` for a check constraint over a fixed list of values. */
export const inList = (values: readonly string[]) => sql.raw(`(${values.map((value) => `'${value}'`).join(',')})`);
