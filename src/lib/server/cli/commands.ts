import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client.js';
import { inScope } from '../db/scope.js';
import { AppError } from '../errors.js';
import { systemActor } from '../auth/actor.js';
import { isRole, ROLES } from '../auth/permissions.js';
import { addUser, resetSecondFactor, setupFirstOffice } from '../modules/accounts/accounts.service.js';
import { getOfficeBySlug } from '../modules/tenants/tenants.service.js';
import { loadDemo } from '../modules/demo/demo.service.js';
import { applyImport, checkImport, getImport, importProblems, officeIdBySlug, uploadImport } from '../modules/groups/import.service.js';
import { email, FEDERAL_STATES, LIMITS, newPassword, requiredText } from '../../schemas/common.js';
import { t } from '../../i18n.js';

/**
 * The operator commands, independent of where they run: the standalone CLI opens the
 * database itself; a running server executes them on its own connection (see cli/channel.ts).
 */
export type CommandResult = { exitCode: number; stdout: string; stderr: string };
export type CommandContext = { database: Database; onSetupDone?: () => void };

export const USAGE = `Treffpunkt – Befehle / commands

  npx treffpunkt setup --office NAME --email E-MAIL --password PASSWORT [--name NAME] [--state BE]
  npx treffpunkt user add --office SLUG --email E-MAIL --name NAME --role ROLLE --password PASSWORT
  npx treffpunkt user reset-second-factor --email E-MAIL
  npx treffpunkt demo
  npx treffpunkt import groups DATEI --office SLUG [--dry-run] [--draft] [--consent-held]
  npx treffpunkt backup DATEI
  npx treffpunkt restore DATEI
  npx treffpunkt migrate
  npx treffpunkt serve           (= npm start)

Rollen / roles: ${ROLES.join(', ')}
Bundesländer / states: ${FEDERAL_STATES.join(', ')}`;

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });
const usageError = (message: string): CommandResult => ({ exitCode: 2, stdout: '', stderr: `Fehler: ${message}\n\n${USAGE}\n` });
const failure = (message: string, exitCode = 1): CommandResult => ({ exitCode, stdout: '', stderr: `Fehler: ${message}\n` });

/** Validates one option with the same schema the web forms use; collects German messages. */
function checker() {
	const problems: string[] = [];
	return {
		problems,
		value<S extends v.GenericSchema>(schema: S, raw: unknown, option: string): v.InferOutput<S> {
			const result = v.safeParse(schema, raw ?? '');
			if (result.success) return result.output;
			problems.push(`--${option}: ${t(result.issues[0]?.message ?? 'error_required')}`);
			return undefined as v.InferOutput<S>;
		}
	};
}

function options(argv: string[], spec: Record<string, { type: 'string' }>) {
	return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
}

export async function runCommand(argv: string[], context: CommandContext): Promise<CommandResult> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case 'setup':
				return await setupCommand(rest, context);
			case 'user':
				if (rest[0] === 'add') return await userAddCommand(rest.slice(1), context);
				if (rest[0] === 'reset-second-factor') return await resetSecondFactorCommand(rest.slice(1), context);
				return usageError('unbekannter Befehl: user ' + (rest[0] ?? ''));
			case 'import':
				if (rest[0] === 'groups') return await importGroupsCommand(rest.slice(1), context);
				return usageError('unbekannter Befehl: import ' + (rest[0] ?? ''));
			case 'demo':
				return ok((await loadDemo(context.database.db)).join('\n') + '\n');
			case 'backup': {
				const file = rest[0];
				if (!file) return usageError('backup braucht einen Dateinamen, z. B. npx treffpunkt backup sicherung.tar.gz');
				await context.database.backup(file);
				return ok(`Sicherung geschrieben: ${file} (${await summary(context.database)})\n`);
			}
			case 'migrate':
				return ok('Die Datenbank ist auf dem neuesten Stand (Migrationen werden bei jedem Öffnen angewendet).\n');
			case undefined:
			case 'help':
			case '--help':
				return ok(USAGE + '\n');
			default:
				return usageError(`unbekannter Befehl: ${command}`);
		}
	} catch (error) {
		if (error instanceof AppError) return failure(error.message);
		if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return usageError(error.message);
		throw error;
	}
}

async function setupCommand(argv: string[], context: CommandContext): Promise<CommandResult> {
	const { values } = options(argv, {
		office: { type: 'string' },
		email: { type: 'string' },
		password: { type: 'string' },
		name: { type: 'string' },
		state: { type: 'string' }
	});
	const c = checker();
	const office = c.value(requiredText(LIMITS.name), values.office, 'office');
	const mail = c.value(email, values.email, 'email');
	const password = c.value(newPassword, values.password, 'password');
	const state = c.value(v.picklist(FEDERAL_STATES, 'error_federal_state'), values.state ?? 'BE', 'state');
	if (c.problems.length > 0) return usageError(c.problems.join('\n'));
	const name = values.name?.trim() || mail.split('@')[0] || 'Administration';
	try {
		const result = await setupFirstOffice(
			context.database.db,
			{ officeName: office, federalState: state, name, email: mail, password },
			systemActor('cli setup')
		);
		context.onSetupDone?.();
		return ok(
			[
				`Eingerichtet: ${result.office.name}`,
				`slug: ${result.office.slug}`,
				`Administration: ${mail}`,
				`Anmelden unter /anmelden (beim ersten Anmelden wird der zweite Faktor eingerichtet).`,
				''
			].join('\n')
		);
	} catch (error) {
		if (error instanceof AppError && error.code === 'setup_done') {
			return failure(
				'Die Einrichtung wurde bereits durchgeführt (es gibt schon eine Administration). Weitere Personen: npx treffpunkt user add …',
				3
			);
		}
		throw error;
	}
}

async function userAddCommand(argv: string[], context: CommandContext): Promise<CommandResult> {
	const { values } = options(argv, {
		office: { type: 'string' },
		email: { type: 'string' },
		password: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string' }
	});
	const c = checker();
	const problems = c.problems;
	const mail = c.value(email, values.email, 'email');
	const password = c.value(newPassword, values.password, 'password');
	const name = c.value(requiredText(LIMITS.name), values.name, 'name');
	if (!values.office) problems.push('--office: Bitte geben Sie den slug der Stelle an.');
	if (!values.role || !isRole(values.role)) problems.push(`--role: eine von ${ROLES.join(', ')}`);
	if (problems.length > 0) return usageError(problems.join('\n'));
	const office = await getOfficeBySlug(context.database.db, String(values.office));
	if (!office) return failure(`Es gibt keine Stelle mit dem slug „${values.office}“.`);
	try {
		const result = await addUser(context.database.db, systemActor('cli user add'), {
			officeId: office.id,
			email: mail,
			name,
			role: values.role as (typeof ROLES)[number],
			password
		});
		return ok(`${result.created ? 'Angelegt' : 'Rolle hinzugefügt'}: ${mail} (${values.role}) in ${office.name}\n`);
	} catch (error) {
		if (error instanceof AppError && error.code === 'conflict') return failure(`${mail} gehört schon zu ${office.name}.`);
		throw error;
	}
}

async function resetSecondFactorCommand(argv: string[], context: CommandContext): Promise<CommandResult> {
	const { values } = options(argv, { email: { type: 'string' } });
	const c = checker();
	const mail = c.value(email, values.email, 'email');
	if (c.problems.length > 0) return usageError(c.problems.join('\n'));
	const done = await resetSecondFactor(context.database.db, systemActor('cli user reset-second-factor'), mail);
	if (!done) return failure(`Es gibt kein Konto mit der Adresse ${mail}.`);
	return ok(`Zweiter Faktor von ${mail} entfernt; alle Sitzungen beendet. Beim nächsten Anmelden wird er neu eingerichtet.\n`);
}

/** Counts, for a quick look after restore. */
export async function summary(database: Database): Promise<string> {
	const [rows] = await inScope(database.db, { kind: 'system' }, async (tx) =>
		rowsOf<{ offices: number; users: number }>(
			await tx.execute(sql`select (select count(*) from tenants)::int as offices, (select count(*) from users)::int as users`)
		)
	);
	return `${rows?.offices ?? 0} Stellen, ${rows?.users ?? 0} Konten`;
}

/** GRP-6 from the command line: the same steps as the web import; exit code 1 when rows were rejected. */
async function importGroupsCommand(argv: string[], context: CommandContext): Promise<CommandResult> {
	const { values, positionals } = parseArgs({
		args: argv,
		options: {
			office: { type: 'string' },
			'dry-run': { type: 'boolean' },
			draft: { type: 'boolean' },
			'consent-held': { type: 'boolean' }
		},
		allowPositionals: true,
		strict: true
	});
	const file = positionals[0];
	if (!file || !values.office) return usageError('import groups braucht eine Datei und --office SLUG');
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await fs.readFile(file));
	} catch {
		return failure(`Die Datei ${file} lässt sich nicht lesen.`);
	}
	const db = context.database.db;
	const tenantId = await officeIdBySlug(db, values.office);
	const ctx = { db, actor: systemActor('cli'), tenantId };
	let uploaded;
	try {
		uploaded = await uploadImport(ctx, { bytes, fileName: path.basename(file) });
	} catch (error) {
		if (error instanceof AppError && error.code === 'invalid') return failure(t(String(error.details.code ?? 'spreadsheet_unreadable')));
		throw error;
	}
	const options = { draft: !!values.draft, consentHeld: !!values['consent-held'] };
	const checked = await checkImport(ctx, uploaded.importId, { ...options, mapping: uploaded.mapping });
	const lines: string[] = [];
	const mapped = uploaded.headers.map((header, i) => `${header} → ${uploaded.mapping[i] ?? '–'}`);
	lines.push(`Spalten: ${mapped.join(', ')}`);
	for (let page = 1; ; page++) {
		const rows = await importProblems(db, tenantId, uploaded.importId, page, 1000);
		for (const row of rows) {
			for (const issue of row.issues) lines.push(`Zeile ${row.line}, ${issue.field}: ${t(issue.code, issue.params ?? {})}`);
			for (const warning of row.warnings)
				lines.push(`Zeile ${row.line}, ${warning.field} (Hinweis): ${t(warning.code, warning.params ?? {})}`);
		}
		if (rows.length < 1000) break;
	}
	if (checked.contactColumnsDropped) lines.push(t('import_contact_without_consent'));
	let applied = 0;
	if (!values['dry-run'] && checked.validRows > 0) applied = (await applyImport(ctx, uploaded.importId)).applied;
	const after = await getImport(db, tenantId, uploaded.importId);
	lines.push(
		values['dry-run']
			? `Probelauf: ${after.totalRows} Zeilen, ${after.validRows} gültig (${after.updateRows} davon aktualisieren bestehende Gruppen), ${after.invalidRows} abgelehnt. Nichts wurde geändert.`
			: `Import: ${after.totalRows} Zeilen, ${applied} übernommen (${after.updateRows} davon aktualisiert), ${after.invalidRows} abgelehnt.`
	);
	const stdout = lines.join('\n') + '\n';
	return after.invalidRows > 0
		? { exitCode: 1, stdout, stderr: `Fehler: abgelehnte Zeilen: ${after.invalidRows} (siehe Bericht).\n` }
		: ok(stdout);
}
