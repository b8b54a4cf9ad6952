import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { StarterCloseInput, StarterMeetingInput, StarterRequestInput, VolunteerInput } from '#lib/schemas/group.js';
import {
	addVolunteer,
	assignVolunteer,
	changeVolunteer,
	closeStarterRequest,
	createStarterRequest,
	groupOptions,
	listStarterRequests,
	listVolunteers,
	logStarterMeeting,
	STARTER_MEETING_LIMITS
} from '#lib/server/modules/starters/starters.service.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.read');
	const db = runtime().database.db;
	const [volunteers, requests, groups] = await Promise.all([
		listVolunteers(db, actor),
		listStarterRequests(db, actor),
		groupOptions(db, actor)
	]);
	return { volunteers, requests, groups, limits: STARTER_MEETING_LIMITS, preselect: event.url.searchParams.get('gruppe') ?? '' };
};

export const actions: Actions = {
	volunteer: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(VolunteerInput, form, { flags: ['consentConfirmed'] });
		if (!parsed.ok) return invalid(parsed.failure);
		const { name, email, phone, trainedOn, consentSource, consentDate } = parsed.data;
		try {
			await addVolunteer(serviceContext(event, actor), {
				name,
				email,
				phone,
				trainedOn: trainedOn || null,
				consent: { source: consentSource, givenOn: consentDate }
			});
		} catch (e) {
			return serviceFailure(form, e, { flags: ['consentConfirmed'] });
		}
		return { done: 'volunteer' };
	},
	changeVolunteer: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const change = String(form.get('change') ?? '');
		if (change !== 'activate' && change !== 'deactivate' && change !== 'withdraw_consent')
			return invalid({ values: {}, issues: {}, formError: 'error_invalid_choice' });
		try {
			await changeVolunteer(serviceContext(event, actor), String(form.get('volunteerId') ?? ''), change);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: `volunteer_${change}` };
	},
	request: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(StarterRequestInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const limit = parsed.data.meetingLimit ? Number(parsed.data.meetingLimit) : undefined;
		if (limit !== undefined && (limit < 1 || limit > 50))
			return invalid({ values: parsed.data, issues: { meetingLimit: 'starters_limit_range' } });
		try {
			await createStarterRequest(serviceContext(event, actor), {
				groupId: parsed.data.groupId,
				kind: parsed.data.kind,
				note: parsed.data.note,
				meetingLimit: limit
			});
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'request' };
	},
	assign: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		try {
			await assignVolunteer(serviceContext(event, actor), String(form.get('requestId') ?? ''), String(form.get('volunteerId') ?? ''));
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'assign' };
	},
	meeting: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(StarterMeetingInput, { on: String(form.get('on') ?? ''), note: String(form.get('note') ?? '') });
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await logStarterMeeting(serviceContext(event, actor), String(form.get('requestId') ?? ''), parsed.data);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'meeting' };
	},
	close: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(StarterCloseInput, { status: String(form.get('status') ?? ''), report: String(form.get('report') ?? '') });
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await closeStarterRequest(serviceContext(event, actor), String(form.get('requestId') ?? ''), parsed.data);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: `close_${parsed.data.status}` };
	}
};
