import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Every back-office entry point must call a guard itself: each exported `load`, each form
 * action and each request handler in +page.server.ts, +layout.server.ts and +server.ts below
 * src/routes/(backoffice). A layout is not a security boundary.
 */
const ROOT = path.resolve('src/routes/(backoffice)');
const GUARDS = ['requireUser', 'requirePermission'];
const HANDLERS = new Set(['load', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback']);

function files(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return files(p);
		return /^\+(page|layout)\.server\.ts$|^\+server\.ts$/.test(e.name) ? [p] : [];
	});
}

function callsGuard(node: ts.Node): boolean {
	let found = false;
	const visit = (n: ts.Node) => {
		if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && GUARDS.includes(n.expression.text)) found = true;
		if (!found) ts.forEachChild(n, visit);
	};
	visit(node);
	return found;
}

/** The entry points of one file and whether each calls a guard. */
export function entryPoints(source: string, file = 'x.ts'): { name: string; guarded: boolean }[] {
	const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
	const found: { name: string; guarded: boolean }[] = [];
	for (const statement of sf.statements) {
		const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
		if (!exported) continue;
		if (ts.isFunctionDeclaration(statement) && statement.name && HANDLERS.has(statement.name.text)) {
			found.push({ name: statement.name.text, guarded: callsGuard(statement) });
		}
		if (ts.isVariableStatement(statement)) {
			for (const d of statement.declarationList.declarations) {
				if (!ts.isIdentifier(d.name) || !d.initializer) continue;
				const name = d.name.text;
				if (HANDLERS.has(name)) found.push({ name, guarded: callsGuard(d.initializer) });
				if (name === 'actions') {
					const init =
						ts.isSatisfiesExpression(d.initializer) || ts.isAsExpression(d.initializer) ? d.initializer.expression : d.initializer;
					if (!ts.isObjectLiteralExpression(init)) {
						found.push({ name: 'actions', guarded: false });
						continue;
					}
					for (const p of init.properties) {
						const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '?';
						found.push({ name: `actions.${key}`, guarded: callsGuard(p) });
					}
				}
			}
		}
	}
	return found;
}

describe('back-office guards', () => {
	it('finds the back-office entry points', () => {
		expect(files(ROOT).length).toBeGreaterThan(5);
	});

	it('has a guard call in every load, form action and request handler', () => {
		const missing = files(ROOT).flatMap((f) =>
			entryPoints(fs.readFileSync(f, 'utf8'), f)
				.filter((e) => !e.guarded)
				.map((e) => `${path.relative(process.cwd(), f)}: ${e.name}`)
		);
		expect(missing).toEqual([]);
	});

	it('notices an unguarded action (the check itself can fail)', () => {
		const src = `export const load = (e) => { requirePermission(e, 'audit.read'); };
export const actions = { save: async (e) => { return 1; }, ok: async (e) => { requireUser(e); } };
export async function POST() { return new Response(); }`;
		expect(
			entryPoints(src)
				.filter((e) => !e.guarded)
				.map((e) => e.name)
		).toEqual(['actions.save', 'POST']);
	});

	it('keeps database access out of routes (parse, guard, call, map)', () => {
		const all = (dir: string): string[] =>
			fs
				.readdirSync(dir, { withFileTypes: true })
				.flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
		const offenders = all(path.resolve('src/routes')).filter((f) =>
			/from '(drizzle-orm|pg|@electric-sql\/pglite)|server\/db\//.test(fs.readFileSync(f, 'utf8'))
		);
		expect(offenders).toEqual([]);
	});
});
