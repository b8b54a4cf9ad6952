import type { Actions, PageServerLoad } from './$types';
import { RelayReplyInput } from '#lib/schemas/relay.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { answerRelayMessage, relayReplyView } from '#lib/server/modules/relay/relay.service.js';

// DIR-4: the link in a relayed message. The group's contact person or the office answers once,
// without an account and without JavaScript; the answer goes to the sender with her Reply-To.
export const csr = false;

export const load: PageServerLoad = async ({ params }) => ({ message: await relayReplyView(runtime().database.db, params.token) });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(RelayReplyInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const rt = runtime();
		try {
			await answerRelayMessage(
				{ db: rt.database.db, mail: rt.mail, origin: publicOrigin(event.url) },
				event.params.token,
				parsed.data.reply
			);
		} catch (error) {
			if (error instanceof AppError && error.code === 'not_found') return formFailure(form, 'relay_answer_invalid', { status: 410 });
			throw error;
		}
		return { answered: true };
	}
};
