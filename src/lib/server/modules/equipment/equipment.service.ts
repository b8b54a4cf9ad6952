/**
 * Equipment lending (ROOM-5): the office's inventory, reservations for whole days, hand-out and
 * return with the condition, cancellation, the overdue list and the loan history per item and per
 * group. The exclusion constraint `equipment_loans_no_overlap` is what guarantees that one item is
 * never reserved or lent twice on the same day; the checks here explain the problem before it
 * happens and name the other loan (ADR 0025).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { systemActor } from '../../auth/actor.js';
import { recordAudit, diff } from '../audit/audit.service.js';
import { groups, contactPersons, consents } from '../groups/groups.table.js';
import { users } from '../accounts/accounts.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import type { UserActor } from '../groups/groups.service.js';
import { instantToWall, type IsoDate } from '../../../recurrence/index.js';
import { EQUIPMENT_CONDITIONS, equipmentItems, equipmentLoans, type EquipmentCondition, type LoanStatus } from './equipment.table.js';

export type EquipmentContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };

/** What the inventory form edits. */
export type ItemInput = { name: string; description: string; condition: EquipmentCondition; active: boolean };

export type ItemRow = ItemInput & { id: string; updatedAt: Date };

/** One reservation or loan as the pages show it; `groupName` is null for the office or another borrower. */
export type LoanRow = {
	id: string;
	itemId: string;
	itemName: string;
	groupId: string | null;
	groupName: string | null;
	borrower: string;
	fromDate: IsoDate;
	untilDate: IsoDate;
	status: LoanStatus;
	handedOutAt: Date | null;
	conditionOut: string;
	returnedAt: Date | null;
	conditionBack: string;
	notes: string;
	/** handed out and its last day has passed */
	overdue: boolean;
};

/** An item of the inventory with what it is doing today. */
export type InventoryRow = ItemRow & {
	/** the loan handed out now (or overdue), if any */
	out: LoanRow | null;
	/** the next reservation not yet handed out, today or later */
	nextReservation: LoanRow | null;
};

export type ReservationInput = {
	/** the borrowing group of the office; null: the office itself or the borrower named in `borrower` */
	groupId: string | null;
	borrower: string;
	fromDate: IsoDate;
	untilDate: IsoDate;
	note: string;
};

/** Longest reservation: a quarter of a year (longer loans are rather a gift). */
export const MAX_LOAN_DAYS = 92;
export const NOTE_MAX = 2000;

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** Today's date in Berlin. */
export const berlinToday = (now: Date): IsoDate => instantToWall(now).date;

const ITEM_COLUMNS = {
	id: equipmentItems.id,
	name: equipmentItems.name,
	description: equipmentItems.description,
	condition: equipmentItems.condition,
	active: equipmentItems.active,
	updatedAt: equipmentItems.updatedAt
};

const LOAN_COLUMNS = {
	id: equipmentLoans.id,
	itemId: equipmentLoans.itemId,
	itemName: equipmentItems.name,
	groupId: equipmentLoans.groupId,
	groupName: groups.name,
	borrower: equipmentLoans.borrower,
	fromDate: equipmentLoans.fromDate,
	untilDate: equipmentLoans.untilDate,
	status: equipmentLoans.status,
	handedOutAt: equipmentLoans.handedOutAt,
	conditionOut: equipmentLoans.conditionOut,
	returnedAt: equipmentLoans.returnedAt,
	conditionBack: equipmentLoans.conditionBack,
	notes: equipmentLoans.notes
};

type RawLoan = Omit<LoanRow, 'overdue' | 'status'> & { status: string };

const presentLoan = (row: RawLoan, today: IsoDate): LoanRow => ({
	...row,
	status: row.status as LoanStatus,
	overdue: row.status === 'handed_out' && row.untilDate < today
});

/** Loans with their item's and group's names; each caller adds its conditions (always the office). */
function loansQuery(tx: Tx) {
	return tx
		.select(LOAN_COLUMNS)
		.from(equipmentLoans)
		.innerJoin(equipmentItems, eq(equipmentItems.id, equipmentLoans.itemId))
		.leftJoin(groups, eq(groups.id, equipmentLoans.groupId))
		.$dynamic();
}

// ---------------------------------------------------------------------------------------------
// Inventory

/** Field → message key for everything wrong with an item. */
export function itemIssues(input: Partial<ItemInput>): Record<string, string> {
	const issues: Record<string, string> = {};
	if (input.name !== undefined && !input.name.trim()) issues.name = 'equipment_name_missing';
	if (input.name !== undefined && input.name.trim().length > 120) issues.name = 'error_too_long';
	if (input.description !== undefined && input.description.length > NOTE_MAX) issues.description = 'error_too_long';
	if (input.condition !== undefined && !(EQUIPMENT_CONDITIONS as readonly string[]).includes(input.condition))
		issues.condition = 'equipment_condition_invalid';
	return issues;
}

const cleanItem = <T extends Partial<ItemInput>>(input: T): T => ({
	...input,
	...(input.name !== undefined ? { name: input.name.trim() } : {}),
	...(input.description !== undefined ? { description: input.description.trim() } : {})
});

export async function createItem({ db, actor, now = new Date(), requestId }: EquipmentContext, input: ItemInput): Promise<string> {
	assertCan(actor, 'equipment.lend');
	const issues = itemIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'item invalid', { issues });
	const values = cleanItem(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.insert(equipmentItems)
			.values({ ...values, tenantId: actor.tenantId, createdAt: now, updatedAt: now })
			.returning({ id: equipmentItems.id });
		const id = row?.id ?? '';
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'create', entity: 'equipment_item', entityId: id, changes: values },
			requestId
		);
		return id;
	});
}

/** Changes an item; only the given fields. Returns the names of the fields that changed. */
export async function updateItem(
	{ db, actor, now = new Date(), requestId }: EquipmentContext,
	itemId: string,
	input: Partial<ItemInput>
): Promise<{ changed: string[] }> {
	assertCan(actor, 'equipment.lend');
	assertId(itemId, 'equipment_item');
	const issues = itemIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'item invalid', { issues });
	const values = cleanItem(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [before] = await tx
			.select(ITEM_COLUMNS)
			.from(equipmentItems)
			.where(and(eq(equipmentItems.id, itemId), eq(equipmentItems.tenantId, actor.tenantId)))
			.for('update');
		if (!before) throw new AppError('not_found', 'item not found');
		const changes = diff(before as Record<string, unknown>, values);
		if (!Object.keys(changes).length) return { changed: [] };
		await tx
			.update(equipmentItems)
			.set({ ...values, updatedAt: now })
			.where(and(eq(equipmentItems.id, itemId), eq(equipmentItems.tenantId, actor.tenantId)));
		await recordAudit(
			tx,
			actor,
			{ tenantId: actor.tenantId, action: 'update', entity: 'equipment_item', entityId: itemId, changes },
			requestId
		);
		return { changed: Object.keys(changes) };
	});
}

/**
 * The inventory by name, each item with the loan that is out now and its next reservation; inactive
 * items only when asked. Two queries, whatever the number of items.
 */
export async function listInventory(
	{ db, actor, now = new Date() }: EquipmentContext,
	options: { includeInactive?: boolean } = {}
): Promise<InventoryRow[]> {
	assertCan(actor, 'equipment.read');
	const today = berlinToday(now);
	return inScope(db, tenantScope(actor), async (tx) => {
		const items = await tx
			.select(ITEM_COLUMNS)
			.from(equipmentItems)
			.where(and(eq(equipmentItems.tenantId, actor.tenantId), options.includeInactive ? undefined : eq(equipmentItems.active, true)))
			.orderBy(asc(equipmentItems.name), asc(equipmentItems.id));
		const open = await loansQuery(tx)
			.where(
				and(
					eq(equipmentLoans.tenantId, actor.tenantId),
					or(eq(equipmentLoans.status, 'handed_out'), and(eq(equipmentLoans.status, 'reserved'), gte(equipmentLoans.untilDate, today)))
				)
			)
			.orderBy(asc(equipmentLoans.fromDate));
		return items.map((item) => {
			const loans = open.filter((loan) => loan.itemId === item.id).map((loan) => presentLoan(loan, today));
			return {
				...item,
				condition: item.condition as EquipmentCondition,
				out: loans.find((loan) => loan.status === 'handed_out') ?? null,
				nextReservation: loans.find((loan) => loan.status === 'reserved') ?? null
			};
		});
	});
}

/** One item with all its reservations and loans (newest first), for its page. */
export async function getItem(
	{ db, actor, now = new Date() }: EquipmentContext,
	itemId: string
): Promise<{ item: ItemRow; loans: LoanRow[] }> {
	assertCan(actor, 'equipment.read');
	assertId(itemId, 'equipment_item');
	const today = berlinToday(now);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [item] = await tx
			.select(ITEM_COLUMNS)
			.from(equipmentItems)
			.where(and(eq(equipmentItems.id, itemId), eq(equipmentItems.tenantId, actor.tenantId)));
		if (!item) throw new AppError('not_found', 'item not found');
		const loans = await loansQuery(tx)
			.where(and(eq(equipmentLoans.tenantId, actor.tenantId), eq(equipmentLoans.itemId, itemId)))
			.orderBy(desc(equipmentLoans.fromDate), desc(equipmentLoans.createdAt));
		return { item: { ...item, condition: item.condition as EquipmentCondition }, loans: loans.map((loan) => presentLoan(loan, today)) };
	});
}

/** The office's groups that can borrow (not dissolved), by name: the choices of the reservation form. */
export async function borrowingGroups({ db, actor }: EquipmentContext): Promise<{ id: string; name: string }[]> {
	assertCan(actor, 'equipment.read');
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.where(and(eq(groups.tenantId, actor.tenantId), inArray(groups.lifecycle, ['interest', 'founding', 'active', 'paused'])))
			.orderBy(asc(groups.name), asc(groups.id))
	);
}

// ---------------------------------------------------------------------------------------------
// Reservations and loans

/** SQLSTATE 23P01: the exclusion constraint refused an overlapping loan. */
function isExclusionViolation(error: unknown): boolean {
	for (let current = error; current; current = (current as { cause?: unknown }).cause) {
		if ((current as { code?: unknown }).code === '23P01') return true;
	}
	return false;
}

const daysBetween = (from: IsoDate, until: IsoDate) =>
	Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Field → message key for a reservation's own problems (without the other loans). */
export function reservationIssues(input: ReservationInput, today: IsoDate): Record<string, string> {
	const issues: Record<string, string> = {};
	if (input.fromDate < today) issues.fromDate = 'equipment_from_in_past';
	if (input.untilDate < input.fromDate) issues.untilDate = 'equipment_until_before_from';
	else if (daysBetween(input.fromDate, input.untilDate) >= MAX_LOAN_DAYS) issues.untilDate = 'equipment_too_long';
	if (!input.groupId && !input.borrower.trim()) issues.borrower = 'equipment_borrower_missing';
	if (input.borrower.length > 200) issues.borrower = 'error_too_long';
	if (input.note.length > NOTE_MAX) issues.note = 'error_too_long';
	return issues;
}

/** The reserved or handed-out loan of the item that overlaps the days, if any. */
async function overlapping(
	tx: Tx,
	actor: UserActor,
	itemId: string,
	fromDate: IsoDate,
	untilDate: IsoDate,
	exceptId?: string
): Promise<RawLoan | undefined> {
	const [other] = await loansQuery(tx)
		.where(
			and(
				eq(equipmentLoans.tenantId, actor.tenantId),
				eq(equipmentLoans.itemId, itemId),
				inArray(equipmentLoans.status, ['reserved', 'handed_out']),
				lte(equipmentLoans.fromDate, untilDate),
				gte(equipmentLoans.untilDate, fromDate),
				exceptId ? ne(equipmentLoans.id, exceptId) : undefined
			)
		)
		.orderBy(asc(equipmentLoans.fromDate))
		.limit(1);
	return other;
}

/** A loan of the item that is handed out and past its last day: the item is not back yet. */
async function stillOut(tx: Tx, actor: UserActor, itemId: string, today: IsoDate, exceptId?: string): Promise<RawLoan | undefined> {
	const [loan] = await loansQuery(tx)
		.where(
			and(
				eq(equipmentLoans.tenantId, actor.tenantId),
				eq(equipmentLoans.itemId, itemId),
				eq(equipmentLoans.status, 'handed_out'),
				lt(equipmentLoans.untilDate, today),
				exceptId ? ne(equipmentLoans.id, exceptId) : undefined
			)
		)
		.limit(1);
	return loan;
}

/**
 * The refusal that names the other loan: who has it (the group or the borrower as noted, or the
 * office) and from when to when, and whether it is already handed out.
 */
function conflictError(other: RawLoan, today?: IsoDate): AppError {
	const overdue = today !== undefined && other.status === 'handed_out' && other.untilDate < today;
	return new AppError('conflict', 'equipment already reserved', {
		code: overdue
			? 'equipment_conflict_overdue'
			: other.status === 'handed_out'
				? 'equipment_conflict_lent'
				: 'equipment_conflict_reserved',
		field: 'fromDate',
		loanId: other.id,
		params: { who: other.groupName ?? other.borrower, from: other.fromDate, until: other.untilDate }
	});
}

/**
 * Reserves an item for whole days (both inclusive) for a group of the office or another borrower.
 * Refused with field messages for bad dates and with the other loan named when the days are taken;
 * when a concurrent reservation wins between check and insert, the database refuses ours (23P01)
 * and the answer is the same conflict.
 */
export async function reserveItem(
	{ db, actor, now = new Date(), requestId }: EquipmentContext,
	itemId: string,
	input: ReservationInput
): Promise<string> {
	assertCan(actor, 'equipment.lend');
	assertId(itemId, 'equipment_item');
	if (input.groupId) assertId(input.groupId, 'group');
	const today = berlinToday(now);
	const issues = reservationIssues(input, today);
	if (Object.keys(issues).length) throw new AppError('invalid', 'reservation invalid', { issues });
	try {
		return await inScope(db, tenantScope(actor), async (tx) => {
			const [item] = await tx
				.select({ id: equipmentItems.id, active: equipmentItems.active })
				.from(equipmentItems)
				.where(and(eq(equipmentItems.id, itemId), eq(equipmentItems.tenantId, actor.tenantId)));
			if (!item) throw new AppError('not_found', 'item not found');
			if (!item.active) throw new AppError('invalid', 'item inactive', { code: 'equipment_item_inactive' });
			if (input.groupId) {
				const [group] = await tx
					.select({ id: groups.id })
					.from(groups)
					.where(and(eq(groups.id, input.groupId), eq(groups.tenantId, actor.tenantId)));
				if (!group) throw new AppError('invalid', 'group not found', { issues: { groupId: 'equipment_group_unknown' } });
			}
			const other = await overlapping(tx, actor, itemId, input.fromDate, input.untilDate);
			if (other) throw conflictError(other);
			// an item that is overdue is not here today, whatever its loan's days said
			const out = input.fromDate === today ? await stillOut(tx, actor, itemId, today) : undefined;
			if (out) throw conflictError(out, today);
			const [row] = await tx
				.insert(equipmentLoans)
				.values({
					tenantId: actor.tenantId,
					itemId,
					groupId: input.groupId,
					borrower: input.borrower.trim(),
					fromDate: input.fromDate,
					untilDate: input.untilDate,
					status: 'reserved',
					notes: input.note.trim(),
					createdBy: actor.userId,
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: equipmentLoans.id });
			const id = row?.id ?? '';
			// the borrower's name stays out of the audit log
			await recordAudit(
				tx,
				actor,
				{
					tenantId: actor.tenantId,
					action: 'create',
					entity: 'equipment_loan',
					entityId: id,
					changes: { itemId, groupId: input.groupId, fromDate: input.fromDate, untilDate: input.untilDate, status: 'reserved' }
				},
				requestId
			);
			return id;
		});
	} catch (error) {
		if (!isExclusionViolation(error)) throw error;
		// another reservation took the days between our check and our insert: name it now
		const other = await inScope(db, tenantScope(actor), (tx) => overlapping(tx, actor, itemId, input.fromDate, input.untilDate));
		if (other) throw conflictError(other);
		throw new AppError('conflict', 'equipment already reserved', { code: 'equipment_conflict_unknown', field: 'fromDate' });
	}
}

type LoanStep = { condition: EquipmentCondition; note: string };

/** Locks one loan of the office for a change of its status. */
async function loanForChange(tx: Tx, actor: UserActor, loanId: string) {
	const [loan] = await tx
		.select({
			id: equipmentLoans.id,
			itemId: equipmentLoans.itemId,
			status: equipmentLoans.status,
			notes: equipmentLoans.notes,
			fromDate: equipmentLoans.fromDate,
			untilDate: equipmentLoans.untilDate
		})
		.from(equipmentLoans)
		.where(and(eq(equipmentLoans.id, loanId), eq(equipmentLoans.tenantId, actor.tenantId)))
		.for('update');
	if (!loan) throw new AppError('not_found', 'loan not found');
	return loan;
}

function stepIssues(step: LoanStep, field: 'conditionOut' | 'conditionBack'): Record<string, string> {
	const issues: Record<string, string> = {};
	if (!(EQUIPMENT_CONDITIONS as readonly string[]).includes(step.condition)) issues[field] = 'equipment_condition_invalid';
	if (step.note.length > NOTE_MAX) issues.note = 'error_too_long';
	return issues;
}

/** The notes of a loan: each step's note on its own line. */
const addNote = (notes: string, note: string) => [notes, note.trim()].filter(Boolean).join('\n');

/** Hands a reserved item out, with its condition and a note ("Kabel fehlt"). */
export async function handOut({ db, actor, now = new Date(), requestId }: EquipmentContext, loanId: string, step: LoanStep): Promise<void> {
	assertCan(actor, 'equipment.lend');
	assertId(loanId, 'equipment_loan');
	const issues = stepIssues(step, 'conditionOut');
	if (Object.keys(issues).length) throw new AppError('invalid', 'hand-out invalid', { issues });
	const today = berlinToday(now);
	const work = inScope(db, tenantScope(actor), async (tx) => {
		const loan = await loanForChange(tx, actor, loanId);
		if (loan.status === 'handed_out') throw new AppError('invalid', 'already handed out', { code: 'equipment_already_handed_out' });
		if (loan.status !== 'reserved') throw new AppError('invalid', 'not reserved', { code: 'equipment_not_reserved' });
		if (loan.untilDate < today)
			throw new AppError('invalid', 'reservation over', { code: 'equipment_handout_over', params: { until: loan.untilDate } });
		// the item must be here: not still out with someone else after their last day
		const out = await stillOut(tx, actor, loan.itemId, today, loan.id);
		if (out) throw conflictError(out, today);
		// handed out before the reserved first day: the loan starts today, if those days are free
		const fromDate = loan.fromDate > today ? today : loan.fromDate;
		if (fromDate !== loan.fromDate) {
			const other = await overlapping(tx, actor, loan.itemId, fromDate, loan.untilDate, loan.id);
			if (other) throw conflictError(other);
		}
		await tx
			.update(equipmentLoans)
			.set({
				status: 'handed_out',
				fromDate,
				handedOutAt: now,
				conditionOut: step.condition,
				notes: addNote(loan.notes, step.note),
				updatedAt: now
			})
			.where(eq(equipmentLoans.id, loanId));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'equipment_loan',
				entityId: loanId,
				changes: { status: ['reserved', 'handed_out'], conditionOut: step.condition, fromDate }
			},
			requestId
		);
	});
	try {
		await work;
	} catch (error) {
		// a reservation of the days before took them meanwhile
		if (isExclusionViolation(error))
			throw new AppError('conflict', 'equipment already reserved', { code: 'equipment_conflict_unknown', field: 'fromDate' });
		throw error;
	}
}

/** Takes an item back: the loan is returned and the item keeps the condition it came back in. */
export async function returnItem(
	{ db, actor, now = new Date(), requestId }: EquipmentContext,
	loanId: string,
	step: LoanStep
): Promise<void> {
	assertCan(actor, 'equipment.lend');
	assertId(loanId, 'equipment_loan');
	const issues = stepIssues(step, 'conditionBack');
	if (Object.keys(issues).length) throw new AppError('invalid', 'return invalid', { issues });
	await inScope(db, tenantScope(actor), async (tx) => {
		const loan = await loanForChange(tx, actor, loanId);
		if (loan.status !== 'handed_out') throw new AppError('invalid', 'not handed out', { code: 'equipment_not_handed_out' });
		await tx
			.update(equipmentLoans)
			.set({ status: 'returned', returnedAt: now, conditionBack: step.condition, notes: addNote(loan.notes, step.note), updatedAt: now })
			.where(eq(equipmentLoans.id, loanId));
		await tx
			.update(equipmentItems)
			.set({ condition: step.condition, updatedAt: now })
			.where(and(eq(equipmentItems.id, loan.itemId), eq(equipmentItems.tenantId, actor.tenantId)));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'equipment_loan',
				entityId: loanId,
				changes: { status: ['handed_out', 'returned'], conditionBack: step.condition }
			},
			requestId
		);
	});
}

/** Cancels a reservation that was not handed out; its days are free again. */
export async function cancelReservation({ db, actor, now = new Date(), requestId }: EquipmentContext, loanId: string): Promise<void> {
	assertCan(actor, 'equipment.lend');
	assertId(loanId, 'equipment_loan');
	await inScope(db, tenantScope(actor), async (tx) => {
		const loan = await loanForChange(tx, actor, loanId);
		if (loan.status !== 'reserved') throw new AppError('invalid', 'not reserved', { code: 'equipment_cancel_not_reserved' });
		await tx.update(equipmentLoans).set({ status: 'cancelled', updatedAt: now }).where(eq(equipmentLoans.id, loanId));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'equipment_loan',
				entityId: loanId,
				changes: { status: ['reserved', 'cancelled'] }
			},
			requestId
		);
	});
}

/** Loans handed out whose last day has passed, the longest overdue first. */
export async function listOverdue({ db, actor, now = new Date() }: EquipmentContext): Promise<LoanRow[]> {
	assertCan(actor, 'equipment.read');
	const today = berlinToday(now);
	const rows = await inScope(db, tenantScope(actor), (tx) =>
		loansQuery(tx)
			.where(and(eq(equipmentLoans.tenantId, actor.tenantId), eq(equipmentLoans.status, 'handed_out'), lt(equipmentLoans.untilDate, today)))
			.orderBy(asc(equipmentLoans.untilDate), asc(equipmentLoans.id))
	);
	return rows.map((row) => presentLoan(row, today));
}

/** A group's loans (all items), newest first, with the group's name; not found for another office's group. */
export async function groupLoanHistory(
	{ db, actor, now = new Date() }: EquipmentContext,
	groupId: string
): Promise<{ group: { id: string; name: string }; loans: LoanRow[] }> {
	assertCan(actor, 'equipment.read');
	assertId(groupId, 'group');
	const today = berlinToday(now);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [group] = await tx
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.where(and(eq(groups.id, groupId), eq(groups.tenantId, actor.tenantId)));
		if (!group) throw new AppError('not_found', 'group not found');
		const loans = await loansQuery(tx)
			.where(and(eq(equipmentLoans.tenantId, actor.tenantId), eq(equipmentLoans.groupId, groupId)))
			.orderBy(desc(equipmentLoans.fromDate), desc(equipmentLoans.createdAt));
		return { group, loans: loans.map((loan) => presentLoan(loan, today)) };
	});
}

// ---------------------------------------------------------------------------------------------
// Overdue reminders (daily job)

/**
 * The daily job `equipment.remind_overdue`: for every loan handed out whose last day has passed and
 * that was not reminded yet, one e-mail to the office and one to each contact person (with active
 * consent) of the borrowing group; `reminded_at` makes it once per loan. Each loan in its own short
 * transaction. The e-mails say which item and since when, nothing about the borrower beyond the group.
 */
export async function remindOverdue(db: Db, mail: MailSettings, now = new Date(), origin = 'http://localhost:3000'): Promise<number> {
	const today = berlinToday(now);
	const actor = systemActor('equipment.remind_overdue');
	const due = await inScope(db, { kind: 'system' }, (tx) =>
		tx
			.select({ id: equipmentLoans.id })
			.from(equipmentLoans)
			.where(and(eq(equipmentLoans.status, 'handed_out'), lt(equipmentLoans.untilDate, today), isNull(equipmentLoans.remindedAt)))
			.orderBy(asc(equipmentLoans.untilDate))
	);
	let reminded = 0;
	for (const { id } of due) {
		const sent = await inScope(db, { kind: 'system' }, async (tx) => {
			const [loan] = await tx
				.select({
					id: equipmentLoans.id,
					tenantId: equipmentLoans.tenantId,
					itemId: equipmentLoans.itemId,
					itemName: equipmentItems.name,
					groupId: equipmentLoans.groupId,
					groupName: groups.name,
					borrower: equipmentLoans.borrower,
					untilDate: equipmentLoans.untilDate,
					status: equipmentLoans.status,
					remindedAt: equipmentLoans.remindedAt,
					officeName: tenants.name,
					officeEmail: tenants.email,
					officePhone: tenants.phone
				})
				.from(equipmentLoans)
				.innerJoin(equipmentItems, eq(equipmentItems.id, equipmentLoans.itemId))
				.innerJoin(tenants, eq(tenants.id, equipmentLoans.tenantId))
				.leftJoin(groups, eq(groups.id, equipmentLoans.groupId))
				.where(eq(equipmentLoans.id, id))
				.for('update', { of: equipmentLoans });
			if (!loan || loan.status !== 'handed_out' || loan.remindedAt || loan.untilDate >= today) return false;
			const until = loan.untilDate.split('-').reverse().join('.');
			if (loan.officeEmail)
				await queueMail(tx, mail, {
					tenantId: loan.tenantId,
					template: 'equipment_overdue_office',
					locale: 'de',
					to: loan.officeEmail,
					params: {
						item: loan.itemName,
						who: loan.groupName ?? loan.borrower,
						until,
						link: `${origin}/verwaltung/ausleihe/${loan.itemId}`
					}
				});
			if (loan.groupId) {
				const contacts = await tx
					.select({ email: contactPersons.email, locale: users.locale })
					.from(contactPersons)
					.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
					.leftJoin(users, eq(users.id, contactPersons.userId))
					.where(eq(contactPersons.groupId, loan.groupId));
				const seen = new Set<string>();
				for (const contact of contacts) {
					const to = contact.email.trim().toLowerCase();
					if (!to || seen.has(to)) continue;
					seen.add(to);
					await queueMail(tx, mail, {
						tenantId: loan.tenantId,
						template: 'equipment_overdue_contact',
						locale: contact.locale === 'en' ? 'en' : 'de',
						to,
						params: {
							item: loan.itemName,
							group: loan.groupName ?? '',
							until,
							office: loan.officeName,
							contact: [loan.officeEmail, loan.officePhone].filter(Boolean).join(', ')
						}
					});
				}
			}
			await tx.update(equipmentLoans).set({ remindedAt: now }).where(eq(equipmentLoans.id, loan.id));
			await recordAudit(tx, actor, {
				tenantId: loan.tenantId,
				action: 'update',
				entity: 'equipment_loan',
				entityId: loan.id,
				changes: { remindedAt: now.toISOString() }
			});
			return true;
		});
		if (sent) reminded++;
	}
	return reminded;
}
