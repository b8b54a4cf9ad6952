import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Actor } from '../../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { groups } from '../groups/groups.table.js';
import { today } from '../groups/groups.service.js';
import { DEFAULT_BOOKABLE_HOURS, roomBookings, rooms, type BookableHours, type BookingOwner } from '../rooms/rooms.table.js';
import { equipmentItems, equipmentLoans, type EquipmentCondition } from '../equipment/equipment.table.js';
import {
	addDays,
	expand,
	validateRecurrence,
	weekdayOf,
	type FederalState,
	type IsoDate,
	type Recurrence,
	type Weekday,
	type WeekOfMonth
} from '../../../recurrence/index.js';

/**
 * Demo rooms, room bookings and equipment loans for one office (the `demo` command, ROOM-1 … ROOM-6):
 * four rooms, the office's groups meeting in them from the start of last year to half a year ahead
 * (expanded by the recurrence engine, holidays of the office's federal state skipped, a summer break
 * for some), the office's own meetings and events, a few open, declined and cancelled requests, and
 * the equipment it lends with past, current, overdue and future loans. Everything is invented, and
 * the same `now` gives the same dates: the slots of each room never overlap, so the exclusion
 * constraint accepts every row. An office that already has rooms is left as it is.
 */

type Slot = {
	room: number;
	/** a rule without dates: they come from the demo's window */
	rule: Pick<Recurrence, 'frequency' | 'interval' | 'weekdays' | 'weeksOfMonth' | 'startTime' | 'endTime'> & { summerBreak?: boolean };
};

const closedOnSunday = (hours: BookableHours): BookableHours => {
	const { '7': _sunday, ...rest } = hours;
	return rest;
};
const WEEKDAYS_9_TO_18: BookableHours = Object.fromEntries(
	['1', '2', '3', '4', '5'].map((day) => [day, { from: '09:00', to: '18:00' }])
) as BookableHours;

const ROOMS = [
	{
		name: 'Gruppenraum 1',
		capacity: 14,
		stepFree: true,
		accessibleToilet: true,
		hearingLoop: true,
		equipment: ['Stuhlkreis für 14 Personen', 'Flipchart', 'Induktionsschleife'],
		bookableHours: DEFAULT_BOOKABLE_HOURS,
		rules: 'Bitte nach dem Treffen lüften, die Stühle in den Kreis stellen und das Licht ausmachen.',
		fee: ''
	},
	{
		name: 'Gruppenraum 2',
		capacity: 10,
		stepFree: true,
		accessibleToilet: true,
		hearingLoop: false,
		equipment: ['Flipchart', 'Pinnwand', 'Teeküche nebenan'],
		bookableHours: DEFAULT_BOOKABLE_HOURS,
		rules: 'Den Schlüssel bitte nach dem Treffen in den Briefkasten der Kontaktstelle werfen.',
		fee: ''
	},
	{
		name: 'Großer Saal',
		capacity: 40,
		stepFree: true,
		accessibleToilet: true,
		hearingLoop: true,
		equipment: ['Beamer an der Decke', 'Leinwand', 'Mikrofonanlage', 'Tische für Gruppenarbeit'],
		bookableHours: closedOnSunday(DEFAULT_BOOKABLE_HOURS),
		rules: 'Für Veranstaltungen mit mehr als 20 Personen bitte zwei Wochen vorher anfragen.',
		fee: '1 € pro Person, höchstens 15 € (Selbsthilfegruppen frei)'
	},
	{
		name: 'Besprechungsraum',
		capacity: 6,
		stepFree: false,
		accessibleToilet: false,
		hearingLoop: false,
		equipment: ['Runder Tisch', 'Bildschirm für Videotreffen'],
		bookableHours: WEEKDAYS_9_TO_18,
		rules: 'Im 1. Obergeschoss, kein Aufzug.',
		fee: ''
	}
];

const weekly = (weekday: Weekday, startTime: string, endTime: string, interval = 1) => ({
	frequency: 'weekly' as const,
	interval,
	weekdays: [weekday],
	weeksOfMonth: [],
	startTime,
	endTime
});
const monthly = (weekday: Weekday, weeks: WeekOfMonth[], startTime: string, endTime: string) => ({
	frequency: 'monthly' as const,
	interval: 1,
	weekdays: [weekday],
	weeksOfMonth: weeks,
	startTime,
	endTime
});

/** The groups' regular slots: within each room, no two of them ever overlap. */
const GROUP_SLOTS: Slot[] = [
	{ room: 0, rule: monthly(2, [2, 4], '19:00', '21:00') },
	{ room: 0, rule: monthly(2, [1, 3], '19:00', '21:00') },
	{ room: 0, rule: { ...weekly(1, '18:30', '20:30'), summerBreak: true } },
	{ room: 0, rule: weekly(4, '10:00', '12:00') },
	{ room: 0, rule: weekly(3, '17:00', '18:30') },
	{ room: 1, rule: weekly(3, '19:00', '21:00') },
	{ room: 1, rule: monthly(5, [-1], '17:00', '19:00') },
	{ room: 1, rule: { ...weekly(4, '18:00', '20:00', 2), summerBreak: true } },
	{ room: 1, rule: monthly(1, [1], '10:00', '12:00') },
	{ room: 2, rule: monthly(5, [-1], '19:00', '21:30') },
	{ room: 2, rule: monthly(6, [2], '14:00', '17:00') },
	{ room: 3, rule: weekly(2, '15:00', '16:30') }
];

/** The office's own regular meeting. */
const TEAM_SLOT: Slot = { room: 3, rule: weekly(1, '09:30', '11:00') };

const EVENTS = [
	{ title: 'Infoabend: Was ist Selbsthilfe?', weekday: 3 as Weekday, startTime: '18:00', endTime: '20:00', attendees: 30 },
	{ title: 'Fortbildung für Gruppensprecher*innen', weekday: 6 as Weekday, startTime: '10:00', endTime: '13:00', attendees: 24 },
	{ title: 'Selbsthilfetag – Vorbereitungstreffen', weekday: 4 as Weekday, startTime: '16:00', endTime: '18:00', attendees: 18 }
];

const ITEMS: { name: string; description: string; condition: EquipmentCondition }[] = [
	{
		name: 'Mobile Lautsprecheranlage mit zwei Funkmikrofonen',
		description: 'Lautsprecher auf Rollen, 2 Funkmikrofone, Ladegerät, Kabeltasche',
		condition: 'good'
	},
	{ name: 'Beamer', description: 'Mit HDMI-Kabel, Fernbedienung und Tasche', condition: 'good' },
	{ name: 'Tablet 1', description: 'Mit Hülle und Ladekabel, für Videotreffen', condition: 'good' },
	{ name: 'Tablet 2', description: 'Mit Hülle und Ladekabel, für Videotreffen', condition: 'worn' },
	{ name: 'Tablet 3', description: 'Mit Hülle und Ladekabel, für Videotreffen', condition: 'good' },
	{ name: 'Roll-up „Selbsthilfe wirkt“', description: '85 × 200 cm, in der Transporttasche', condition: 'good' },
	{ name: 'Roll-up der Kontaktstelle', description: '85 × 200 cm, mit Adresse und Öffnungszeiten', condition: 'good' },
	{
		name: 'Spielekiste für die Gruppenarbeit',
		description: 'Kennenlernspiele, Moderationskarten, Redestab, Bildkarten',
		condition: 'missing_parts'
	}
];

/** Loans relative to today: item index, first and last day, and what happened. */
type LoanPlan = {
	item: number;
	from: number;
	until: number;
	state: 'returned' | 'handed_out' | 'reserved' | 'cancelled';
	/** the index of a demo group, or a borrower's note */
	group?: number;
	borrower?: string;
	conditionBack?: EquipmentCondition;
	notes?: string;
};
const LOANS: LoanPlan[] = [
	// long ago: whatever today is, the last calendar year has loans
	{ item: 0, from: -640, until: -638, state: 'returned', group: 1, conditionBack: 'good' },
	{ item: 1, from: -560, until: -559, state: 'returned', borrower: 'Kontaktstelle: Fachtag Selbsthilfe', conditionBack: 'good' },
	{ item: 2, from: -480, until: -470, state: 'returned', group: 3, conditionBack: 'good' },
	{ item: 6, from: -400, until: -398, state: 'returned', group: 6, conditionBack: 'good' },
	{
		item: 0,
		from: -300,
		until: -298,
		state: 'returned',
		borrower: 'Kontaktstelle: Selbsthilfetag auf dem Marktplatz',
		conditionBack: 'good'
	},
	{ item: 0, from: -120, until: -119, state: 'returned', group: 2, conditionBack: 'good' },
	{
		item: 0,
		from: -20,
		until: -18,
		state: 'returned',
		group: 5,
		conditionBack: 'good',
		notes: 'Ein Mikrofon war leer, bitte vorher laden.'
	},
	{ item: 0, from: 10, until: 12, state: 'reserved', borrower: 'Kontaktstelle: Infoabend im Rathaus' },
	{ item: 1, from: -200, until: -199, state: 'returned', group: 0, conditionBack: 'good' },
	{ item: 1, from: -60, until: -57, state: 'returned', group: 9, conditionBack: 'good' },
	{ item: 1, from: -9, until: -3, state: 'handed_out', group: 3, notes: 'Mit Verlängerungskabel.' },
	{ item: 1, from: 3, until: 4, state: 'cancelled', group: 6 },
	{ item: 2, from: -90, until: -30, state: 'returned', group: 1, conditionBack: 'good' },
	{ item: 2, from: -2, until: 26, state: 'handed_out', group: 7, notes: 'Für die Online-Treffen im Winter.' },
	{ item: 3, from: -150, until: -120, state: 'returned', group: 4, conditionBack: 'worn', notes: 'Kratzer auf dem Display.' },
	{ item: 3, from: -40, until: -12, state: 'handed_out', borrower: 'Frau B., Gesprächskreis in Gründung' },
	{ item: 4, from: 5, until: 19, state: 'reserved', group: 8 },
	{ item: 5, from: -250, until: -248, state: 'returned', borrower: 'Kontaktstelle: Gesundheitsmesse', conditionBack: 'good' },
	{ item: 5, from: -1, until: 1, state: 'handed_out', borrower: 'Kontaktstelle: Infostand im Klinikum' },
	{ item: 6, from: -180, until: -178, state: 'returned', group: 10, conditionBack: 'good' },
	{ item: 7, from: -75, until: -60, state: 'returned', group: 11, conditionBack: 'missing_parts', notes: 'Der Redestab fehlt.' },
	{ item: 7, from: 14, until: 28, state: 'reserved', group: 2 }
];

const DAY = 86_400_000;

/**
 * Inserts the demo rooms, bookings and equipment for the office `tenantId` inside the caller's
 * system-scope transaction (after its demo groups exist) and says how many of each it made.
 */
export async function loadDemoRooms(
	tx: Tx,
	actor: Actor,
	options: { tenantId: string; now: Date }
): Promise<{ rooms: number; bookings: number; requests: number; items: number; loans: number }> {
	const { tenantId, now } = options;
	const none = { rooms: 0, bookings: 0, requests: 0, items: 0, loans: 0 };
	const [existing] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.tenantId, tenantId)).limit(1);
	if (existing) return none;
	const [office] = await tx.select({ federalState: tenants.federalState }).from(tenants).where(eq(tenants.id, tenantId));
	if (!office) throw new Error(`office ${tenantId} not found`);
	const federalState = office.federalState as FederalState;
	const todayIso = today(now);
	const year = Number(todayIso.slice(0, 4));
	const windowFrom: IsoDate = `${year - 1}-01-01`;
	const windowTo = addDays(todayIso, 182);

	// the office's groups that meet in person, in a fixed order
	const demoGroups = await tx
		.select({ id: groups.id, name: groups.name, size: groups.estimatedSize })
		.from(groups)
		.where(and(eq(groups.tenantId, tenantId), eq(groups.lifecycle, 'active'), inArray(groups.format, ['in_person', 'hybrid'])))
		.orderBy(asc(groups.name), asc(groups.id))
		.limit(GROUP_SLOTS.length + 4);

	const roomIds = ROOMS.map(() => randomUUID());
	await tx
		.insert(rooms)
		.values(
			ROOMS.map((room, i) => ({ id: roomIds[i]!, tenantId, ...room, createdAt: new Date(`${windowFrom}T08:00:00Z`), updatedAt: now }))
		);

	const rows: (typeof roomBookings.$inferInsert)[] = [];
	const decidedAt = (start: Date) => new Date(Math.min(now.getTime(), start.getTime() - 14 * DAY));
	const addSeries = (
		slot: Slot,
		owner: { kind: BookingOwner; groupId: string | null; title: string; attendees: number },
		window: { from: IsoDate; to: IsoDate },
		status: 'confirmed' | 'requested' | 'declined' = 'confirmed',
		extra: { note?: string; reason?: string } = {}
	) => {
		const { summerBreak, ...pattern } = slot.rule;
		const rule: Recurrence = {
			...pattern,
			startDate: window.from,
			endDate: window.to,
			breaks: summerBreak ? [{ from: '07-15', to: '08-15' }] : [],
			skipHolidays: true,
			exceptions: []
		};
		// a single date on a public holiday simply does not happen
		const problems = validateRecurrence(rule, { federalState, today: window.from }).filter(
			(problem) => problem.code !== 'recurrence_no_occurrences'
		);
		if (problems.length) throw new Error(`demo room booking for ${owner.title} is invalid: ${JSON.stringify(problems)}`);
		const seriesId = randomUUID();
		const occurrences = expand(rule, { from: window.from, to: window.to, federalState });
		for (const occurrence of occurrences)
			rows.push({
				tenantId,
				roomId: roomIds[slot.room]!,
				seriesId,
				ownerKind: owner.kind,
				groupId: owner.groupId,
				title: owner.title,
				status,
				startsAt: occurrence.start,
				endsAt: occurrence.end,
				attendees: owner.attendees,
				note: extra.note ?? '',
				reason: extra.reason ?? '',
				decidedAt: status === 'requested' ? null : decidedAt(occurrence.start),
				// reminders went out for the dates already past
				remindedAt: status === 'confirmed' && occurrence.start < now ? new Date(occurrence.start.getTime() - 2 * DAY) : null,
				createdAt: new Date(Math.min(now.getTime(), new Date(`${window.from}T09:00:00Z`).getTime() - 21 * DAY))
			});
		return occurrences.length;
	};
	const attendeesOf = (size: number | null, room: number) => Math.min(ROOMS[room]!.capacity, size ?? 8);

	// the groups' regular dates, confirmed
	GROUP_SLOTS.forEach((slot, i) => {
		const group = demoGroups[i];
		if (!group) return;
		// a few groups started later in the window
		const from = i % 5 === 4 ? addDays(windowFrom, 150 + i * 7) : windowFrom;
		addSeries(
			slot,
			{ kind: 'group', groupId: group.id, title: group.name, attendees: attendeesOf(group.size, slot.room) },
			{ from, to: windowTo }
		);
	});
	addSeries(
		TEAM_SLOT,
		{ kind: 'internal', groupId: null, title: 'Teamsitzung der Kontaktstelle', attendees: 5 },
		{ from: windowFrom, to: windowTo }
	);
	// events in the hall: each a few times a year, on a weekday no group slot of the hall uses
	EVENTS.forEach((event, i) => {
		for (let month = i; month < 18; month += 4) {
			const first = addDays(windowFrom, month * 30 + 10);
			let date = first;
			while (weekdayOf(date) !== event.weekday) date = addDays(date, 1);
			if (date > windowTo) break;
			addSeries(
				{
					room: 2,
					rule: { frequency: 'once', interval: 1, weekdays: [], weeksOfMonth: [], startTime: event.startTime, endTime: event.endTime }
				},
				{ kind: 'event', groupId: null, title: event.title, attendees: event.attendees },
				{ from: date, to: date }
			);
		}
	});

	// single dates cancelled by the groups, with their reason
	const cancelReasons = [
		'Die Gruppe macht eine Pause über die Feiertage.',
		'Krankheit der Gruppensprecherin.',
		'Die Gruppe trifft sich diesmal draußen.'
	];
	let cancelled = 0;
	for (let i = 3; i < rows.length && cancelled < cancelReasons.length; i += 7) {
		const row = rows[i]!;
		if (row.ownerKind !== 'group' || row.startsAt! < now) continue;
		row.status = 'cancelled';
		row.reason = cancelReasons[cancelled++]!;
	}

	// open requests (a group contact asked; staff have not yet decided), and one declined
	let requests = 0;
	const requester = (i: number) => demoGroups[GROUP_SLOTS.length + i];
	const nextMonth = addDays(todayIso, 21);
	const asks: { slot: Slot; from: IsoDate; to: IsoDate; note: string; status?: 'declined'; reason?: string }[] = [
		{
			slot: { room: 1, rule: monthly(1, [2, 4], '19:00', '21:00') },
			from: nextMonth,
			to: addDays(nextMonth, 180),
			note: 'Wir sind eine neue Gruppe und rechnen mit etwa acht Personen.'
		},
		{
			slot: { room: 2, rule: { frequency: 'once', interval: 1, weekdays: [], weeksOfMonth: [], startTime: '09:00', endTime: '16:00' } },
			from: addDays(todayIso, 24),
			to: addDays(todayIso, 24),
			note: 'Für einen Klausurtag der Gruppe mit Mittagspause, etwa 20 Personen.'
		},
		{
			slot: { room: 3, rule: weekly(4, '14:00', '15:30') },
			from: addDays(todayIso, 10),
			to: addDays(todayIso, 66),
			note: 'Ein kleiner Kreis, höchstens sechs Personen.'
		},
		{
			slot: { room: 0, rule: weekly(6, '18:00', '21:00') },
			from: addDays(todayIso, 14),
			to: addDays(todayIso, 70),
			note: 'Samstagabends wäre uns am liebsten.',
			status: 'declined',
			reason: 'Samstagabends ist das Haus nicht besetzt. Bitte fragen Sie einen Termin unter der Woche an.'
		}
	];
	asks.forEach((ask, i) => {
		const group = requester(i) ?? demoGroups[i];
		if (!group) return;
		// the single date falls on Monday to Thursday, when the hall has no group or event before 16:00
		let from = ask.from;
		if (ask.slot.rule.frequency === 'once') while (weekdayOf(from) > 4) from = addDays(from, 1);
		const made = addSeries(
			ask.slot,
			{ kind: 'group', groupId: group.id, title: group.name, attendees: attendeesOf(group.size, ask.slot.room) },
			{ from, to: ask.slot.rule.frequency === 'once' ? from : ask.to },
			ask.status ?? 'requested',
			{ note: ask.note, reason: ask.reason }
		);
		if (!ask.status && made) requests++;
	});

	for (let i = 0; i < rows.length; i += 500) await tx.insert(roomBookings).values(rows.slice(i, i + 500));

	// equipment
	const itemIds = ITEMS.map(() => randomUUID());
	await tx
		.insert(equipmentItems)
		.values(
			ITEMS.map((item, i) => ({ id: itemIds[i]!, tenantId, ...item, createdAt: new Date(`${windowFrom}T08:00:00Z`), updatedAt: now }))
		);
	const at = (offset: number, hour: number) => new Date(new Date(`${addDays(todayIso, offset)}T${String(hour).padStart(2, '0')}:00:00Z`));
	const loanRows: (typeof equipmentLoans.$inferInsert)[] = LOANS.map((loan) => {
		const group = loan.group === undefined ? undefined : demoGroups[loan.group];
		const out = loan.state === 'returned' || loan.state === 'handed_out';
		return {
			tenantId,
			itemId: itemIds[loan.item]!,
			groupId: group?.id ?? null,
			borrower: loan.borrower ?? (group ? `Kontaktperson der Gruppe ${group.name}` : 'Kontaktstelle'),
			fromDate: addDays(todayIso, loan.from),
			untilDate: addDays(todayIso, loan.until),
			status: loan.state,
			handedOutAt: out ? (loan.from < 0 ? at(loan.from, 9) : now) : null,
			// Tablet 2 has been worn since it came back with a scratch
			conditionOut: out ? (loan.item === 3 && loan.from > -120 ? 'worn' : 'good') : '',
			returnedAt: loan.state === 'returned' ? at(loan.until, 15) : null,
			conditionBack: loan.conditionBack ?? '',
			notes: loan.notes ?? '',
			// overdue loans were reminded the day after they were due
			remindedAt: loan.state === 'handed_out' && loan.until < 0 ? at(loan.until + 1, 7) : null,
			createdAt: at(Math.min(loan.from - 7, 0), 8)
		};
	});
	await tx.insert(equipmentLoans).values(loanRows);

	const summary = {
		rooms: ROOMS.length,
		bookings: rows.filter((row) => row.status === 'confirmed').length,
		requests,
		items: ITEMS.length,
		loans: loanRows.length
	};
	await recordAudit(tx, actor, { tenantId, action: 'create', entity: 'room', entityId: null, changes: { demo: summary } });
	return summary;
}
