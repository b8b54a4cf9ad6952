import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, readForm, serviceFailure } from '#lib/server/forms.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { ROOM_FORM_SHAPE, RoomForm, roomFormValues, roomInputFromForm } from '#lib/schemas/rooms.js';
import { listRooms, updateRoom } from '#lib/server/modules/rooms/rooms.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'rooms.edit');
	const rooms = await listRooms({ db: runtime().database.db, actor }, { includeInactive: true });
	const room = rooms.find((candidate) => candidate.id === event.params.roomId);
	if (!room) error(404, 'not found');
	return { id: room.id, name: room.name, values: roomFormValues(room) };
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
			await updateRoom(serviceContext(event, actor), event.params.roomId, room.input);
		} catch (e) {
			return serviceFailure(form, e, ROOM_FORM_SHAPE);
		}
		redirect(303, localizeHref('/verwaltung/raeume?gespeichert=1'));
	}
};
