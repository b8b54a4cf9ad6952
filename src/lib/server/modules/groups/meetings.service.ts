import { and, eq, sql } from 'drizzle-orm';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { lookupPostalCode } from '../../geo/places.js';
import { validateRecurrence, type FederalState, type Recurrence } from '../../../recurrence/index.js';
import type { SeriesInput } from '../../../schemas/group.js';
import { recurrenceFromSchedule, scheduleFormValues } from '../../../schemas/schedule.js';
import { findGroup } from './groups.repository.js';
import { today, type GroupContext } from './groups.service.js';
import { groups, meetingSeries } from './groups.table.js';

/** The recurrence a series form describes (the schedule fields are shared with room bookings). */
export function recurrenceFromInput(input: SeriesInput): Recurrence {
	return recurrenceFromSchedule(input);
}

/** Where a recurrence problem is shown in the series form. */
const FIELD_OF: Record<string, string> = {
	endDate: 'endDate',
	startDate: 'startDate',
	startTime: 'startTime',
	endTime: 'endTime',
	weekdays: 'weekdays',
	weeksOfMonth: 'weeksOfMonth',
	interval: 'interval',
	breaks: 'breakFrom'
};

/** Field → message key for everything wrong with a series (empty when it can be saved). */
export function seriesIssues(
	input: SeriesInput,
	rule: Recurrence,
	context: { federalState: FederalState; today: string }
): Record<string, string> {
	const issues: Record<string, string> = {};
	for (const problem of validateRecurrence(rule, context)) {
		const field = problem.code === 'recurrence_time_order' ? 'endTime' : (FIELD_OF[problem.field] ?? 'startDate');
		issues[field] ??= problem.code;
	}
	if (Boolean(input.breakFrom) !== Boolean(input.breakTo)) issues[input.breakFrom ? 'breakTo' : 'breakFrom'] ??= 'series_break_incomplete';
	if (input.locationKind === 'address') {
		if (!input.postalCode) issues.postalCode ??= 'error_postal_code_required';
		else if (!lookupPostalCode(input.postalCode)) issues.postalCode ??= 'error_postal_code_unknown';
	}
	return issues;
}

/** Adds a meeting series to a group, or changes one; refuses a schedule that produces no date. */
export async function saveSeries(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	groupId: string,
	seriesId: string | null,
	input: SeriesInput
): Promise<string> {
	assertCan(actor, 'groups.edit');
	if (seriesId !== null) assertId(seriesId, 'series');
	return inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const group = await findGroup(tx, actor.tenantId, groupId, { forUpdate: true });
		if (!group) throw new AppError('not_found', 'group not found');
		const [office] = await tx.select({ federalState: tenants.federalState }).from(tenants).where(eq(tenants.id, actor.tenantId));
		const rule = recurrenceFromInput(input);
		const issues = seriesIssues(input, rule, { federalState: (office?.federalState ?? 'BE') as FederalState, today: today(now) });
		if (Object.keys(issues).length) throw new AppError('invalid', 'series invalid', { issues });
		const hasPlace = input.locationKind === 'address';
		const place = hasPlace ? lookupPostalCode(input.postalCode) : null;
		const values = {
			recurrence: rule,
			scheduleText: '',
			locationKind: input.locationKind,
			street: hasPlace ? input.street : '',
			postalCode: hasPlace ? input.postalCode : '',
			city: hasPlace ? input.city || (place?.place ?? '') : '',
			district: hasPlace ? input.district : '',
			lat: place?.lat ?? null,
			lon: place?.lon ?? null,
			stepFree: hasPlace ? input.stepFree : 'unknown',
			accessibleToilet: hasPlace && input.accessibleToilet,
			hearingLoop: hasPlace && input.hearingLoop,
			signLanguage: hasPlace && input.signLanguage,
			updatedAt: now
		};
		let id = seriesId;
		if (seriesId) {
			const [row] = await tx
				.update(meetingSeries)
				.set(values)
				.where(and(eq(meetingSeries.id, seriesId), eq(meetingSeries.groupId, groupId), eq(meetingSeries.tenantId, actor.tenantId)))
				.returning({ id: meetingSeries.id });
			if (!row) throw new AppError('not_found', 'series not found');
		} else {
			const [row] = await tx
				.insert(meetingSeries)
				.values({ ...values, tenantId: actor.tenantId, groupId })
				.returning({ id: meetingSeries.id });
			id = row?.id ?? null;
		}
		await tx
			.update(groups)
			.set({ version: group.version + 1, updatedAt: now })
			.where(eq(groups.id, groupId));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: seriesId ? 'update' : 'create',
				entity: 'meeting_series',
				entityId: id,
				changes: { groupId, ...values }
			},
			requestId
		);
		return id ?? '';
	});
}

export async function removeSeries(
	{ db, actor, now = new Date(), requestId }: GroupContext,
	groupId: string,
	seriesId: string
): Promise<void> {
	assertCan(actor, 'groups.edit');
	assertId(groupId, 'group');
	assertId(seriesId, 'series');
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const [row] = await tx
			.delete(meetingSeries)
			.where(and(eq(meetingSeries.id, seriesId), eq(meetingSeries.groupId, groupId), eq(meetingSeries.tenantId, actor.tenantId)))
			.returning({ id: meetingSeries.id });
		if (!row) throw new AppError('not_found', 'series not found');
		await tx
			.update(groups)
			.set({ version: sql`${groups.version} + 1`, updatedAt: now })
			.where(eq(groups.id, groupId));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'delete', entity: 'meeting_series', entityId: seriesId, changes: { groupId } },
			requestId
		);
	});
}

export const SERIES_FORM_OPTIONS = {
	lists: ['weekdays', 'weeksOfMonth'],
	flags: ['skipHolidays', 'accessibleToilet', 'hearingLoop', 'signLanguage']
} as const;

/** A stored series as form values (the inverse of recurrenceFromInput); defaults for a new one. */
export function seriesFormValues(
	series: {
		recurrence: Recurrence | null;
		locationKind: string;
		street: string;
		postalCode: string;
		city: string;
		district: string;
		stepFree: string;
		accessibleToilet: boolean;
		hearingLoop: boolean;
		signLanguage: boolean;
	} | null,
	todayIso: string
): Record<string, string> {
	const flag = (on: boolean | undefined) => (on ? 'on' : '');
	return {
		...scheduleFormValues(series?.recurrence, { startDate: todayIso }),
		locationKind: series?.locationKind ?? 'address',
		street: series?.street ?? '',
		postalCode: series?.postalCode ?? '',
		city: series?.city ?? '',
		district: series?.district ?? '',
		stepFree: series?.stepFree ?? 'unknown',
		accessibleToilet: flag(series?.accessibleToilet),
		hearingLoop: flag(series?.hearingLoop),
		signLanguage: flag(series?.signLanguage)
	};
}
