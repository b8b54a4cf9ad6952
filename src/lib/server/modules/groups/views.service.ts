import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { isUuid } from '../../ids.js';
import type { UserActor } from './groups.service.js';
import { savedViews } from './groups.table.js';

/** A person's saved filters of the group list: a name and the list's query string. */
export async function listSavedViews(db: Db, actor: UserActor) {
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
		tx
			.select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
			.from(savedViews)
			.where(and(eq(savedViews.tenantId, actor.tenantId), eq(savedViews.userId, actor.userId)))
			.orderBy(asc(savedViews.name))
	);
}

/** Only the list's own filter parameters are kept, never a page number. */
export function cleanViewQuery(query: string): string {
	const params = new URLSearchParams(query);
	const kept = new URLSearchParams();
	for (const key of ['q', 'topic', 'lifecycle', 'moderation', 'format', 'attention', 'sort', 'dir']) {
		// the list reads at most 100 characters of any filter; a view keeps no more
		const value = params.get(key)?.slice(0, 100);
		if (value) kept.set(key, value);
	}
	return kept.toString();
}

export async function saveView(db: Db, actor: UserActor, name: string, query: string): Promise<void> {
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
		tx.insert(savedViews).values({ tenantId: actor.tenantId, userId: actor.userId, name, query: cleanViewQuery(query) })
	);
}

/** Deletes one of the person's own views; another person's view, or an unknown id, is left alone. */
export async function deleteView(db: Db, actor: UserActor, id: string): Promise<void> {
	if (!isUuid(id)) return;
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
		tx.delete(savedViews).where(and(eq(savedViews.id, id), eq(savedViews.userId, actor.userId)))
	);
}
