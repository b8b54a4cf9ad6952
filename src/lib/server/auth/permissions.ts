/**
 * The one place that says which role may do what (PLAT-2). Every back-office entry point asks
 * `requirePermission(event, '<permission>')`; services check again with `assertCan`.
 */
import { ROLES, type Role } from '../../schemas/common.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';

export { ROLES, type Role };

const everyone: readonly Role[] = ROLES;

export const PERMISSIONS = {
	/** see the back-office start page and one's own account */
	'backoffice.enter': everyone,
	/** edit the office's own data: address, hours */
	'office.edit': ['admin'],
	/** create offices below one's own (a state office's members) */
	'office.create_child': ['admin'],
	/** invite people, change and remove their roles */
	'users.manage': ['admin'],
	/** read the audit log */
	'audit.read': ['admin'],
	/** read the e-mail outbox of the office */
	'outbox.read': ['admin', 'staff'],
	/** see the scheduled jobs with their last run and errors */
	'jobs.read': ['admin'],
	/** see the office's groups with their meetings, contact persons and history */
	'groups.read': ['admin', 'staff', 'volunteer'],
	/** create and change groups, publish them, log support; decide proposals and reports */
	'groups.edit': ['admin', 'staff'],
	/** import and export the group list */
	'groups.import': ['admin', 'staff'],
	/** a group's contact person: propose changes to her own group's entry and confirm it */
	'groups.propose': ['group_contact'],
	/** read the thesaurus; editing it is for administrators of state offices and top-level offices */
	'topics.read': ['admin', 'staff', 'volunteer'],
	/** see the office's rooms and their bookings (a group contact sees them to ask for a date) */
	'rooms.read': ['admin', 'staff', 'volunteer', 'group_contact'],
	/** create and change rooms, their hours, equipment and rules */
	'rooms.edit': ['admin', 'staff'],
	/** book a room directly (confirmed at once), for a group, an event or the office itself */
	'rooms.book': ['admin', 'staff'],
	/** a group's contact person: ask for a room for her own group (staff confirm or decline) */
	'rooms.request': ['group_contact'],
	/** see the equipment the office lends, its reservations and loans */
	'equipment.read': ['admin', 'staff', 'volunteer'],
	/** keep the inventory, reserve, hand out and take back equipment */
	'equipment.lend': ['admin', 'staff'],
	/** see the office's events, their registrations and speakers */
	'events.read': ['admin', 'staff', 'volunteer'],
	/** create, publish, change and cancel events; manage registrations and speakers */
	'events.edit': ['admin', 'staff']
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
	return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * The service's own check of the actor's role (the route's guard is the first): a person whose
 * role lacks the permission is refused; the system (CLI, jobs) acts on an operator's behalf.
 */
export function assertCan(actor: Actor, permission: Permission): void {
	if (actor.kind === 'user' && !can(actor.role, permission)) throw new AppError('forbidden', `${permission} not allowed for ${actor.role}`);
}

/** Administrators and staff must use a second factor (TOTP) to log in. */
export function requiresSecondFactor(roles: readonly Role[]): boolean {
	return roles.some((role) => role === 'admin' || role === 'staff');
}

export function isRole(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}
