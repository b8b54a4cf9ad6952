import * as v from 'valibot';
import { isoDate, LIMITS, optionalText, requiredText } from './common.js';
import { recurrenceFromSchedule, scheduleEntries, SCHEDULE_FLAGS, SCHEDULE_LISTS, wallTime, type ScheduleInput } from './schedule.js';
import type { BookableHours, BookingOwner } from '../server/modules/rooms/rooms.table.js';
import type { BookingRequest, RoomInput } from '../server/modules/rooms/rooms.service.js';

/**
 * The rooms pages' forms and queries (ROOM-1 … ROOM-4): the room form, the booking form (the
 * schedule fields shared with meeting series), the decisions on requests and the calendar's and
 * free search's query parameters. Issue messages are catalogue keys.
 */
export const ROOM_WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export const OWNER_KINDS = ['group', 'event', 'internal'] as const satisfies readonly BookingOwner[];
export const CALENDAR_VIEWS = ['tag', 'woche', 'monat'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

const digits = (max: number, message: string) => v.pipe(v.string(), v.trim(), v.regex(new RegExp(`^\\d{1,${max}}$`), message));
const optionalTime = v.optional(v.union([v.literal(''), wallTime, v.literal('24:00')], 'error_time'), '');
const uuid = v.pipe(v.string(), v.trim(), v.uuid('error_invalid_choice'));

const hourEntries = Object.fromEntries(
	ROOM_WEEKDAYS.flatMap((day) => [[`from${day}`, optionalTime] as const, [`to${day}`, optionalTime] as const])
);

/** The room form: the room's record with its bookable hours as two time fields per weekday. */
export const RoomForm = v.strictObject({
	name: requiredText(LIMITS.short),
	capacity: digits(5, 'rooms_capacity_invalid'),
	stepFree: v.boolean(),
	accessibleToilet: v.boolean(),
	hearingLoop: v.boolean(),
	/** fixed equipment, one per line */
	equipment: optionalText(LIMITS.text),
	rules: optionalText(LIMITS.text),
	fee: optionalText(LIMITS.short),
	active: v.boolean(),
	...(hourEntries as Record<`${'from' | 'to'}${(typeof ROOM_WEEKDAYS)[number]}`, typeof optionalTime>)
});
export type RoomForm = v.InferOutput<typeof RoomForm>;
export const ROOM_FORM_SHAPE = { flags: ['stepFree', 'accessibleToilet', 'hearingLoop', 'active'] } as const;

/** The form's values as the room service takes them, or the fields that are wrong. */
export function roomInputFromForm(form: RoomForm): { ok: true; input: RoomInput } | { ok: false; issues: Record<string, string> } {
	const issues: Record<string, string> = {};
	const hours: BookableHours = {};
	for (const day of ROOM_WEEKDAYS) {
		const from = form[`from${day}`];
		const to = form[`to${day}`];
		if (!from && !to) continue;
		if (!from || !to || from >= to || from === '24:00')
			issues[from && to ? `to${day}` : `${from ? 'to' : 'from'}${day}`] = 'rooms_hours_invalid';
		else hours[day] = { from, to };
	}
	const capacity = Number(form.capacity);
	if (!(capacity >= 1 && capacity <= 10000)) issues.capacity = 'rooms_capacity_invalid';
	if (Object.keys(issues).length) return { ok: false, issues };
	return {
		ok: true,
		input: {
			name: form.name,
			capacity,
			stepFree: form.stepFree,
			accessibleToilet: form.accessibleToilet,
			hearingLoop: form.hearingLoop,
			equipment: form.equipment
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean),
			bookableHours: hours,
			rules: form.rules,
			fee: form.fee,
			active: form.active
		}
	};
}

/** A room as the form shows it. */
export function roomFormValues(room: RoomInput): Record<string, string> {
	const flag = (on: boolean) => (on ? 'on' : '');
	const values: Record<string, string> = {
		name: room.name,
		capacity: room.capacity ? String(room.capacity) : '',
		stepFree: flag(room.stepFree),
		accessibleToilet: flag(room.accessibleToilet),
		hearingLoop: flag(room.hearingLoop),
		equipment: room.equipment.join('\n'),
		rules: room.rules,
		fee: room.fee,
		active: flag(room.active)
	};
	for (const day of ROOM_WEEKDAYS) {
		values[`from${day}`] = room.bookableHours[day]?.from ?? '';
		values[`to${day}`] = room.bookableHours[day]?.to ?? '';
	}
	return values;
}

export const BOOKING_INTENTS = ['check', 'save', 'skip'] as const;

/** The booking form: room, owner, title, people, note and the schedule; `intent` says which button was pressed. */
export const BookingForm = v.strictObject({
	roomId: uuid,
	ownerKind: v.picklist(OWNER_KINDS, 'error_invalid_choice'),
	groupId: v.optional(v.union([v.literal(''), uuid], 'error_invalid_choice'), ''),
	title: optionalText(LIMITS.short),
	attendees: digits(5, 'rooms_booking_attendees_invalid'),
	note: optionalText(LIMITS.text),
	...scheduleEntries,
	intent: v.optional(v.picklist(BOOKING_INTENTS, 'error_invalid_choice'), 'check')
});
export type BookingForm = v.InferOutput<typeof BookingForm>;
export const BOOKING_FORM_SHAPE = { lists: SCHEDULE_LISTS, flags: SCHEDULE_FLAGS } as const;

/** The booking form as the booking service takes it, or the fields that are wrong before asking it. */
export function bookingRequestFromForm(
	form: BookingForm
): { ok: true; request: BookingRequest } | { ok: false; issues: Record<string, string> } {
	const issues: Record<string, string> = {};
	if (form.ownerKind === 'group' && !form.groupId) issues.groupId = 'rooms_form_group_missing';
	if (Boolean(form.breakFrom) !== Boolean(form.breakTo)) issues[form.breakFrom ? 'breakTo' : 'breakFrom'] = 'series_break_incomplete';
	if (Object.keys(issues).length) return { ok: false, issues };
	const schedule: ScheduleInput = form;
	return {
		ok: true,
		request: {
			roomId: form.roomId,
			when:
				form.frequency === 'once'
					? { kind: 'once', date: form.startDate, startTime: form.startTime, endTime: form.endTime }
					: { kind: 'series', recurrence: recurrenceFromSchedule(schedule) },
			owner: form.ownerKind === 'group' ? { kind: 'group', groupId: form.groupId } : { kind: form.ownerKind },
			title: form.title,
			attendees: Number(form.attendees),
			note: form.note
		}
	};
}

/** Where the booking service's problems are shown in the booking form (the rest go to the summary). */
export const BOOKING_ISSUE_FIELDS: Record<string, string> = {
	rooms_booking_room_inactive: 'roomId',
	rooms_booking_title_missing: 'title',
	rooms_booking_attendees_invalid: 'attendees',
	rooms_booking_over_capacity: 'attendees',
	rooms_booking_end_before_start: 'endTime',
	rooms_booking_no_dates: 'startDate',
	rooms_booking_too_long: 'endDate',
	rooms_booking_in_past: 'startDate',
	rooms_booking_outside_hours: 'startTime',
	rooms_booking_dst_gap: 'startTime',
	recurrence_no_weekday: 'weekdays',
	recurrence_no_week_of_month: 'weeksOfMonth',
	recurrence_bad_interval: 'interval',
	recurrence_invalid_date: 'startDate',
	recurrence_invalid_time: 'startTime',
	recurrence_bad_break: 'breakFrom',
	recurrence_no_occurrences: 'startDate'
};

/** Staff decide on a request: approve, or decline with a reason. */
export const DecisionForm = v.strictObject({
	seriesId: uuid,
	decision: v.picklist(['approve', 'decline'], 'error_invalid_choice'),
	reason: optionalText(LIMITS.text)
});

/** Cancel one date or the rest of its series. */
export const CancelForm = v.strictObject({
	scope: v.picklist(['date', 'series'], 'error_invalid_choice'),
	reason: optionalText(LIMITS.text)
});

/** Move one date. */
export const MoveForm = v.strictObject({ date: isoDate, startTime: wallTime, endTime: wallTime });

const queryText = (params: URLSearchParams, name: string) => (params.get(name) ?? '').trim();
const isIso = (value: string) => v.is(isoDate, value);
const isUuid = (value: string) => v.is(uuid, value);
const isTime = (value: string) => v.is(wallTime, value);

/** `?ansicht=woche&datum=2027-03-09&raum=<id>`; anything unreadable falls back to this week of all rooms. */
export function parseCalendarQuery(params: URLSearchParams, today: string): { view: CalendarView; date: string; roomId: string } {
	const view = queryText(params, 'ansicht');
	const date = queryText(params, 'datum');
	const roomId = queryText(params, 'raum');
	return {
		view: (CALENDAR_VIEWS as readonly string[]).includes(view) ? (view as CalendarView) : 'woche',
		date: isIso(date) ? date : today,
		roomId: isUuid(roomId) ? roomId : ''
	};
}

/** `?wochentag=2&von=19:00&bis=21:00&personen=12`: the free search; null fields are missing or unreadable. */
export function parseFreeQuery(params: URLSearchParams): {
	asked: boolean;
	values: { wochentag: string; von: string; bis: string; personen: string };
	issues: Record<string, string>;
	query: { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; startTime: string; endTime: string; attendees: number } | null;
} {
	const values = {
		wochentag: queryText(params, 'wochentag'),
		von: queryText(params, 'von'),
		bis: queryText(params, 'bis'),
		personen: queryText(params, 'personen')
	};
	const asked = Object.values(values).some(Boolean);
	const issues: Record<string, string> = {};
	if (!/^[1-7]$/.test(values.wochentag)) issues.wochentag = 'rooms_page_free_weekday_missing';
	if (!isTime(values.von)) issues.von = 'error_time';
	if (!isTime(values.bis)) issues.bis = 'error_time';
	else if (isTime(values.von) && values.bis <= values.von) issues.bis = 'rooms_booking_end_before_start';
	if (!/^\d{1,5}$/.test(values.personen) || Number(values.personen) < 1) issues.personen = 'rooms_booking_attendees_invalid';
	const ok = asked && !Object.keys(issues).length;
	return {
		asked,
		values,
		issues: asked ? issues : {},
		query: ok
			? {
					weekday: Number(values.wochentag) as 1 | 2 | 3 | 4 | 5 | 6 | 7,
					startTime: values.von,
					endTime: values.bis,
					attendees: Number(values.personen)
				}
			: null
	};
}
