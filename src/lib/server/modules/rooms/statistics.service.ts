/**
 * Usage statistics for the annual report (ROOM-6): hours per room, per group and per month, the
 * share of each room's bookable hours that was used, and the loans per item of equipment, for one
 * calendar year in Europe/Berlin wall time. Only confirmed bookings count (requested, declined and
 * cancelled dates do not); a loan counts when it was handed out (ADR 0026).
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertCan } from '../../auth/permissions.js';
import { dateFormat, numberFormat, t } from '../../../i18n.js';
import { groups } from '../groups/groups.table.js';
import { equipmentItems, equipmentLoans } from '../equipment/equipment.table.js';
import { addDays, instantToWall, wallTimeToInstant, weekdayOf, type IsoDate } from '../../../recurrence/index.js';
import { escapeFormula } from '../groups/spreadsheet/write.js';
import { roomBookings, rooms, type BookableHours, type BookingOwner } from './rooms.table.js';
import type { RoomContext } from './rooms.service.js';

export type Usage = { bookings: number; hours: number };

export type RoomUsage = Usage & {
	roomId: string;
	name: string;
	active: boolean;
	/** the hours the room could be booked in the year, from its bookable hours per weekday */
	bookableHours: number;
	/** hours ÷ bookable hours (0 … 1); null when the room has no bookable hours */
	utilisation: number | null;
	/** hours per month, January first */
	months: number[];
};

/** A group, or all bookings for events, or all of the office's own use. */
export type OwnerUsage = Usage & { kind: BookingOwner; groupId: string | null; name: string | null };

export type MonthUsage = Usage & { month: number };

export type ItemUsage = { itemId: string; name: string; active: boolean; loans: number; daysOut: number };

export type RoomStatistics = {
	year: number;
	/** false while the year is not over: future confirmed dates are counted too */
	complete: boolean;
	rooms: RoomUsage[];
	owners: OwnerUsage[];
	months: MonthUsage[];
	items: ItemUsage[];
	totals: Usage & { bookableHours: number; utilisation: number | null; loans: number; daysOut: number };
	/** the years that can be chosen: from the first with data to the current one (or later, if booked) */
	years: number[];
};

const tenantScope = (actor: RoomContext['actor']) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** The Berlin calendar year of an instant. */
export const yearOf = (instant: Date): number => Number(instantToWall(instant).date.slice(0, 4));

/** The year statistics show unless asked: the last calendar year, the one an annual report is about. */
export const defaultStatisticsYear = (now: Date = new Date()): number => yearOf(now) - 1;

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** A year from the query string (`?jahr=2026`), or null when it is not a sensible year. */
export function parseStatisticsYear(value: string | null | undefined): number | null {
	if (!value || !/^\d{4}$/.test(value.trim())) return null;
	const year = Number(value.trim());
	return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

/** By name as German readers expect it, the same on every database (collations differ). */
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');

const firstOfYear = (year: number): IsoDate => `${year}-01-01`;
const hoursBetween = (from: string, to: string) => {
	const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
	return Math.max(0, minutes(to) - minutes(from)) / 60;
};

/** The hours a room can be booked in a year: its bookable hours of each day's weekday, summed over every day. */
export function bookableHoursInYear(hours: BookableHours, year: number): number {
	const perWeekday = [0, 0, 0, 0, 0, 0, 0, 0];
	for (const [day, open] of Object.entries(hours)) if (open) perWeekday[Number(day)] = hoursBetween(open.from, open.to);
	let total = 0;
	for (let date = firstOfYear(year); date < firstOfYear(year + 1); date = addDays(date, 1)) total += perWeekday[weekdayOf(date)] ?? 0;
	return total;
}

/** Days between two ISO dates, both counted. */
const daysInclusive = (from: IsoDate, until: IsoDate) =>
	Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The statistics of one calendar year. Staff and administrators only: the figures name groups, and
 * a group's name can reveal a health condition.
 */
export async function roomStatistics({ db, actor, now = new Date() }: RoomContext, year: number): Promise<RoomStatistics> {
	assertCan(actor, 'rooms.book');
	assertCan(actor, 'equipment.read');
	if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new AppError('invalid', 'year out of range');
	const start = wallTimeToInstant(firstOfYear(year), '00:00');
	const end = wallTimeToInstant(firstOfYear(year + 1), '00:00');
	// the first instant of each month, and of the next year: the buckets of the month figures
	const boundaries = Array.from({ length: 13 }, (_, i) =>
		i === 12 ? end : wallTimeToInstant(`${year}-${String(i + 1).padStart(2, '0')}-01`, '00:00')
	);
	const today = instantToWall(now).date;
	return inScope(db, tenantScope(actor), async (tx) => {
		const roomRows = await tx
			.select({ id: rooms.id, name: rooms.name, active: rooms.active, bookableHours: rooms.bookableHours })
			.from(rooms)
			.where(eq(rooms.tenantId, actor.tenantId));

		const month = sql<number>`width_bucket(${roomBookings.startsAt}, array[${sql.join(
			boundaries.map((b) => sql`${b.toISOString()}::timestamptz`),
			sql`, `
		)}])`;
		const usage = await tx
			.select({
				roomId: roomBookings.roomId,
				ownerKind: roomBookings.ownerKind,
				groupId: roomBookings.groupId,
				month,
				bookings: sql<number>`count(*)::int`,
				hours: sql<number>`(sum(extract(epoch from ${roomBookings.endsAt} - ${roomBookings.startsAt})) / 3600)::float8`
			})
			.from(roomBookings)
			.where(
				and(
					eq(roomBookings.tenantId, actor.tenantId),
					eq(roomBookings.status, 'confirmed'),
					gte(roomBookings.startsAt, start),
					lt(roomBookings.startsAt, end)
				)
			)
			.groupBy(sql`1, 2, 3, 4`);

		const groupIds = [...new Set(usage.map((row) => row.groupId).filter((id): id is string => id !== null))];
		const groupNames = new Map(
			groupIds.length
				? (await tx.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, groupIds))).map((g) => [
						g.id,
						g.name
					])
				: []
		);

		const byRoom = new Map<string, RoomUsage>();
		for (const room of roomRows) {
			const bookable = bookableHoursInYear(room.bookableHours, year);
			byRoom.set(room.id, {
				roomId: room.id,
				name: room.name,
				active: room.active,
				bookings: 0,
				hours: 0,
				bookableHours: bookable,
				utilisation: null,
				months: Array.from({ length: 12 }, () => 0)
			});
		}
		const byOwner = new Map<string, OwnerUsage>();
		const months: MonthUsage[] = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, bookings: 0, hours: 0 }));
		for (const row of usage) {
			const hours = Number(row.hours);
			const bookings = Number(row.bookings);
			const index = Number(row.month) - 1;
			const room = byRoom.get(row.roomId);
			if (room) {
				room.bookings += bookings;
				room.hours += hours;
				if (room.months[index] !== undefined) room.months[index] += hours;
			}
			const monthRow = months[index];
			if (monthRow) {
				monthRow.bookings += bookings;
				monthRow.hours += hours;
			}
			const kind = row.ownerKind as BookingOwner;
			const key = kind === 'group' ? `group:${row.groupId}` : kind;
			const owner = byOwner.get(key) ?? {
				kind,
				groupId: kind === 'group' ? row.groupId : null,
				name: kind === 'group' ? (groupNames.get(row.groupId ?? '') ?? '') : null,
				bookings: 0,
				hours: 0
			};
			owner.bookings += bookings;
			owner.hours += hours;
			byOwner.set(key, owner);
		}
		const roomUsage = [...byRoom.values()]
			.filter((room) => room.active || room.bookings > 0)
			.sort(byName)
			.map((room) => ({ ...room, utilisation: room.bookableHours > 0 ? room.hours / room.bookableHours : null }));
		const ownerOrder: Record<BookingOwner, number> = { group: 0, event: 1, internal: 2 };
		const owners = [...byOwner.values()].sort(
			(a, b) => ownerOrder[a.kind] - ownerOrder[b.kind] || (a.name ?? '').localeCompare(b.name ?? '', 'de') || b.hours - a.hours
		);

		const items = await loanUsage(tx, actor.tenantId, year, today);
		const bookableHours = roomUsage.reduce((sum, room) => sum + room.bookableHours, 0);
		const hours = roomUsage.reduce((sum, room) => sum + room.hours, 0);
		return {
			year,
			complete: today >= firstOfYear(year + 1),
			rooms: roomUsage,
			owners,
			months,
			items,
			totals: {
				bookings: roomUsage.reduce((sum, room) => sum + room.bookings, 0),
				hours,
				bookableHours,
				utilisation: bookableHours > 0 ? hours / bookableHours : null,
				loans: items.reduce((sum, item) => sum + item.loans, 0),
				daysOut: items.reduce((sum, item) => sum + item.daysOut, 0)
			},
			years: await yearsWithData(tx, actor.tenantId, yearOf(now))
		};
	});
}

/**
 * Loans per item in the year: a loan counts in the year it was handed out (or, without a recorded
 * hand-out, the year of its first day); its days run from the hand-out to the return, both counted,
 * or to today while it is still out. Reserved and cancelled loans are not counted.
 */
async function loanUsage(tx: Tx, tenantId: string, year: number, today: IsoDate): Promise<ItemUsage[]> {
	const items = await tx
		.select({ id: equipmentItems.id, name: equipmentItems.name, active: equipmentItems.active })
		.from(equipmentItems)
		.where(eq(equipmentItems.tenantId, tenantId));
	// a loan handed out in the year started at most a year before its reserved first day, or in the year itself
	const loans = await tx
		.select({
			itemId: equipmentLoans.itemId,
			fromDate: equipmentLoans.fromDate,
			untilDate: equipmentLoans.untilDate,
			status: equipmentLoans.status,
			handedOutAt: equipmentLoans.handedOutAt,
			returnedAt: equipmentLoans.returnedAt
		})
		.from(equipmentLoans)
		.where(
			and(
				eq(equipmentLoans.tenantId, tenantId),
				inArray(equipmentLoans.status, ['handed_out', 'returned']),
				gte(equipmentLoans.untilDate, `${year - 1}-01-01`),
				lt(equipmentLoans.fromDate, `${year + 2}-01-01`)
			)
		);
	const usage = new Map(items.map((item) => [item.id, { itemId: item.id, name: item.name, active: item.active, loans: 0, daysOut: 0 }]));
	for (const loan of loans) {
		const out = loan.handedOutAt ? instantToWall(loan.handedOutAt).date : loan.fromDate;
		if (out.slice(0, 4) !== String(year)) continue;
		const back = loan.returnedAt ? instantToWall(loan.returnedAt).date : loan.status === 'handed_out' ? today : loan.untilDate;
		const item = usage.get(loan.itemId);
		if (!item) continue;
		item.loans += 1;
		item.daysOut += Math.max(1, daysInclusive(out, back < out ? out : back));
	}
	return [...usage.values()].filter((item) => item.active || item.loans > 0).sort(byName);
}

/** From the first year with a confirmed booking or a loan (at most 20 years back) to the current year or the last booked one. */
async function yearsWithData(tx: Tx, tenantId: string, current: number): Promise<number[]> {
	const [bookings] = await tx
		.select({
			first: sql<Date | null>`min(${roomBookings.startsAt})`.mapWith(roomBookings.startsAt),
			last: sql<Date | null>`max(${roomBookings.startsAt})`.mapWith(roomBookings.startsAt)
		})
		.from(roomBookings)
		.where(and(eq(roomBookings.tenantId, tenantId), eq(roomBookings.status, 'confirmed')));
	const [loans] = await tx
		.select({ first: sql<string | null>`min(${equipmentLoans.fromDate})::text` })
		.from(equipmentLoans)
		.where(eq(equipmentLoans.tenantId, tenantId));
	const candidates = [current - 1];
	if (bookings?.first) candidates.push(yearOf(bookings.first));
	if (loans?.first) candidates.push(Number(loans.first.slice(0, 4)));
	const first = Math.max(current - 20, Math.min(...candidates));
	const last = Math.min(current + 2, Math.max(current, bookings?.last ? yearOf(bookings.last) : current));
	return Array.from({ length: last - first + 1 }, (_, i) => last - i);
}

// ---------------------------------------------------------------------------------------------
// CSV for the annual report

type Locale = 'de' | 'en';

/** A number as the locale writes it in a spreadsheet: "12,5" in German, "12.5" in English; no thousands separator. */
export function formatNumber(value: number, locale: Locale, digits = 1): string {
	return numberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits, useGrouping: false }).format(value);
}

/** A share as a percentage with one decimal ("37,5 %"), or "–" when there is none. */
export function formatShare(value: number | null, locale: Locale): string {
	return value === null ? '–' : `${formatNumber(value * 100, locale)} %`;
}

const csvCell = (value: string) => {
	const escaped = escapeFormula(value);
	return /[;"\r\n]|^\s|\s$/.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped;
};

/** The name of a month in the locale ("Januar", "January"). */
export function monthName(month: number, locale: Locale): string {
	return dateFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, month - 1, 15)));
}

/** The owner's name as the tables show it: the group's name, or "Veranstaltungen" / "Eigene Nutzung". */
export function ownerLabel(owner: Pick<OwnerUsage, 'kind' | 'name'>, locale: Locale): string {
	if (owner.kind === 'group') return owner.name ?? '';
	return t(owner.kind === 'event' ? 'rooms_stats_owner_event' : 'rooms_stats_owner_internal', {}, locale);
}

/**
 * The statistics as one CSV file in four sections (rooms, groups, months, equipment), each with a
 * heading line and its own header row, as German Excel opens it: UTF-8 with byte-order mark,
 * semicolons, CRLF, numbers with the locale's decimal mark.
 */
export function statisticsCsv(stats: RoomStatistics, locale: Locale): Uint8Array {
	const tr = (key: string, params: Record<string, string> = {}) => t(key, params, locale);
	const n = (value: number) => formatNumber(value, locale);
	const lines: string[][] = [];
	lines.push([tr('rooms_stats_csv_title', { year: String(stats.year) })]);
	if (!stats.complete) lines.push([tr('rooms_stats_incomplete')]);
	lines.push([]);
	lines.push([tr('rooms_stats_rooms_heading')]);
	lines.push([
		tr('rooms_stats_col_room'),
		tr('rooms_stats_col_bookings'),
		tr('rooms_stats_col_hours'),
		tr('rooms_stats_col_bookable'),
		tr('rooms_stats_col_utilisation')
	]);
	for (const room of stats.rooms)
		lines.push([room.name, String(room.bookings), n(room.hours), n(room.bookableHours), formatShare(room.utilisation, locale)]);
	lines.push([
		tr('rooms_stats_total'),
		String(stats.totals.bookings),
		n(stats.totals.hours),
		n(stats.totals.bookableHours),
		formatShare(stats.totals.utilisation, locale)
	]);
	lines.push([]);
	lines.push([tr('rooms_stats_owners_heading')]);
	lines.push([tr('rooms_stats_col_owner'), tr('rooms_stats_col_bookings'), tr('rooms_stats_col_hours')]);
	for (const owner of stats.owners) lines.push([ownerLabel(owner, locale), String(owner.bookings), n(owner.hours)]);
	lines.push([]);
	lines.push([tr('rooms_stats_months_heading')]);
	lines.push([tr('rooms_stats_col_room'), ...stats.months.map((m) => monthName(m.month, locale)), tr('rooms_stats_total')]);
	for (const room of stats.rooms) lines.push([room.name, ...room.months.map(n), n(room.hours)]);
	lines.push([tr('rooms_stats_total'), ...stats.months.map((m) => n(m.hours)), n(stats.totals.hours)]);
	lines.push([]);
	lines.push([tr('rooms_stats_items_heading')]);
	lines.push([tr('rooms_stats_col_item'), tr('rooms_stats_col_loans'), tr('rooms_stats_col_days_out')]);
	for (const item of stats.items) lines.push([item.name, String(item.loans), String(item.daysOut)]);
	lines.push([tr('rooms_stats_total'), String(stats.totals.loans), String(stats.totals.daysOut)]);
	return new TextEncoder().encode(`\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`);
}
