// The HTTP server around SvelteKit's handler (adapter-node), with the runtime settings
// PORT, HOST and ORIGIN read when the process starts, graceful shutdown on SIGTERM/SIGINT,
// and the local command channel for `npx treffpunkt` (see src/lib/server/cli/channel.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHUTDOWN_MS = 8000;

function log(level, msg, fields = {}) {
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
	(level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}

/** A start that cannot work ends with one clear sentence, not a stack trace. */
function fail(error) {
	const e = /** @type {any} */ (error);
	let message;
	if (e?.code === 'database_locked') {
		message = `Der Datenordner wird schon benutzt${e.details?.pid ? ` (Prozess ${e.details.pid})` : ''} – läuft Treffpunkt bereits? Beenden Sie den anderen Prozess oder wählen Sie mit TREFFPUNKT_DATA_DIR einen anderen Ordner.`;
	} else if (e?.code === 'EADDRINUSE') {
		message = `Port ${e.port} ist schon belegt. Starten Sie mit einem anderen Port, zum Beispiel: PORT=3001 npm start`;
	} else if (e?.code === 'EACCES') {
		message = `Keine Berechtigung für ${e.address}:${e.port}. Wählen Sie einen Port über 1024.`;
	} else if (String(e?.message).startsWith('Invalid configuration')) {
		message = `Die Konfiguration ist ungültig.\n${e.message}`;
	} else {
		message = `Treffpunkt konnte nicht starten: ${e?.message ?? e}`;
	}
	log('error', 'start failed', { error: e?.message, code: e?.code, stack: process.env.LOG_LEVEL === 'debug' ? e?.stack : undefined });
	console.error(`\n${message}\n`);
	process.exit(1);
}

export async function serve() {
	const port = Number(process.env.PORT || 3000);
	const host = process.env.HOST || '127.0.0.1';
	const origin = process.env.ORIGIN ? new URL(process.env.ORIGIN) : undefined;
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		console.error(`PORT muss eine Zahl zwischen 1 und 65535 sein, nicht „${process.env.PORT}“.`);
		process.exit(1);
	}
	// adapter-node 6 takes the protocol from a header and assumes https without one. We set that
	// header ourselves: from ORIGIN if configured, from the proxy's header if PROTOCOL_HEADER is
	// configured, else plain http (a laptop on localhost).
	const trustedProtoHeader = process.env.PROTOCOL_HEADER?.toLowerCase();
	const trustedHostHeader = process.env.HOST_HEADER?.toLowerCase();
	process.env.PROTOCOL_HEADER = 'x-treffpunkt-proto';
	process.env.HOST_HEADER = 'x-treffpunkt-host';
	const token = randomBytes(32).toString('base64url');
	process.env.TREFFPUNKT_CLI_TOKEN = token;
	// spreadsheets of a whole region are uploaded in one request (GRP-6); SvelteKit's default is 512 KB
	process.env.BODY_SIZE_LIMIT ??= '50M';

	let handler;
	try {
		// importing the handler runs SvelteKit's init hook: configuration, database, migrations
		({ handler } = await import(path.join(root, 'build', 'handler.js')));
	} catch (error) {
		fail(error);
	}

	const server = http.createServer((req, res) => {
		const proto = origin ? origin.protocol.slice(0, -1) : (trustedProtoHeader && req.headers[trustedProtoHeader]) || 'http';
		const hostHeader = origin ? origin.host : (trustedHostHeader && req.headers[trustedHostHeader]) || req.headers.host;
		req.headers['x-treffpunkt-proto'] = String(proto).split(',')[0].trim();
		if (hostHeader) req.headers['x-treffpunkt-host'] = String(hostHeader);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end();
		});
	});

	// the database is open and migrated by now: importing the handler awaited SvelteKit's init hook
	await new Promise((resolve) => {
		server.once('error', fail);
		server.listen(port, host, resolve);
	});
	const address = server.address();
	const localUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${address.port}`;
	log('info', 'listening', { url: localUrl, origin: origin?.origin });

	const dataDir = path.resolve(process.env.TREFFPUNKT_DATA_DIR || './data');
	const infoFile = path.join(dataDir, 'server.json');
	if (!process.env.DATABASE_URL) {
		fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, url: localUrl, token }), { mode: 0o600 });
	}

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		log('info', 'shutting down', { signal });
		const force = setTimeout(() => {
			log('error', 'shutdown took too long; exiting');
			process.exit(1);
		}, SHUTDOWN_MS);
		force.unref();
		process.once('treffpunkt:closed', () => {
			if (!process.env.DATABASE_URL) fs.rmSync(infoFile, { force: true });
			log('info', 'stopped');
			process.exit(0);
		});
		server.closeIdleConnections();
		server.close(() => process.emit('sveltekit:shutdown', signal));
		setTimeout(() => server.closeAllConnections(), 2000).unref();
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}
