/**
 * The e-mails of room bookings (ROOM-4), always through the outbox: to the group's contact persons
 * (request received, approved, declined, cancelled, moved, reminded) and to the office (a new
 * request, a cancellation by the group). Each mail is written in the recipient's language where
 * she has an account, else in German, and carries only the group, the room, the dates and the reason.
 */
import { and, asc, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { m } from '#lib/paraglide/messages.js';
import type { Db, Queryable } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { users } from '../accounts/accounts.table.js';
import { consents, contactPersons, groups } from '../groups/groups.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import { formatDay, formatTimeSpan, formatTimeSpans } from '../mail/mail.format.js';
import type { Locale, MailTemplate } from '../mail/mail.templates.js';
import { addDays, instantToWall, wallTimeToInstant, type IsoDate } from '../../../recurrence/index.js';
import { roomBookings, rooms } from './rooms.table.js';

type Span = { startsAt: Date; endsAt: Date };

const asLocale = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'de');

export type Recipient = { email: string; locale: Locale };

/**
 * The group's contact persons with an e-mail address and a standing consent; the language is that
 * of her account (linked, or with the same address) where she has one.
 */
export async function contactRecipients(tx: Queryable, tenantId: string, groupIds: string[]): Promise<(Recipient & { groupId: string })[]> {
	if (!groupIds.length) return [];
	const rows = await tx
		.selectDistinct({ groupId: contactPersons.groupId, email: contactPersons.email, locale: users.locale })
		.from(contactPersons)
		.innerJoin(consents, and(eq(consents.contactPersonId, contactPersons.id), isNull(consents.withdrawnAt)))
		.leftJoin(users, or(eq(users.id, contactPersons.userId), sql`lower(${users.email}) = lower(${contactPersons.email})`))
		.where(and(eq(contactPersons.tenantId, tenantId), inArray(contactPersons.groupId, groupIds), ne(contactPersons.email, '')));
	const seen = new Map<string, Recipient & { groupId: string }>();
	for (const row of rows) {
		const key = `${row.groupId}:${row.email.toLowerCase()}`;
		const known = seen.get(key);
		if (!known || (row.locale && known.locale === 'de'))
			seen.set(key, { groupId: row.groupId, email: row.email.toLowerCase(), locale: asLocale(row.locale) });
	}
	return [...seen.values()];
}

export type BookingMailEvent = {
	tenantId: string;
	groupId: string;
	roomName: string;
	occurrences: Span[];
} & (
	| { kind: 'requested'; note: string }
	| { kind: 'approved' }
	| { kind: 'declined'; reason: string }
	| { kind: 'cancelled'; reason: string; byGroup: boolean }
	| { kind: 'moved'; previous: Span }
);

/** Queues the mails of one event of a group's booking inside the caller's transaction. */
export async function mailBookingEvent(tx: Queryable, mail: MailSettings, event: BookingMailEvent): Promise<number> {
	const [group] = await tx
		.select({ name: groups.name, officeEmail: tenants.email })
		.from(groups)
		.innerJoin(tenants, eq(tenants.id, groups.tenantId))
		.where(and(eq(groups.id, event.groupId), eq(groups.tenantId, event.tenantId)));
	if (!group) return 0;
	const base = { group: group.name, room: event.roomName };
	let sent = 0;
	const send = async (template: MailTemplate, to: Recipient, params: Record<string, string>) => {
		await queueMail(tx, mail, { tenantId: event.tenantId, template, locale: to.locale, to: to.email, params: { ...base, ...params } });
		sent++;
	};
	const office: Recipient | null = group.officeEmail ? { email: group.officeEmail.toLowerCase(), locale: 'de' } : null;
	const reasonOf = (reason: string, locale: Locale) => reason.trim() || m.rooms_mail_no_reason({}, { locale });

	// the office hears of a request and of a group's own cancellation; the group hears of everything else
	if (event.kind === 'requested' && office)
		await send('rooms_request_office', office, {
			dates: formatTimeSpans(event.occurrences, office.locale),
			count: String(event.occurrences.length),
			note: event.note ? `${m.rooms_mail_note({ note: event.note }, { locale: office.locale })}\n\n` : ''
		});
	if (event.kind === 'cancelled' && event.byGroup) {
		if (office)
			await send('rooms_cancelled_office', office, {
				dates: formatTimeSpans(event.occurrences, office.locale),
				reason: reasonOf(event.reason, office.locale)
			});
		return sent;
	}
	for (const to of await contactRecipients(tx, event.tenantId, [event.groupId])) {
		const dates = formatTimeSpans(event.occurrences, to.locale);
		if (event.kind === 'requested') await send('rooms_requested', to, { dates });
		else if (event.kind === 'approved') await send('rooms_approved', to, { dates });
		else if (event.kind === 'declined') await send('rooms_declined', to, { dates, reason: reasonOf(event.reason, to.locale) });
		else if (event.kind === 'cancelled') await send('rooms_cancelled', to, { dates, reason: reasonOf(event.reason, to.locale) });
		else
			await send('rooms_moved', to, {
				before: formatTimeSpan(event.previous, to.locale),
				after: event.occurrences[0] ? formatTimeSpan(event.occurrences[0], to.locale) : ''
			});
	}
	return sent;
}

/** How many days ahead a group is reminded of its booked room. */
export const REMIND_DAYS_AHEAD = 2;

/**
 * The daily reminder (`rooms.remind`): every confirmed group booking whose date is two days ahead
 * (or one, should the job have missed a day) and that has not been reminded. One e-mail per
 * contact person and day lists all of that day's bookings of her groups; `reminded_at` marks
 * them, so each is reminded once.
 */
export async function remindRoomBookings(db: Db, mail: MailSettings, now = new Date()): Promise<{ mails: number; bookings: number }> {
	const today = instantToWall(now).date;
	const from = wallTimeToInstant(addDays(today, 1), '00:00');
	const to = wallTimeToInstant(addDays(today, REMIND_DAYS_AHEAD + 1), '00:00');
	return inScope(db, { kind: 'system' }, async (tx) => {
		const due = await tx
			.select({
				id: roomBookings.id,
				tenantId: roomBookings.tenantId,
				groupId: roomBookings.groupId,
				groupName: groups.name,
				roomName: rooms.name,
				startsAt: roomBookings.startsAt,
				endsAt: roomBookings.endsAt
			})
			.from(roomBookings)
			.innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
			.innerJoin(groups, eq(groups.id, roomBookings.groupId))
			.where(
				and(
					eq(roomBookings.status, 'confirmed'),
					eq(roomBookings.ownerKind, 'group'),
					isNull(roomBookings.remindedAt),
					gte(roomBookings.startsAt, from),
					lt(roomBookings.startsAt, to)
				)
			)
			.orderBy(asc(roomBookings.startsAt))
			.for('update', { of: roomBookings, skipLocked: true });
		if (!due.length) return { mails: 0, bookings: 0 };
		// recipient and day → that day's bookings of her groups
		const letters = new Map<string, { tenantId: string; to: Recipient; date: IsoDate; rows: typeof due }>();
		const byTenant = new Map<string, typeof due>();
		for (const row of due) byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
		for (const [tenantId, rows] of byTenant) {
			const recipients = await contactRecipients(tx, tenantId, [...new Set(rows.map((row) => row.groupId!))]);
			for (const row of rows) {
				const date = instantToWall(row.startsAt).date;
				for (const to of recipients.filter((recipient) => recipient.groupId === row.groupId)) {
					const key = `${tenantId}:${to.email}:${date}`;
					const letter = letters.get(key) ?? { tenantId, to: { email: to.email, locale: to.locale }, date, rows: [] };
					letter.rows.push(row);
					letters.set(key, letter);
				}
			}
		}
		for (const letter of letters.values()) {
			const locale = letter.to.locale;
			const entries = letter.rows
				.map(
					(row) => `- ${m.rooms_mail_entry({ time: formatTimeSpan(row, locale), room: row.roomName, group: row.groupName }, { locale })}`
				)
				.join('\n');
			await queueMail(tx, mail, {
				tenantId: letter.tenantId,
				template: 'rooms_reminder',
				locale,
				to: letter.to.email,
				params: { date: formatDay(letter.rows[0]!.startsAt, locale), entries }
			});
		}
		await tx
			.update(roomBookings)
			.set({ remindedAt: now })
			.where(
				inArray(
					roomBookings.id,
					due.map((row) => row.id)
				)
			);
		return { mails: letters.size, bookings: due.length };
	});
}
