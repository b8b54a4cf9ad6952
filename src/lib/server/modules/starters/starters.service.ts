import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId, isUuid } from '../../ids.js';
import { assertCan, can } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { groups } from '../groups/groups.table.js';
import { today, type GroupContext, type UserActor } from '../groups/groups.service.js';
import type { ConsentSource } from '../../../schemas/group.js';
import { starterMeetings, starterRequests, starterVolunteers } from './starters.table.js';

/** GRP-5: how many meetings a starter volunteer accompanies unless staff set another limit. */
export const STARTER_MEETING_LIMITS = { new: 8, existing: 6 } as const;

const scope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

export async function listVolunteers(db: Db, actor: UserActor) {
	assertCan(actor, 'groups.read');
	return inScope(db, scope(actor), async (tx) => {
		const rows = await tx
			.select({
				id: starterVolunteers.id,
				name: starterVolunteers.name,
				email: starterVolunteers.email,
				phone: starterVolunteers.phone,
				trainedOn: starterVolunteers.trainedOn,
				active: starterVolunteers.active,
				consentSource: starterVolunteers.consentSource,
				consentGivenOn: starterVolunteers.consentGivenOn,
				consentWithdrawnAt: starterVolunteers.consentWithdrawnAt,
				assignments: sql<number>`(select count(*)::int from ${starterRequests} r where r.volunteer_id = ${starterVolunteers.id} and r.status = 'assigned')`
			})
			.from(starterVolunteers)
			.where(eq(starterVolunteers.tenantId, actor.tenantId))
			.orderBy(asc(starterVolunteers.name));
		// volunteers see who is in the pool, staff also how to reach them (need to know)
		return can(actor.role, 'groups.edit') ? rows : rows.map((row) => ({ ...row, email: '', phone: '' }));
	});
}

export type NewVolunteer = {
	name: string;
	email: string;
	phone: string;
	trainedOn: string | null;
	consent: { source: ConsentSource; givenOn: string };
};

/** Adds a trained volunteer to the pool; like every person's data, only with her consent. */
export async function addVolunteer({ db, actor, requestId }: GroupContext, volunteer: NewVolunteer): Promise<string> {
	assertCan(actor, 'groups.edit');
	if (!volunteer.email && !volunteer.phone)
		throw new AppError('invalid', 'email or phone needed', { field: 'email', code: 'contact_email_or_phone' });
	return inScope(db, scope(actor), async (tx) => {
		const [row] = await tx
			.insert(starterVolunteers)
			.values({
				tenantId: actor.tenantId,
				name: volunteer.name,
				email: volunteer.email,
				phone: volunteer.phone,
				trainedOn: volunteer.trainedOn,
				consentSource: volunteer.consent.source,
				consentGivenOn: volunteer.consent.givenOn
			})
			.returning({ id: starterVolunteers.id });
		if (!row) throw new Error('insert failed');
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'create',
				entity: 'starter_volunteer',
				entityId: row.id,
				changes: { consentSource: volunteer.consent.source }
			},
			requestId
		);
		return row.id;
	});
}

/** A volunteer leaves the pool (inactive) or withdraws her consent (then her data is erased at once). */
export async function changeVolunteer(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	volunteerId: string,
	change: 'deactivate' | 'activate' | 'withdraw_consent'
): Promise<void> {
	assertCan(actor, 'groups.edit');
	assertId(volunteerId, 'volunteer');
	await inScope(db, scope(actor), async (tx) => {
		const values =
			change === 'withdraw_consent'
				? { name: '–', email: '', phone: '', active: false, consentWithdrawnAt: now }
				: { active: change === 'activate' };
		const [row] = await tx
			.update(starterVolunteers)
			.set(values)
			.where(and(eq(starterVolunteers.id, volunteerId), eq(starterVolunteers.tenantId, actor.tenantId)))
			.returning({ id: starterVolunteers.id });
		if (!row) throw new AppError('not_found', 'volunteer not found');
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'starter_volunteer', entityId: volunteerId, changes: { change } },
			requestId
		);
	});
}

export async function createStarterRequest(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	input: { groupId: string; kind: 'new' | 'existing'; note: string; meetingLimit?: number }
): Promise<string> {
	assertCan(actor, 'groups.edit');
	if (!isUuid(input.groupId)) throw new AppError('invalid', 'group not found', { field: 'groupId', code: 'error_invalid_choice' });
	return inScope(db, scope(actor), async (tx) => {
		const [group] = await tx
			.select({ id: groups.id })
			.from(groups)
			.where(and(eq(groups.id, input.groupId), eq(groups.tenantId, actor.tenantId)));
		if (!group) throw new AppError('invalid', 'group not found', { field: 'groupId', code: 'error_invalid_choice' });
		const [row] = await tx
			.insert(starterRequests)
			.values({
				tenantId: actor.tenantId,
				groupId: input.groupId,
				kind: input.kind,
				note: input.note,
				requestedOn: today(now),
				meetingLimit: input.meetingLimit ?? STARTER_MEETING_LIMITS[input.kind]
			})
			.returning({ id: starterRequests.id });
		if (!row) throw new Error('insert failed');
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'starter_request', entityId: row.id, changes: { ...input } },
			requestId
		);
		return row.id;
	});
}

async function openRequest(tx: Parameters<Parameters<Db['transaction']>[0]>[0], actor: UserActor, requestId: string) {
	assertId(requestId, 'request');
	const [request] = await tx
		.select()
		.from(starterRequests)
		.where(and(eq(starterRequests.id, requestId), eq(starterRequests.tenantId, actor.tenantId)))
		.for('update');
	if (!request) throw new AppError('not_found', 'request not found');
	if (request.status === 'completed' || request.status === 'withdrawn')
		throw new AppError('conflict', 'request closed', { code: 'starter_request_closed' });
	return request;
}

/** Assigns an active volunteer of the pool to a request. */
export async function assignVolunteer({ db, actor, requestId: rid }: GroupContext, requestId: string, volunteerId: string): Promise<void> {
	assertCan(actor, 'groups.edit');
	await inScope(db, scope(actor), async (tx) => {
		await openRequest(tx, actor, requestId);
		if (!isUuid(volunteerId))
			throw new AppError('invalid', 'volunteer not available', { field: 'volunteerId', code: 'starter_volunteer_inactive' });
		const [volunteer] = await tx
			.select({ active: starterVolunteers.active })
			.from(starterVolunteers)
			.where(and(eq(starterVolunteers.id, volunteerId), eq(starterVolunteers.tenantId, actor.tenantId)));
		if (!volunteer?.active)
			throw new AppError('invalid', 'volunteer not available', { field: 'volunteerId', code: 'starter_volunteer_inactive' });
		await tx.update(starterRequests).set({ volunteerId, status: 'assigned' }).where(eq(starterRequests.id, requestId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'starter_request', entityId: requestId, changes: { volunteerId } },
			rid
		);
	});
}

/** Counts one accompanied meeting; refused once the limit is reached (the volunteer should withdraw). */
export async function logStarterMeeting(
	{ db, actor, now = new Date(), requestId: rid }: GroupContext,
	requestId: string,
	meeting: { on: string; note: string }
): Promise<number> {
	assertCan(actor, 'groups.edit');
	if (meeting.on > today(now)) throw new AppError('invalid', 'future date', { field: 'on', code: 'group_since_future' });
	return inScope(db, scope(actor), async (tx) => {
		const request = await openRequest(tx, actor, requestId);
		if (request.status !== 'assigned') throw new AppError('invalid', 'not assigned', { field: 'on', code: 'starter_not_assigned' });
		const [done] = await tx.select({ n: count() }).from(starterMeetings).where(eq(starterMeetings.requestId, requestId));
		if ((done?.n ?? 0) >= request.meetingLimit)
			throw new AppError('invalid', 'limit reached', { field: 'on', code: 'starter_limit_reached' });
		await tx.insert(starterMeetings).values({ tenantId: actor.tenantId, requestId, on: meeting.on, note: meeting.note });
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'starter_meeting', entityId: requestId, changes: meeting },
			rid
		);
		return (done?.n ?? 0) + 1;
	});
}

/** Ends a request: the volunteer withdrew after accompanying (completed, with a short report) or it was called off. */
export async function closeStarterRequest(
	{ db, actor, now = new Date(), requestId: rid }: GroupContext,
	requestId: string,
	outcome: { status: 'completed' | 'withdrawn'; report: string }
): Promise<void> {
	assertCan(actor, 'groups.edit');
	if (outcome.status === 'completed' && !outcome.report.trim())
		throw new AppError('invalid', 'report required', { field: 'report', code: 'starter_report_required' });
	await inScope(db, scope(actor), async (tx) => {
		await openRequest(tx, actor, requestId);
		await tx
			.update(starterRequests)
			.set({ status: outcome.status, report: outcome.report.trim(), closedOn: today(now) })
			.where(eq(starterRequests.id, requestId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'starter_request', entityId: requestId, changes: { status: outcome.status } },
			rid
		);
	});
}

export async function listStarterRequests(db: Db, actor: UserActor, options: { groupId?: string } = {}) {
	assertCan(actor, 'groups.read');
	return inScope(db, scope(actor), (tx) =>
		tx
			.select({
				id: starterRequests.id,
				groupId: starterRequests.groupId,
				groupName: groups.name,
				kind: starterRequests.kind,
				requestedOn: starterRequests.requestedOn,
				note: starterRequests.note,
				status: starterRequests.status,
				volunteerId: starterRequests.volunteerId,
				volunteerName: starterVolunteers.name,
				meetingLimit: starterRequests.meetingLimit,
				meetings: sql<number>`(select count(*)::int from ${starterMeetings} m where m.request_id = ${starterRequests.id})`,
				report: starterRequests.report,
				closedOn: starterRequests.closedOn
			})
			.from(starterRequests)
			.innerJoin(groups, eq(groups.id, starterRequests.groupId))
			.leftJoin(starterVolunteers, eq(starterVolunteers.id, starterRequests.volunteerId))
			.where(and(eq(starterRequests.tenantId, actor.tenantId), options.groupId ? eq(starterRequests.groupId, options.groupId) : undefined))
			.orderBy(sql`case ${starterRequests.status} when 'open' then 0 when 'assigned' then 1 else 2 end`, desc(starterRequests.requestedOn))
	);
}

/** Groups as options for a new request: founding and recently active ones first. */
export async function groupOptions(db: Db, actor: UserActor) {
	assertCan(actor, 'groups.read');
	return inScope(db, scope(actor), (tx) =>
		tx
			.select({ value: groups.id, label: groups.name })
			.from(groups)
			.where(and(eq(groups.tenantId, actor.tenantId), sql`${groups.lifecycle} <> 'dissolved'`))
			.orderBy(sql`case ${groups.lifecycle} when 'founding' then 0 when 'interest' then 1 else 2 end`, asc(groups.name))
	);
}
