import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, setupOffice } from './fixtures.js';
import { personIn, seriesInput } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { AppError } from '../../src/lib/server/errors.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import { createGroup, emptyGroupRecord, getGroupDetail, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { removeSeries, saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { lookupPostalCode } from '../../src/lib/server/geo/places.js';
import { expand } from '../../src/lib/recurrence/index.js';
import type { SeriesInput } from '../../src/lib/schemas/group.js';

const NOW = new Date('2026-01-05T09:00:00Z');

describe('meeting series of a group: schedule and place (GRP-1)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let groupId: string;

	beforeAll(async () => {
		const { office } = await setupOffice(db.get());
		staff = await personIn(db.get(), office.id, 'team@example.org');
		groupId = (await createGroup({ db: db.get().db, actor: staff, now: NOW }, emptyGroupRecord('Anonyme Alkoholiker Buchholz'))).id;
	});

	const ctx = () => ({ db: db.get().db, actor: staff, now: NOW });
	const detail = () => getGroupDetail(db.get().db, staff, groupId);

	/** The AppError a refused save throws, after checking that nothing was saved. */
	async function refusal(input: SeriesInput): Promise<AppError> {
		const before = await detail();
		const error = await saveSeries(ctx(), groupId, null, input).then(
			() => undefined,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(AppError);
		const after = await detail();
		expect(after.series).toEqual(before.series);
		expect(after.group.version).toBe(before.group.version);
		return error as AppError;
	}

	it('stores "every 2nd and 4th Tuesday, 19:00–21:00" with the coordinates of the postal code', async () => {
		const id = await saveSeries(
			ctx(),
			groupId,
			null,
			seriesInput({ frequency: 'monthly', weekdays: ['2'], weeksOfMonth: ['2', '4'], startDate: '2026-01-06', postalCode: '21244' })
		);
		const { series, group } = await detail();
		expect(series).toHaveLength(1);
		const [stored] = series;
		expect(stored?.id).toBe(id);
		expect(stored?.recurrence).toEqual({
			frequency: 'monthly',
			interval: 1,
			weekdays: [2],
			weeksOfMonth: [2, 4],
			startDate: '2026-01-06',
			endDate: null,
			startTime: '19:00',
			endTime: '21:00',
			breaks: [],
			skipHolidays: true,
			exceptions: []
		});
		const place = lookupPostalCode('21244')!;
		expect(stored).toMatchObject({
			locationKind: 'address',
			street: 'Kirchenstraße 6',
			postalCode: '21244',
			city: 'Buchholz in der Nordheide',
			lat: place.lat,
			lon: place.lon,
			stepFree: 'yes',
			accessibleToilet: true
		});
		// the stored rule gives the 2nd and 4th Tuesdays
		const dates = expand(stored!.recurrence!, { from: '2026-01-01', to: '2026-02-28', federalState: 'NI' }).map((o) => o.date);
		expect(dates).toEqual(['2026-01-13', '2026-01-27', '2026-02-10', '2026-02-24']);
		expect(group.version).toBe(2);

		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) => listAudit(tx, staff.tenantId));
		expect(audit.rows[0]).toMatchObject({ action: 'create', entity: 'meeting_series', entityId: id, actorLabel: 'team@example.org' });
	});

	it('changes a series in place, keeping a town that staff typed and a yearly summer break', async () => {
		const [existing] = (await detail()).series;
		const id = await saveSeries(
			ctx(),
			groupId,
			existing!.id,
			seriesInput({
				weekdays: ['3'],
				city: 'Buchholz (Nordheide)',
				breakFrom: '15.07.',
				breakTo: '31.08.',
				startTime: '18:30',
				endTime: '20:00'
			})
		);
		expect(id).toBe(existing!.id);
		const { series } = await detail();
		expect(series).toHaveLength(1);
		expect(series[0]).toMatchObject({ city: 'Buchholz (Nordheide)', postalCode: '21244' });
		expect(series[0]?.recurrence).toMatchObject({
			frequency: 'weekly',
			weekdays: [3],
			weeksOfMonth: [],
			startTime: '18:30',
			endTime: '20:00',
			breaks: [{ from: '07-15', to: '08-31' }]
		});
	});

	it('refuses an unknown postal code and an address without one', async () => {
		const unknown = await refusal(seriesInput({ postalCode: '99999' }));
		expect(unknown.code).toBe('invalid');
		expect(unknown.details.issues).toEqual({ postalCode: 'error_postal_code_unknown' });
		const missing = await refusal(seriesInput({ postalCode: '' }));
		expect(missing.details.issues).toEqual({ postalCode: 'error_postal_code_required' });
	});

	it('refuses an end date before the start date', async () => {
		const error = await refusal(seriesInput({ startDate: '2026-03-01', endDate: '2026-02-01' }));
		expect(error.code).toBe('invalid');
		expect(error.details.issues).toEqual({ endDate: 'recurrence_end_before_start' });
	});

	it('refuses a schedule that never takes place: once on Christmas Day with holidays skipped', async () => {
		const error = await refusal(seriesInput({ frequency: 'once', startDate: '2027-12-25', skipHolidays: true }));
		expect(error.code).toBe('invalid');
		expect(error.details.issues).toEqual({ startDate: 'recurrence_no_occurrences' });
		// the same date without skipping holidays is a meeting
		const id = await saveSeries(ctx(), groupId, null, seriesInput({ frequency: 'once', startDate: '2027-12-25', skipHolidays: false }));
		expect((await detail()).series.find((s) => s.id === id)?.recurrence).toMatchObject({
			frequency: 'once',
			weekdays: [],
			startDate: '2027-12-25',
			endDate: '2027-12-25'
		});
		await removeSeries(ctx(), groupId, id);
	});

	it('refuses an end time before the start time', async () => {
		const error = await refusal(seriesInput({ startTime: '19:00', endTime: '18:00' }));
		expect(error.code).toBe('invalid');
		expect(error.details.issues).toEqual({ endTime: 'recurrence_time_order' });
		const equal = await refusal(seriesInput({ startTime: '19:00', endTime: '19:00' }));
		expect(equal.details.issues).toEqual({ endTime: 'recurrence_time_order' });
	});

	it('refuses a monthly rule without a week of the month and a summer break with only one end', async () => {
		const error = await refusal(seriesInput({ frequency: 'monthly', weeksOfMonth: [] }));
		expect(error.details.issues).toEqual({ weeksOfMonth: 'recurrence_no_week_of_month' });
		const half = await refusal(seriesInput({ breakFrom: '15.07.' }));
		expect(half.details.issues).toEqual({ breakTo: 'series_break_incomplete' });
	});

	it('keeps no address, coordinates or accessibility details for an online series', async () => {
		const id = await saveSeries(
			ctx(),
			groupId,
			null,
			seriesInput({
				locationKind: 'online',
				street: 'Kirchenstraße 6',
				postalCode: '99999',
				city: 'Buchholz',
				district: 'Innenstadt',
				stepFree: 'yes',
				accessibleToilet: true,
				hearingLoop: true,
				signLanguage: true
			})
		);
		const online = (await detail()).series.find((s) => s.id === id);
		expect(online).toMatchObject({
			locationKind: 'online',
			street: '',
			postalCode: '',
			city: '',
			district: '',
			lat: null,
			lon: null,
			stepFree: 'unknown',
			accessibleToilet: false,
			hearingLoop: false,
			signLanguage: false
		});
	});

	it('removes a series, and a second removal finds nothing', async () => {
		const { series } = await detail();
		const online = series.find((s) => s.locationKind === 'online')!;
		await removeSeries(ctx(), groupId, online.id);
		expect((await detail()).series.map((s) => s.id)).not.toContain(online.id);
		await expect(removeSeries(ctx(), groupId, online.id)).rejects.toMatchObject({ code: 'not_found' });
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) => listAudit(tx, staff.tenantId));
		expect(audit.rows[0]).toMatchObject({ action: 'delete', entity: 'meeting_series', entityId: online.id });
	});

	it('does not change a series through another group of the office', async () => {
		const other = await createGroup(ctx(), emptyGroupRecord('Parkinson-Treff'));
		const [mine] = (await detail()).series;
		await expect(saveSeries(ctx(), other.id, mine!.id, seriesInput())).rejects.toMatchObject({ code: 'not_found' });
		await expect(removeSeries(ctx(), other.id, mine!.id)).rejects.toMatchObject({ code: 'not_found' });
		expect((await detail()).series.map((s) => s.id)).toContain(mine!.id);
	});
});
