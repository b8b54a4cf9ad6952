import { redirect, type RequestEvent } from '@sveltejs/kit';
import { TotpInput } from '../../schemas/account.js';
import { formFailure, invalid, parseForm, rateLimited } from '../forms.js';
import { forgetOwnSession, runtime } from '../runtime.js';
import { verifySecondFactor } from '../modules/accounts/accounts.service.js';
import { safeNext } from '../http/redirects.js';
import { requirePendingSession } from './guards.js';

/** The form action of both second-factor pages (enrolment and everyday code entry). */
export async function submitSecondFactor(event: RequestEvent) {
	const session = requirePendingSession(event);
	const form = await event.request.formData();
	const parsed = parseForm(TotpInput, form);
	if (!parsed.ok) return invalid(parsed.failure);
	const result = await verifySecondFactor(runtime().database.db, session, {
		code: parsed.data.code,
		clientAddress: event.locals.clientAddress
	});
	if (result.kind === 'rate_limited') return rateLimited(form, result.retryAt);
	if (result.kind === 'invalid') return formFailure(form, 'totp_failed', { issues: { code: 'totp_failed' } });
	forgetOwnSession(event.locals);
	redirect(303, safeNext(String(form.get('_next') ?? '')));
}
