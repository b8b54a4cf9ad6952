/**
 * Speakers and trainers (EVT-4): a list the office keeps with their topics and contact, searchable
 * by staff, with the events each one spoke at. Contact details are for staff only; public event
 * pages show a speaker's name.
 */
import { and, asc, desc, eq, ilike, inArray, min, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { diff, recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { eventSessions, eventSpeakers, events, speakers } from './events.table.js';

export type SpeakerContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };
export type SpeakerInput = { name: string; topics: string; email: string; phone: string; notes: string };
export type SpeakerRow = SpeakerInput & { id: string };
export type SpeakerEvent = { eventId: string; title: string; startsAt: Date | null; status: string };

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function speakerIssues(input: SpeakerInput): Record<string, string> {
	const issues: Record<string, string> = {};
	if (!input.name.trim()) issues.name = 'events_speaker_name_missing';
	else if (input.name.length > 120) issues.name = 'error_too_long';
	if (input.email.trim() && !EMAIL.test(input.email.trim())) issues.email = 'error_email_invalid';
	if (input.topics.length > 1000) issues.topics = 'error_too_long';
	if (input.notes.length > 4000) issues.notes = 'error_too_long';
	return issues;
}

const clean = (input: SpeakerInput): SpeakerInput => ({
	name: input.name.trim(),
	topics: input.topics.trim(),
	email: input.email.trim().toLowerCase(),
	phone: input.phone.trim(),
	notes: input.notes.trim()
});

export async function createSpeaker({ db, actor, now = new Date(), requestId }: SpeakerContext, input: SpeakerInput): Promise<string> {
	assertCan(actor, 'events.edit');
	const issues = speakerIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'speaker invalid', { issues });
	const values = clean(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.insert(speakers)
			.values({ ...values, tenantId: actor.tenantId, createdAt: now, updatedAt: now })
			.returning({ id: speakers.id });
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'speaker', entityId: row!.id, changes: { name: values.name } },
			requestId
		);
		return row!.id;
	});
}

export async function updateSpeaker(
	{ db, actor, now = new Date(), requestId }: SpeakerContext,
	speakerId: string,
	input: SpeakerInput
): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(speakerId, 'speaker');
	const issues = speakerIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'speaker invalid', { issues });
	const values = clean(input);
	await inScope(db, tenantScope(actor), async (tx) => {
		const [before] = await tx
			.select({ name: speakers.name, topics: speakers.topics, email: speakers.email, phone: speakers.phone, notes: speakers.notes })
			.from(speakers)
			.where(and(eq(speakers.id, speakerId), eq(speakers.tenantId, actor.tenantId)))
			.for('update');
		if (!before) throw new AppError('not_found', 'speaker not found');
		const changes = diff(before, values);
		if (!Object.keys(changes).length) return;
		await tx
			.update(speakers)
			.set({ ...values, updatedAt: now })
			.where(eq(speakers.id, speakerId));
		// the audit names the fields that changed, not the contact details themselves
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'speaker', entityId: speakerId, changes: { fields: Object.keys(changes) } },
			requestId
		);
	});
}

/** The office's speakers by name; `q` searches name and topics ("Sucht", "Trauer"). */
export async function listSpeakers({ db, actor }: SpeakerContext, q = ''): Promise<SpeakerRow[]> {
	assertCan(actor, 'events.read');
	const term = q.trim().slice(0, 100);
	const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({
				id: speakers.id,
				name: speakers.name,
				topics: speakers.topics,
				email: speakers.email,
				phone: speakers.phone,
				notes: speakers.notes
			})
			.from(speakers)
			.where(
				and(eq(speakers.tenantId, actor.tenantId), term ? or(ilike(speakers.name, pattern), ilike(speakers.topics, pattern)) : undefined)
			)
			.orderBy(asc(speakers.name), asc(speakers.id))
	);
}

/** A speaker with the events she spoke at, the latest first. */
export async function speakerDetail({ db, actor }: SpeakerContext, speakerId: string): Promise<SpeakerRow & { events: SpeakerEvent[] }> {
	assertCan(actor, 'events.read');
	assertId(speakerId, 'speaker');
	return inScope(db, tenantScope(actor), async (tx) => {
		const [speaker] = await tx
			.select({
				id: speakers.id,
				name: speakers.name,
				topics: speakers.topics,
				email: speakers.email,
				phone: speakers.phone,
				notes: speakers.notes
			})
			.from(speakers)
			.where(and(eq(speakers.id, speakerId), eq(speakers.tenantId, actor.tenantId)));
		if (!speaker) throw new AppError('not_found', 'speaker not found');
		const spoke = await tx
			.select({ eventId: events.id, title: events.title, status: events.status, startsAt: min(eventSessions.startsAt) })
			.from(eventSpeakers)
			.innerJoin(events, eq(events.id, eventSpeakers.eventId))
			.leftJoin(eventSessions, eq(eventSessions.eventId, events.id))
			.where(eq(eventSpeakers.speakerId, speakerId))
			.groupBy(events.id, events.title, events.status)
			.orderBy(desc(min(eventSessions.startsAt)));
		return { ...speaker, events: spoke };
	});
}

/** Sets who speaks at an event (all of them of this office). */
export async function setEventSpeakers({ db, actor, requestId }: SpeakerContext, eventId: string, speakerIds: string[]): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	for (const id of speakerIds) assertId(id, 'speaker');
	const wanted = [...new Set(speakerIds)];
	await inScope(db, tenantScope(actor), async (tx) => {
		const [event] = await tx
			.select({ id: events.id })
			.from(events)
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)));
		if (!event) throw new AppError('not_found', 'event not found');
		if (wanted.length) {
			const found = await tx
				.select({ id: speakers.id })
				.from(speakers)
				.where(and(eq(speakers.tenantId, actor.tenantId), inArray(speakers.id, wanted)));
			if (found.length !== wanted.length)
				throw new AppError('invalid', 'unknown speaker', { issues: { speakers: 'error_invalid_choice' } });
		}
		await tx.delete(eventSpeakers).where(eq(eventSpeakers.eventId, eventId));
		if (wanted.length) await tx.insert(eventSpeakers).values(wanted.map((speakerId) => ({ tenantId: actor.tenantId, eventId, speakerId })));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'event', entityId: eventId, changes: { speakers: wanted } },
			requestId
		);
	});
}
