/**
 * Spam protection of public forms: what server and page share (field names, the challenge a page
 * puts into a form, the reasons a form is refused). No server code here, so that components may
 * import it; the rules live in `server/modules/protection/protection.service.ts`.
 */

/** A visually hidden text input that people leave empty and form-filling robots do not. */
export const HONEYPOT_FIELD = 'homepage';
/** The signed time the form was issued (hidden). Fields starting with `_` are never echoed back. */
export const STAMP_FIELD = '_stamp';
/** The proof-of-work challenge as JSON (hidden, carries `data-challenge` for static/js/challenge.js). */
export const CHALLENGE_FIELD = '_challenge';
/** The number the browser found (hidden; empty without JavaScript). */
export const SOLUTION_FIELD = '_solution';

/** Every field the guard adds to a form: a form's own schema does not know them. */
export const GUARD_FIELDS = [HONEYPOT_FIELD, STAMP_FIELD, CHALLENGE_FIELD, SOLUTION_FIELD] as const;

/**
 * A proof-of-work challenge in the style of altcha: find `number` in 0…maxNumber with
 * hex(sha256(salt + number)) === challenge. `salt` carries its expiry (`…?expires=<unix seconds>`);
 * `signature` is the server's HMAC over the other fields, so a page cannot make up its own.
 */
export type Challenge = { algorithm: 'SHA-256'; salt: string; challenge: string; maxNumber: number; signature: string };

/** What a page puts into a public form. */
export type FormGuard = { stamp: string; challenge: Challenge };

export type GuardFailure = 'honeypot' | 'too_fast' | 'expired' | 'rate_limited' | 'challenge';

/** The catalogue key of the message a page shows for a refused form (`protection_too_fast` …). */
export function guardMessageKey(reason: GuardFailure): string {
	return `protection_${reason}`;
}

/** A copy of a submitted form without the guard's fields, for the form's own (strict) schema. */
export function withoutGuardFields(form: FormData): FormData {
	const copy = new FormData();
	for (const [key, value] of form.entries()) if (!(GUARD_FIELDS as readonly string[]).includes(key)) copy.append(key, value);
	return copy;
}
