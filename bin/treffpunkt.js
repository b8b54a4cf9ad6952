#!/usr/bin/env node
// Treffpunkt's operator entry point: `npx treffpunkt <command>`; `npm start` runs `serve`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
	console.error(`Treffpunkt braucht Node.js 22.17 oder neuer (empfohlen: 24). Hier läuft ${process.version}.`);
	process.exit(1);
}

/** Newest modification time below the given folders (the sources the build is made from). */
function newest(paths) {
	let max = 0;
	const walk = (p) => {
		let st;
		try {
			st = fs.statSync(p);
		} catch {
			return;
		}
		if (st.isDirectory()) {
			if (p.endsWith(`${path.sep}paraglide`)) return;
			for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
		} else if (st.mtimeMs > max) max = st.mtimeMs;
	};
	paths.forEach((p) => walk(path.join(root, p)));
	return max;
}

/** Builds the app on first start and after the sources changed (e.g. after `git pull`). */
function ensureBuilt() {
	const stamp = path.join(root, 'build', '.stamp');
	const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
	const sources = newest(['src', 'messages', 'drizzle', 'static', 'package.json', 'vite.config.ts', 'vite.cli.config.ts']);
	if (
		built >= sources &&
		fs.existsSync(path.join(root, 'build', 'handler.js')) &&
		fs.existsSync(path.join(root, 'build', 'cli', 'main.js'))
	)
		return;
	const vite = path.join(root, 'node_modules', '.bin', 'vite');
	if (!fs.existsSync(vite)) {
		console.error('Treffpunkt ist nicht gebaut, und die Build-Werkzeuge fehlen. Bitte `npm install` ausführen.');
		process.exit(1);
	}
	console.error('Treffpunkt wird gebaut (einmalig, etwa eine Minute) …');
	for (const args of [['build'], ['build', '--config', 'vite.cli.config.ts']]) {
		const result = spawnSync(vite, args, {
			cwd: root,
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, NODE_ENV: 'production' }
		});
		if (result.status !== 0) {
			console.error('Der Build ist fehlgeschlagen.');
			process.exit(1);
		}
	}
	fs.writeFileSync(stamp, new Date().toISOString());
}

const argv = process.argv.slice(2);
if (process.env.TREFFPUNKT_SKIP_BUILD !== '1') ensureBuilt();
if (argv[0] === 'serve') {
	const { serve } = await import('./serve.js');
	await serve();
} else {
	const { main } = await import(path.join(root, 'build', 'cli', 'main.js'));
	process.exitCode = await main(argv);
}
