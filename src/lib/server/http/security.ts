/**
 * Security headers on every response. Pages get their Content-Security-Policy (with nonces) from
 * SvelteKit's `csp` option in vite.config.ts; every other response gets a strict default here.
 */
export function securityHeaders(headers: Headers, url: URL): void {
	if (!headers.has('content-security-policy')) {
		headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'");
	}
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	headers.set('cross-origin-opener-policy', 'same-origin');
	if (url.protocol === 'https:') headers.set('strict-transport-security', 'max-age=31536000');
}
