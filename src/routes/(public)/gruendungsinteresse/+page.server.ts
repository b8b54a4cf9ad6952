import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { FoundingInterestInput } from '#lib/schemas/founding.js';
import { withoutGuardFields } from '#lib/form-guard.js';
import { formFailure, invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { isKnownPostalCode } from '#lib/server/geo/places.js';
import { formGuard } from '#lib/server/modules/protection/protection.service.js';
import { FOUNDING_TOPIC, foundingConsentText, registerInterest } from '#lib/server/modules/founding/founding.service.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';

// a public form: rendered on the server only, works without JavaScript
export const csr = false;

const SHAPE = { flags: ['consent'] } as const;
const FIELDS = ['topic', 'postalCode', 'email', 'consent'] as const;

export const load: PageServerLoad = async ({ url }) => ({
	guard: await formGuard(runtime().database.db),
	consent: foundingConsentText(getLocale()),
	// the search page links here when nothing fits: /gruendungsinteresse?thema=…&plz=…
	prefill: {
		topic: (url.searchParams.get('thema') ?? '').trim().slice(0, FOUNDING_TOPIC.max),
		postalCode: (url.searchParams.get('plz') ?? '').trim().slice(0, 10)
	}
});

export const actions: Actions = {
	default: async (event) => {
		const submitted = await event.request.formData();
		const form = withoutGuardFields(submitted);
		const parsed = parseForm(FoundingInterestInput, form, SHAPE);
		if (!parsed.ok) {
			// a postal code that does not exist is named together with the other mistakes, not only on the next try
			const { issues, values } = parsed.failure;
			const postalCode = values.postalCode?.trim() ?? '';
			if (!issues.postalCode && postalCode && !isKnownPostalCode(postalCode)) issues.postalCode = 'error_postal_code_unknown';
			// the summary lists the mistakes in the order of the fields
			const ordered = Object.fromEntries(FIELDS.flatMap((name) => (issues[name] ? [[name, issues[name]]] : [])));
			return invalid({ ...parsed.failure, issues: { ...ordered, ...issues } });
		}
		const rt = runtime();
		try {
			await registerInterest(
				{ db: rt.database.db, mail: rt.mail, origin: publicOrigin(event.url) },
				{ topic: parsed.data.topic, postalCode: parsed.data.postalCode, email: parsed.data.email, locale: getLocale() },
				{ form: submitted, ip: event.locals.clientAddress }
			);
		} catch (error) {
			if (error instanceof AppError && error.code === 'rate_limited')
				return formFailure(form, String(error.details.code ?? 'protection_rate_limited'), { status: 429 });
			return serviceFailure(form, error, SHAPE);
		}
		// the same page for a new and a repeated interest: the form does not tell whether an address is registered
		redirect(303, localizeHref('/gruendungsinteresse/danke'));
	}
};
