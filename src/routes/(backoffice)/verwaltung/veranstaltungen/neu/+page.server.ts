import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm } from '#lib/server/forms.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { EVENT_FORM_SHAPE, EventForm } from '#lib/schemas/events.js';
import { createEventWithExtras, eventFormFailure, eventFromForm } from '#lib/server/modules/events/events.edit.js';
import { listSpeakers } from '#lib/server/modules/events/speakers.service.js';
import { listRooms } from '#lib/server/modules/rooms/rooms.service.js';
import { programmeOptions } from '#lib/server/modules/events/programmes.service.js';
import { publicTopics } from '#lib/server/modules/directory/directory.public.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.edit');
	const db = runtime().database.db;
	const [rooms, topics, speakers, programmes] = await Promise.all([
		listRooms({ db, actor }),
		publicTopics(db, getLocale()),
		listSpeakers({ db, actor }),
		programmeOptions({ db, actor })
	]);
	return {
		rooms: rooms.map((room) => ({ id: room.id, name: room.name })),
		topics: topics.map((topic) => ({ id: topic.id, label: topic.label })),
		speakers: speakers.map((speaker) => ({ id: speaker.id, name: speaker.name })),
		programmes
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(EventForm, form, EVENT_FORM_SHAPE);
		if (!parsed.ok) return invalid(parsed.failure);
		const record = eventFromForm(parsed.data);
		if (!record.ok) return invalid({ values: readForm(form, EVENT_FORM_SHAPE).values, issues: record.issues });
		const ctx = { db: runtime().database.db, actor, requestId: event.locals.requestId };
		let created: { id: string };
		try {
			// the event, its sessions, questions, topics, speakers and room bookings in one transaction
			created = await createEventWithExtras(ctx, record.input, record.extras);
		} catch (error) {
			return eventFormFailure(form, error, EVENT_FORM_SHAPE, getLocale());
		}
		redirect(303, `${localizeHref(`/verwaltung/veranstaltungen/${created.id}`)}?gespeichert=1`);
	}
};
