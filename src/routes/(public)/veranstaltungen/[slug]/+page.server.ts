import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import { guardMessageKey, withoutGuardFields } from '#lib/form-guard.js';
import { formFailure, invalid, readForm, serviceFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { checkPublicForm, formGuard } from '#lib/server/modules/protection/protection.service.js';
import { jsonForScript } from '#lib/server/modules/directory/group-page.service.js';
import { eventJsonLd, publicEvent } from '#lib/server/modules/events/events.public.js';
import { register, registrationIssues } from '#lib/server/modules/events/registrations.service.js';
import { RegistrationForm } from '#lib/schemas/events.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';

// An event's page (EVT-5) with its registration form (EVT-2): rendered on the server only, works without JavaScript.
export const csr = false;

const Slug = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/));
const SHAPE = { flags: ['consent'] } as const;
/** Per client address: 10 registrations an hour, 30 a day (halved without JavaScript). */
const LIMIT = { perHour: 10, perDay: 30 };

export const load: PageServerLoad = async ({ params, url }) => {
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) error(404, 'not found');
	const db = runtime().database.db;
	const event = await publicEvent(db, slug.output, getLocale());
	if (!event) error(404, 'not found');
	const origin = publicOrigin(url).replace(/\/+$/, '');
	const pageUrl = origin + localizeHref(`/veranstaltungen/${event.slug}`);
	const officeUrl = event.office.published ? origin + localizeHref(`/kontaktstellen/${event.office.slug}`) : null;
	const open = event.availability === 'open' || event.availability === 'waitlist';
	return { event, jsonLd: jsonForScript(eventJsonLd(event, { pageUrl, officeUrl })), guard: open ? await formGuard(db) : null };
};

export const actions: Actions = {
	default: async (request) => {
		const submitted = await request.request.formData();
		const form = withoutGuardFields(submitted);
		const db = runtime().database.db;
		const event = await publicEvent(db, request.params.slug, getLocale());
		if (!event) error(404, 'not found');
		const { values, input } = readForm(form, SHAPE);
		const answers = Object.fromEntries(event.extraFields.map((field) => [field.key, String(input[`answer_${field.key}`] ?? '')]));
		// every mistake at once: the service's checks of name, address and answers, and the consent
		const issues = registrationIssues({ name: String(input.name ?? ''), email: String(input.email ?? ''), answers }, event.extraFields);
		const parsed = v.safeParse(RegistrationForm, input);
		if (!parsed.success) {
			for (const issue of parsed.issues) {
				const key = v.getDotPath(issue);
				if (key && !issues[key]) issues[key] = issue.message;
			}
		}
		if (Object.keys(issues).length || !parsed.success) return invalid({ values, issues });
		const guard = await checkPublicForm(db, {
			form: submitted,
			ip: request.locals.clientAddress,
			action: 'event-registration',
			limit: LIMIT
		});
		if (!guard.ok) return formFailure(form, guardMessageKey(guard.reason), { status: guard.reason === 'rate_limited' ? 429 : 400 });
		let token: string;
		try {
			const rt = runtime();
			const result = await register({ db, mail: rt.mail, origin: publicOrigin(request.url) }, event.id, {
				name: parsed.output.name,
				email: parsed.output.email,
				answers,
				locale: getLocale()
			});
			token = result.token;
		} catch (failure) {
			// registration closed meanwhile, cancelled, the address already registered: said at the form
			if (failure instanceof AppError && failure.code === 'conflict')
				return invalid({ values, issues: (failure.details.issues as Record<string, string>) ?? {} }, 409);
			return serviceFailure(form, failure, SHAPE);
		}
		redirect(303, `${localizeHref(`/veranstaltungen/anmeldung/${token}`)}?neu=1`);
	}
};
