import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { systemActor } from '../../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { newToken, tokenId } from '../../auth/crypto.js';
import { AppError } from '../../errors.js';
import { describeRecurrence } from '../../../recurrence/index.js';
import { confirmationTokens, consents, contactPersons, groupHistory, groups, meetingSeries, outdatedReports } from './groups.table.js';
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

/**
 * The daily job: takes the next step for every published entry that needs one. Only entries at
 * least 12 months without confirmation are read (in SQL), and each is handled in its own short
 * transaction, so the job never holds the database for long at national scale.
 */
export async function runFreshness(
	db: Db,
	mail: MailSettings,
	now = new Date(),
	origin = 'http://localhost:3000'
): Promise<Record<FreshnessStep, number>> {
	const counts: Record<FreshnessStep, number> = { none: 0, ask_group: 0, ask_staff: 0, flag: 0, hide: 0 };
	const actor = systemActor('freshness');
	const due = new Date(now);
	due.setUTCMonth(due.getUTCMonth() - FRESHNESS.askGroupAfter);
	const { published, candidates } = await inScope(db, { kind: 'system' }, async (tx) => {
		const [total] = await tx.select({ n: count() }).from(groups).where(eq(groups.moderation, 'published'));
		const candidates = await tx
			.select({ id: groups.id })
			.from(groups)
			.where(and(eq(groups.moderation, 'published'), sql`coalesce(${groups.confirmedAt}, ${groups.createdAt}) <= ${due.toISOString()}`));
		return { published: total?.n ?? 0, candidates: candidates.map((row) => row.id) };
	});
	for (const groupId of candidates) {
		const step = await inScope(db, { kind: 'system' }, async (tx) => {
			const [group] = await tx
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
				.where(eq(groups.id, groupId))
				.for('update', { of: groups });
			if (!group) return 'none' as const;
			const step = freshnessStep(group, now);
			if (step === 'none') return step;
			if (step === 'ask_group') {
				const contacts = await tx
					.select({ email: contactPersons.email })
					.from(contactPersons)
					.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
					.where(eq(contactPersons.groupId, group.id));
				const addresses = [...new Set(contacts.map((c) => c.email).filter(Boolean))];
				if (addresses.length) {
					const { token, id } = newToken();
					await tx.insert(confirmationTokens).values({
						id,
						tenantId: group.tenantId,
						groupId: group.id,
						expiresAt: new Date(now.getTime() + CONFIRMATION_LINK_DAYS * 86_400_000)
					});
					for (const to of addresses)
						await queueMail(tx, mail, {
							tenantId: group.tenantId,
							template: 'group_confirmation_request',
							locale: 'de',
							to,
							params: { group: group.name, office: group.officeName, link: `${origin}/eintrag-bestaetigen/${token}` }
						});
				}
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
			return step;
		});
		counts[step]++;
	}
	counts.none = published - counts.ask_group - counts.ask_staff - counts.flag - counts.hide;
	return counts;
}

/** How long the link in the yearly e-mail works. */
export const CONFIRMATION_LINK_DAYS = 60;

async function openToken(tx: Parameters<Parameters<Db['transaction']>[0]>[0], token: string, now: Date) {
	const [row] = await tx
		.select({ id: confirmationTokens.id, tenantId: confirmationTokens.tenantId, groupId: confirmationTokens.groupId })
		.from(confirmationTokens)
		.where(and(eq(confirmationTokens.id, tokenId(token)), isNull(confirmationTokens.usedAt), gt(confirmationTokens.expiresAt, now)));
	return row;
}

/** What the confirmation page shows: the entry as it is published, or null for a used or expired link. */
export async function confirmationView(db: Db, token: string, now = new Date()) {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const link = await openToken(tx, token, now);
		if (!link) return null;
		const [group] = await tx
			.select({
				name: groups.name,
				description: groups.description,
				officeName: tenants.name,
				officePhone: tenants.phone,
				officeEmail: tenants.email
			})
			.from(groups)
			.innerJoin(tenants, eq(tenants.id, groups.tenantId))
			.where(eq(groups.id, link.groupId));
		if (!group) return null;
		const series = await tx
			.select({
				recurrence: meetingSeries.recurrence,
				scheduleText: meetingSeries.scheduleText,
				city: meetingSeries.city,
				locationKind: meetingSeries.locationKind
			})
			.from(meetingSeries)
			.where(eq(meetingSeries.groupId, link.groupId));
		return {
			...group,
			meetings: series.map((s) => ({
				when: s.recurrence ? describeRecurrence(s.recurrence, 'de') : s.scheduleText,
				where: s.locationKind === 'address' ? s.city : s.locationKind
			}))
		};
	});
}

/**
 * The group answers the yearly e-mail through its link: "everything is right" confirms the entry;
 * "something changed" goes to the staff queue as a report. Either way the link is used up.
 */
export async function answerConfirmation(
	db: Db,
	token: string,
	answer: { confirm: true } | { confirm: false; message: string },
	now = new Date()
) {
	const actor = systemActor('Bestätigungslink');
	await inScope(db, { kind: 'system' }, async (tx) => {
		// used up in the same statement that finds it: two answers sent at once cannot both count
		const [link] = await tx
			.update(confirmationTokens)
			.set({ usedAt: now })
			.where(and(eq(confirmationTokens.id, tokenId(token)), isNull(confirmationTokens.usedAt), gt(confirmationTokens.expiresAt, now)))
			.returning({ tenantId: confirmationTokens.tenantId, groupId: confirmationTokens.groupId });
		if (!link) throw new AppError('not_found', 'link used or expired');
		if (answer.confirm) {
			await tx
				.update(groups)
				.set({ confirmedAt: now, staleSince: null, confirmationRequestedAt: null, updatedAt: now })
				.where(eq(groups.id, link.groupId));
			await tx.insert(groupHistory).values({
				tenantId: link.tenantId,
				groupId: link.groupId,
				kind: 'confirmation',
				toState: 'confirmed',
				effectiveOn: today(now),
				note: 'link',
				actorLabel: actor.label
			});
		} else {
			await tx.insert(outdatedReports).values({ tenantId: link.tenantId, groupId: link.groupId, message: answer.message });
		}
		await recordAudit(tx, actor, {
			tenantId: link.tenantId,
			action: 'update',
			entity: 'group',
			entityId: link.groupId,
			changes: { confirmationLink: answer.confirm ? 'confirmed' : 'changes_reported' }
		});
	});
}
