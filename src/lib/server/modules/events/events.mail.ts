/**
 * The e-mails to registered people (EVT-2, COM-1), always through the outbox and in the language
 * she registered in: confirmation with the event as an .ics file, waitlist, an offered place with
 * its deadline, her own cancellation, the event's cancellation, and the reminder two days before.
 * Each carries her name, the event, its dates and place and her personal link — nothing more. The
 * online link goes only to people with a place. Each mail carries the registration as its reference
 * (the staff's list shows the latest one's delivery). The organiser's messages to the registered
 * (COM-1, messages.service.ts) are written here too, referring to the message instead.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import { formatMoment, formatTimeSpans } from '../mail/mail.format.js';
import type { Locale, MailTemplate } from '../mail/mail.templates.js';
import { tenants } from '../tenants/tenants.table.js';
import { rooms } from '../rooms/rooms.table.js';
import { instantToWall } from '../../../recurrence/index.js';
import { writeCalendar } from '../../../ical/index.js';
import { eventRegistrations, eventSessions, events } from './events.table.js';

/** What the e-mails need to know about an event. */
export type EventFacts = {
	id: string;
	tenantId: string;
	slug: string;
	title: string;
	format: string;
	place: string;
	onlineUrl: string;
	officeName: string;
	officeEmail: string;
	sessions: { startsAt: Date; endsAt: Date }[];
};

export async function eventFacts(tx: Queryable, eventId: string): Promise<EventFacts> {
	const [row] = await tx
		.select({
			id: events.id,
			tenantId: events.tenantId,
			slug: events.slug,
			title: events.title,
			format: events.format,
			venue: events.venue,
			onlineUrl: events.onlineUrl,
			roomName: rooms.name,
			officeName: tenants.name,
			officeEmail: tenants.email,
			officeStreet: tenants.street,
			officePostalCode: tenants.postalCode,
			officeCity: tenants.city
		})
		.from(events)
		.innerJoin(tenants, eq(tenants.id, events.tenantId))
		.leftJoin(rooms, eq(rooms.id, events.roomId))
		.where(eq(events.id, eventId));
	if (!row) throw new Error(`event ${eventId} not found`);
	const sessions = await tx
		.select({ startsAt: eventSessions.startsAt, endsAt: eventSessions.endsAt })
		.from(eventSessions)
		.where(eq(eventSessions.eventId, eventId))
		.orderBy(asc(eventSessions.startsAt));
	// a room of the office: the room at the office's address
	const officeAddress = [row.officeStreet, [row.officePostalCode, row.officeCity].filter(Boolean).join(' ')].filter(Boolean).join(', ');
	const place = row.roomName ? [row.roomName, row.officeName, officeAddress].filter(Boolean).join(', ') : row.venue;
	return {
		id: row.id,
		tenantId: row.tenantId,
		slug: row.slug,
		title: row.title,
		format: row.format,
		place,
		onlineUrl: row.onlineUrl,
		officeName: row.officeName,
		officeEmail: row.officeEmail,
		sessions
	};
}

/** The event as an iCalendar file: one VEVENT per session, Europe/Berlin wall time with its VTIMEZONE. */
export function eventCalendar(
	facts: EventFacts,
	options: { origin: string; now: Date; withOnlineLink: boolean; cancelled?: boolean }
): string {
	const url = `${options.origin}/veranstaltungen/${facts.slug}`;
	const location = [
		facts.format !== 'online' ? facts.place : '',
		facts.format !== 'in_person' && options.withOnlineLink ? facts.onlineUrl : ''
	]
		.filter(Boolean)
		.join(' · ');
	return writeCalendar({
		prodId: '-//Treffpunkt//Veranstaltungen//DE',
		dtstamp: options.now,
		method: options.cancelled ? 'CANCEL' : 'PUBLISH',
		name: facts.title,
		events: facts.sessions.map((session, index) => {
			const start = instantToWall(session.startsAt);
			const end = instantToWall(session.endsAt);
			return {
				uid: `event-${facts.id}-${index + 1}@treffpunkt`,
				start: { date: start.date, time: start.time, zone: 'Europe/Berlin' },
				end: { date: end.date, time: end.time, zone: 'Europe/Berlin' },
				summary: facts.sessions.length > 1 ? `${facts.title} (${index + 1}/${facts.sessions.length})` : facts.title,
				description: `${facts.officeName}\n${url}`,
				...(location ? { location } : {}),
				url,
				status: options.cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const)
			};
		})
	});
}

/** Something that happened to a registration, about which its person is told. */
export type RegistrationNews =
	| { kind: 'confirmed' | 'waitlisted' | 'cancelled' | 'reminder'; registrationId: string }
	| { kind: 'offered'; registrationId: string; deadline: Date }
	| { kind: 'event_cancelled'; registrationId: string; reason: string };

const TEMPLATE: Record<RegistrationNews['kind'], MailTemplate> = {
	confirmed: 'event_registered',
	waitlisted: 'event_waitlisted',
	offered: 'event_offer',
	cancelled: 'event_registration_cancelled',
	event_cancelled: 'event_cancelled',
	reminder: 'event_reminder'
};

export type EventMailContext = { mail: MailSettings; origin: string; now: Date; link: (registrationId: string) => string };

/** Queues the e-mails for the news inside the caller's transaction. */
export async function mailRegistrationNews(tx: Queryable, ctx: EventMailContext, news: RegistrationNews[]): Promise<void> {
	if (!news.length) return;
	const people = await tx
		.select({
			id: eventRegistrations.id,
			eventId: eventRegistrations.eventId,
			name: eventRegistrations.name,
			email: eventRegistrations.email,
			locale: eventRegistrations.locale,
			status: eventRegistrations.status
		})
		.from(eventRegistrations)
		.where(
			inArray(
				eventRegistrations.id,
				news.map((item) => item.registrationId)
			)
		);
	const byId = new Map(people.map((person) => [person.id, person]));
	const facts = new Map<string, EventFacts>();
	for (const item of news) {
		const person = byId.get(item.registrationId);
		if (!person) continue;
		let event = facts.get(person.eventId);
		if (!event) {
			event = await eventFacts(tx, person.eventId);
			facts.set(person.eventId, event);
		}
		const locale: Locale = person.locale === 'en' ? 'en' : 'de';
		const withPlace = item.kind === 'confirmed' || item.kind === 'reminder';
		const params: Record<string, string> = {
			name: person.name,
			event: event.title,
			office: event.officeName,
			dates: formatTimeSpans(event.sessions, locale),
			place: event.format === 'online' ? '' : event.place,
			online: withPlace && event.format !== 'in_person' ? event.onlineUrl : '',
			link: `${ctx.origin}/veranstaltungen/anmeldung/${ctx.link(person.id)}`,
			page: `${ctx.origin}/veranstaltungen/${event.slug}`,
			...(item.kind === 'offered' ? { deadline: formatMoment(item.deadline, locale) } : {}),
			...(item.kind === 'event_cancelled' ? { reason: item.reason } : {}),
			...(event.officeEmail ? { replyTo: event.officeEmail } : {})
		};
		const attachments =
			item.kind === 'confirmed' || item.kind === 'event_cancelled'
				? [
						{
							filename: `${event.slug}.ics`,
							contentType: 'text/calendar; charset=utf-8',
							content: eventCalendar(event, {
								origin: ctx.origin,
								now: ctx.now,
								withOnlineLink: item.kind === 'confirmed',
								cancelled: item.kind === 'event_cancelled'
							})
						}
					]
				: [];
		await queueMail(tx, ctx.mail, {
			tenantId: event.tenantId,
			template: TEMPLATE[item.kind],
			locale,
			to: person.email.toLowerCase(),
			params,
			attachments,
			referenceId: person.id
		});
	}
}

/** An organiser's message to some of the registered (COM-1), as each recipient's mail shows it. */
export type EventMessageMail = { messageId: string; eventId: string; subject: string; body: string };

/** The parameters of a message's mail for one person: her name and link, the text, the event. */
export function eventMessageParams(
	event: EventFacts,
	message: Pick<EventMessageMail, 'subject' | 'body'>,
	locale: Locale,
	person: { name: string; link: string }
): Record<string, string> {
	return {
		name: person.name,
		event: event.title,
		office: event.officeName,
		dates: formatTimeSpans(event.sessions, locale),
		subject: message.subject,
		message: message.body,
		link: person.link,
		...(event.officeEmail ? { replyTo: event.officeEmail } : {})
	};
}

/**
 * Queues one mail per recipient of an organiser's message, in her language, inside the caller's
 * transaction. A mail carries her name, the organiser's subject and text, the event's title and
 * dates and her own link — no place, no online link, nothing about anyone else. Each mail's
 * reference is the message, so its delivery can be followed. Returns the number of mails.
 */
export async function mailEventMessage(
	tx: Queryable,
	ctx: EventMailContext,
	message: EventMessageMail,
	registrationIds: string[]
): Promise<number> {
	if (!registrationIds.length) return 0;
	const event = await eventFacts(tx, message.eventId);
	const people = await tx
		.select({
			id: eventRegistrations.id,
			name: eventRegistrations.name,
			email: eventRegistrations.email,
			locale: eventRegistrations.locale
		})
		.from(eventRegistrations)
		.where(inArray(eventRegistrations.id, registrationIds))
		.orderBy(asc(eventRegistrations.seq));
	for (const person of people) {
		const locale: Locale = person.locale === 'en' ? 'en' : 'de';
		await queueMail(tx, ctx.mail, {
			tenantId: event.tenantId,
			template: 'event_message',
			locale,
			to: person.email.toLowerCase(),
			params: eventMessageParams(event, message, locale, {
				name: person.name,
				link: `${ctx.origin}/veranstaltungen/anmeldung/${ctx.link(person.id)}`
			}),
			referenceId: message.messageId
		});
	}
	return people.length;
}
