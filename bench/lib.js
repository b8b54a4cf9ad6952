// What the benchmarks share: a free port, the flags `npm start` runs the server with, one HTTP request
// on a keep-alive agent, and percentiles of measured times. Each benchmark starts its server itself
// (they differ in environment, log level and what they read from the log).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

export const root = path.resolve(import.meta.dirname, '..');

/** A TCP port nothing listens on right now. */
export const freePort = () =>
	/** @type {Promise<number>} */ (
		new Promise((resolve) => {
			const s = net.createServer().listen(0, '127.0.0.1', () => {
				const address = s.address();
				s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
			});
		})
	);

/** The Node flags of `npm start` (package.json), e.g. its JavaScript heap limit: a benchmark runs the server as users do. */
export const npmStartFlags = (
	/node (.*?)bin\/treffpunkt\.js serve/.exec(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start)?.[1] ?? ''
)
	.trim()
	.split(/\s+/)
	.filter(Boolean);

/** BENCH_PROFILE=<dir>: Node flags that make the server write a CPU profile there when it stops (to see where the time goes). */
export const profileFlags = () => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);

/**
 * One request on a keep-alive agent; resolves with status, location and body once all arrived.
 * @param {http.Agent} agent @param {number} port @param {string} method @param {string} urlPath
 * @param {Record<string, string>} [headers] @param {string} [body]
 * @returns {Promise<{ status: number, location: string, body: string }>}
 */
export function request(agent, port, method, urlPath, headers = {}, body) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers }, (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), body: Buffer.concat(chunks).toString('utf8') })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** @param {number[]} times */
export function percentiles(times) {
	const sorted = [...times].sort((a, b) => a - b);
	const q = (/** @type {number} */ p) => /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
	return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: /** @type {number} */ (sorted.at(-1)) };
}

/** Runs `npx treffpunkt <args>` against the installation `env` names; throws with its output when it fails. @param {NodeJS.ProcessEnv} env */
export function cli(env, /** @type {string[]} */ args) {
	const result = spawnSync(process.execPath, ['bin/treffpunkt.js', ...args], {
		cwd: root,
		env: { ...env, TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
	if (result.status !== 0) throw new Error(`treffpunkt ${args[0]} failed: ${result.stderr || result.stdout}`);
}

/**
 * The built server as `npm start` runs it (its Node flags, jobs off, log level warn) on a free port, once
 * `/healthz` answers; its warnings and errors are kept. @param {NodeJS.ProcessEnv} env
 */
export async function startServer(env) {
	const port = await freePort();
	const proc = spawn(process.execPath, [...npmStartFlags, ...profileFlags(), 'bin/treffpunkt.js', 'serve'], {
		cwd: root,
		env: { ...env, PORT: String(port), TREFFPUNKT_JOBS: 'off', TREFFPUNKT_SKIP_BUILD: '1', LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	/** @type {string[]} */
	const problems = [];
	readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (proc.stderr) }).on('line', (text) => {
		if (text.trim() && problems.length < 200) problems.push(text);
	});
	/** @type {string | null} */
	let exit = null;
	proc.on('exit', (code, signal) => (exit = signal ?? String(code)));
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 480 && exit === null; i++) {
		if (
			await fetch(`${base}/healthz`)
				.then((r) => r.ok)
				.catch(() => false)
		)
			break;
		await new Promise((r) => setTimeout(r, 250));
	}
	if (exit !== null) throw new Error(`the server stopped (exit ${exit}): ${problems.slice(-5).join('\n')}`);
	return {
		base,
		port,
		errors: () => problems.filter((p) => /"level":"error"|FATAL|out of memory/i.test(p)),
		rss: () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
		stop: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					if (exit !== null) return resolve();
					proc.once('exit', () => resolve());
					proc.kill('SIGTERM');
				})
			)
	};
}
