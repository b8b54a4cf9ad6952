import type { Actions } from './$types';
import { ResetRequestInput } from '#lib/schemas/account.js';
import { invalid, parseForm } from '#lib/server/forms.js';
import { runtime } from '#lib/server/runtime.js';
import { requestPasswordReset } from '#lib/server/modules/accounts/accounts.service.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { getLocale } from '#lib/paraglide/runtime.js';

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(ResetRequestInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const rt = runtime();
		await requestPasswordReset(
			{ db: rt.database.db, mail: rt.mail, origin: publicOrigin(event.url), locale: getLocale() },
			parsed.data.email
		);
		return { sent: true };
	}
};
