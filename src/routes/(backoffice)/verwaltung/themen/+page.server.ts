import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { TopicInput } from '#lib/schemas/topic.js';
import {
	acceptProposedTopic,
	addTopic,
	listTopics,
	thesaurusEditable,
	updateTopic,
	visibleTopicOptions
} from '#lib/server/modules/topics/topics.service.js';
import { splitList } from '#lib/server/modules/groups/groups.input.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'topics.read');
	const db = runtime().database.db;
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const category = event.url.searchParams.get('category') ?? '';
	const [topics, editable] = await Promise.all([listTopics(db, actor, { q, category }), thesaurusEditable(db, actor)]);
	const broaderOptions = editable ? (await visibleTopicOptions(db, actor.tenantId)).map((t) => ({ value: t.value, label: t.labelDe })) : [];
	return { topics, editable, q, category, tenantId: actor.tenantId, broaderOptions };
};

export const actions: Actions = {
	add: async (event) => {
		const actor = requirePermission(event, 'topics.read');
		const form = await event.request.formData();
		const parsed = parseForm(TopicInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const { labelDe, labelEn, category, synonyms } = parsed.data;
		try {
			const result = await addTopic(
				{ db: runtime().database.db, actor },
				{ labelDe, labelEn, category, synonyms: splitList(synonyms) },
				{ propose: !(await thesaurusEditable(runtime().database.db, actor)) }
			);
			return { added: labelDe, status: result.status };
		} catch (e) {
			return serviceFailure(form, e);
		}
	},
	update: async (event) => {
		const actor = requirePermission(event, 'topics.read');
		const form = await event.request.formData();
		const parsed = parseForm(TopicInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await updateTopic({ db: runtime().database.db, actor }, String(form.get('_id') ?? ''), {
				labelDe: parsed.data.labelDe,
				labelEn: parsed.data.labelEn,
				synonyms: splitList(parsed.data.synonyms),
				category: parsed.data.category,
				broaderId: parsed.data.broaderId ?? undefined,
				accept: form.get('_accept') === 'on'
			});
			return { updated: parsed.data.labelDe };
		} catch (e) {
			return serviceFailure(form, e);
		}
	},
	accept: async (event) => {
		const actor = requirePermission(event, 'topics.read');
		const form = await event.request.formData();
		try {
			await acceptProposedTopic({ db: runtime().database.db, actor }, String(form.get('topicId') ?? ''));
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { updated: String(form.get('label') ?? '') };
	}
};
