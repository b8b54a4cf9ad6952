import { and, desc, eq } from 'drizzle-orm';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { users } from '../accounts/accounts.table.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import type { Locale } from '../mail/mail.templates.js';
import { findGroup, topicIdsOf, type GroupRow } from './groups.repository.js';
import { applyGroupRecord, confirmEntries, type GroupContext, type GroupRecord } from './groups.service.js';
import { assertContactOf } from './contacts.service.js';
import { changeProposals } from './groups.table.js';

/** The fields a group contact may propose; the association and internal notes stay with staff. */
export const PROPOSABLE_FIELDS = [
	'name',
	'description',
	'firstVisit',
	'audiences',
	'languages',
	'keywords',
	'topicIds',
	'format',
	'acceptingMembers',
	'contactMode',
	'addressVisibility',
	'website',
	'estimatedSize'
] as const satisfies readonly (keyof GroupRecord)[];

type Change = [before: unknown, after: unknown];

function recordOf(group: GroupRow, topicIds: string[]): GroupRecord {
	return {
		name: group.name,
		description: group.description,
		firstVisit: group.firstVisit,
		audiences: group.audiences as GroupRecord['audiences'],
		languages: group.languages,
		keywords: group.keywords,
		// topics are a set: kept in one order, so the same topics in another order are no change
		topicIds: [...topicIds].sort(),
		format: group.format as GroupRecord['format'],
		acceptingMembers: group.acceptingMembers,
		contactMode: group.contactMode as GroupRecord['contactMode'],
		addressVisibility: group.addressVisibility as GroupRecord['addressVisibility'],
		website: group.website,
		estimatedSize: group.estimatedSize,
		associationId: group.associationId
	};
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A group contact proposes changes to her group's entry (GRP-2). Nothing public changes until staff
 * approve; a newer proposal from her replaces her pending one.
 */
export async function proposeChange(
	ctx: GroupContext,
	groupId: string,
	proposed: GroupRecord
): Promise<{ id: string | null; fields: string[] }> {
	const { db, actor, now = new Date(), requestId } = ctx;
	assertCan(actor, 'groups.propose');
	await assertContactOf(db, actor, groupId);
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const group = await findGroup(tx, actor.tenantId, groupId);
		if (!group) throw new AppError('not_found', 'group not found');
		const current = recordOf(group, await topicIdsOf(tx, groupId));
		const wanted: GroupRecord = { ...proposed, topicIds: [...proposed.topicIds].sort() };
		const changes: Record<string, Change> = {};
		for (const field of PROPOSABLE_FIELDS) {
			if (!same(current[field], wanted[field])) changes[field] = [current[field], wanted[field]];
		}
		await tx
			.update(changeProposals)
			.set({ status: 'withdrawn', decidedAt: now, decidedByLabel: actor.label })
			.where(
				and(eq(changeProposals.groupId, groupId), eq(changeProposals.proposedBy, actor.userId), eq(changeProposals.status, 'pending'))
			);
		if (!Object.keys(changes).length) return { id: null, fields: [] };
		const [row] = await tx
			.insert(changeProposals)
			.values({
				tenantId: actor.tenantId,
				groupId,
				proposedBy: actor.userId,
				proposedByLabel: actor.label,
				baseVersion: group.version,
				changes,
				createdAt: now
			})
			.returning({ id: changeProposals.id });
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'create',
				entity: 'change_proposal',
				entityId: row?.id ?? null,
				changes: { groupId, fields: Object.keys(changes) }
			},
			requestId
		);
		return { id: row?.id ?? null, fields: Object.keys(changes) };
	});
}

/** The longest comment staff may send back with a returned proposal (the form's maxlength). */
export const PROPOSAL_COMMENT_MAX = 1000;

/**
 * Staff approve (the proposed values are applied and published as they are) or return a proposal
 * with a comment. The person who proposed it is told by e-mail either way.
 */
export async function decideProposal(
	ctx: GroupContext & { mail: MailSettings; locale: Locale },
	proposalId: string,
	decision: { approve: true } | { approve: false; comment: string }
): Promise<{ groupId: string; conflicts: string[] }> {
	const { db, actor, now = new Date(), requestId } = ctx;
	assertCan(actor, 'groups.edit');
	if (!decision.approve && !decision.comment.trim())
		throw new AppError('invalid', 'comment required', { field: 'comment', code: 'proposal_comment_required' });
	if (!decision.approve && decision.comment.trim().length > PROPOSAL_COMMENT_MAX)
		throw new AppError('invalid', 'comment too long', { field: 'comment', code: 'error_too_long' });
	assertId(proposalId, 'proposal');
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		// locked: two people deciding the same proposal at once must not both apply it
		const [proposal] = await tx
			.select()
			.from(changeProposals)
			.where(and(eq(changeProposals.id, proposalId), eq(changeProposals.tenantId, actor.tenantId)))
			.for('update');
		if (!proposal || proposal.status !== 'pending') throw new AppError('not_found', 'proposal not found or decided');
		const group = await findGroup(tx, actor.tenantId, proposal.groupId, { forUpdate: true });
		if (!group) throw new AppError('not_found', 'group not found');
		const current = recordOf(group, await topicIdsOf(tx, group.id));
		const changes = proposal.changes as Record<string, Change>;
		// a field staff changed after the proposal was made: the proposal wins only where it still applies
		const conflicts = Object.entries(changes)
			.filter(([field, [before]]) => !same(current[field as keyof GroupRecord], before))
			.map(([field]) => field);
		if (decision.approve) {
			const next: GroupRecord = { ...current };
			for (const [field, [, after]] of Object.entries(changes)) (next as Record<string, unknown>)[field] = after;
			await applyGroupRecord(tx, actor, group, next, now, requestId);
		}
		await tx
			.update(changeProposals)
			.set({
				status: decision.approve ? 'approved' : 'returned',
				comment: decision.approve ? '' : decision.comment.trim(),
				decidedAt: now,
				decidedByLabel: actor.label
			})
			.where(eq(changeProposals.id, proposalId));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'change_proposal',
				entityId: proposalId,
				changes: { status: decision.approve ? 'approved' : 'returned', groupId: group.id }
			},
			requestId
		);
		if (proposal.proposedBy) {
			const [person] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, proposal.proposedBy));
			if (person)
				await queueMail(tx, ctx.mail, {
					tenantId: actor.tenantId,
					template: decision.approve ? 'proposal_approved' : 'proposal_returned',
					locale: person.locale === 'en' ? 'en' : 'de',
					to: person.email,
					params: { group: group.name, comment: decision.approve ? '' : decision.comment.trim() }
				});
		}
		return { groupId: group.id, conflicts };
	});
}

/** A group contact confirms that her group's entry is still right (GRP-3): nothing else changes. */
export async function confirmAsContact(ctx: GroupContext, groupId: string): Promise<void> {
	assertCan(ctx.actor, 'groups.propose');
	await assertContactOf(ctx.db, ctx.actor, groupId);
	await confirmEntries(ctx, [groupId]);
}

/** The group's current record and the contact's own pending proposal, for her edit form. */
export async function contactView(ctx: GroupContext, groupId: string) {
	assertCan(ctx.actor, 'groups.propose');
	await assertContactOf(ctx.db, ctx.actor, groupId);
	return inScope(ctx.db, { kind: 'tenant', tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, async (tx) => {
		const group = await findGroup(tx, ctx.actor.tenantId, groupId);
		if (!group) throw new AppError('not_found', 'group not found');
		const topicIds = await topicIdsOf(tx, groupId);
		const [pending] = await tx
			.select({ id: changeProposals.id, createdAt: changeProposals.createdAt, changes: changeProposals.changes })
			.from(changeProposals)
			.where(
				and(eq(changeProposals.groupId, groupId), eq(changeProposals.proposedBy, ctx.actor.userId), eq(changeProposals.status, 'pending'))
			);
		const [returned] = await tx
			.select({ comment: changeProposals.comment, decidedAt: changeProposals.decidedAt })
			.from(changeProposals)
			.where(
				and(eq(changeProposals.groupId, groupId), eq(changeProposals.proposedBy, ctx.actor.userId), eq(changeProposals.status, 'returned'))
			)
			.orderBy(desc(changeProposals.decidedAt))
			.limit(1);
		return { group, topicIds, pending: pending ?? null, returned: returned ?? null };
	});
}
