import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { ROOM_FORM_SHAPE, RoomForm, roomFormValues, roomInputFromForm } from '#lib/schemas/rooms.js';
import { createRoom, emptyRoomInput } from '#lib/server/modules/rooms/rooms.service.js';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'rooms.edit');
	return { values: { ...roomFormValues(emptyRoomInput('', 0)) } };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requirePermission(event, 'rooms.edit');
		const form = await event.request.formData();
		const parsed = parseForm(RoomForm, form, ROOM_FORM_SHAPE);
		if (!parsed.ok) return invalid(parsed.failure);
		const room = roomInputFromForm(parsed.data);
		if (!room.ok) return invalid({ values: readForm(form, ROOM_FORM_SHAPE).values, issues: room.issues });
		try {
			await createRoom(serviceContext(event, actor), room.input);
		} catch (e) {
			return serviceFailure(form, e, ROOM_FORM_SHAPE);
		}
		redirect(303, localizeHref('/verwaltung/raeume?gespeichert=1'));
	}
};
