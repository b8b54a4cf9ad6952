/**
 * Programmes (EVT-1): a state office or an association groups events under one title, and every
 * office below it shows the programme. An office manages its own programmes (create, edit, publish,
 * take back); it sees the published programmes of the offices above it, read-only.
 *
 * Programmes are protected per office by row-level security, so an office above is read in that
 * office's own scope (published programmes only), never in the system scope. A programme's events
 * can belong to the owner and to every office below it: the owner sees all of them (each office's
 * events read in that office's scope), an office below sees only its own.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { diff, recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { officeDescendants, officeLineage } from '../topics/topics.service.js';
import { eventRegistrations, eventSessions, events, programmes } from './events.table.js';

export type ProgrammeContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };
export type ProgrammeInput = { title: string; description: string };

export const PROGRAMME_TITLE_MAX = 200;
export const PROGRAMME_DESCRIPTION_MAX = 4000;

export type ProgrammeRow = {
	id: string;
	slug: string;
	title: string;
	description: string;
	published: boolean;
	officeId: string;
	officeName: string;
	/** the actor's office owns it (and may change it, with events.edit) */
	own: boolean;
	updatedAt: Date;
};

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });
const officeScope = (tenantId: string) => ({ kind: 'tenant' as const, tenantId });

const columns = {
	id: programmes.id,
	tenantId: programmes.tenantId,
	slug: programmes.slug,
	title: programmes.title,
	description: programmes.description,
	published: programmes.published,
	updatedAt: programmes.updatedAt
};

/** Field → message key for everything wrong with a programme's title and description. */
export function programmeIssues(input: ProgrammeInput): Record<string, string> {
	const issues: Record<string, string> = {};
	const title = input.title.trim();
	if (!title) issues.title = 'programmes_title_missing';
	else if (title.length > PROGRAMME_TITLE_MAX) issues.title = 'programmes_title_too_long';
	else if (!/[\p{L}\p{N}]/u.test(title)) issues.title = 'programmes_title_no_letters';
	if (input.description.trim().length > PROGRAMME_DESCRIPTION_MAX) issues.description = 'programmes_description_too_long';
	return issues;
}

const clean = (input: ProgrammeInput): ProgrammeInput => ({ title: input.title.trim(), description: input.description.trim() });

async function officeNames(tx: Queryable, ids: string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await tx.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, ids));
	return new Map(rows.map((row) => [row.id, row.name]));
}

/** Throws `invalid` with the field's message when the office already has a programme of that title. */
async function assertTitleFree(tx: Queryable, actor: UserActor, title: string, exceptId?: string): Promise<void> {
	const [same] = await tx
		.select({ id: programmes.id })
		.from(programmes)
		.where(
			and(
				eq(programmes.tenantId, actor.tenantId),
				sql`lower(${programmes.title}) = lower(${title})`,
				exceptId ? ne(programmes.id, exceptId) : undefined
			)
		);
	if (same) throw new AppError('invalid', 'programme title taken', { issues: { title: 'programmes_title_taken' } });
}

/**
 * A public address no other programme has ("selbsthilfe-im-dialog", then "-2" …). Slugs are unique
 * across offices, so only the slugs are looked up across offices (like the events' slugs).
 */
async function freeSlug(db: Db, title: string): Promise<string> {
	const base = slugify(title).slice(0, 60).replace(/-+$/g, '') || 'programm';
	const rows = await inScope(db, systemScope, (tx) =>
		tx
			.select({ slug: programmes.slug })
			.from(programmes)
			.where(sql`${programmes.slug} = ${base} or ${programmes.slug} like ${`${base}-%`}`)
	);
	const taken = new Set(rows.map((row) => row.slug));
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? base : `${base}-${n}`;
		if (!taken.has(candidate)) return candidate;
	}
}

const isSlugClash = (error: unknown) => {
	const found = (e: unknown): boolean => {
		if (!e || typeof e !== 'object') return false;
		const record = e as { code?: string; constraint?: string; message?: string; cause?: unknown };
		if (record.code === '23505' && (record.constraint === 'programmes_slug_key' || record.message?.includes('programmes_slug_key')))
			return true;
		return found(record.cause);
	};
	return found(error);
};

/** Creates a programme of the actor's office as a draft; its address is derived from the title. */
export async function createProgramme(
	{ db, actor, now = new Date(), requestId }: ProgrammeContext,
	input: ProgrammeInput
): Promise<{ id: string; slug: string }> {
	assertCan(actor, 'events.edit');
	const issues = programmeIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'programme invalid', { issues });
	const values = clean(input);
	// two offices naming a programme alike at the same moment: the unique index refuses one, which takes the next slug
	for (let attempt = 0; ; attempt++) {
		const slug = await freeSlug(db, values.title);
		try {
			return await inScope(db, tenantScope(actor), async (tx) => {
				await assertTitleFree(tx, actor, values.title);
				const [row] = await tx
					.insert(programmes)
					.values({ ...values, tenantId: actor.tenantId, slug, published: false, createdAt: now, updatedAt: now })
					.returning({ id: programmes.id });
				await recordAudit(
					tx,
					actor,
					{ tenantId: actor.tenantId, action: 'create', entity: 'programme', entityId: row!.id, changes: { title: values.title, slug } },
					requestId
				);
				return { id: row!.id, slug };
			});
		} catch (error) {
			if (attempt < 3 && isSlugClash(error)) continue;
			throw error;
		}
	}
}

/** `forbidden` when the programme is an office's above, `not_found` when the office does not see it. */
async function assertOwnProgramme(db: Db, actor: UserActor, programmeId: string): Promise<void> {
	const visible = await findVisibleProgramme(db, actor, programmeId);
	if (!visible) throw new AppError('not_found', 'programme not found');
	if (!visible.own) throw new AppError('forbidden', 'programme of another office', { code: 'programmes_not_own' });
}

/** The actor's own programme, locked for a change. */
async function ownProgrammeForUpdate(tx: Queryable, actor: UserActor, programmeId: string) {
	const [row] = await tx
		.select(columns)
		.from(programmes)
		.where(and(eq(programmes.id, programmeId), eq(programmes.tenantId, actor.tenantId)))
		.for('update');
	if (!row) throw new AppError('not_found', 'programme not found');
	return row;
}

/** Changes the title and the description; the address stays (links and feeds keep working). */
export async function updateProgramme(
	{ db, actor, now = new Date(), requestId }: ProgrammeContext,
	programmeId: string,
	input: ProgrammeInput
): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(programmeId, 'programme');
	const issues = programmeIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'programme invalid', { issues });
	const values = clean(input);
	await assertOwnProgramme(db, actor, programmeId);
	await inScope(db, tenantScope(actor), async (tx) => {
		const before = await ownProgrammeForUpdate(tx, actor, programmeId);
		await assertTitleFree(tx, actor, values.title, programmeId);
		const changes = diff({ title: before.title, description: before.description }, values);
		if (!Object.keys(changes).length) return;
		await tx
			.update(programmes)
			.set({ ...values, updatedAt: now })
			.where(eq(programmes.id, programmeId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'programme', entityId: programmeId, changes },
			requestId
		);
	});
}

/** Publishes a programme (every office below shows it, its feed answers) or takes it back. */
export async function setProgrammePublished(
	{ db, actor, now = new Date(), requestId }: ProgrammeContext,
	programmeId: string,
	published: boolean
): Promise<void> {
	assertCan(actor, 'events.edit');
	assertId(programmeId, 'programme');
	await assertOwnProgramme(db, actor, programmeId);
	await inScope(db, tenantScope(actor), async (tx) => {
		const before = await ownProgrammeForUpdate(tx, actor, programmeId);
		if (before.published === published) return;
		await tx.update(programmes).set({ published, updatedAt: now }).where(eq(programmes.id, programmeId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'programme', entityId: programmeId, changes: { published } },
			requestId
		);
	});
}

/**
 * The programmes an office works with: its own (drafts too), then the published ones of the
 * offices above it (nearest office first), each by title.
 */
export async function listProgrammes({ db, actor }: ProgrammeContext): Promise<ProgrammeRow[]> {
	assertCan(actor, 'events.read');
	const lineage = await inScope(db, tenantScope(actor), (tx) => officeLineage(tx, actor.tenantId));
	const rows: Awaited<ReturnType<typeof readOffice>> = [];
	for (const officeId of lineage) rows.push(...(await readOffice(db, actor, officeId)));
	const names = await inScope(db, tenantScope(actor), (tx) => officeNames(tx, lineage));
	return rows.map((row) => toRow(row, actor, names));
}

function readOffice(db: Db, actor: UserActor, officeId: string) {
	const own = officeId === actor.tenantId;
	return inScope(db, own ? tenantScope(actor) : officeScope(officeId), (tx) =>
		tx
			.select(columns)
			.from(programmes)
			.where(and(eq(programmes.tenantId, officeId), own ? undefined : eq(programmes.published, true)))
			.orderBy(asc(programmes.title), asc(programmes.id))
	);
}

function toRow(row: Awaited<ReturnType<typeof readOffice>>[number], actor: UserActor, names: Map<string, string>): ProgrammeRow {
	const { tenantId, ...rest } = row;
	return { ...rest, officeId: tenantId, officeName: names.get(tenantId) ?? '', own: tenantId === actor.tenantId };
}

/** A programme the actor's office may see (its own, or a published one of an office above), or null. */
export async function findVisibleProgramme(db: Db, actor: UserActor, programmeId: string): Promise<ProgrammeRow | null> {
	const lineage = await inScope(db, tenantScope(actor), (tx) => officeLineage(tx, actor.tenantId));
	for (const officeId of lineage) {
		const own = officeId === actor.tenantId;
		const [row] = await inScope(db, own ? tenantScope(actor) : officeScope(officeId), (tx) =>
			tx
				.select(columns)
				.from(programmes)
				.where(and(eq(programmes.id, programmeId), eq(programmes.tenantId, officeId), own ? undefined : eq(programmes.published, true)))
		);
		if (row) return toRow(row, actor, await inScope(db, tenantScope(actor), (tx) => officeNames(tx, [officeId])));
	}
	return null;
}

/** One programme the actor's office may see; `not_found` otherwise. */
export async function programmeDetail({ db, actor }: ProgrammeContext, programmeId: string): Promise<ProgrammeRow> {
	assertCan(actor, 'events.read');
	assertId(programmeId, 'programme');
	const row = await findVisibleProgramme(db, actor, programmeId);
	if (!row) throw new AppError('not_found', 'programme not found');
	return row;
}

/**
 * The offices whose events in the programme the actor's office sees: the owner sees its own and
 * those of every office below it; an office below sees only its own.
 */
export async function programmeOffices(db: Db, actor: UserActor, programme: ProgrammeRow): Promise<string[]> {
	if (!programme.own) return [actor.tenantId];
	return [actor.tenantId, ...(await inScope(db, tenantScope(actor), (tx) => officeDescendants(tx, actor.tenantId)))];
}

/**
 * Runs `read` for each office's events in the programme, each in that office's own scope (the
 * actor's office with the acting person), and collects the results.
 */
export async function acrossProgrammeOffices<T>(
	db: Db,
	actor: UserActor,
	officeIds: string[],
	read: (tx: Queryable, officeId: string) => Promise<T[]>
): Promise<T[]> {
	const all: T[] = [];
	for (const officeId of officeIds)
		all.push(...(await inScope(db, officeId === actor.tenantId ? tenantScope(actor) : officeScope(officeId), (tx) => read(tx, officeId))));
	return all;
}

export type ProgrammeEventRow = {
	id: string;
	title: string;
	status: string;
	officeId: string;
	officeName: string;
	/** an event of the actor's office (it has a staff page she can open) */
	own: boolean;
	firstStart: Date | null;
	lastEnd: Date | null;
	sessionCount: number;
	capacity: number | null;
	/** confirmed and offered places */
	taken: number;
	waitlisted: number;
};

/** The events of a programme (by id, or as `programmeDetail` gave it) with their dates and registration counts, soonest first. */
export async function programmeEvents(ctx: ProgrammeContext, of: string | ProgrammeRow): Promise<ProgrammeEventRow[]> {
	const { db, actor } = ctx;
	assertCan(actor, 'events.read');
	const programme = typeof of === 'string' ? await programmeDetail(ctx, of) : of;
	const offices = await programmeOffices(db, actor, programme);
	const rows = await acrossProgrammeOffices(db, actor, offices, async (tx, officeId) => {
		const list = await tx
			.select({ id: events.id, title: events.title, status: events.status, capacity: events.capacity, officeId: events.tenantId })
			.from(events)
			.where(and(eq(events.tenantId, officeId), eq(events.programmeId, programme.id)));
		const ids = list.map((row) => row.id);
		if (!ids.length) return [];
		const spans = await tx
			.select({
				eventId: eventSessions.eventId,
				firstStart: sql<string | Date>`min(${eventSessions.startsAt})`,
				lastEnd: sql<string | Date>`max(${eventSessions.endsAt})`,
				n: sql<number>`count(*)::int`
			})
			.from(eventSessions)
			.where(inArray(eventSessions.eventId, ids))
			.groupBy(eventSessions.eventId);
		const counts = await tx
			.select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status, n: sql<number>`count(*)::int` })
			.from(eventRegistrations)
			.where(and(inArray(eventRegistrations.eventId, ids), inArray(eventRegistrations.status, ['confirmed', 'offered', 'waitlisted'])))
			.groupBy(eventRegistrations.eventId, eventRegistrations.status);
		const count = (eventId: string, statuses: string[]) =>
			counts.filter((c) => c.eventId === eventId && statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);
		return list.map((row) => {
			const span = spans.find((s) => s.eventId === row.id);
			return {
				...row,
				firstStart: span ? new Date(span.firstStart) : null,
				lastEnd: span ? new Date(span.lastEnd) : null,
				sessionCount: span?.n ?? 0,
				taken: count(row.id, ['confirmed', 'offered']),
				waitlisted: count(row.id, ['waitlisted'])
			};
		});
	});
	const names = await inScope(db, tenantScope(actor), (tx) => officeNames(tx, offices));
	return rows
		.map((row) => ({ ...row, officeName: names.get(row.officeId) ?? '', own: row.officeId === actor.tenantId }))
		.sort((a, b) => (a.firstStart?.getTime() ?? Infinity) - (b.firstStart?.getTime() ?? Infinity) || a.title.localeCompare(b.title, 'de'));
}

/** The programmes an event of the office may be put into, for the event form: own ones, and the published ones of offices above (with their office). */
export async function programmeOptions(ctx: ProgrammeContext): Promise<{ id: string; label: string }[]> {
	return (await listProgrammes(ctx)).map((row) => ({ id: row.id, label: row.own ? row.title : `${row.title} (${row.officeName})` }));
}
