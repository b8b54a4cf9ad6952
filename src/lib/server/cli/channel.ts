import fs from 'node:fs';
import path from 'node:path';
import { safeEqual } from '../auth/crypto.js';

/**
 * The local command channel of a running server: the server writes its address and a random
 * token to <data dir>/server.json (readable only by its user); the CLI sends commands to
 * POST /intern/cli with that token. Only loopback clients are accepted.
 */
export type ServerInfo = { pid: number; url: string; token: string };

export function serverInfoFile(dataDir: string): string {
	return path.join(dataDir, 'server.json');
}

export function readServerInfo(dataDir: string): ServerInfo | undefined {
	try {
		return JSON.parse(fs.readFileSync(serverInfoFile(dataDir), 'utf8')) as ServerInfo;
	} catch {
		return undefined;
	}
}

export function channelAuthorised(authorization: string | null, clientAddress: string, token: string | undefined): boolean {
	if (!token || !authorization?.startsWith('Bearer ')) return false;
	const loopback = clientAddress === '127.0.0.1' || clientAddress === '::1' || clientAddress === '::ffff:127.0.0.1';
	return loopback && safeEqual(authorization.slice(7), token);
}
