import * as OTPAuth from 'otpauth';
import { renderSVG } from 'uqr';

/** TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app supports. */
function totp(secret: string, label = 'Treffpunkt'): OTPAuth.TOTP {
	return new OTPAuth.TOTP({
		issuer: 'Treffpunkt',
		label,
		algorithm: 'SHA1',
		digits: 6,
		period: 30,
		secret: OTPAuth.Secret.fromBase32(secret)
	});
}

export function newTotpSecret(): string {
	return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, email: string): string {
	return totp(secret, email).toString();
}

export function totpQrSvg(secret: string, email: string): string {
	return renderSVG(totpUri(secret, email), { border: 2 });
}

export const TOTP_PERIOD_MS = 30_000;

/**
 * Accepts the current code and one period either side (clock drift). Returns the time step the
 * code belongs to, so that the caller can refuse a code that was already used, or null.
 */
export function checkTotp(secret: string, code: string, now = Date.now()): number | null {
	const delta = totp(secret).validate({ token: code, window: 1, timestamp: now });
	return delta === null ? null : Math.floor(now / TOTP_PERIOD_MS) + delta;
}

/** The current code (for tests and the CLI's own checks). */
export function currentTotp(secret: string, now = Date.now()): string {
	return totp(secret).generate({ timestamp: now });
}
