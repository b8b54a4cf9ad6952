import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useDatabase, setupOffice } from './fixtures.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { runCommand } from '../../src/lib/server/cli/commands.js';
import { applyImport, checkImport, getImport, importProblems, uploadImport } from '../../src/lib/server/modules/groups/import.service.js';
import { exportGroupRows } from '../../src/lib/server/modules/groups/export.service.js';
import { emptyGroupRecord, getGroupDetail, listGroups, updateGroup } from '../../src/lib/server/modules/groups/groups.service.js';
import { consents, contactPersons, groups, meetingSeries } from '../../src/lib/server/modules/groups/groups.table.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import { eq } from 'drizzle-orm';

const HEADER = 'Name;Thema;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status';
const TOPICS = ['Alkohol', 'Depression', 'Trauer', 'Krebs', 'Angehörige psychisch Kranker', 'Spielsucht', 'Long Covid', 'Burnout'];
const MEETINGS = [
	'jeden 2. und 4. Dienstag, 19:00–21:00 Uhr',
	'wöchentlich montags 18:00',
	'monatlich am letzten Freitag, 18 Uhr',
	'nach Absprache'
];

/** A spreadsheet as German Excel saves it: semicolons, Windows-1252, CRLF. Rows 2 + 7k (k ≥ 1) have a bad postal code. */
function spreadsheet(rows: number): { bytes: Uint8Array; badLines: number[] } {
	const lines = [HEADER];
	const badLines: number[] = [];
	for (let i = 0; i < rows; i++) {
		const line = i + 2;
		const bad = i > 0 && i % 7 === 0;
		if (bad) badLines.push(line);
		lines.push(
			[
				`Selbsthilfegruppe Nummer ${i + 1} – Größe`,
				TOPICS[i % TOPICS.length],
				i % 2 ? 'Betroffene und Angehörige' : 'Angehörige',
				bad ? '00000' : '30159',
				'Musterstadt',
				`Beispielstraße ${i + 1}`,
				i % 10 === 0 ? 'hybrid' : 'nein',
				MEETINGS[i % MEETINGS.length],
				i % 5 === 0 ? 'Deutsch, Türkisch' : 'Deutsch',
				i % 3 === 0 ? 'ja' : 'teilweise',
				`kontakt${i}@example.org`,
				'0511 555 0100',
				i % 2 ? 'Weiterleitung' : 'über Kontaktstelle',
				i % 20 === 0 ? 'in Gründung' : 'aktiv'
			].join(';')
		);
	}
	return { bytes: new Uint8Array(iconv.encode(lines.join('\r\n') + '\r\n', 'win1252')), badLines };
}

let useDatabaseRef: ReturnType<typeof useDatabase>;

describe('group import', () => {
	const db = useDatabase();
	useDatabaseRef = db;

	it('imports a 2,000-row Windows-1252 spreadsheet: the dry run changes nothing, then every valid row lands and every bad row is reported by its row number', async () => {
		const { office, userId } = await setupOffice(db.get());
		const ctx = { db: db.get().db, actor: systemActor('leitung@example.org'), tenantId: office.id };
		const { bytes, badLines } = spreadsheet(2000);
		const uploaded = await uploadImport(ctx, { bytes, fileName: 'gruppen.csv' });
		expect(uploaded.totalRows).toBe(2000);
		expect(uploaded.mapping).toEqual([
			'name',
			'topics',
			'audience',
			'postalCode',
			'city',
			'street',
			'format',
			'meeting',
			'languages',
			'accessibility',
			'email',
			'phone',
			'contactMode',
			'status'
		]);
		const checked = await checkImport(ctx, uploaded.importId, { mapping: uploaded.mapping, draft: false, consentHeld: false });
		expect(checked.invalidRows).toBe(badLines.length);
		expect(checked.validRows).toBe(2000 - badLines.length);
		expect(checked.contactColumnsDropped).toBe(true);
		// the dry run changes no group
		const before = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select({ id: groups.id }).from(groups));
		expect(before).toHaveLength(0);
		const problems = await importProblems(db.get().db, office.id, uploaded.importId, 1, 5000);
		const rejected = problems.filter((row) => row.issues.length).map((row) => row.line);
		expect(rejected).toEqual(badLines);
		expect(problems.find((row) => row.line === badLines[0])?.issues[0]).toMatchObject({
			field: 'postalCode',
			code: 'import_unknown_postal_code'
		});
		// "nach Absprache" is kept as text and flagged for review
		expect(problems.find((row) => row.line === 5)?.warnings.map((w) => w.code)).toContain('import_meeting_unparsed');

		const applied = await applyImport(ctx, uploaded.importId);
		expect(applied.applied).toBe(2000 - badLines.length);
		const after = await getImport(db.get().db, office.id, uploaded.importId);
		expect(after.status).toBe('done');

		const actor = { kind: 'user' as const, userId, tenantId: office.id, role: 'admin' as const, label: 'leitung@example.org' };
		const list = await listGroups(db.get().db, actor, { q: 'Nummer 1 – Größe' });
		expect(list.total).toBe(1);
		const [first] = list.rows;
		expect(first?.name).toBe('Selbsthilfegruppe Nummer 1 – Größe');
		expect(first?.moderation).toBe('published');
		expect(first?.lifecycle).toBe('founding');
		expect(first?.topics.map((t) => t.labelDe).join()).toMatch(/Alkohol/);
		const series = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select()
				.from(meetingSeries)
				.where(eq(meetingSeries.groupId, first?.id ?? ''))
		);
		expect(series[0]?.recurrence).toMatchObject({
			frequency: 'monthly',
			weekdays: [2],
			weeksOfMonth: [2, 4],
			startTime: '19:00',
			endTime: '21:00'
		});
		expect(series[0]?.lat).toBeCloseTo(52.37, 1);
		// without confirmed consent no contact data was stored
		const people = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select().from(contactPersons));
		expect(people).toHaveLength(0);
		const audit = await inScope(db.get().db, { kind: 'tenant', tenantId: office.id }, (tx) => listAudit(tx, office.id));
		expect(audit.rows.some((row) => row.entity === 'group_import')).toBe(true);

		// the export has the same columns and can be imported again: matched by ID, it updates instead of duplicating
		const exported = await exportGroupRows(db.get().db, actor, { q: 'Nummer 2 – Größe' }, 'de');
		expect(exported).toHaveLength(1);
		expect(exported[0]?.meeting).toContain('montags');
	});

	it('the CLI imports the same 2,000 rows with --consent-held (as updates of the groups already there), stores consent with source "import", prints the report and exits 1 when rows were rejected; --dry-run changes nothing', async () => {
		const tenants = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.query.tenants.findMany());
		const office = tenants[0];
		if (!office) throw new Error('no office');
		const { bytes, badLines } = spreadsheet(2000);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-import-')), 'liste.csv');
		fs.writeFileSync(file, bytes);
		const count = async () => (await inScope(db.get().db, { kind: 'system' }, (tx) => tx.select({ id: groups.id }).from(groups))).length;
		const start = await count();

		const dry = await runCommand(['import', 'groups', file, '--office', office.slug, '--dry-run'], { database: db.get() });
		expect(dry.exitCode).toBe(1);
		expect(dry.stdout).toContain(`Zeile ${badLines[0]}, postalCode: Die Postleitzahl 00000 gibt es in Deutschland nicht.`);
		expect(dry.stdout).toContain('Probelauf');
		expect(await count()).toBe(start);

		const real = await runCommand(['import', 'groups', file, '--office', office.slug, '--consent-held', '--draft'], { database: db.get() });
		expect(real.exitCode).toBe(1);
		expect(real.stderr).toContain(`abgelehnte Zeilen: ${badLines.length} (siehe Bericht)`);
		// rows with the same name and postal code as the first import update those groups instead of adding duplicates
		expect(real.stdout).toMatch(/davon aktualisiert/);
		const stored = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			tx
				.select({ source: consents.source, email: contactPersons.email })
				.from(consents)
				.innerJoin(contactPersons, eq(contactPersons.id, consents.contactPersonId))
		);
		expect(stored.length).toBe(2000 - badLines.length);
		expect(stored.every((row) => row.source === 'import' && row.email.endsWith('@example.org'))).toBe(true);
		expect(await count()).toBe(start);
	});

	it('refuses an old binary Excel file with a German message and stages nothing', async () => {
		const tenants = await inScope(db.get().db, { kind: 'system' }, (tx) => tx.query.tenants.findMany());
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
		await expect(
			uploadImport({ db: db.get().db, actor: systemActor('x'), tenantId: tenants[0]?.id ?? '' }, { bytes: ole, fileName: 'alt.xls' })
		).rejects.toMatchObject({ code: 'invalid', details: { code: 'spreadsheet_unsupported_format' } });
	});

	it('a re-import updates only what the file has: other columns, the association and the size stay; a new status is recorded in the history', async () => {
		const { office, userId } = await otherOfficeWithAdmin();
		const actor = { kind: 'user' as const, userId, tenantId: office.id, role: 'admin' as const, label: 'west@example.org' };
		const ctx = { db: db.get().db, actor, tenantId: office.id };
		const first = new TextEncoder().encode(
			'Name;Beschreibung;PLZ;Treffen;Status\nGruppe Neubeginn;Wir treffen uns im Gemeindehaus.;30159;montags 19 Uhr;aktiv\n'
		);
		const up1 = await uploadImport(ctx, { bytes: first, fileName: 'eins.csv' });
		await checkImport(ctx, up1.importId, { mapping: up1.mapping, draft: false, consentHeld: false });
		await applyImport(ctx, up1.importId);
		const [group] = (await listGroups(db.get().db, actor, { q: 'Neubeginn' })).rows;
		await updateGroup({ db: db.get().db, actor }, group!.id, {
			...emptyGroupRecord('Gruppe Neubeginn'),
			description: 'Wir treffen uns im Gemeindehaus.',
			estimatedSize: 12
		});

		// the second file has no description column and a new status
		const second = new TextEncoder().encode('Name;PLZ;Status\nGruppe Neubeginn;30159;pausiert\n');
		const up2 = await uploadImport(ctx, { bytes: second, fileName: 'zwei.csv' });
		const checked = await checkImport(ctx, up2.importId, { mapping: up2.mapping, draft: false, consentHeld: false });
		expect(checked.updateRows).toBe(1);
		await applyImport(ctx, up2.importId);
		const detail = await getGroupDetail(db.get().db, actor, group!.id);
		expect(detail.group).toMatchObject({ description: 'Wir treffen uns im Gemeindehaus.', estimatedSize: 12, lifecycle: 'paused' });
		expect(detail.history[0]).toMatchObject({ kind: 'lifecycle', fromState: 'active', toState: 'paused', note: 'Import' });
		// the meeting time of the first file is kept: the second file has no meeting column
		expect(detail.series[0]?.recurrence).toMatchObject({ frequency: 'weekly', weekdays: [1] });
		expect((await listGroups(db.get().db, actor, { q: 'Neubeginn' })).total).toBe(1);
	});
});

async function otherOfficeWithAdmin() {
	const { otherOffice } = await import('./fixtures.js');
	return otherOffice(useDatabaseRef.get(), 'Kontaktstelle West', 'west@example.org');
}
