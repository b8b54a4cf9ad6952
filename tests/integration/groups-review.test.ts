import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { and, count, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { useDatabase, setupOffice, otherOffice } from './fixtures.js';
import { MAIL, outboxMails, personIn, recordOf, seriesInput, userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { rowsOf, type Tx } from '../../src/lib/server/db/client.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { newToken } from '../../src/lib/server/auth/crypto.js';
import { listAudit } from '../../src/lib/server/modules/audit/audit.service.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { newOffice } from '../../src/lib/schemas/office.js';
import { GroupInput } from '../../src/lib/schemas/group.js';
import { parseGroupListQuery } from '../../src/lib/schemas/group-list.js';
import {
	addSupportEntry,
	changeLifecycle,
	changeModeration,
	confirmGroups,
	createGroup,
	emptyGroupRecord,
	getGroupDetail,
	groupNames,
	listGroups,
	MAX_BULK,
	resolveReport,
	updateGroup,
	type UserActor
} from '../../src/lib/server/modules/groups/groups.service.js';
import { groupRecordFromInput } from '../../src/lib/server/modules/groups/groups.input.js';
import { removeSeries, saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { addContactPerson, withdrawConsent } from '../../src/lib/server/modules/groups/contacts.service.js';
import { decideProposal, proposeChange } from '../../src/lib/server/modules/groups/proposals.service.js';
import { deleteView } from '../../src/lib/server/modules/groups/views.service.js';
import { answerConfirmation, CONFIRMATION_LINK_DAYS } from '../../src/lib/server/modules/groups/freshness.service.js';
import {
	applyImport,
	checkImport,
	discardImport,
	getImport,
	importProblems,
	purgeStagedImports,
	STAGED_IMPORT_DAYS,
	startImport,
	uploadImport
} from '../../src/lib/server/modules/groups/import.service.js';
import { takenSlugs } from '../../src/lib/server/modules/groups/groups.repository.js';
import {
	addVolunteer,
	assignVolunteer,
	changeVolunteer,
	closeStarterRequest,
	createStarterRequest,
	logStarterMeeting
} from '../../src/lib/server/modules/starters/starters.service.js';
import { acceptProposedTopic, addTopic, updateTopic } from '../../src/lib/server/modules/topics/topics.service.js';
import {
	changeProposals,
	confirmationTokens,
	groupHistory,
	groupImportRows,
	groupImports,
	groups,
	outdatedReports
} from '../../src/lib/server/modules/groups/groups.table.js';
import { starterRequests } from '../../src/lib/server/modules/starters/starters.table.js';

const NOW = new Date('2026-06-01T08:00:00Z');
const consent = { source: 'written' as const, givenOn: '2026-05-02' };
const formInput = (fields: Record<string, unknown>) =>
	v.parse(GroupInput, { format: 'in_person', acceptingMembers: true, contactMode: 'office', addressVisibility: 'approximate', ...fields });
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

/** The database's reason for refusing a statement, or 'allowed' when it ran. */
async function outcome(work: Promise<unknown>): Promise<string> {
	try {
		await work;
		return 'allowed';
	} catch (error) {
		const message = String((error as { cause?: Error }).cause?.message ?? error);
		if (/foreign key/i.test(message)) return 'foreign key';
		throw error;
	}
}

describe('review of the groups module: ids from outside, limits, privacy, concurrency', () => {
	const db = useDatabase();
	let staff: UserActor;
	let admin: UserActor;
	let contact: UserActor;
	let south: UserActor;
	let groupId: string;

	const ctx = (actor: UserActor = staff, now = NOW) => ({ db: db.get().db, actor, now });
	const decide = () => ({ ...ctx(), mail: MAIL, locale: 'de' as const });

	beforeAll(async () => {
		const first = await setupOffice(db.get());
		admin = userActor(first.userId, first.office.id, 'admin', 'leitung@example.org');
		staff = await personIn(db.get(), first.office.id, 'team@example.org');
		contact = await personIn(db.get(), first.office.id, 'gabi@example.org', 'group_contact');
		const second = await otherOffice(db.get(), 'Kontaktstelle Südhang', 'sued@example.org', 'staff');
		south = userActor(second.userId, second.office.id, 'staff', 'sued@example.org');
		groupId = (await createGroup(ctx(), emptyGroupRecord('Gruppe für die Prüfung'))).id;
	});

	describe('a malformed id from a URL or a form', () => {
		const MALFORMED = ['kein-uuid', '------------------------------------', "x' or '1'='1"];

		it('is "not found" in every service, never a database error', async () => {
			const record = emptyGroupRecord('Egal');
			const importCtx = { db: db.get().db, actor: staff, tenantId: staff.tenantId };
			for (const bad of MALFORMED) {
				const attempts: [string, () => Promise<unknown>][] = [
					['getGroupDetail', () => getGroupDetail(db.get().db, staff, bad)],
					['updateGroup', () => updateGroup(ctx(), bad, record, 1)],
					['changeLifecycle', () => changeLifecycle(ctx(), bad, { status: 'paused', since: '2026-05-01' })],
					['changeModeration', () => changeModeration(ctx(), [bad], 'hidden')],
					['confirmGroups', () => confirmGroups(ctx(), [bad])],
					['addSupportEntry', () => addSupportEntry(ctx(), bad, { kind: 'other', on: '2026-05-01', minutes: 10, note: '' })],
					['resolveReport', () => resolveReport(ctx(), bad, 'erledigt')],
					['saveSeries (group)', () => saveSeries(ctx(), bad, null, seriesInput())],
					['saveSeries (series)', () => saveSeries(ctx(), groupId, bad, seriesInput())],
					['removeSeries', () => removeSeries(ctx(), groupId, bad)],
					['addContactPerson', () => addContactPerson(ctx(), bad, { name: 'X', email: 'x@example.org', phone: '', consent })],
					['withdrawConsent', () => withdrawConsent(ctx(), bad)],
					['decideProposal', () => decideProposal(decide(), bad, { approve: true })],
					['proposeChange', () => proposeChange(ctx(contact), bad, record)],
					['getImport', () => getImport(db.get().db, staff.tenantId, bad)],
					['importProblems', () => importProblems(db.get().db, staff.tenantId, bad)],
					['checkImport', () => checkImport(importCtx, bad, { mapping: ['name'], draft: false, consentHeld: false })],
					['applyImport', () => applyImport(importCtx, bad)],
					['startImport', () => startImport(importCtx, bad)],
					['discardImport', () => discardImport(importCtx, bad)],
					['changeVolunteer', () => changeVolunteer(ctx(), bad, 'deactivate')],
					['assignVolunteer', () => assignVolunteer(ctx(), bad, bad)],
					['logStarterMeeting', () => logStarterMeeting(ctx(), bad, { on: '2026-05-01', note: '' })],
					['closeStarterRequest', () => closeStarterRequest(ctx(), bad, { status: 'withdrawn', report: '' })],
					['updateTopic', () => updateTopic({ db: db.get().db, actor: admin }, bad, { labelDe: 'X', labelEn: '', synonyms: [] })],
					['acceptProposedTopic', () => acceptProposedTopic({ db: db.get().db, actor: admin }, bad)]
				];
				for (const [name, attempt] of attempts) await expect(attempt(), `${name}(${bad})`).rejects.toMatchObject({ code: 'not_found' });
				await expect(createStarterRequest(ctx(), { groupId: bad, kind: 'new', note: '' })).rejects.toMatchObject({ code: 'invalid' });
				await expect(deleteView(db.get().db, staff, bad)).resolves.toBeUndefined();
				expect(await groupNames(db.get().db, staff, [bad, groupId])).toEqual(new Map([[groupId, 'Gruppe für die Prüfung']]));
				expect((await listGroups(db.get().db, staff, { topic: bad })).total).toBeGreaterThan(0);
			}
		});

		it('is no topic filter in the list URL', () => {
			expect(parseGroupListQuery(new URLSearchParams({ topic: '-'.repeat(36) })).topic).toBe('');
			const id = randomUUID();
			expect(parseGroupListQuery(new URLSearchParams({ topic: id })).topic).toBe(id);
		});
	});

	it('checks the actor’s role again in the services, not only in the route’s guard', async () => {
		const volunteer = await personIn(db.get(), staff.tenantId, 'ehrenamt@example.org', 'volunteer');
		const record = emptyGroupRecord('Nicht erlaubt');
		const importCtx = { db: db.get().db, actor: volunteer, tenantId: volunteer.tenantId };
		const refused: [string, () => Promise<unknown>][] = [
			['createGroup (volunteer)', () => createGroup(ctx(volunteer), record)],
			['updateGroup (volunteer)', () => updateGroup(ctx(volunteer), groupId, record, 1)],
			['changeModeration (volunteer)', () => changeModeration(ctx(volunteer), [groupId], 'hidden')],
			['confirmGroups (group contact)', () => confirmGroups(ctx(contact), [groupId])],
			[
				'addContactPerson (volunteer)',
				() => addContactPerson(ctx(volunteer), groupId, { name: 'X', email: 'x@example.org', phone: '', consent })
			],
			['saveSeries (volunteer)', () => saveSeries(ctx(volunteer), groupId, null, seriesInput())],
			['uploadImport (volunteer)', () => uploadImport(importCtx, { bytes: csv(['Name;PLZ', 'A;30159']), fileName: 'a.csv' })],
			[
				'addVolunteer (volunteer)',
				() => addVolunteer(ctx(volunteer), { name: 'V', email: 'v@example.org', phone: '', trainedOn: null, consent })
			],
			['getGroupDetail (group contact)', () => getGroupDetail(db.get().db, contact, groupId)],
			['proposeChange (staff)', () => proposeChange(ctx(), groupId, record)]
		];
		for (const [name, attempt] of refused) await expect(attempt(), name).rejects.toMatchObject({ code: 'forbidden' });
		expect((await getGroupDetail(db.get().db, volunteer, groupId)).group.moderation).toBe('published');
	});

	it('changes all or none of the groups of a bulk action, each once, and refuses more than a bounded number', async () => {
		const other = (await createGroup(ctx(), emptyGroupRecord('Zweite Gruppe der Prüfung'))).id;
		const foreign = (await createGroup(ctx(south), emptyGroupRecord('Gruppe im Süden'))).id;
		await expect(changeModeration(ctx(), [other, foreign], 'hidden')).rejects.toMatchObject({ code: 'not_found' });
		expect((await getGroupDetail(db.get().db, staff, other)).group.moderation).toBe('published');

		const many = Array.from({ length: MAX_BULK + 1 }, () => randomUUID());
		await expect(changeModeration(ctx(), many, 'hidden')).rejects.toMatchObject({ code: 'invalid' });
		await expect(confirmGroups(ctx(), many)).rejects.toMatchObject({ code: 'invalid' });

		expect(await changeModeration(ctx(), [other, other], 'hidden')).toBe(1);
		const history = (await getGroupDetail(db.get().db, staff, other)).history.filter((h) => h.kind === 'moderation');
		expect(history.map((h) => h.toState)).toEqual(['hidden', 'published']);
	});

	it('takes only an office of kind "association" as a group’s association', async () => {
		const association = await inScope(db.get().db, { kind: 'system' }, (tx) =>
			createOfficeIn(tx, systemActor('test'), newOffice('Landesverband Tinnitus', 'association', 'NI'))
		);
		for (const wrong of [randomUUID(), south.tenantId]) {
			const result = await groupRecordFromInput(
				{ db: db.get().db, actor: staff },
				formInput({ name: 'Mit Verband', associationId: wrong })
			);
			expect(result).toMatchObject({ ok: false, issues: { associationId: 'error_invalid_choice' } });
		}
		const result = await groupRecordFromInput(
			{ db: db.get().db, actor: staff },
			formInput({ name: 'Mit Verband', associationId: association.id })
		);
		expect(result).toMatchObject({ ok: true, record: { associationId: association.id } });
	});

	it('refuses a returned proposal whose comment is longer than the form allows, and keeps it pending', async () => {
		const { id } = await createGroup(ctx(), emptyGroupRecord('Gruppe mit Vorschlag'));
		await addContactPerson(ctx(), id, { name: 'Gabi', email: 'gabi@example.org', phone: '', consent });
		const detail = await getGroupDetail(db.get().db, staff, id);
		const proposed = await proposeChange(ctx(contact), id, { ...recordOf(detail.group, []), description: 'Neu' });
		await expect(decideProposal(decide(), proposed.id!, { approve: false, comment: 'x'.repeat(1001) })).rejects.toMatchObject({
			code: 'invalid',
			details: { field: 'comment', code: 'error_too_long' }
		});
		const [row] = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId }, (tx) =>
			tx.select({ status: changeProposals.status }).from(changeProposals).where(eq(changeProposals.id, proposed.id!))
		);
		expect(row?.status).toBe('pending');
	});

	it('says "this topic exists" when an office proposes the same new topic twice', async () => {
		const propose = () =>
			addTopic(
				{ db: db.get().db, actor: staff },
				{ labelDe: 'Prüfungsangst im Alter', labelEn: '', category: 'older_age', synonyms: [] },
				{ propose: true }
			);
		expect(await propose()).toMatchObject({ status: 'proposed' });
		await expect(propose()).rejects.toMatchObject({ code: 'conflict', details: { code: 'topic_exists' } });
		await expect(
			addTopic({ db: db.get().db, actor: staff }, { labelDe: '?!', labelEn: '', category: 'family', synonyms: [] }, { propose: true })
		).rejects.toMatchObject({ code: 'invalid' });
	});

	it('leaves out bad contact cells without consent: the row is imported and the report keeps no personal data', async () => {
		const bytes = csv(['Name;PLZ;E-Mail;Telefon', 'Gruppe ohne Einwilligung;30159;erika.mustermann@kaputt;12']);
		const importCtx = { db: db.get().db, actor: staff, tenantId: staff.tenantId, now: NOW };
		const withoutConsent = await uploadImport(importCtx, { bytes, fileName: 'kontakte.csv' });
		const checked = await checkImport(importCtx, withoutConsent.importId, {
			mapping: withoutConsent.mapping,
			draft: false,
			consentHeld: false
		});
		expect(checked).toMatchObject({ validRows: 1, invalidRows: 0, contactColumnsDropped: true });
		const report = await importProblems(db.get().db, staff.tenantId, withoutConsent.importId);
		expect(report).toMatchObject([{ line: 2, issues: [], warnings: [{ field: 'email', code: 'import_contact_without_consent' }] }]);
		expect(JSON.stringify(report)).not.toContain('mustermann');
		await discardImport(importCtx, withoutConsent.importId);

		// with consent the same cells are checked, and the bad address rejects the row
		const withConsent = await uploadImport(importCtx, { bytes, fileName: 'kontakte.csv' });
		const refused = await checkImport(importCtx, withConsent.importId, { mapping: withConsent.mapping, draft: false, consentHeld: true });
		expect(refused).toMatchObject({ validRows: 0, invalidRows: 1 });
	});

	it('discards an upload nobody applied after two weeks, with its staged cells', async () => {
		const importCtx = { db: db.get().db, actor: staff, tenantId: staff.tenantId };
		const bytes = csv(['Name;PLZ;E-Mail', 'Vergessene Gruppe;30159;vergessen@example.org']);
		const { importId } = await uploadImport(importCtx, { bytes, fileName: 'vergessen.csv' });
		const stagedRows = () =>
			inScope(db.get().db, { kind: 'system' }, async (tx) => {
				const [n] = await tx.select({ n: count() }).from(groupImportRows).where(eq(groupImportRows.importId, importId));
				return n?.n ?? 0;
			});
		expect(await purgeStagedImports(db.get().db, new Date())).toBe(0);
		expect(await stagedRows()).toBe(1);
		expect(await purgeStagedImports(db.get().db, new Date(Date.now() + (STAGED_IMPORT_DAYS + 1) * 86_400_000))).toBeGreaterThan(0);
		expect(await stagedRows()).toBe(0);
		expect((await getImport(db.get().db, staff.tenantId, importId)).status).toBe('discarded');
	});

	it('lets the slug function see only the real groups, not a temporary table of the same name', async () => {
		const { slug } = await createGroup(ctx(), emptyGroupRecord('Echte Gruppe mit Adresse'));
		const taken = await inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId, userId: staff.userId }, async (tx) => {
			await tx.execute(sql`create temporary table groups (slug text) on commit drop`);
			await tx.execute(sql`insert into pg_temp.groups values ('nur-ausgedacht')`);
			return takenSlugs(tx, ['nur-ausgedacht', slug]);
		});
		expect([...taken]).toEqual([slug]);
	});

	it('refuses a starter request that points at another office’s volunteer, and import rows of another office’s import', async () => {
		const volunteer = await addVolunteer(ctx(south), { name: 'Vera', email: 'vera@example.org', phone: '', trainedOn: null, consent });
		const request = await createStarterRequest(ctx(), { groupId, kind: 'new', note: '' });
		const inNorth = <T>(fn: (tx: Tx) => Promise<T>) =>
			inScope(db.get().db, { kind: 'tenant', tenantId: staff.tenantId, userId: staff.userId }, fn);
		expect(
			await outcome(inNorth((tx) => tx.update(starterRequests).set({ volunteerId: volunteer }).where(eq(starterRequests.id, request))))
		).toBe('foreign key');
		await expect(assignVolunteer(ctx(), request, volunteer)).rejects.toMatchObject({ code: 'invalid' });

		const southImport = await uploadImport(
			{ db: db.get().db, actor: south, tenantId: south.tenantId },
			{ bytes: csv(['Name;PLZ', 'Südgruppe;80331']), fileName: 'sued.csv' }
		);
		expect(
			await outcome(
				inNorth((tx) =>
					tx
						.insert(groupImportRows)
						.values({ importId: southImport.importId, tenantId: staff.tenantId, line: 99, fields: {}, issues: [], warnings: [] })
				)
			)
		).toBe('foreign key');
	});

	describe('at the same moment (PostgreSQL runs these in parallel; PGlite one after another)', () => {
		const settle = async (work: Promise<unknown>[]) => {
			const results = await Promise.allSettled(work);
			return {
				ok: results.filter((r) => r.status === 'fulfilled').length,
				codes: results.flatMap((r) =>
					r.status === 'rejected' ? [(r.reason as { code?: string }).code ?? String(r.reason).slice(0, 60)] : []
				)
			};
		};

		it('lets only one of several edits from the same version through; the others are conflicts', async () => {
			const { id } = await createGroup(ctx(), emptyGroupRecord('Gleichzeitig bearbeitet'));
			const base = recordOf((await getGroupDetail(db.get().db, staff, id)).group, []);
			const result = await settle([1, 2, 3, 4].map((n) => updateGroup(ctx(), id, { ...base, description: `Fassung ${n}` }, 1)));
			expect(result).toEqual({ ok: 1, codes: ['conflict', 'conflict', 'conflict'] });
			expect((await getGroupDetail(db.get().db, staff, id)).group.version).toBe(2);
		});

		it('applies a proposal once when two people approve it at once, and mails once', async () => {
			const { id } = await createGroup(ctx(), emptyGroupRecord('Gleichzeitig entschieden'));
			await addContactPerson(ctx(), id, { name: 'Gabi', email: 'gabi@example.org', phone: '', consent });
			const detail = await getGroupDetail(db.get().db, staff, id);
			const proposed = await proposeChange(ctx(contact), id, { ...recordOf(detail.group, []), description: 'Einmal bitte' });
			const before = (await outboxMails(db.get(), { template: 'proposal_approved' })).length;
			const result = await settle([1, 2, 3].map(() => decideProposal(decide(), proposed.id!, { approve: true })));
			expect(result).toEqual({ ok: 1, codes: ['not_found', 'not_found'] });
			expect((await outboxMails(db.get(), { template: 'proposal_approved' })).length).toBe(before + 1);
			expect((await getGroupDetail(db.get().db, staff, id)).group).toMatchObject({ description: 'Einmal bitte', version: 2 });
		});

		it('uses a confirmation link once, even when it is sent several times at once', async () => {
			const { id } = await createGroup(ctx(), emptyGroupRecord('Gleichzeitig bestätigt'));
			const { token, id: hash } = newToken();
			await inScope(db.get().db, { kind: 'system' }, (tx) =>
				tx.insert(confirmationTokens).values({
					id: hash,
					tenantId: staff.tenantId,
					groupId: id,
					expiresAt: new Date(NOW.getTime() + CONFIRMATION_LINK_DAYS * 86_400_000)
				})
			);
			const result = await settle([
				answerConfirmation(db.get().db, token, { confirm: true }, NOW),
				answerConfirmation(db.get().db, token, { confirm: false, message: 'Neuer Ort' }, NOW),
				answerConfirmation(db.get().db, token, { confirm: true }, NOW)
			]);
			expect(result).toEqual({ ok: 1, codes: ['not_found', 'not_found'] });
			const answers = await inScope(db.get().db, { kind: 'system' }, async (tx) => {
				const [confirmations] = await tx
					.select({ n: count() })
					.from(groupHistory)
					.where(and(eq(groupHistory.groupId, id), eq(groupHistory.kind, 'confirmation')));
				const [reports] = await tx.select({ n: count() }).from(outdatedReports).where(eq(outdatedReports.groupId, id));
				return (confirmations?.n ?? 0) + (reports?.n ?? 0);
			});
			expect(answers).toBe(1);
		});

		it('applies every row of an import once when two runs apply it at the same time', async () => {
			const office = await otherOffice(db.get(), 'Kontaktstelle Importweiler', 'import@example.org', 'staff');
			const actor = userActor(office.userId, office.office.id, 'staff', 'import@example.org');
			const importCtx = { db: db.get().db, actor, tenantId: actor.tenantId, now: NOW };
			const lines = ['Name;PLZ', ...Array.from({ length: 40 }, (_, i) => `Parallelgruppe ${i + 1};30159`)];
			const uploaded = await uploadImport(importCtx, { bytes: csv(lines), fileName: 'parallel.csv' });
			await checkImport(importCtx, uploaded.importId, { mapping: uploaded.mapping, draft: false, consentHeld: false });
			const result = await settle([applyImport(importCtx, uploaded.importId), applyImport(importCtx, uploaded.importId)]);
			expect(result).toEqual({ ok: 2, codes: [] });
			const state = await inScope(db.get().db, { kind: 'tenant', tenantId: actor.tenantId }, async (tx) => {
				const [n] = await tx.select({ n: count() }).from(groups).where(eq(groups.tenantId, actor.tenantId));
				const [imp] = await tx
					.select({ status: groupImports.status, appliedRows: groupImports.appliedRows })
					.from(groupImports)
					.where(eq(groupImports.id, uploaded.importId));
				const audit = await listAudit(tx, actor.tenantId, { limit: 50 });
				return { groups: n?.n, imp, importAudits: audit.rows.filter((row) => row.entity === 'group_import').length };
			});
			expect(state).toEqual({ groups: 40, imp: { status: 'done', appliedRows: 40 }, importAudits: 1 });
		});
	});

	it('has an index for finding a group contact’s groups by her e-mail address', async () => {
		const rows = await inScope(db.get().db, { kind: 'system' }, async (tx) =>
			rowsOf<{ indexdef: string }>(await tx.execute(sql`select indexdef from pg_indexes where indexname = 'contact_persons_email_idx'`))
		);
		expect(rows[0]?.indexdef).toMatch(/lower\(email\)/);
	});
});
