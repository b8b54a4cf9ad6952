import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { InviteInput } from '#lib/schemas/account.js';
import { formFailure, invalid, parseForm } from '#lib/server/forms.js';
import { invite, listMembers, removeMember } from '#lib/server/modules/accounts/accounts.service.js';
import { AppError } from '#lib/server/errors.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { getLocale } from '#lib/paraglide/runtime.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'users.manage');
	return { members: await listMembers(runtime().database.db, actor.tenantId), me: actor.userId };
};

export const actions: Actions = {
	invite: async (event) => {
		const actor = requirePermission(event, 'users.manage');
		const form = await event.request.formData();
		const parsed = parseForm(InviteInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const rt = runtime();
		try {
			await invite({ db: rt.database.db, actor, mail: rt.mail, origin: publicOrigin(event.url), locale: getLocale() }, parsed.data);
		} catch (error) {
			if (error instanceof AppError && error.code === 'conflict')
				return formFailure(form, 'error_email_taken', { issues: { email: 'error_email_taken' }, status: 409 });
			throw error;
		}
		return { invited: parsed.data.email };
	},
	remove: async (event) => {
		const actor = requirePermission(event, 'users.manage');
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const name = String(form.get('name') ?? '');
		try {
			await removeMember({ db: runtime().database.db, actor }, userId);
		} catch (error) {
			if (error instanceof AppError && error.code === 'conflict') return formFailure(form, 'users_last_admin', { status: 409 });
			if (error instanceof AppError && error.code === 'not_found') return { removed: name };
			throw error;
		}
		return { removed: name };
	}
};
