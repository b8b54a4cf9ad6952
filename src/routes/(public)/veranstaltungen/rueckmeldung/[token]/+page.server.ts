import type { Actions, PageServerLoad } from './$types';
import { FeedbackFormInput } from '#lib/schemas/events-feedback.js';
import { formFailure, invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { feedbackFormOf, submitFeedback } from '#lib/server/modules/events/feedback.service.js';

// EVT-3: the link in the e-mail after an event. One answer per link, without an account and without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ params }) => {
	try {
		return { event: await feedbackFormOf(runtime().database.db, params.token) };
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') return { event: null };
		throw error;
	}
};

const scale = (value: string) => (value ? Number(value) : null);

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(FeedbackFormInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const { overall, content, organisation, comment } = parsed.data;
		try {
			await submitFeedback(runtime().database.db, event.params.token, {
				overall: scale(overall),
				content: scale(content),
				organisation: scale(organisation),
				comment
			});
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found')
				return formFailure(form, 'events_feedback_link_unknown', { status: 410 });
			if (error instanceof AppError && typeof error.details.code === 'string')
				return formFailure(form, error.details.code, { status: 409 });
			return serviceFailure(form, error);
		}
		return { answered: true };
	}
};
