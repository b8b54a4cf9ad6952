import { sql } from 'drizzle-orm';
import { APP_ROLE, type Db, type Tx } from './client.js';

/**
 * Who a transaction acts for. Row-level security reads these settings:
 * - `tenant`: rows of one office (and the acting user's own account)
 * - `user`: only the acting user's own account, sessions and memberships
 * - `system`: everything — for login, jobs and operator commands only
 */
export type Scope =
	{ kind: 'tenant'; tenantId: string; userId?: string | undefined } | { kind: 'user'; userId: string } | { kind: 'system' };

export const systemScope: Scope = { kind: 'system' };

/** Runs `fn` in one short transaction under the application role with the given scope. */
export async function inScope<T>(db: Db, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		const tenantId = scope.kind === 'tenant' ? scope.tenantId : '';
		const userId = scope.kind === 'system' ? '' : (scope.userId ?? '');
		// one round trip: set_config('role', …, true) is SET LOCAL ROLE; the scope travels as parameters
		await tx.execute(
			sql`select set_config('role', ${APP_ROLE}, true), set_config('app.system', ${scope.kind === 'system' ? 'on' : ''}, true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true)`
		);
		return fn(tx);
	});
}
