/**
 * What the rooms services share: the context a route or job passes, the row-level-security scope,
 * and the conversion of stored instants to Europe/Berlin wall time.
 */
import { and, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { UserActor } from '../groups/groups.service.js';
import type { MailSettings } from '../mail/mail.service.js';
import { instantToWall, type IsoDate, type WallTime } from '../../../recurrence/index.js';
import { roomBookings } from './rooms.table.js';

export type RoomContext = {
	db: Db;
	actor: UserActor;
	now?: Date;
	requestId?: string;
	/** routes pass `runtime().mail`, so that e-mails are queued for SMTP where it is configured */
	mail?: MailSettings;
};

/** Without settings, e-mails are stored in the outbox (readable in the back office) and not sent. */
export const STORE_ONLY: MailSettings = { smtpUrl: undefined, from: '' };

export const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** The wall date and times of a stored occurrence. */
export function wallOf(startsAt: Date, endsAt: Date): { date: IsoDate; startTime: WallTime; endTime: WallTime } {
	const start = instantToWall(startsAt);
	return { date: start.date, startTime: start.time, endTime: instantToWall(endsAt).time };
}

/** An occurrence starts and ends on one day (ADR 0022), so it is never longer than this. */
export const LONGEST_BOOKING_MS = 24 * 60 * 60 * 1000;

/**
 * Rows whose time overlaps [from, to). The extra lower bound on `starts_at` (an occurrence is never
 * longer than a day) lets the (tenant, …, starts_at) indexes scan only the period, not all the years before it.
 */
export function overlapping(from: Date, to: Date) {
	return and(
		lt(roomBookings.startsAt, to),
		gt(roomBookings.endsAt, from),
		gt(roomBookings.startsAt, new Date(from.getTime() - LONGEST_BOOKING_MS))
	);
}
