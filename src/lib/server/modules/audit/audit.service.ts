import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { auditLog } from './audit.table.js';

export type AuditEntry = {
	tenantId: string | null;
	action: 'create' | 'update' | 'delete' | 'read' | 'login' | 'logout' | 'setup' | 'restore' | 'invite';
	entity: string;
	entityId?: string | null;
	changes?: Record<string, unknown> | null;
};

/** Writes one audit entry inside the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Queryable, actor: Actor, entry: AuditEntry, requestId?: string): Promise<void> {
	await auditInsert(tx, actor, entry, requestId);
}

/**
 * The insert of one audit entry, not yet run: `recordAudit` runs it; a hot write path may send it
 * together with its own change as one statement (`with … insert …`, e.g. a room booking's save).
 */
export function auditInsert(tx: Queryable, actor: Actor, entry: AuditEntry, requestId?: string) {
	return tx.insert(auditLog).values({
		tenantId: entry.tenantId,
		actorUserId: actor.kind === 'user' ? actor.userId : null,
		actorLabel: actor.label,
		action: entry.action,
		entity: entry.entity,
		entityId: entry.entityId ?? null,
		changes: entry.changes ?? null,
		requestId: requestId ?? null
	});
}

/** Only the fields that changed, as { field: [before, after] }. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
	const changes: Record<string, [unknown, unknown]> = {};
	for (const key of Object.keys(after)) {
		const a = before[key];
		const b = after[key];
		if (b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b];
	}
	return changes;
}

export type AuditRow = {
	id: number;
	at: Date;
	actorLabel: string;
	action: string;
	entity: string;
	entityId: string | null;
	changes: Record<string, unknown> | null;
};

/** One page of the office's audit log, newest first; `before` is the id to continue from. */
export async function listAudit(
	tx: Queryable,
	tenantId: string,
	options: { before?: number | undefined; limit?: number } = {}
): Promise<{ rows: AuditRow[]; next: number | null }> {
	const limit = options.limit ?? 50;
	const rows = await tx
		.select({
			id: auditLog.id,
			at: auditLog.at,
			actorLabel: auditLog.actorLabel,
			action: auditLog.action,
			entity: auditLog.entity,
			entityId: auditLog.entityId,
			changes: auditLog.changes
		})
		.from(auditLog)
		.where(and(eq(auditLog.tenantId, tenantId), options.before ? lt(auditLog.id, options.before) : undefined))
		.orderBy(desc(auditLog.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** The audit log page of the actor's office (for its administrators). */
export async function auditPage(
	db: Db,
	actor: Actor & { kind: 'user' },
	before?: number
): Promise<{ rows: AuditRow[]; next: number | null }> {
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) => listAudit(tx, actor.tenantId, { before }));
}
