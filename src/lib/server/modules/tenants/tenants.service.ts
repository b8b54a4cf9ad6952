import { distanceKm, lookupPostalCode, type GeoPoint } from '../../geo/places.js';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { diff, recordAudit } from '../audit/audit.service.js';
import type { OfficeInput } from '../../../schemas/office.js';
import {
	findOfficeById,
	findOfficeBySlug,
	insertOffice,
	listOfficesOfKind,
	listChildOffices,
	listPublishedOffices,
	countPublishedOffices,
	slugTaken,
	updateOffice,
	type Office
} from './tenants.repository.js';

export type { Office };

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** A URL-safe slug from a German name: "Selbsthilfe-Kontaktstelle Köln" → "selbsthilfe-kontaktstelle-koeln". */
export function slugify(name: string): string {
	const base = name
		.toLowerCase()
		.replace(/[äöüß]/g, (c) => UMLAUTS[c] ?? c)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/g, '');
	return base || 'buero';
}

export async function uniqueSlug(tx: Tx, name: string): Promise<string> {
	const base = slugify(name);
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? base : `${base}-${n}`;
		if (!(await slugTaken(tx, candidate))) return candidate;
	}
}

/** Creates an office inside an open system-scope transaction (setup, CLI, a parent's admin). */
export async function createOfficeIn(
	tx: Tx,
	actor: Actor,
	input: OfficeInput & { parentId?: string | null; published?: boolean }
): Promise<Office> {
	const office = await insertOffice(tx, {
		...input,
		parentId: input.parentId ?? null,
		published: input.published ?? false,
		slug: await uniqueSlug(tx, input.name)
	});
	await recordAudit(tx, actor, {
		tenantId: office.id,
		action: 'create',
		entity: 'office',
		entityId: office.id,
		changes: { name: office.name, kind: office.kind, parentId: office.parentId }
	});
	return office;
}

export async function getOffice(db: Db, id: string): Promise<Office> {
	const office = await inScope(db, { kind: 'system' }, (tx) => findOfficeById(tx, id));
	if (!office) throw new AppError('not_found', 'office not found');
	return office;
}

export async function getOfficeBySlug(db: Db, slug: string): Promise<Office | undefined> {
	return inScope(db, { kind: 'system' }, (tx) => findOfficeBySlug(tx, slug));
}

/** Changes an office's own data. Only the office's administrators may (checked by the caller's guard and here). */
export async function updateOfficeDetails(
	{ db, actor, requestId }: { db: Db; actor: Actor; requestId?: string },
	officeId: string,
	input: OfficeInput
): Promise<Office> {
	if (actor.kind === 'user' && (actor.tenantId !== officeId || actor.role !== 'admin')) {
		throw new AppError('forbidden', 'only the office administrators may change it');
	}
	return inScope(db, { kind: 'tenant', tenantId: officeId }, async (tx) => {
		const before = await findOfficeById(tx, officeId);
		if (!before) throw new AppError('not_found', 'office not found');
		const after = await updateOffice(tx, officeId, input);
		const changes = diff(before, input);
		if (Object.keys(changes).length > 0) {
			await recordAudit(tx, actor, { tenantId: officeId, action: 'update', entity: 'office', entityId: officeId, changes }, requestId);
		}
		return after;
	});
}

/** Creates an office below the actor's own (e.g. a contact point under a state office). */
export async function createChildOffice(
	{ db, actor, requestId }: { db: Db; actor: Actor; requestId?: string },
	input: OfficeInput
): Promise<Office> {
	if (actor.kind !== 'user' || actor.role !== 'admin') throw new AppError('forbidden', 'only administrators may create offices');
	return inScope(db, { kind: 'system' }, async (tx) => {
		const office = await createOfficeIn(tx, actor, { ...input, parentId: actor.tenantId });
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'child_office', entityId: office.id, changes: { name: office.name } },
			requestId
		);
		return office;
	});
}

export async function childOffices(db: Db, officeId: string): Promise<Office[]> {
	return inScope(db, { kind: 'system' }, (tx) => listChildOffices(tx, officeId));
}

/** Public data of every published office, grouped by federal state (DIR-6). */
export async function publishedOfficesByState(db: Db): Promise<{ federalState: string; offices: Office[] }[]> {
	const offices = await inScope(db, { kind: 'system' }, (tx) => listPublishedOffices(tx));
	const byState = new Map<string, Office[]>();
	for (const office of offices) byState.set(office.federalState, [...(byState.get(office.federalState) ?? []), office]);
	return [...byState.entries()].map(([federalState, list]) => ({ federalState, offices: list }));
}

export async function publishedOfficeCount(db: Db): Promise<number> {
	return inScope(db, { kind: 'system' }, (tx) => countPublishedOffices(tx));
}

/** Associations a group can be affiliated to (GRP-1), as select options. */
export async function associationOptions(db: Db): Promise<{ value: string; label: string }[]> {
	const rows = await inScope(db, { kind: 'system' }, (tx) => listOfficesOfKind(tx, 'association'));
	return rows.map((row) => ({ value: row.id, label: row.name }));
}

/**
 * The office an interest belongs to: the nearest published contact point (distance between the
 * centres of the two postal codes); without a located contact point the nearest published office of
 * any kind; without any located office the first published contact point or office.
 */
export function nearestOffice<T extends { kind: string; name: string; postalCode: string }>(offices: T[], point: GeoPoint): T | undefined {
	const located = offices.flatMap((office) => {
		const at = lookupPostalCode(office.postalCode);
		return at ? [{ office, km: distanceKm(point, at) }] : [];
	});
	const nearest = (list: typeof located) =>
		[...list].sort((a, b) => a.km - b.km || a.office.name.localeCompare(b.office.name, 'de'))[0]?.office;
	return (
		nearest(located.filter((entry) => entry.office.kind === 'contact_point')) ??
		nearest(located) ??
		offices.find((office) => office.kind === 'contact_point') ??
		offices[0]
	);
}
