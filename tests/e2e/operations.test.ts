import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { startServer } from './server.js';

const cli = (args: string[], dataDir: string) =>
	spawnSync(process.execPath, ['bin/treffpunkt.js', ...args], {
		encoding: 'utf8',
		env: { ...process.env, TREFFPUNKT_DATA_DIR: dataDir, TREFFPUNKT_SKIP_BUILD: '1', DATABASE_URL: '' }
	});

describe('operating Treffpunkt', () => {
	it('answers health checks with security headers, stops cleanly on SIGTERM and finds its data again', async () => {
		const server = await startServer();
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok' });
		expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
		const home = await fetch(`${server.url}/`);
		const csp = home.headers.get('content-security-policy') ?? '';
		const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(csp).toContain("frame-ancestors 'self'");
		expect(home.headers.get('x-content-type-options')).toBe('nosniff');
		expect(home.headers.get('referrer-policy')).toBeTruthy();
		expect(home.headers.get('x-request-id')).toBeTruthy();

		// the CLI hands its command to the running server
		const setup = cli(
			['setup', '--office', 'Kontaktstelle Weidental', '--email', 'chefin@example.org', '--password', 'ein-gutes-passwort'],
			server.dataDir
		);
		expect(setup.stderr).toBe('');
		expect(setup.status).toBe(0);
		expect(setup.stdout).toContain('slug: kontaktstelle-weidental');
		const twice = cli(['setup', '--office', 'Noch eine', '--email', 'x@example.org', '--password', 'ein-gutes-passwort'], server.dataDir);
		expect(twice.status).not.toBe(0);
		expect(twice.stderr).toContain('bereits durchgeführt');

		// a second server on the same folder is refused
		await expect(startServer({ dataDir: server.dataDir })).rejects.toThrow(/in use by process/);

		const stopped = await server.stop('SIGTERM');
		expect(stopped.code).toBe(0);
		expect(stopped.ms).toBeLessThan(10_000);

		const again = await startServer({ dataDir: server.dataDir });
		const page = await (await fetch(`${again.url}/kontaktstellen`)).text();
		expect(page).toContain('Kontaktstelle Weidental');
		expect((await again.stop('SIGINT')).code).toBe(0);

		// without a server the CLI opens the folder itself; bad arguments give a German message
		const bad = cli(
			['user', 'add', '--office', 'kontaktstelle-weidental', '--email', 'kein-mail', '--name', 'A', '--role', 'chef', '--password', 'kurz'],
			server.dataDir
		);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('--email: Bitte geben Sie eine E-Mail-Adresse');
		expect(bad.stderr).toContain('--role');
		const added = cli(
			[
				'user',
				'add',
				'--office',
				'kontaktstelle-weidental',
				'--email',
				'team@example.org',
				'--name',
				'Tom Team',
				'--role',
				'staff',
				'--password',
				'ein-gutes-passwort'
			],
			server.dataDir
		);
		expect(added.status).toBe(0);
	});

	it('backs up and restores the embedded database', async () => {
		const server = await startServer();
		const dir = server.dataDir;
		cli(['setup', '--office', 'Kontaktstelle Sicherung', '--email', 'backup@example.org', '--password', 'ein-gutes-passwort'], dir);
		const file = `${dir}/sicherung.tar.gz`;
		const backup = cli(['backup', file], dir);
		expect(backup.stdout).toContain('1 Stellen, 1 Konten');
		const refused = cli(['restore', file], dir);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('Stoppen Sie ihn vor dem Wiederherstellen');
		await server.stop();
		cli(['demo'], dir);
		const restored = cli(['restore', file], dir);
		expect(restored.stderr).toBe('');
		expect(restored.stdout).toContain('1 Stellen, 1 Konten');
	});

	it('answers the 11th failed login within 15 minutes with HTTP 429 and a German message', async () => {
		const server = await startServer();
		const attempt = () =>
			fetch(`${server.url}/anmelden`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
				body: 'email=ziel%40example.org&password=falsch-geraten',
				redirect: 'manual'
			});
		try {
			for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(400);
			const blocked = await attempt();
			expect(blocked.status).toBe(429);
			expect(await blocked.text()).toMatch(/Zu viele Anmeldeversuche\. Bitte versuchen Sie es ab \d{2}:\d{2} Uhr erneut\./);
		} finally {
			await server.stop();
		}
	});
});

// With a PostgreSQL server at hand (TEST_DATABASE_URL, as in CI), the same server runs on it.
if (process.env.TEST_DATABASE_URL) {
	describe('operating Treffpunkt on a PostgreSQL server', () => {
		it('migrates a new database at start, serves it, and takes operator commands over its own connection', async () => {
			const { default: pg } = await import('pg');
			const name = `treffpunkt_e2e_${Date.now()}`;
			const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
			await admin.connect();
			await admin.query(`CREATE DATABASE ${name}`);
			const url = new URL(process.env.TEST_DATABASE_URL!);
			url.pathname = `/${name}`;
			const server = await startServer({ env: { DATABASE_URL: url.toString() } });
			try {
				expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'postgres' });
				const setup = spawnSync(
					process.execPath,
					['bin/treffpunkt.js', 'setup', '--office', 'Landesweite Stelle', '--email', 'pg@example.org', '--password', 'ein-gutes-passwort'],
					{
						encoding: 'utf8',
						env: { ...process.env, DATABASE_URL: url.toString(), TREFFPUNKT_SKIP_BUILD: '1' }
					}
				);
				expect(setup.stderr).toBe('');
				expect(setup.status).toBe(0);
				expect(await (await fetch(`${server.url}/kontaktstellen`)).text()).toContain('Landesweite Stelle');
				expect((await server.stop()).code).toBe(0);
			} finally {
				await server.stop();
				await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await admin.end();
			}
		});
	});
}
