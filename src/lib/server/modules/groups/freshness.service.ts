import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { systemActor } from '../../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { consents, contactPersons, groupHistory, groups } from './groups.table.js';
import { today } from './groups.service.js';

/**
 * Freshness (GRP-3), as a pure rule over months since the entry was last confirmed:
 * 12 months → ask the group by e-mail; 13 → ask staff; 15 → flag as stale; 18 → hide.
 * Nothing is ever deleted; staff or the group confirm, and the entry is fresh again.
 */
export const FRESHNESS = { askGroupAfter: 12, askStaffAfter: 13, flagAfter: 15, hideAfter: 18 } as const;

export type FreshnessStep = 'none' | 'ask_group' | 'ask_staff' | 'flag' | 'hide';

export function monthsBetween(from: Date, to: Date): number {
	const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
	return to.getUTCDate() < from.getUTCDate() ? months - 1 : months;
}

export function freshnessStep(
	group: { moderation: string; confirmedAt: Date | null; createdAt: Date; staleSince: Date | null; confirmationRequestedAt: Date | null },
	now: Date
): FreshnessStep {
	if (group.moderation !== 'published') return 'none';
	const age = monthsBetween(group.confirmedAt ?? group.createdAt, now);
	if (age >= FRESHNESS.hideAfter) return 'hide';
	if (age >= FRESHNESS.flagAfter) return group.staleSince ? 'none' : 'flag';
	if (age >= FRESHNESS.askStaffAfter) {
		const askedMonths = group.confirmationRequestedAt ? monthsBetween(group.confirmationRequestedAt, now) : null;
		return askedMonths === null || askedMonths >= 1 ? 'ask_staff' : 'none';
	}
	if (age >= FRESHNESS.askGroupAfter) return group.confirmationRequestedAt ? 'none' : 'ask_group';
	return 'none';
}

/** The daily job: takes the next step for every published entry that needs one. */
export async function runFreshness(db: Db, mail: MailSettings, now = new Date()): Promise<Record<FreshnessStep, number>> {
	const counts: Record<FreshnessStep, number> = { none: 0, ask_group: 0, ask_staff: 0, flag: 0, hide: 0 };
	const actor = systemActor('freshness');
	await inScope(db, { kind: 'system' }, async (tx) => {
		const rows = await tx
			.select({
				id: groups.id,
				tenantId: groups.tenantId,
				name: groups.name,
				moderation: groups.moderation,
				confirmedAt: groups.confirmedAt,
				createdAt: groups.createdAt,
				staleSince: groups.staleSince,
				confirmationRequestedAt: groups.confirmationRequestedAt,
				version: groups.version,
				officeEmail: tenants.email,
				officeName: tenants.name
			})
			.from(groups)
			.innerJoin(tenants, eq(tenants.id, groups.tenantId))
			.where(eq(groups.moderation, 'published'));
		for (const group of rows) {
			const step = freshnessStep(group, now);
			counts[step]++;
			if (step === 'none') continue;
			if (step === 'ask_group') {
				const contacts = await tx
					.select({ email: contactPersons.email })
					.from(contactPersons)
					.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
					.where(eq(contactPersons.groupId, group.id));
				const addresses = [...new Set(contacts.map((c) => c.email).filter(Boolean))];
				for (const to of addresses)
					await queueMail(tx, mail, {
						tenantId: group.tenantId,
						template: 'group_confirmation_request',
						locale: 'de',
						to,
						params: { group: group.name, office: group.officeName }
					});
				// without a reachable contact person the office is asked straight away
				if (!addresses.length && group.officeEmail)
					await queueMail(tx, mail, {
						tenantId: group.tenantId,
						template: 'group_confirmation_staff',
						locale: 'de',
						to: group.officeEmail,
						params: { group: group.name }
					});
				await tx.update(groups).set({ confirmationRequestedAt: now }).where(eq(groups.id, group.id));
			} else if (step === 'ask_staff') {
				if (group.officeEmail)
					await queueMail(tx, mail, {
						tenantId: group.tenantId,
						template: 'group_confirmation_staff',
						locale: 'de',
						to: group.officeEmail,
						params: { group: group.name }
					});
				await tx.update(groups).set({ confirmationRequestedAt: now }).where(eq(groups.id, group.id));
			} else if (step === 'flag') {
				await tx.update(groups).set({ staleSince: now }).where(eq(groups.id, group.id));
			} else {
				await tx
					.update(groups)
					.set({ moderation: 'hidden', staleSince: group.staleSince ?? now, version: group.version + 1, updatedAt: now })
					.where(eq(groups.id, group.id));
				await tx.insert(groupHistory).values({
					tenantId: group.tenantId,
					groupId: group.id,
					kind: 'moderation',
					fromState: 'published',
					toState: 'hidden',
					effectiveOn: today(now),
					note: 'stale',
					actorLabel: actor.label
				});
			}
			await recordAudit(tx, actor, {
				tenantId: group.tenantId,
				action: 'update',
				entity: 'group',
				entityId: group.id,
				changes: { freshness: step }
			});
		}
	});
	return counts;
}
