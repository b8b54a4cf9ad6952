// Runs after `npm install`: compiles the message catalogue (Paraglide), writes SvelteKit's
// generated types, and links the operator CLI so that `npx treffpunkt` works in this folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** @param {string} name */
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (!fs.existsSync(bin('paraglide-js'))) process.exit(0); // production install without dev tools
execFileSync(
	bin('paraglide-js'),
	[
		'compile',
		'--project',
		'./project.inlang',
		'--outdir',
		'./src/lib/paraglide',
		'--strategy',
		'url',
		'baseLocale',
		'--emit-ts-declarations',
		'--silent'
	],
	{ cwd: root, stdio: 'inherit' }
);
execFileSync(bin('svelte-kit'), ['sync'], { cwd: root, stdio: 'inherit' });
const link = bin('treffpunkt');
fs.rmSync(link, { force: true });
fs.symlinkSync(path.join('..', '..', 'bin', 'treffpunkt.js'), link);
