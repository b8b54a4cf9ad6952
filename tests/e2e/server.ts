import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real Treffpunkt server process on a free port with its own data folder. */
export type TestServer = {
	url: string;
	dataDir: string;
	process: ChildProcess;
	log: () => string;
	setupCode: () => string | undefined;
	stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; ms: number }>;
};

const children = new Set<ChildProcess>();
// never leave a server running when a test fails or the run is interrupted
process.once('exit', () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export async function startServer(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
	const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'treffpunkt-e2e-'));
	const port = await freePort();
	let output = '';
	const child = spawn(process.execPath, ['bin/treffpunkt.js', 'serve'], {
		cwd: path.resolve('.'),
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			TREFFPUNKT_DATA_DIR: dataDir,
			TREFFPUNKT_SKIP_BUILD: '1',
			LOG_LEVEL: 'info',
			DATABASE_URL: '',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	child.once('exit', () => children.delete(child));
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 90_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
		const ok = await fetch(`${url}/healthz`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not start:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		dataDir,
		process: child,
		log: () => output,
		setupCode: () => /"setupCode":"(\w+)"/.exec(output)?.[1],
		stop: (signal = 'SIGTERM') =>
			new Promise((resolve) => {
				const started = Date.now();
				if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
				child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
				child.kill(signal);
			})
	};
}

/** Runs `npx treffpunkt <args>` against the server's data folder (as an operator would); throws with its error output when it fails. */
export function treffpunktCli(server: TestServer, args: string[]): string {
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', ...args], {
		encoding: 'utf8',
		env: { ...process.env, TREFFPUNKT_DATA_DIR: server.dataDir, TREFFPUNKT_SKIP_BUILD: '1', DATABASE_URL: '' }
	});
	if (result.status !== 0) throw new Error(`treffpunkt ${args[0]} failed (${result.status}): ${result.stderr}`);
	return result.stdout;
}
