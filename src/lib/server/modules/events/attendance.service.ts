/**
 * After the event (EVT-3): who came, and their participation certificates. The attendance list
 * holds everyone with a place; staff tick who was there. A certificate is written only for someone
 * marked present, in the language she registered in.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '#lib/paraglide/messages.js';
import type { Db } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { assertCan } from '../../auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { UserActor } from '../groups/groups.service.js';
import type { Locale } from '../mail/mail.templates.js';
import { tenants } from '../tenants/tenants.table.js';
import { instantToWall } from '../../../recurrence/index.js';
import { A4, renderPdf, wrap, type PdfLine } from '../../../pdf/pdf.js';
import { eventRegistrations, eventSessions, events } from './events.table.js';

export type AttendanceContext = { db: Db; actor: UserActor; now?: Date; requestId?: string };

export type AttendanceRow = { registrationId: string; name: string; email: string; attended: boolean | null };

const tenantScope = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

async function assertEventOfOffice(db: Db, actor: UserActor, eventId: string): Promise<{ title: string }> {
	const [event] = await inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({ title: events.title })
			.from(events)
			.where(and(eq(events.id, eventId), eq(events.tenantId, actor.tenantId)))
	);
	if (!event) throw new AppError('not_found', 'event not found');
	return event;
}

/** Everyone with a place, by name, with what staff recorded (null: not recorded yet). */
export async function attendanceList({ db, actor }: AttendanceContext, eventId: string): Promise<AttendanceRow[]> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	await assertEventOfOffice(db, actor, eventId);
	return inScope(db, tenantScope(actor), (tx) =>
		tx
			.select({
				registrationId: eventRegistrations.id,
				name: eventRegistrations.name,
				email: eventRegistrations.email,
				attended: eventRegistrations.attended
			})
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'confirmed')))
			.orderBy(asc(eventRegistrations.name), asc(eventRegistrations.seq))
	);
}

/** Records who was there: the listed people present, everyone else with a place absent. */
export async function recordAttendance(
	{ db, actor, now = new Date(), requestId }: AttendanceContext,
	eventId: string,
	present: string[]
): Promise<{ present: number; absent: number }> {
	assertCan(actor, 'events.edit');
	assertId(eventId, 'event');
	for (const id of present) assertId(id, 'registration');
	await assertEventOfOffice(db, actor, eventId);
	return inScope(db, tenantScope(actor), async (tx) => {
		const people = await tx
			.select({ id: eventRegistrations.id })
			.from(eventRegistrations)
			.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'confirmed')));
		const known = new Set(people.map((person) => person.id));
		const unknown = present.filter((id) => !known.has(id));
		if (unknown.length) throw new AppError('invalid', 'not on the list', { issues: { present: 'events_attendance_unknown' } });
		const here = new Set(present);
		const absent = people.filter((person) => !here.has(person.id)).map((person) => person.id);
		if (present.length)
			await tx
				.update(eventRegistrations)
				.set({ attended: true, updatedAt: now })
				.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.id, present)));
		if (absent.length)
			await tx
				.update(eventRegistrations)
				.set({ attended: false, updatedAt: now })
				.where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.id, absent)));
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'update',
				entity: 'event_attendance',
				entityId: eventId,
				changes: { present: present.length, absent: absent.length }
			},
			requestId
		);
		return { present: present.length, absent: absent.length };
	});
}

const DATE: Record<Locale, Intl.DateTimeFormat> = {
	de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }),
	en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' })
};

/** "4" or "7,5" hours: the sum of the sessions' lengths. */
function hoursOf(sessions: { startsAt: Date; endsAt: Date }[], locale: Locale): string {
	const minutes = sessions.reduce((sum, session) => sum + (session.endsAt.getTime() - session.startsAt.getTime()) / 60_000, 0);
	return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(minutes / 60);
}

/**
 * The participation certificate of one person as a PDF (A4, text only): her name, the event, its
 * dates and length, the organising office, the date of issue. Only for someone marked present.
 */
export async function certificate(
	{ db, actor, now = new Date() }: AttendanceContext,
	eventId: string,
	registrationId: string
): Promise<{ filename: string; bytes: Uint8Array }> {
	assertCan(actor, 'events.read');
	assertId(eventId, 'event');
	assertId(registrationId, 'registration');
	const facts = await inScope(db, tenantScope(actor), async (tx) => {
		const [row] = await tx
			.select({
				name: eventRegistrations.name,
				locale: eventRegistrations.locale,
				attended: eventRegistrations.attended,
				status: eventRegistrations.status,
				title: events.title,
				slug: events.slug,
				office: tenants.name,
				city: tenants.city
			})
			.from(eventRegistrations)
			.innerJoin(events, eq(events.id, eventRegistrations.eventId))
			.innerJoin(tenants, eq(tenants.id, events.tenantId))
			.where(and(eq(eventRegistrations.id, registrationId), eq(eventRegistrations.eventId, eventId), eq(events.tenantId, actor.tenantId)));
		if (!row) throw new AppError('not_found', 'registration not found');
		const sessions = await tx
			.select({ startsAt: eventSessions.startsAt, endsAt: eventSessions.endsAt })
			.from(eventSessions)
			.where(eq(eventSessions.eventId, eventId))
			.orderBy(asc(eventSessions.startsAt));
		return { ...row, sessions };
	});
	if (facts.status !== 'confirmed' || facts.attended !== true)
		throw new AppError('invalid', 'not marked present', { code: 'events_certificate_not_present' });
	const locale: Locale = facts.locale === 'en' ? 'en' : 'de';
	const dates = facts.sessions
		.map((session) =>
			m.mail_time_span(
				{ date: DATE[locale].format(session.startsAt), from: instantToWall(session.startsAt).time, to: instantToWall(session.endsAt).time },
				{ locale }
			)
		)
		.join('; ');
	const width = A4.width - 144;
	const lines: PdfLine[] = [];
	let y = 700;
	const add = (text: string, size: number, options: { bold?: boolean; centred?: boolean; gap?: number } = {}) => {
		for (const line of wrap(text, width, size, options.bold)) {
			lines.push({ text: line, y, size, bold: options.bold ?? false, centred: options.centred ?? true });
			y -= size * 1.4;
		}
		y -= options.gap ?? 0;
	};
	add(m.events_certificate_heading({}, { locale }), 26, { bold: true, gap: 30 });
	add(m.events_certificate_confirms({ office: facts.office }, { locale }), 12, { gap: 16 });
	add(facts.name, 20, { bold: true, gap: 16 });
	add(m.events_certificate_took_part({}, { locale }), 12, { gap: 10 });
	add(m.events_certificate_event({ title: facts.title }, { locale }), 16, { bold: true, gap: 24 });
	add(m.events_certificate_dates({ dates }, { locale }), 11, { gap: 6 });
	add(m.events_certificate_hours({ hours: hoursOf(facts.sessions, locale) }, { locale }), 11, { gap: 60 });
	add(m.events_certificate_issued({ place: facts.city, date: DATE[locale].format(now) }, { locale }), 11, { centred: false, gap: 50 });
	add(facts.office, 11, { centred: false });
	const bytes = renderPdf({
		title: `${m.events_certificate_heading({}, { locale })} – ${facts.title}`,
		lang: locale,
		author: facts.office,
		created: now,
		lines
	});
	const slugName = facts.name
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return { filename: `${m.events_certificate_file({}, { locale })}-${facts.slug}-${slugName || 'teilnahme'}.pdf`, bytes };
}
