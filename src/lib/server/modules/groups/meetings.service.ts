import { and, eq, sql } from 'drizzle-orm';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { lookupPostalCode } from '../../geo/places.js';
import { validateRecurrence, type FederalState, type Recurrence, type Weekday, type WeekOfMonth } from '../../../recurrence/index.js';
import type { SeriesInput } from '../../../schemas/group.js';
import { findGroup } from './groups.repository.js';
import { today, type GroupContext } from './groups.service.js';
import { groups, meetingSeries } from './groups.table.js';

/** "15.07." → "07-15" (a break that repeats every year). */
function dayOfYear(text: string): string {
	const [day = '', month = ''] = text.replace(/\.$/, '').split('.');
	return `${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The recurrence a series form describes. */
export function recurrenceFromInput(input: SeriesInput): Recurrence {
	const once = input.frequency === 'once';
	return {
		frequency: input.frequency,
		interval: once ? 1 : Number(input.interval || '1'),
		weekdays: once ? [] : (input.weekdays.map(Number) as Weekday[]),
		weeksOfMonth: input.frequency === 'monthly' ? (input.weeksOfMonth.map(Number) as WeekOfMonth[]) : [],
		startDate: input.startDate,
		endDate: once ? input.startDate : input.endDate || null,
		startTime: input.startTime,
		endTime: input.endTime,
		breaks: input.breakFrom && input.breakTo ? [{ from: dayOfYear(input.breakFrom), to: dayOfYear(input.breakTo) }] : [],
		skipHolidays: input.skipHolidays,
		exceptions: []
	};
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

const dayMonth = (monthDay: string) => {
	const [month = '', day = ''] = monthDay.split('-').slice(-2);
	return `${day}.${month}.`;
};

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
	const rule = series?.recurrence;
	const flag = (on: boolean | undefined) => (on ? 'on' : '');
	const yearly = rule?.breaks.find((range) => /^\d{2}-\d{2}$/.test(range.from));
	return {
		frequency: rule?.frequency ?? 'weekly',
		interval: String(rule?.interval ?? 1),
		weekdays: (rule?.weekdays ?? []).join('\n'),
		weeksOfMonth: (rule?.weeksOfMonth ?? []).join('\n'),
		startDate: rule?.startDate ?? todayIso,
		endDate: rule?.frequency === 'once' ? '' : (rule?.endDate ?? ''),
		startTime: rule?.startTime ?? '19:00',
		endTime: rule?.endTime ?? '21:00',
		skipHolidays: flag(rule ? rule.skipHolidays : true),
		breakFrom: yearly ? dayMonth(yearly.from) : '',
		breakTo: yearly ? dayMonth(yearly.to) : '',
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
