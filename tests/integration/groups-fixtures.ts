import { and, eq, sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { APP_ROLE, type Database } from '../../src/lib/server/db/client.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { addUser } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import type { Role } from '../../src/lib/server/auth/permissions.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { outbox } from '../../src/lib/server/modules/mail/mail.table.js';
import { topics } from '../../src/lib/server/modules/topics/topics.table.js';
import { groups } from '../../src/lib/server/modules/groups/groups.table.js';
import type { RawClient } from '../../src/lib/server/modules/topics/topics.seed.js';
import type { GroupRecord, UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import type { GroupRow } from '../../src/lib/server/modules/groups/groups.repository.js';
import type { SeriesInput } from '../../src/lib/schemas/group.js';
import { PASSWORD } from './fixtures.js';

/** Mail settings without SMTP: every mail stays in the outbox. */
export const MAIL = { smtpUrl: undefined, from: 'treffpunkt@example.org' };

export function userActor(userId: string, tenantId: string, role: Role, label: string): UserActor {
	return { kind: 'user', userId, tenantId, role, label };
}

/** A further person in an existing office, as the actor the services receive. */
export async function personIn(database: Database, officeId: string, email: string, role: Role = 'staff'): Promise<UserActor> {
	const { userId } = await addUser(database.db, systemActor('test'), {
		officeId,
		email,
		name: `Person ${email}`,
		role,
		password: PASSWORD
	});
	return userActor(userId, officeId, role, email);
}

/** The record the group form would show for a group (its topics in the given order). */
export function recordOf(group: GroupRow, topicIds: string[]): GroupRecord {
	return {
		name: group.name,
		description: group.description,
		firstVisit: group.firstVisit,
		audiences: group.audiences as GroupRecord['audiences'],
		languages: group.languages,
		keywords: group.keywords,
		topicIds,
		format: group.format as GroupRecord['format'],
		acceptingMembers: group.acceptingMembers,
		contactMode: group.contactMode as GroupRecord['contactMode'],
		addressVisibility: group.addressVisibility as GroupRecord['addressVisibility'],
		website: group.website,
		estimatedSize: group.estimatedSize,
		associationId: group.associationId
	};
}

/** A meeting series as the form sends it: weekly on Tuesday 19:00–21:00 in Buchholz unless overridden. */
export function seriesInput(overrides: Partial<SeriesInput> = {}): SeriesInput {
	return {
		frequency: 'weekly',
		interval: '1',
		weekdays: ['2'],
		weeksOfMonth: [],
		startDate: '2026-01-06',
		endDate: '',
		startTime: '19:00',
		endTime: '21:00',
		skipHolidays: true,
		breakFrom: '',
		breakTo: '',
		locationKind: 'address',
		street: 'Kirchenstraße 6',
		postalCode: '21244',
		city: '',
		district: '',
		stepFree: 'yes',
		accessibleToilet: true,
		hearingLoop: false,
		signLanguage: false,
		...overrides
	};
}

/** The national topic with this key (the starter thesaurus). */
export async function topicId(database: Database, key: string): Promise<string> {
	const [row] = await inScope(database.db, { kind: 'system' }, (tx) =>
		tx.select({ id: topics.id }).from(topics).where(eq(topics.key, key))
	);
	if (!row) throw new Error(`topic ${key} missing`);
	return row.id;
}

export async function setOfficeEmail(database: Database, officeId: string, email: string): Promise<void> {
	await inScope(database.db, { kind: 'system' }, (tx) => tx.update(tenants).set({ email }).where(eq(tenants.id, officeId)));
}

/** Sets columns of a group directly (freshness dates), as a test arranges a situation. */
export async function setGroupColumns(database: Database, id: string, values: Partial<typeof groups.$inferInsert>): Promise<void> {
	await inScope(database.db, { kind: 'system' }, (tx) => tx.update(groups).set(values).where(eq(groups.id, id)));
}

/** The mails in the outbox with their template, oldest first. */
export async function outboxMails(database: Database, filter: { tenantId?: string; to?: string; template?: string } = {}) {
	return inScope(database.db, { kind: 'system' }, (tx) =>
		tx
			.select({
				tenantId: outbox.tenantId,
				template: outbox.template,
				toAddress: outbox.toAddress,
				subject: outbox.subject,
				bodyText: outbox.bodyText
			})
			.from(outbox)
			.where(
				and(
					filter.tenantId ? eq(outbox.tenantId, filter.tenantId) : undefined,
					filter.to ? eq(outbox.toAddress, filter.to) : undefined,
					filter.template ? eq(outbox.template, filter.template) : undefined
				)
			)
			.orderBy(outbox.createdAt, sql`${outbox.id}`)
	);
}

/**
 * Runs `fn` with a raw connection as the migration (connecting) user, as `applyMigrations` does:
 * the test database's application role is switched off for the call and on again afterwards.
 */
export async function asMigrationUser<T>(database: Database, fn: (client: RawClient) => Promise<T>): Promise<T> {
	const client = (database.db as unknown as { $client: unknown }).$client;
	if (database.kind === 'pglite') {
		const pglite = client as PGlite;
		await pglite.exec('RESET ROLE');
		try {
			return await fn(pglite);
		} finally {
			await pglite.exec(`SET ROLE ${APP_ROLE}`);
		}
	}
	const connection = await (client as pg.Pool).connect();
	try {
		await connection.query('RESET ROLE');
		return await fn({ query: (text, params) => connection.query(text, params) });
	} finally {
		await connection.query(`SET ROLE ${APP_ROLE}`);
		connection.release();
	}
}
