import type { LayoutServerLoad } from './$types';
import { requireUser } from '#lib/server/auth/guards.js';
import { can, PERMISSIONS, type Permission } from '#lib/server/auth/permissions.js';

export const load: LayoutServerLoad = (event) => {
	const session = requireUser(event);
	const role = session.active?.role;
	const allowed = Object.fromEntries((Object.keys(PERMISSIONS) as Permission[]).map((p) => [p, role ? can(role, p) : false])) as Record<
		Permission,
		boolean
	>;
	return {
		user: { name: session.user.name, email: session.user.email },
		active: session.active ?? null,
		memberships: session.memberships,
		allowed
	};
};
