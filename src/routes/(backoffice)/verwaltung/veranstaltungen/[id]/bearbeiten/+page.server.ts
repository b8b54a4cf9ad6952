import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime } from '#lib/server/runtime.js';
import { AppError } from '#lib/server/errors.js';
import { invalid, parseForm, readForm } from '#lib/server/forms.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { isUuid } from '#lib/server/ids.js';
import { getLocale, localizeHref } from '#lib/paraglide/runtime.js';
import { EVENT_FORM_SHAPE, EventForm } from '#lib/schemas/events.js';
import { eventDetail } from '#lib/server/modules/events/events.queries.js';
import { eventFormFailure, eventFormValues, eventFromForm, updateEvent } from '#lib/server/modules/events/events.edit.js';
import { listRooms } from '#lib/server/modules/rooms/rooms.service.js';
import { programmeOptions } from '#lib/server/modules/events/programmes.service.js';
import { listSpeakers } from '#lib/server/modules/events/speakers.service.js';
import { publicTopics } from '#lib/server/modules/directory/directory.public.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'events.edit');
	if (!isUuid(event.params.id)) error(404, 'not found');
	const db = runtime().database.db;
	try {
		const [detail, rooms, topics, speakers, programmes] = await Promise.all([
			eventDetail({ db, actor }, event.params.id),
			listRooms({ db, actor }),
			publicTopics(db, getLocale()),
			listSpeakers({ db, actor }),
			programmeOptions({ db, actor })
		]);
		return {
			event: { id: detail.id, title: detail.title, status: detail.status },
			values: eventFormValues(detail),
			rooms: rooms.map((room) => ({ id: room.id, name: room.name })),
			topics: topics.map((topic) => ({ id: topic.id, label: topic.label })),
			speakers: speakers.map((speaker) => ({ id: speaker.id, name: speaker.name })),
			programmes
		};
	} catch (failure) {
		if (failure instanceof AppError && failure.code === 'not_found') error(404, 'not found');
		throw failure;
	}
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'events.edit');
		const form = await event.request.formData();
		const parsed = parseForm(EventForm, form, EVENT_FORM_SHAPE);
		if (!parsed.ok) return invalid(parsed.failure);
		const record = eventFromForm(parsed.data);
		if (!record.ok) return invalid({ values: readForm(form, EVENT_FORM_SHAPE).values, issues: record.issues });
		const rt = runtime();
		try {
			await updateEvent(
				{ db: rt.database.db, actor, requestId: event.locals.requestId, mail: rt.mail, origin: publicOrigin(event.url) },
				event.params.id,
				record.input,
				record.extras
			);
		} catch (failure) {
			return eventFormFailure(form, failure, EVENT_FORM_SHAPE, getLocale());
		}
		redirect(303, `${localizeHref(`/verwaltung/veranstaltungen/${event.params.id}`)}?gespeichert=1`);
	}
};
