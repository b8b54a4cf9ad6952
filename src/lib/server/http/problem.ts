import { t } from '../../i18n.js';

/**
 * RFC 9457 problem details for the public API, in German unless the client asks for English
 * (`Accept-Language: en…` or `?lang=en`). CORS is open: the API serves only public data.
 */
export type ApiLocale = 'de' | 'en';

export const CORS_HEADERS = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, OPTIONS',
	'access-control-allow-headers': 'Accept, Accept-Language, Content-Type',
	'access-control-max-age': '86400'
} as const;

export function apiLocale(request: Request, url: URL): ApiLocale {
	const asked = url.searchParams.get('lang') ?? request.headers.get('accept-language') ?? '';
	return /^\s*en\b/i.test(asked) ? 'en' : 'de';
}

/** A JSON answer; `body` already serialised (a string) is sent as it is. */
export function apiJson(body: unknown, init: { status?: number; locale?: ApiLocale; headers?: Record<string, string> } = {}): Response {
	return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
		status: init.status ?? 200,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			...(init.locale ? { 'content-language': init.locale } : {}),
			...CORS_HEADERS,
			...init.headers
		}
	});
}

/** A problem response; `invalidParams` name each parameter with its message (RFC 9457 §3.1 extension). */
export function problem(
	status: 400 | 404 | 405 | 429 | 500,
	titleKey: string,
	locale: ApiLocale,
	options: { detailKey?: string; detailParams?: Record<string, string>; invalidParams?: { name: string; messageKey: string }[] } = {}
): Response {
	const body = {
		type: `about:blank`,
		title: t(titleKey, {}, locale),
		status,
		...(options.detailKey ? { detail: t(options.detailKey, options.detailParams ?? {}, locale) } : {}),
		...(options.invalidParams?.length
			? { invalidParams: options.invalidParams.map((p) => ({ name: p.name, reason: t(p.messageKey, {}, locale) })) }
			: {})
	};
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': locale, ...CORS_HEADERS }
	});
}

export const preflight = (): Response => new Response(null, { status: 204, headers: CORS_HEADERS });
