/**
 * Rooms (ROOM-1) and the one import point of the rooms module: bookings (bookings.service.ts),
 * requests and decisions (requests.service.ts), calendar, free-room search and .ics feeds
 * (calendar.service.ts) and the reminder job (rooms.mail.ts) are re-exported from here (ADR 0022, 0023).
 */
import { and, asc, eq } from 'drizzle-orm';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit, diff } from '../audit/audit.service.js';
import { isWallTime } from '../../../recurrence/index.js';
import { DEFAULT_BOOKABLE_HOURS, rooms, type BookableHours } from './rooms.table.js';
import { tenantScope, type RoomContext } from './rooms.common.js';

export type { RoomContext } from './rooms.common.js';
export * from './bookings.service.js';
export * from './requests.service.js';
export * from './calendar.service.js';
export { remindRoomBookings, REMIND_DAYS_AHEAD } from './rooms.mail.js';

/** What the room form edits. */
export type RoomInput = {
	name: string;
	capacity: number;
	stepFree: boolean;
	accessibleToilet: boolean;
	hearingLoop: boolean;
	equipment: string[];
	bookableHours: BookableHours;
	rules: string;
	fee: string;
	active: boolean;
};

export type RoomRow = RoomInput & { id: string; updatedAt: Date };

const ROOM_COLUMNS = {
	id: rooms.id,
	name: rooms.name,
	capacity: rooms.capacity,
	stepFree: rooms.stepFree,
	accessibleToilet: rooms.accessibleToilet,
	hearingLoop: rooms.hearingLoop,
	equipment: rooms.equipment,
	bookableHours: rooms.bookableHours,
	rules: rooms.rules,
	fee: rooms.fee,
	active: rooms.active,
	updatedAt: rooms.updatedAt
};

/** A new room's record with the defaults (09:00–22:00 every day, active). */
export function emptyRoomInput(name: string, capacity: number): RoomInput {
	return {
		name,
		capacity,
		stepFree: false,
		accessibleToilet: false,
		hearingLoop: false,
		equipment: [],
		bookableHours: DEFAULT_BOOKABLE_HOURS,
		rules: '',
		fee: '',
		active: true
	};
}

/** Field → message key for everything wrong with a room record. */
export function roomIssues(input: Partial<RoomInput>): Record<string, string> {
	const issues: Record<string, string> = {};
	if (input.name !== undefined && !input.name.trim()) issues.name = 'rooms_name_missing';
	if (input.capacity !== undefined && !(Number.isInteger(input.capacity) && input.capacity > 0 && input.capacity <= 10000))
		issues.capacity = 'rooms_capacity_invalid';
	if (input.bookableHours !== undefined) {
		for (const [day, hours] of Object.entries(input.bookableHours)) {
			const ok =
				/^[1-7]$/.test(day) && hours && isWallTime(hours.from) && (isWallTime(hours.to) || hours.to === '24:00') && hours.from < hours.to;
			if (!ok) issues.bookableHours = 'rooms_hours_invalid';
		}
	}
	return issues;
}

function cleanRoom<T extends Partial<RoomInput>>(input: T): T {
	return {
		...input,
		...(input.name !== undefined ? { name: input.name.trim() } : {}),
		...(input.equipment !== undefined ? { equipment: input.equipment.map((item) => item.trim()).filter(Boolean) } : {})
	};
}

export async function createRoom({ db, actor, now = new Date(), requestId }: RoomContext, input: RoomInput): Promise<string> {
	assertCan(actor, 'rooms.edit');
	const issues = roomIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'room invalid', { issues });
	const values = cleanRoom(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.insert(rooms)
			.values({ ...values, tenantId: actor.tenantId, createdAt: now, updatedAt: now })
			.returning({ id: rooms.id });
		const id = row?.id ?? '';
		await recordAudit(tx, actor, { tenantId: actor.tenantId, action: 'create', entity: 'room', entityId: id, changes: values }, requestId);
		return id;
	});
}

/** Changes a room; only the given fields. Returns the names of the fields that changed. */
export async function updateRoom(
	{ db, actor, now = new Date(), requestId }: RoomContext,
	roomId: string,
	input: Partial<RoomInput>
): Promise<{ changed: string[] }> {
	assertCan(actor, 'rooms.edit');
	assertId(roomId, 'room');
	const issues = roomIssues(input);
	if (Object.keys(issues).length) throw new AppError('invalid', 'room invalid', { issues });
	const values = cleanRoom(input);
	return inScope(db, tenantScope(actor), async (tx) => {
		const [before] = await tx
			.select(ROOM_COLUMNS)
			.from(rooms)
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)))
			.for('update');
		if (!before) throw new AppError('not_found', 'room not found');
		const changes = diff(before as Record<string, unknown>, values);
		if (!Object.keys(changes).length) return { changed: [] };
		await tx
			.update(rooms)
			.set({ ...values, updatedAt: now })
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)));
		await recordAudit(tx, actor, { tenantId: actor.tenantId, action: 'update', entity: 'room', entityId: roomId, changes }, requestId);
		return { changed: Object.keys(changes) };
	});
}

/** The office's rooms by name; inactive ones only when asked. */
export async function listRooms({ db, actor }: RoomContext, options: { includeInactive?: boolean } = {}): Promise<RoomRow[]> {
	assertCan(actor, 'rooms.read');
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select(ROOM_COLUMNS)
			.from(rooms)
			.where(and(eq(rooms.tenantId, actor.tenantId), options.includeInactive ? undefined : eq(rooms.active, true)))
			.orderBy(asc(rooms.name), asc(rooms.id))
	);
}

/** One room of the office, active or not (the room form, the calendar's heading). */
export async function getRoom({ db, actor }: RoomContext, roomId: string): Promise<RoomRow> {
	assertCan(actor, 'rooms.read');
	assertId(roomId, 'room');
	const [room] = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select(ROOM_COLUMNS)
			.from(rooms)
			.where(and(eq(rooms.id, roomId), eq(rooms.tenantId, actor.tenantId)))
	);
	if (!room) throw new AppError('not_found', 'room not found');
	return room;
}
