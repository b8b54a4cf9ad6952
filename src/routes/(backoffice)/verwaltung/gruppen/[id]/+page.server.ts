import { orNotFound } from '#lib/server/http/not-found.js';
import { AppError } from '#lib/server/errors.js';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/auth/guards.js';
import { runtime, serviceContext } from '#lib/server/runtime.js';
import { invalid, parseForm, serviceFailure } from '#lib/server/forms.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { publicOrigin } from '#lib/server/http/origin.js';
import { ContactPersonInput, LifecycleInput, MODERATION_STATES, SupportEntryInput, type ModerationState } from '#lib/schemas/group.js';
import {
	addSupportEntry,
	changeLifecycle,
	changeModeration,
	confirmGroups,
	getGroupDetail
} from '#lib/server/modules/groups/groups.service.js';
import { addContactPerson, withdrawConsent } from '#lib/server/modules/groups/contacts.service.js';
import { removeSeries } from '#lib/server/modules/groups/meetings.service.js';
import { presentSeries } from '#lib/server/modules/groups/groups.presenter.js';
import { getOffice } from '#lib/server/modules/tenants/tenants.service.js';
import { invite } from '#lib/server/modules/accounts/accounts.service.js';
import * as v from 'valibot';
import { email as emailSchema, type FederalState } from '#lib/schemas/common.js';

export const load: PageServerLoad = async (event) => {
	const actor = requirePermission(event, 'groups.read');
	const db = runtime().database.db;
	return orNotFound(async () => {
		const [detail, office] = await Promise.all([getGroupDetail(db, actor, event.params.id), getOffice(db, actor.tenantId)]);
		const context = { federalState: office.federalState as FederalState, locale: getLocale(), now: new Date() };
		return { ...detail, series: detail.series.map((series) => presentSeries(series, context)), created: event.url.searchParams.has('neu') };
	});
};

const InviteContactInput = v.strictObject({ email: emailSchema });

export const actions: Actions = {
	lifecycle: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(LifecycleInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		try {
			await changeLifecycle(serviceContext(event, actor), event.params.id, parsed.data);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'lifecycle' };
	},
	moderation: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const state = String(form.get('state') ?? '');
		if (!(MODERATION_STATES as readonly string[]).includes(state))
			return invalid({ values: {}, issues: {}, formError: 'error_invalid_choice' });
		try {
			await changeModeration(serviceContext(event, actor), [event.params.id], state as ModerationState);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: `moderation_${state}` };
	},
	confirm: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		try {
			await confirmGroups(serviceContext(event, actor), [event.params.id]);
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'confirm' };
	},
	contact: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(ContactPersonInput, form, { flags: ['consentConfirmed'] });
		if (!parsed.ok) return invalid(parsed.failure);
		const { name, email, phone, consentSource, consentDate } = parsed.data;
		try {
			await addContactPerson(serviceContext(event, actor), event.params.id, {
				name,
				email,
				phone,
				consent: { source: consentSource, givenOn: consentDate }
			});
		} catch (e) {
			return serviceFailure(form, e, { flags: ['consentConfirmed'] });
		}
		return { done: 'contact' };
	},
	withdraw: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		try {
			await withdrawConsent(serviceContext(event, actor), String(form.get('contactPersonId') ?? ''));
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'withdraw' };
	},
	invite: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(InviteContactInput, { email: String(form.get('email') ?? '') });
		if (!parsed.ok) return invalid(parsed.failure);
		const { email } = parsed.data;
		const rt = runtime();
		try {
			await invite(
				{ db: rt.database.db, actor, mail: rt.mail, origin: publicOrigin(event.url), locale: getLocale() },
				{ email, role: 'group_contact' }
			);
		} catch (e) {
			if (e instanceof AppError && e.code === 'conflict') return { done: 'invite_exists' };
			return serviceFailure(form, e);
		}
		return { done: 'invite' };
	},
	support: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		const parsed = parseForm(SupportEntryInput, form);
		if (!parsed.ok) return invalid(parsed.failure);
		const minutes = Number(parsed.data.minutes);
		if (minutes < 1 || minutes > 1440) return invalid({ values: parsed.data, issues: { minutes: 'support_minutes_range' } });
		try {
			await addSupportEntry(serviceContext(event, actor), event.params.id, {
				kind: parsed.data.kind,
				on: parsed.data.date,
				minutes,
				note: parsed.data.note
			});
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'support' };
	},
	removeSeries: async (event) => {
		const actor = requirePermission(event, 'groups.edit');
		const form = await event.request.formData();
		try {
			await removeSeries(serviceContext(event, actor), event.params.id, String(form.get('seriesId') ?? ''));
		} catch (e) {
			return serviceFailure(form, e);
		}
		return { done: 'series_removed' };
	}
};
