import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { isCalendarDate } from '../../src/lib/schemas/common.js';
import { ContactPersonInput, GroupInput, LifecycleInput, SeriesInput, SupportEntryInput } from '../../src/lib/schemas/group.js';
import { parseForm } from '../../src/lib/server/forms.js';
import { redactPath } from '../../src/lib/server/log.js';

const group = { name: 'Gruppe', format: 'in_person', acceptingMembers: true, contactMode: 'office', addressVisibility: 'approximate' };

describe('limits of the group forms at the boundary', () => {
	it('takes only dates that exist (the database would refuse the others with an error page)', () => {
		expect(isCalendarDate('2026-02-28')).toBe(true);
		expect(isCalendarDate('2028-02-29')).toBe(true);
		for (const date of ['2026-02-30', '2026-13-01', '2026-00-10', '0000-01-01', '2026-04-31'])
			expect(isCalendarDate(date), date).toBe(false);

		expect(parseForm(LifecycleInput, { status: 'paused', since: '2026-02-30' })).toMatchObject({
			ok: false,
			failure: { issues: { since: 'error_date' } }
		});
		expect(parseForm(SupportEntryInput, { kind: 'other', date: '2026-13-01', minutes: '30' })).toMatchObject({
			ok: false,
			failure: { issues: { date: 'error_date' } }
		});
		const person = { name: 'Gabi', email: 'gabi@example.org', consentSource: 'written', consentDate: '2026-02-31', consentConfirmed: 'on' };
		expect(parseForm(ContactPersonInput, person, { flags: ['consentConfirmed'] })).toMatchObject({
			ok: false,
			failure: { issues: { consentDate: 'error_date' } }
		});
	});

	it('bounds the lists a form may send', () => {
		const languages = Array.from(
			{ length: 21 },
			(_, i) => `l${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`
		);
		expect(v.safeParse(GroupInput, { ...group, languages }).success).toBe(false);
		expect(v.safeParse(GroupInput, { ...group, languages: languages.slice(0, 20) }).success).toBe(true);
		expect(v.safeParse(GroupInput, { ...group, audiences: Array.from({ length: 5 }, () => 'affected') }).success).toBe(false);
		const series = {
			frequency: 'weekly',
			startDate: '2026-01-06',
			startTime: '19:00',
			endTime: '21:00',
			skipHolidays: true,
			locationKind: 'online',
			stepFree: 'unknown',
			accessibleToilet: false,
			hearingLoop: false,
			signLanguage: false
		};
		expect(v.safeParse(SeriesInput, { ...series, weekdays: ['2'] }).success).toBe(true);
		expect(v.safeParse(SeriesInput, { ...series, weekdays: Array.from({ length: 8 }, () => '2') }).success).toBe(false);
	});

	it('refuses a contact e-mail address longer than an address can be', () => {
		const person = {
			name: 'Gabi',
			email: `${'a'.repeat(250)}@example.org`,
			consentSource: 'written',
			consentDate: '2026-05-02',
			consentConfirmed: 'on'
		};
		expect(parseForm(ContactPersonInput, person, { flags: ['consentConfirmed'] }).ok).toBe(false);
	});
});

describe('the request log', () => {
	it('keeps the route of a one-time link but not its secret', () => {
		expect(redactPath('/eintrag-bestaetigen/abcDEF_123-xyz')).toBe('/eintrag-bestaetigen/[token]');
		expect(redactPath('/en/einladung/abc')).toBe('/en/einladung/[token]');
		expect(redactPath('/anmelden/passwort-neu/abc')).toBe('/anmelden/passwort-neu/[token]');
		expect(redactPath('/verwaltung/gruppen/0b7c1f5e-0000-4000-8000-000000000000')).toBe(
			'/verwaltung/gruppen/0b7c1f5e-0000-4000-8000-000000000000'
		);
	});
});
