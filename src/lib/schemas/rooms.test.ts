import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { BookingForm, bookingRequestFromForm, parseFreeQuery, RoomForm, roomFormValues, roomInputFromForm } from './rooms.js';

const schedule = {
	frequency: 'monthly',
	interval: '1',
	weekdays: ['2'],
	weeksOfMonth: ['2', '4'],
	startDate: '2027-01-01',
	endDate: '2027-06-30',
	startTime: '19:00',
	endTime: '21:00',
	skipHolidays: true,
	breakFrom: '',
	breakTo: ''
};
const booking = (values: Record<string, unknown>) =>
	v.parse(BookingForm, { roomId: '8e0f8c3e-1c1a-4c1e-9d7b-2f1c5a0b7d11', ownerKind: 'internal', attendees: '12', ...schedule, ...values });

describe('the room form', () => {
	const room = (values: Record<string, unknown>) =>
		v.parse(RoomForm, {
			name: 'Gruppenraum 1',
			capacity: '14',
			stepFree: true,
			accessibleToilet: false,
			hearingLoop: false,
			active: true,
			...values
		});

	it('reads the bookable hours per weekday; both fields empty is a closed day; equipment one per line', () => {
		const result = roomInputFromForm(
			room({ from1: '09:00', to1: '22:00', from2: '10:00', to2: '21:30', equipment: 'Flipchart\n\n Beamer \n' })
		);
		expect(result).toMatchObject({
			ok: true,
			input: {
				capacity: 14,
				bookableHours: { '1': { from: '09:00', to: '22:00' }, '2': { from: '10:00', to: '21:30' } },
				equipment: ['Flipchart', 'Beamer']
			}
		});
		if (result.ok)
			expect(roomFormValues(result.input)).toMatchObject({ from1: '09:00', to2: '21:30', from3: '', equipment: 'Flipchart\nBeamer' });
	});
	it('refuses an end before the start, half a day, and no capacity — at the field', () => {
		expect(roomInputFromForm(room({ from1: '22:00', to1: '09:00', to2: '18:00', capacity: '0' }))).toEqual({
			ok: false,
			issues: { to1: 'rooms_hours_invalid', from2: 'rooms_hours_invalid', capacity: 'rooms_capacity_invalid' }
		});
	});
});

describe('the booking form', () => {
	it('a series becomes the recurrence of the engine; a single date its date and times', () => {
		const series = bookingRequestFromForm(booking({ title: 'Teamsitzung' }));
		expect(series).toMatchObject({
			ok: true,
			request: {
				owner: { kind: 'internal' },
				attendees: 12,
				when: { kind: 'series', recurrence: { weekdays: [2], weeksOfMonth: [2, 4], endDate: '2027-06-30' } }
			}
		});
		const once = bookingRequestFromForm(booking({ frequency: 'once', title: 'Teamsitzung' }));
		expect(once).toMatchObject({ ok: true, request: { when: { kind: 'once', date: '2027-01-01', startTime: '19:00', endTime: '21:00' } } });
	});
	it('a booking for a group needs the group; half a break is refused', () => {
		expect(bookingRequestFromForm(booking({ ownerKind: 'group', breakFrom: '15.07.' }))).toEqual({
			ok: false,
			issues: { groupId: 'rooms_form_group_missing', breakTo: 'series_break_incomplete' }
		});
	});
	it('takes the fields the benchmark posts, without the optional ones', () => {
		expect(
			v.safeParse(BookingForm, {
				roomId: '8e0f8c3e-1c1a-4c1e-9d7b-2f1c5a0b7d11',
				ownerKind: 'internal',
				title: 'x',
				attendees: '3',
				frequency: 'weekly',
				interval: '1',
				weekdays: ['3'],
				startDate: '2027-01-01',
				endDate: '2027-12-31',
				startTime: '10:00',
				endTime: '11:00',
				skipHolidays: false,
				intent: 'save'
			}).success
		).toBe(true);
	});
});

describe('the free search', () => {
	it('reads "Dienstag 19–21 Uhr for 12 people" and names every wrong field', () => {
		expect(parseFreeQuery(new URLSearchParams('wochentag=2&von=19:00&bis=21:00&personen=12')).query).toEqual({
			weekday: 2,
			startTime: '19:00',
			endTime: '21:00',
			attendees: 12
		});
		expect(parseFreeQuery(new URLSearchParams('wochentag=8&von=21:00&bis=19:00&personen=0')).issues).toEqual({
			wochentag: 'rooms_page_free_weekday_missing',
			bis: 'rooms_booking_end_before_start',
			personen: 'rooms_booking_attendees_invalid'
		});
		expect(parseFreeQuery(new URLSearchParams('')).issues).toEqual({});
	});
});
