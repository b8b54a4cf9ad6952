import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** argon2id with the library's recommended defaults (memory 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
	return hash(password);
}

// verified against when no account exists, so that timing does not reveal which e-mails are registered
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hashValue: string | null | undefined, password: string): Promise<boolean> {
	try {
		dummyHash ??= hash('treffpunkt-timing-equaliser');
		const target = hashValue ?? (await dummyHash);
		const ok = await verify(target, password);
		return ok && hashValue !== null && hashValue !== undefined;
	} catch {
		return false;
	}
}

/** A random secret token for cookies and links, and the hash that is stored instead of it. */
export function newToken(): { token: string; id: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, id: tokenId(token) };
}

export function tokenId(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
