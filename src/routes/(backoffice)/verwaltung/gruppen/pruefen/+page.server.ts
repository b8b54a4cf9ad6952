import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { serviceFailure } from '#lib/server/forms.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { resolveReport, reviewQueue } from '#lib/server/modules/groups/groups.service.js';
import { decideProposal } from '#lib/server/modules/groups/proposals.service.js';
import { visibleTopicOptions } from '#lib/server/modules/topics/topics.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.edit');
	const db = runtime().database.db;
	const [queue, topics] = await Promise.all([reviewQueue(db, actor), visibleTopicOptions(db, actor.tenantId)]);
	return { ...queue, topicLabels: Object.fromEntries(topics.map((topic) => [topic.value, topic.labelDe])) };
};

export const actions: Actions = {
	decide: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const rt = runtime();
		const approve = form.get('decision') === 'approve';
		try {
			const result = await decideProposal(
				{ db: rt.database.db, actor, mail: rt.mail, locale: getLocale(), requestId: event.locals.requestId },
				String(form.get('proposalId') ?? ''),
				approve ? { approve: true } : { approve: false, comment: String(form.get('comment') ?? '') }
			);
			return { decided: approve ? 'approved' : 'returned', conflicts: result.conflicts };
		} catch (e) {
			return serviceFailure(form, e);
		}
	},
	resolve: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		try {
			await resolveReport(
				serviceContext(event, actor),
				String(form.get('reportId') ?? ''),
				String(form.get('resolution') ?? '').slice(0, 500)
			);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { resolved: true };
	}
};
