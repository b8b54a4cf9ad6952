import { and, asc, count, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { enqueue } from '../jobs/jobs.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { visibleTopics } from '../topics/topics.service.js';
import { buildVocabulary, resolveLabels } from '../topics/vocabulary.js';
import { lookupPostalCode } from '../../geo/places.js';
import { parseScheduleText, type Recurrence } from '../../../recurrence/index.js';
import type { LifecycleState } from '../../../schemas/group.js';
import { mapRow, readSpreadsheet, SpreadsheetError, suggestMapping, type ColumnKey, type GroupRowFields } from './spreadsheet/index.js';
import { dedupeKey, emptyGroupRecord, today, uniqueGroupSlugs, type GroupRecord } from './groups.service.js';
import {
	consents,
	contactPersons,
	groupHistory,
	groupImportRows,
	groupImports,
	groups,
	groupTopics,
	meetingSeries
} from './groups.table.js';

/**
 * Spreadsheet import (GRP-6) in three steps, each in short transactions so the application stays
 * responsive: upload (the cells are staged), check (mapping, validation, duplicates: the dry run),
 * apply (valid rows in batches; each batch marks its rows applied, so an interrupted import is
 * resumed where it stopped and no row lands twice).
 */
export type ImportContext = { db: Db; actor: Actor; tenantId: string; now?: Date };
export type ImportOptions = { draft: boolean; consentHeld: boolean };
export type RowProblem = { field: string; code: string; params?: Record<string, string> };

type StoredOptions = ImportOptions & { headers: string[]; mapping: (ColumnKey | null)[]; checked: boolean };

/** What a checked row will do: everything needed to apply it without reading the file again. */
type PlannedRow = {
	record: GroupRecord;
	lifecycle: LifecycleState;
	series: null | {
		recurrence: Recurrence | null;
		scheduleText: string;
		locationKind: 'address' | 'online';
		street: string;
		postalCode: string;
		city: string;
		lat: number | null;
		lon: number | null;
		stepFree: string;
	};
	contact: null | { name: string; email: string; phone: string };
	reviewNote: string;
};

const BATCH = 1000;
const scopeOf = (ctx: ImportContext) => ({
	kind: 'tenant' as const,
	tenantId: ctx.tenantId,
	userId: ctx.actor.kind === 'user' ? ctx.actor.userId : undefined
});

/** Step 1: reads the file and stages its rows; suggests a column mapping. */
export async function uploadImport(ctx: ImportContext, file: { bytes: Uint8Array; fileName: string }) {
	assertCan(ctx.actor, 'groups.import');
	let sheet;
	try {
		sheet = await readSpreadsheet(file.bytes, file.fileName);
	} catch (error) {
		if (error instanceof SpreadsheetError) throw new AppError('invalid', error.message, { field: 'file', code: error.code });
		throw error;
	}
	if (!sheet.rows.length) throw new AppError('invalid', 'no rows', { field: 'file', code: 'spreadsheet_empty' });
	const { mapping } = suggestMapping(sheet.headers);
	const importId = await inScope(ctx.db, scopeOf(ctx), async (tx) => {
		const options: StoredOptions = { draft: false, consentHeld: false, headers: sheet.headers, mapping, checked: false };
		const [row] = await tx
			.insert(groupImports)
			.values({
				tenantId: ctx.tenantId,
				createdByLabel: ctx.actor.label,
				fileName: file.fileName.slice(0, 200),
				options,
				totalRows: sheet.rows.length
			})
			.returning({ id: groupImports.id });
		if (!row) throw new Error('insert failed');
		return row.id;
	});
	for (let i = 0; i < sheet.rows.length; i += BATCH) {
		const chunk = sheet.rows.slice(i, i + BATCH);
		await inScope(ctx.db, scopeOf(ctx), (tx) =>
			tx
				.insert(groupImportRows)
				.values(
					chunk.map((row) => ({ importId, tenantId: ctx.tenantId, line: row.line, fields: { cells: row.cells }, issues: [], warnings: [] }))
				)
		);
	}
	return { importId, headers: sheet.headers, mapping, totalRows: sheet.rows.length, format: sheet.format };
}

export async function getImport(db: Db, tenantId: string, importId: string) {
	assertId(importId, 'import');
	return inScope(db, { kind: 'tenant', tenantId }, async (tx) => {
		const [row] = await tx
			.select()
			.from(groupImports)
			.where(and(eq(groupImports.id, importId), eq(groupImports.tenantId, tenantId)));
		if (!row) throw new AppError('not_found', 'import not found');
		const options = row.options as StoredOptions;
		const preview = await tx
			.select({ line: groupImportRows.line, fields: groupImportRows.fields })
			.from(groupImportRows)
			.where(eq(groupImportRows.importId, importId))
			.orderBy(asc(groupImportRows.line))
			.limit(5);
		const [problems] = await tx
			.select({ invalid: count() })
			.from(groupImportRows)
			.where(and(eq(groupImportRows.importId, importId), sql`jsonb_array_length(${groupImportRows.issues}) > 0`));
		const [warned] = await tx
			.select({ n: count() })
			.from(groupImportRows)
			.where(and(eq(groupImportRows.importId, importId), sql`jsonb_array_length(${groupImportRows.warnings}) > 0`));
		const [updates] = await tx
			.select({ n: count() })
			.from(groupImportRows)
			.where(
				and(
					eq(groupImportRows.importId, importId),
					sql`${groupImportRows.matchGroupId} is not null`,
					sql`jsonb_array_length(${groupImportRows.issues}) = 0`
				)
			);
		return {
			id: row.id,
			fileName: row.fileName,
			status: row.status,
			createdAt: row.createdAt,
			totalRows: row.totalRows,
			validRows: row.validRows,
			appliedRows: row.appliedRows,
			invalidRows: problems?.invalid ?? 0,
			warnedRows: warned?.n ?? 0,
			updateRows: updates?.n ?? 0,
			error: row.error,
			options,
			preview: preview.map((p) => ({ line: p.line, cells: (p.fields as { cells: string[] }).cells }))
		};
	});
}

/** The rows of the report that have problems or warnings, in spreadsheet order, one page at a time. */
export async function importProblems(db: Db, tenantId: string, importId: string, page = 1, pageSize = 100) {
	assertId(importId, 'import');
	return inScope(db, { kind: 'tenant', tenantId }, (tx) =>
		tx
			.select({
				line: groupImportRows.line,
				issues: groupImportRows.issues,
				warnings: groupImportRows.warnings,
				matchGroupId: groupImportRows.matchGroupId
			})
			.from(groupImportRows)
			.where(
				and(
					eq(groupImportRows.importId, importId),
					sql`(jsonb_array_length(${groupImportRows.issues}) > 0 or jsonb_array_length(${groupImportRows.warnings}) > 0)`
				)
			)
			.orderBy(asc(groupImportRows.line))
			.limit(pageSize)
			.offset((page - 1) * pageSize)
	);
}

const CONTACT_COLUMNS: ColumnKey[] = ['email', 'phone', 'contactName'];

/** Plans one mapped row: thesaurus topics, place, schedule, contact. Pure apart from the lookups passed in. */
export function planRow(
	fields: GroupRowFields,
	rowIssues: RowProblem[],
	context: { vocabulary: ReturnType<typeof buildVocabulary>; consentHeld: boolean; today: string }
): { plan: PlannedRow; issues: RowProblem[]; warnings: RowProblem[] } {
	// without consent the contact columns are left out: a bad value there neither rejects the row
	// nor is kept in the report (it is personal data the office may not hold)
	const isContact = (problem: RowProblem) => (CONTACT_COLUMNS as string[]).includes(problem.field);
	const contactDropped = !context.consentHeld && rowIssues.some(isContact);
	const issues = context.consentHeld ? [...rowIssues] : rowIssues.filter((problem) => !isContact(problem));
	const warnings: RowProblem[] = [];
	const { topicIds, unknown } = resolveLabels(context.vocabulary, fields.topics);
	for (const label of unknown) warnings.push({ field: 'topics', code: 'import_topic_unknown', params: { value: label } });
	const record: GroupRecord = {
		...emptyGroupRecord(fields.name),
		description: fields.description,
		firstVisit: fields.firstVisit,
		audiences: fields.audience,
		languages: fields.languages.length ? fields.languages : ['de'],
		keywords: unknown.slice(0, 12),
		topicIds: topicIds.slice(0, 12),
		format: fields.format,
		acceptingMembers: fields.acceptingMembers,
		contactMode: fields.contactMode,
		addressVisibility: fields.addressVisibility,
		website: fields.website
	};
	const notes: string[] = [];
	let series: PlannedRow['series'] = null;
	const hasPlace = fields.format !== 'online' && (fields.postalCode || fields.city || fields.street);
	let place = null as ReturnType<typeof lookupPostalCode>;
	if (hasPlace && fields.postalCode) {
		place = lookupPostalCode(fields.postalCode);
		if (!place) issues.push({ field: 'postalCode', code: 'import_unknown_postal_code', params: { value: fields.postalCode } });
	}
	let recurrence: Recurrence | null = null;
	if (fields.meeting) {
		recurrence = parseScheduleText(fields.meeting, { today: context.today })?.rule ?? null;
		if (recurrence) recurrence = { ...recurrence, skipHolidays: true };
		else {
			warnings.push({ field: 'meeting', code: 'import_meeting_unparsed', params: { value: fields.meeting } });
			notes.push(`Termin als Text: „${fields.meeting}“`);
		}
	}
	if (hasPlace || fields.meeting || fields.format === 'online') {
		series = {
			recurrence,
			scheduleText: recurrence ? '' : fields.meeting,
			locationKind: hasPlace ? 'address' : 'online',
			street: hasPlace ? fields.street : '',
			postalCode: hasPlace ? fields.postalCode : '',
			city: hasPlace ? fields.city || (place?.place ?? '') : '',
			lat: place?.lat ?? null,
			lon: place?.lon ?? null,
			stepFree: hasPlace ? fields.accessibility : 'unknown'
		};
	}
	let contact: PlannedRow['contact'] = null;
	if (fields.email || fields.phone || contactDropped) {
		if (context.consentHeld) contact = { name: fields.contactName || 'Kontakt', email: fields.email, phone: fields.phone };
		else warnings.push({ field: 'email', code: 'import_contact_without_consent' });
	}
	if (unknown.length) notes.push(`Themen nicht im Verzeichnis: ${unknown.join(', ')}`);
	return { plan: { record, lifecycle: fields.status, series, contact, reviewNote: notes.join('; ') }, issues, warnings };
}

/**
 * Step 2, the dry run: maps and checks every staged row, finds duplicates (same Treffpunkt-ID, or
 * same name and postal code as an existing group or an earlier row) and stores the plan. Changes
 * no group. Runs in linear time over rows and existing groups.
 */
export async function checkImport(ctx: ImportContext, importId: string, choice: ImportOptions & { mapping: (ColumnKey | null)[] }) {
	const now = ctx.now ?? new Date();
	const { db, tenantId } = ctx;
	assertCan(ctx.actor, 'groups.import');
	assertId(importId, 'import');
	const { vocabulary, existingById, existingByKey } = await inScope(db, scopeOf(ctx), async (tx) => {
		const [imp] = await tx
			.select({ status: groupImports.status })
			.from(groupImports)
			.where(and(eq(groupImports.id, importId), eq(groupImports.tenantId, tenantId)));
		if (!imp) throw new AppError('not_found', 'import not found');
		if (imp.status !== 'staged') throw new AppError('conflict', 'import already applied', { code: 'import_already_applied' });
		const vocabulary = buildVocabulary(await visibleTopics(tx, tenantId));
		const existing = await tx
			.select({ id: groups.id, key: groups.dedupeKey, postalCode: sql<string>`coalesce(min(${meetingSeries.postalCode}), '')` })
			.from(groups)
			.leftJoin(meetingSeries, eq(meetingSeries.groupId, groups.id))
			.where(eq(groups.tenantId, tenantId))
			.groupBy(groups.id, groups.dedupeKey);
		return {
			vocabulary,
			existingById: new Set(existing.map((g) => g.id)),
			existingByKey: new Map(existing.map((g) => [`${g.key}|${g.postalCode}`, g.id]))
		};
	});
	const seen = new Map<string, number>();
	const contactMapped = choice.mapping.some((key) => key !== null && CONTACT_COLUMNS.includes(key));
	let valid = 0;
	let lastLine = 0;
	for (;;) {
		const rows = await inScope(db, scopeOf(ctx), (tx) =>
			tx
				.select({ line: groupImportRows.line, fields: groupImportRows.fields })
				.from(groupImportRows)
				.where(and(eq(groupImportRows.importId, importId), sql`${groupImportRows.line} > ${lastLine}`))
				.orderBy(asc(groupImportRows.line))
				.limit(BATCH)
		);
		if (!rows.length) break;
		lastLine = rows[rows.length - 1]?.line ?? lastLine;
		const updates = rows.map((row) => {
			const cells = (row.fields as { cells: string[] }).cells;
			const mapped = mapRow(cells, choice.mapping);
			const { plan, issues, warnings } = planRow(mapped.fields, mapped.issues, {
				vocabulary,
				consentHeld: choice.consentHeld,
				today: today(now)
			});
			let match: string | null = null;
			if (mapped.fields.id && existingById.has(mapped.fields.id)) match = mapped.fields.id;
			const key = `${dedupeKey(mapped.fields.name)}|${plan.series?.postalCode ?? ''}`;
			match ??= existingByKey.get(key) ?? null;
			const earlier = seen.get(key);
			if (earlier !== undefined) issues.push({ field: 'name', code: 'import_duplicate_in_file', params: { line: String(earlier) } });
			else seen.set(key, row.line);
			if (match) warnings.push({ field: 'name', code: 'import_updates_existing' });
			if (!issues.length) valid++;
			return { line: row.line, fields: { cells, plan }, issues, warnings, match };
		});
		await inScope(db, scopeOf(ctx), (tx) =>
			tx.execute(sql`
				update ${groupImportRows} r set fields = x.fields, issues = x.issues, warnings = x.warnings, match_group_id = x.match
				from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(line int, fields jsonb, issues jsonb, warnings jsonb, match uuid)
				where r.import_id = ${importId} and r.line = x.line`)
		);
	}
	await inScope(db, scopeOf(ctx), async (tx) => {
		const [imp] = await tx.select({ options: groupImports.options }).from(groupImports).where(eq(groupImports.id, importId));
		const options: StoredOptions = { ...(imp?.options as StoredOptions), ...choice, checked: true };
		await tx.update(groupImports).set({ options, validRows: valid }).where(eq(groupImports.id, importId));
	});
	return { ...(await getImport(db, tenantId, importId)), contactColumnsDropped: contactMapped && !choice.consentHeld };
}

async function insertPlanned(tx: Tx, ctx: ImportContext, rows: { line: number; plan: PlannedRow }[], options: ImportOptions, now: Date) {
	if (!rows.length) return;
	const on = today(now);
	const slugs = await uniqueGroupSlugs(
		tx,
		rows.map((row) => slugify(row.plan.series?.city ? `${row.plan.record.name} ${row.plan.series.city}` : row.plan.record.name))
	);
	const moderation = options.draft ? 'draft' : 'published';
	const inserted = await tx
		.insert(groups)
		.values(
			rows.map(({ plan }, i) => {
				const { topicIds: _topicIds, ...record } = plan.record;
				return {
					...record,
					tenantId: ctx.tenantId,
					slug: slugs[i] ?? `gruppe-${i}`,
					dedupeKey: dedupeKey(record.name),
					lifecycle: plan.lifecycle,
					lifecycleSince: on,
					moderation,
					reviewNote: plan.reviewNote,
					publishedAt: moderation === 'published' ? now : null,
					confirmedAt: now,
					createdAt: now,
					updatedAt: now
				};
			})
		)
		.returning({ id: groups.id });
	const ids = inserted.map((row) => row.id);
	const topicRows = rows.flatMap(({ plan }, i) =>
		plan.record.topicIds.map((topicId) => ({ tenantId: ctx.tenantId, groupId: ids[i] ?? '', topicId }))
	);
	if (topicRows.length) await tx.insert(groupTopics).values(topicRows);
	const seriesRows = rows.flatMap(({ plan }, i) =>
		plan.series ? [{ ...plan.series, tenantId: ctx.tenantId, groupId: ids[i] ?? '' }] : []
	);
	if (seriesRows.length) await tx.insert(meetingSeries).values(seriesRows);
	await tx.insert(groupHistory).values(
		rows.flatMap(({ plan }, i) => [
			{
				tenantId: ctx.tenantId,
				groupId: ids[i] ?? '',
				kind: 'lifecycle',
				fromState: null,
				toState: plan.lifecycle,
				effectiveOn: on,
				note: 'Import',
				actorLabel: ctx.actor.label
			},
			{
				tenantId: ctx.tenantId,
				groupId: ids[i] ?? '',
				kind: 'moderation',
				fromState: null,
				toState: moderation,
				effectiveOn: on,
				note: 'Import',
				actorLabel: ctx.actor.label
			}
		])
	);
	const withContact = rows.map((row, i) => ({ contact: row.plan.contact, groupId: ids[i] ?? '' })).filter((row) => row.contact);
	if (withContact.length) {
		const people = await tx
			.insert(contactPersons)
			.values(
				withContact.map((row) => ({
					tenantId: ctx.tenantId,
					groupId: row.groupId,
					name: row.contact?.name ?? '',
					email: row.contact?.email ?? '',
					phone: row.contact?.phone ?? ''
				}))
			)
			.returning({ id: contactPersons.id });
		await tx.insert(consents).values(
			people.map((person) => ({
				tenantId: ctx.tenantId,
				contactPersonId: person.id,
				purpose: 'group_contact',
				source: 'import',
				givenOn: on,
				recordedBy: ctx.actor.label
			}))
		);
	}
}

/** The group fields each spreadsheet column carries: a re-import changes only what the file has. */
const UPDATED_BY: Partial<Record<ColumnKey, string>> = {
	name: 'name = x.name, dedupe_key = x."dedupeKey"',
	description: 'description = x.description',
	firstVisit: 'first_visit = x."firstVisit"',
	audience: 'audiences = array(select jsonb_array_elements_text(x.audiences))',
	languages: 'languages = array(select jsonb_array_elements_text(x.languages))',
	topics: 'keywords = array(select jsonb_array_elements_text(x.keywords))',
	format: 'format = x.format',
	acceptingMembers: 'accepting_members = x."acceptingMembers"',
	contactMode: 'contact_mode = x."contactMode"',
	addressVisibility: 'address_visibility = x."addressVisibility"',
	website: 'website = x.website'
};
const PLACE_COLUMNS: ColumnKey[] = ['street', 'postalCode', 'city', 'meeting', 'format', 'accessibility'];

/**
 * Rows that match existing groups update them, in one set of statements per batch: the columns
 * the file has (unmapped ones keep their values), topics, the meeting place and time, a status
 * change (with its history row) and contact persons not yet known (with consent "import").
 */
async function updatePlanned(
	tx: Tx,
	ctx: ImportContext,
	rows: { match: string; plan: PlannedRow }[],
	mapping: (ColumnKey | null)[],
	now: Date
) {
	const latest = new Map(rows.map((row) => [row.match, row.plan]));
	if (!latest.size) return;
	const locked = await tx
		.select({ id: groups.id, lifecycle: groups.lifecycle })
		.from(groups)
		.where(and(inArray(groups.id, [...latest.keys()].sort()), eq(groups.tenantId, ctx.tenantId)))
		.orderBy(asc(groups.id))
		.for('update');
	const entries = locked.flatMap((group) => {
		const plan = latest.get(group.id);
		return plan ? [{ id: group.id, before: group.lifecycle, plan }] : [];
	});
	if (!entries.length) return;
	const ids = entries.map((entry) => entry.id);
	const has = (key: ColumnKey) => mapping.includes(key);
	const on = today(now);
	const sets = Object.entries(UPDATED_BY)
		.filter(([key]) => has(key as ColumnKey))
		.map(([, set]) => set);
	if (has('status'))
		sets.push(
			`lifecycle = x.lifecycle, lifecycle_since = case when g.lifecycle = x.lifecycle then g.lifecycle_since else '${on}'::date end`
		);
	const payload = entries.map(({ id, plan }) => ({
		id,
		...plan.record,
		dedupeKey: dedupeKey(plan.record.name),
		reviewNote: plan.reviewNote,
		lifecycle: plan.lifecycle
	}));
	await tx.execute(sql`
		update ${groups} g set ${sql.raw(sets.map((set) => `${set}, `).join(''))}
			review_note = x."reviewNote", confirmed_at = ${now.toISOString()}::timestamptz, stale_since = null,
			version = g.version + 1, updated_at = ${now.toISOString()}::timestamptz
		from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(
			id uuid, name text, description text, "firstVisit" text, audiences jsonb, languages jsonb, keywords jsonb, format text,
			"acceptingMembers" boolean, "contactMode" text, "addressVisibility" text, website text, "dedupeKey" text, "reviewNote" text, lifecycle text)
		where g.id = x.id and g.tenant_id = ${ctx.tenantId}`);
	if (has('status')) {
		const changed = entries.filter((entry) => entry.before !== entry.plan.lifecycle);
		if (changed.length)
			await tx.insert(groupHistory).values(
				changed.map((entry) => ({
					tenantId: ctx.tenantId,
					groupId: entry.id,
					kind: 'lifecycle',
					fromState: entry.before,
					toState: entry.plan.lifecycle,
					effectiveOn: on,
					note: 'Import',
					actorLabel: ctx.actor.label
				}))
			);
	}
	if (has('topics')) {
		await tx.delete(groupTopics).where(inArray(groupTopics.groupId, ids));
		const topicRows = entries.flatMap(({ id, plan }) =>
			plan.record.topicIds.map((topicId) => ({ tenantId: ctx.tenantId, groupId: id, topicId }))
		);
		if (topicRows.length) await tx.insert(groupTopics).values(topicRows);
	}
	const withSeries = PLACE_COLUMNS.some(has) ? entries.filter((entry) => entry.plan.series) : [];
	if (withSeries.length) {
		// the group's first meeting series takes what the file says; a group without one gets one
		const existing = await tx
			.select({ id: meetingSeries.id, groupId: meetingSeries.groupId })
			.from(meetingSeries)
			.where(
				inArray(
					meetingSeries.groupId,
					withSeries.map((entry) => entry.id)
				)
			)
			.orderBy(asc(meetingSeries.position), asc(meetingSeries.createdAt));
		const firstOf = new Map<string, string>();
		for (const series of existing) if (!firstOf.has(series.groupId)) firstOf.set(series.groupId, series.id);
		const fresh = withSeries.filter((entry) => !firstOf.has(entry.id));
		if (fresh.length)
			await tx
				.insert(meetingSeries)
				.values(
					fresh.map(({ id, plan }) => ({ ...(plan.series as NonNullable<PlannedRow['series']>), tenantId: ctx.tenantId, groupId: id }))
				);
		const seriesSets = [
			has('meeting') ? 'recurrence = x.recurrence, schedule_text = x."scheduleText"' : '',
			has('street') ? 'street = x.street' : '',
			has('postalCode') ? 'postal_code = x."postalCode", lat = x.lat, lon = x.lon' : '',
			has('city') || has('postalCode') ? 'city = x.city' : '',
			has('format') || has('street') || has('postalCode') || has('city') ? 'location_kind = x."locationKind"' : '',
			has('accessibility') ? 'step_free = x."stepFree"' : ''
		].filter(Boolean);
		const changes = withSeries.flatMap(({ id, plan }) => {
			const seriesId = firstOf.get(id);
			return seriesId ? [{ ...(plan.series as NonNullable<PlannedRow['series']>), seriesId }] : [];
		});
		if (changes.length && seriesSets.length)
			await tx.execute(sql`
				update ${meetingSeries} s set ${sql.raw(seriesSets.join(', '))}, updated_at = ${now.toISOString()}::timestamptz
				from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(
					"seriesId" uuid, recurrence jsonb, "scheduleText" text, "locationKind" text, street text, "postalCode" text, city text,
					lat double precision, lon double precision, "stepFree" text)
				where s.id = x."seriesId" and s.tenant_id = ${ctx.tenantId}`);
	}
	const withContact = entries.filter((entry) => entry.plan.contact?.email);
	if (withContact.length) {
		const known = await tx
			.select({ groupId: contactPersons.groupId, email: sql<string>`lower(${contactPersons.email})` })
			.from(contactPersons)
			.where(
				inArray(
					contactPersons.groupId,
					withContact.map((entry) => entry.id)
				)
			);
		const knownKeys = new Set(known.map((row) => `${row.groupId}|${row.email}`));
		const fresh = withContact.filter((entry) => !knownKeys.has(`${entry.id}|${entry.plan.contact?.email.toLowerCase()}`));
		if (fresh.length) {
			const people = await tx
				.insert(contactPersons)
				.values(
					fresh.map(({ id, plan }) => ({
						tenantId: ctx.tenantId,
						groupId: id,
						name: plan.contact?.name ?? '',
						email: plan.contact?.email ?? '',
						phone: plan.contact?.phone ?? ''
					}))
				)
				.returning({ id: contactPersons.id });
			await tx.insert(consents).values(
				people.map((person) => ({
					tenantId: ctx.tenantId,
					contactPersonId: person.id,
					purpose: 'group_contact',
					source: 'import',
					givenOn: on,
					recordedBy: ctx.actor.label
				}))
			);
		}
	}
}

/**
 * Step 3: applies the valid rows in batches, each batch in one short transaction that also marks
 * its rows applied. Safe to call again after an interruption: it continues with the rest.
 */
export async function applyImport(ctx: ImportContext, importId: string, onProgress?: (applied: number, total: number) => void) {
	const now = ctx.now ?? new Date();
	assertCan(ctx.actor, 'groups.import');
	assertId(importId, 'import');
	const started = await inScope(ctx.db, scopeOf(ctx), async (tx) => {
		const [imp] = await tx
			.select()
			.from(groupImports)
			.where(and(eq(groupImports.id, importId), eq(groupImports.tenantId, ctx.tenantId)));
		if (!imp) throw new AppError('not_found', 'import not found');
		const options = imp.options as StoredOptions;
		if (!options.checked) throw new AppError('conflict', 'import not checked', { code: 'import_not_checked' });
		if (imp.status === 'done' || imp.status === 'discarded')
			throw new AppError('conflict', 'import finished', { code: 'import_already_applied' });
		if (imp.status === 'staged' || imp.status === 'failed')
			await tx.update(groupImports).set({ status: 'applying' }).where(eq(groupImports.id, importId));
		return { options, total: imp.validRows };
	});
	let applied = 0;
	for (;;) {
		const done = await inScope(ctx.db, scopeOf(ctx), async (tx) => {
			// one batch at a time per import: a second run (the job claimed again after its lease ran
			// out, or the CLI resuming) waits here and then sees the rows this batch marked applied
			const [current] = await tx
				.select({ status: groupImports.status })
				.from(groupImports)
				.where(eq(groupImports.id, importId))
				.for('update');
			if (current?.status !== 'applying') return 0;
			const rows = await tx
				.select({ line: groupImportRows.line, fields: groupImportRows.fields, match: groupImportRows.matchGroupId })
				.from(groupImportRows)
				.where(
					and(
						eq(groupImportRows.importId, importId),
						eq(groupImportRows.applied, false),
						sql`jsonb_array_length(${groupImportRows.issues}) = 0`
					)
				)
				.orderBy(asc(groupImportRows.line))
				.limit(BATCH);
			if (!rows.length) return 0;
			const planned = rows.map((row) => ({ line: row.line, match: row.match, plan: (row.fields as { plan: PlannedRow }).plan }));
			await insertPlanned(
				tx,
				ctx,
				planned.filter((row) => !row.match),
				started.options,
				now
			);
			await updatePlanned(
				tx,
				ctx,
				planned.flatMap((row) => (row.match ? [{ match: row.match, plan: row.plan }] : [])),
				started.options.mapping,
				now
			);
			await tx
				.update(groupImportRows)
				.set({ applied: true })
				.where(
					and(
						eq(groupImportRows.importId, importId),
						inArray(
							groupImportRows.line,
							rows.map((row) => row.line)
						)
					)
				);
			await tx
				.update(groupImports)
				.set({ appliedRows: sql`${groupImports.appliedRows} + ${rows.length}` })
				.where(eq(groupImports.id, importId));
			return rows.length;
		});
		if (!done) break;
		applied += done;
		onProgress?.(applied, started.total);
	}
	const result = await inScope(ctx.db, scopeOf(ctx), async (tx) => {
		const [imp] = await tx
			.update(groupImports)
			.set({ status: 'done', finishedAt: new Date() })
			.where(and(eq(groupImports.id, importId), eq(groupImports.status, 'applying')))
			.returning({ appliedRows: groupImports.appliedRows, fileName: groupImports.fileName, totalRows: groupImports.totalRows });
		if (!imp) {
			// another run finished it meanwhile (and wrote the audit entry)
			const [finished] = await tx.select({ appliedRows: groupImports.appliedRows }).from(groupImports).where(eq(groupImports.id, importId));
			return { applied: finished?.appliedRows ?? applied };
		}
		await recordAudit(tx, ctx.actor, {
			tenantId: ctx.tenantId,
			action: 'create',
			entity: 'group_import',
			entityId: importId,
			changes: {
				fileName: imp.fileName,
				applied: imp.appliedRows,
				total: imp.totalRows,
				draft: started.options.draft,
				consentHeld: started.options.consentHeld
			}
		});
		// the staged cells are no longer needed once the import is done
		await tx.execute(sql`update ${groupImportRows} set fields = '{}'::jsonb where import_id = ${importId}`);
		return { applied: imp.appliedRows };
	});
	await refreshStatistics(ctx.db);
	return result;
}

/**
 * After many rows arrive at once the planner needs fresh statistics; the embedded database has no
 * autovacuum to gather them. Best effort: runs as the connection's own user (the tables' owner).
 */
async function refreshStatistics(db: Db): Promise<void> {
	try {
		// ANALYZE needs the tables' owner: for this one fixed statement the transaction drops the
		// application role and acts as the connection's own user (who ran the migrations)
		await db.transaction(async (tx) => {
			await tx.execute(sql`set local role none`);
			await tx.execute(sql`analyze groups, group_topics, meeting_series, contact_persons`);
		});
	} catch {
		// statistics are an optimisation; a server's autovacuum gathers them anyway
	}
}

/** Marks a staged import as not wanted; its rows are deleted. */
export async function discardImport(ctx: ImportContext, importId: string) {
	assertCan(ctx.actor, 'groups.import');
	assertId(importId, 'import');
	await inScope(ctx.db, scopeOf(ctx), async (tx) => {
		const [imp] = await tx
			.update(groupImports)
			.set({ status: 'discarded', finishedAt: new Date() })
			.where(and(eq(groupImports.id, importId), eq(groupImports.tenantId, ctx.tenantId), eq(groupImports.status, 'staged')))
			.returning({ id: groupImports.id });
		if (!imp) throw new AppError('not_found', 'import not found');
		await tx.delete(groupImportRows).where(eq(groupImportRows.importId, importId));
	});
}

/** How long an uploaded file that nobody checks or applies is kept. */
export const STAGED_IMPORT_DAYS = 14;

/**
 * Housekeeping (daily job): an upload nobody applied is discarded after STAGED_IMPORT_DAYS, and its
 * staged cells — names, addresses, perhaps contact data without a confirmed consent — are deleted.
 */
export async function purgeStagedImports(db: Db, now = new Date()): Promise<number> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const stale = await tx
			.update(groupImports)
			.set({ status: 'discarded', finishedAt: now })
			.where(and(eq(groupImports.status, 'staged'), lt(groupImports.createdAt, new Date(now.getTime() - STAGED_IMPORT_DAYS * 86_400_000))))
			.returning({ id: groupImports.id });
		if (stale.length)
			await tx.delete(groupImportRows).where(
				inArray(
					groupImportRows.importId,
					stale.map((row) => row.id)
				)
			);
		return stale.length;
	});
}

export async function officeIdBySlug(db: Db, slug: string): Promise<string> {
	const [office] = await inScope(db, { kind: 'system' }, (tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)));
	if (!office) throw new AppError('not_found', 'office not found', { slug });
	return office.id;
}

/** Starts applying a checked import in the background (the job runner); the page shows its progress. */
export async function startImport(ctx: ImportContext, importId: string): Promise<void> {
	assertCan(ctx.actor, 'groups.import');
	const current = await getImport(ctx.db, ctx.tenantId, importId);
	if (!current.options.checked) throw new AppError('conflict', 'import not checked', { code: 'import_not_checked' });
	// a failed import may be started again: it continues with the rows not yet applied
	if (current.status !== 'staged' && current.status !== 'failed')
		throw new AppError('conflict', 'import finished', { code: 'import_already_applied' });
	await inScope(ctx.db, scopeOf(ctx), (tx) =>
		tx.update(groupImports).set({ status: 'applying', error: null }).where(eq(groupImports.id, importId))
	);
	await inScope(ctx.db, { kind: 'system' }, (tx) =>
		enqueue(tx, {
			name: 'groups.import',
			payload: { importId, tenantId: ctx.tenantId, actor: ctx.actor },
			dedupeKey: `groups.import:${importId}:${Date.now()}`,
			maxAttempts: IMPORT_JOB_ATTEMPTS
		})
	);
}

/** How often the background job tries an import before it is marked failed. */
export const IMPORT_JOB_ATTEMPTS = 3;

/** The job gave up: the import shows as interrupted with the reason, and can be started again. */
export async function markImportFailed(db: Db, tenantId: string, importId: string, reason: string): Promise<void> {
	await inScope(db, { kind: 'system' }, (tx) =>
		tx
			.update(groupImports)
			.set({ status: 'failed', error: reason.slice(0, 500) })
			.where(and(eq(groupImports.id, importId), eq(groupImports.tenantId, tenantId), eq(groupImports.status, 'applying')))
	);
}

/** The office's recent imports, newest first. */
export async function recentImports(db: Db, tenantId: string) {
	return inScope(db, { kind: 'tenant', tenantId }, (tx) =>
		tx
			.select({
				id: groupImports.id,
				fileName: groupImports.fileName,
				status: groupImports.status,
				totalRows: groupImports.totalRows,
				appliedRows: groupImports.appliedRows,
				createdByLabel: groupImports.createdByLabel,
				createdAt: groupImports.createdAt
			})
			.from(groupImports)
			.where(eq(groupImports.tenantId, tenantId))
			.orderBy(sql`${groupImports.createdAt} desc`)
			.limit(10)
	);
}
