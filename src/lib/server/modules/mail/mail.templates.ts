import { m } from '#lib/paraglide/messages.js';

/**
 * The one template mechanism for e-mail (COM-1): each template is a subject and a body
 * message in the catalogue (messages/de.json, messages/en.json) with named parameters.
 */
export type Locale = 'de' | 'en';

type Renderer = (params: Record<string, string>, locale: Locale) => { subject: string; text: string };

const footer = (locale: Locale) => `\n\n-- \n${m.mail_footer({}, { locale })}`;

/** The relayed message's parameters; a sender without a name is shown as such. */
const relayParams = (p: Record<string, string>, locale: Locale) => ({
	group: p.group ?? '',
	office: p.office ?? '',
	from: p.name || m.mail_relay_no_name({}, { locale }),
	message: p.message ?? '',
	link: p.link ?? '',
	deleteOn: p.deleteOn ?? ''
});

/** The parameters every event e-mail shares; a place only where the event has one. */
const eventParams = (p: Record<string, string>) => ({
	name: p.name ?? '',
	event: p.event ?? '',
	office: p.office ?? '',
	dates: p.dates ?? '',
	place: p.place ?? '',
	page: p.page ?? ''
});
const eventOnline = (p: Record<string, string>, locale: Locale) =>
	p.online ? `\n\n${m.mail_event_online({ online: p.online }, { locale })}` : '';
const eventLink = (p: Record<string, string>, locale: Locale) => `\n\n${m.mail_event_link({ link: p.link ?? '' }, { locale })}`;

export const MAIL_TEMPLATES = {
	// events (EVT-2): to the registered person, in the language she registered in (events.mail.ts)
	event_registered: (p, locale) => ({
		subject: m.mail_event_registered_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_registered_body(eventParams(p), { locale }) + eventOnline(p, locale) + eventLink(p, locale) + footer(locale)
	}),
	event_waitlisted: (p, locale) => ({
		subject: m.mail_event_waitlisted_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_waitlisted_body(eventParams(p), { locale }) + eventLink(p, locale) + footer(locale)
	}),
	event_offer: (p, locale) => ({
		subject: m.mail_event_offer_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_offer_body({ ...eventParams(p), deadline: p.deadline ?? '' }, { locale }) + eventLink(p, locale) + footer(locale)
	}),
	event_registration_cancelled: (p, locale) => ({
		subject: m.mail_event_registration_cancelled_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_registration_cancelled_body(eventParams(p), { locale }) + footer(locale)
	}),
	event_cancelled: (p, locale) => ({
		subject: m.mail_event_cancelled_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_cancelled_body({ ...eventParams(p), reason: p.reason ?? '' }, { locale }) + footer(locale)
	}),
	// an organiser's message to the registered (COM-1): her name, the text, the event and her link (messages.service.ts)
	event_message: (p, locale) => ({
		subject: m.mail_event_message_subject({ subject: p.subject ?? '', event: p.event ?? '' }, { locale }),
		text:
			m.mail_event_message_body(
				{ name: p.name ?? '', event: p.event ?? '', office: p.office ?? '', dates: p.dates ?? '', message: p.message ?? '' },
				{ locale }
			) +
			eventLink(p, locale) +
			footer(locale)
	}),
	event_feedback: (p, locale) => ({
		subject: m.mail_event_feedback_subject({ event: p.event ?? '' }, { locale }),
		text:
			m.mail_event_feedback_body({ name: p.name ?? '', event: p.event ?? '', office: p.office ?? '', link: p.link ?? '' }, { locale }) +
			footer(locale)
	}),
	event_reminder: (p, locale) => ({
		subject: m.mail_event_reminder_subject({ event: p.event ?? '' }, { locale }),
		text: m.mail_event_reminder_body(eventParams(p), { locale }) + eventOnline(p, locale) + eventLink(p, locale) + footer(locale)
	}),
	invitation: (p, locale) => ({
		subject: m.mail_invitation_subject({ office: p.office ?? '' }, { locale }),
		text:
			m.mail_invitation_body({ office: p.office ?? '', role: p.role ?? '', link: p.link ?? '', expires: p.expires ?? '' }, { locale }) +
			footer(locale)
	}),
	password_reset: (p, locale) => ({
		subject: m.mail_password_reset_subject({}, { locale }),
		text: m.mail_password_reset_body({ link: p.link ?? '', expires: p.expires ?? '' }, { locale }) + footer(locale)
	}),
	proposal_approved: (p, locale) => ({
		subject: m.mail_proposal_approved_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_proposal_approved_body({ group: p.group ?? '' }, { locale }) + footer(locale)
	}),
	proposal_returned: (p, locale) => ({
		subject: m.mail_proposal_returned_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_proposal_returned_body({ group: p.group ?? '', comment: p.comment ?? '' }, { locale }) + footer(locale)
	}),
	group_confirmation_request: (p, locale) => ({
		subject: m.mail_group_confirmation_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_group_confirmation_body({ group: p.group ?? '', office: p.office ?? '', link: p.link ?? '' }, { locale }) + footer(locale)
	}),
	group_confirmation_staff: (p, locale) => ({
		subject: m.mail_group_confirmation_staff_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_group_confirmation_staff_body({ group: p.group ?? '' }, { locale }) + footer(locale)
	}),
	// founding interest (DIR-5): confirmation with the withdraw link, the same again, and "a group is being founded"
	founding_registered: (p, locale) => ({
		subject: m.mail_founding_registered_subject({}, { locale }),
		text:
			m.mail_founding_registered_body(
				{
					topic: p.topic ?? '',
					place: p.place ?? '',
					office: p.office ?? '',
					contact: p.contact ?? '',
					deleteOn: p.deleteOn ?? '',
					link: p.link ?? ''
				},
				{ locale }
			) + footer(locale)
	}),
	founding_duplicate: (p, locale) => ({
		subject: m.mail_founding_duplicate_subject({}, { locale }),
		text:
			m.mail_founding_duplicate_body(
				{
					topic: p.topic ?? '',
					place: p.place ?? '',
					date: p.date ?? '',
					office: p.office ?? '',
					contact: p.contact ?? '',
					deleteOn: p.deleteOn ?? '',
					link: p.link ?? ''
				},
				{ locale }
			) + footer(locale)
	}),
	founding_started: (p, locale) => ({
		subject: m.mail_founding_started_subject({ topic: p.topic ?? '' }, { locale }),
		text:
			m.mail_founding_started_body({ topic: p.topic ?? '', place: p.place ?? '', contact: p.contact ?? '' }, { locale }) + footer(locale)
	}),
	// anonymous contact (DIR-4): the message to the group's contact person or the office (never the
	// sender's address), the sender's confirmation, and the answer (sent with the answerer's Reply-To)
	relay_to_contact: (p, locale) => ({
		subject: m.mail_relay_to_contact_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_relay_to_contact_body(relayParams(p, locale), { locale }) + footer(locale)
	}),
	relay_to_office: (p, locale) => ({
		subject: m.mail_relay_to_office_subject({ group: p.group ?? '' }, { locale }),
		text: m.mail_relay_to_office_body(relayParams(p, locale), { locale }) + footer(locale)
	}),
	relay_confirmation: (p, locale) => ({
		subject: m.mail_relay_confirmation_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.mail_relay_confirmation_body(
				{
					group: p.group ?? '',
					deleteOn: p.deleteOn ?? '',
					recipient:
						p.recipient === 'contact'
							? m.mail_relay_confirmation_contact({}, { locale })
							: m.mail_relay_confirmation_office({ office: p.office ?? '' }, { locale })
				},
				{ locale }
			) + footer(locale)
	}),
	relay_reply: (p, locale) => ({
		subject: m.mail_relay_reply_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.mail_relay_reply_body(
				{
					group: p.group ?? '',
					reply: p.reply ?? '',
					sender:
						p.recipient === 'contact'
							? m.mail_relay_reply_by_contact({}, { locale })
							: m.mail_relay_reply_by_office({ office: p.office ?? '' }, { locale }),
					to:
						p.recipient === 'contact'
							? m.mail_relay_reply_to_contact({}, { locale })
							: m.mail_relay_reply_to_office({ office: p.office ?? '' }, { locale })
				},
				{ locale }
			) + footer(locale)
	}),
	// equipment lending (ROOM-5): a loan is overdue — to the office, and to the borrowing group's contact persons
	equipment_overdue_office: (p, locale) => ({
		subject: m.equipment_mail_overdue_office_subject({ item: p.item ?? '' }, { locale }),
		text:
			m.equipment_mail_overdue_office_body({ item: p.item ?? '', who: p.who ?? '', until: p.until ?? '', link: p.link ?? '' }, { locale }) +
			footer(locale)
	}),
	equipment_overdue_contact: (p, locale) => ({
		subject: m.equipment_mail_overdue_contact_subject({ item: p.item ?? '' }, { locale }),
		text:
			m.equipment_mail_overdue_contact_body(
				{ item: p.item ?? '', group: p.group ?? '', until: p.until ?? '', office: p.office ?? '', contact: p.contact ?? '' },
				{ locale }
			) + footer(locale)
	}),
	// room bookings (ROOM-4): to the group's contact persons, and to the office (rooms.mail.ts)
	rooms_requested: (p, locale) => ({
		subject: m.rooms_mail_requested_subject({ group: p.group ?? '' }, { locale }),
		text: m.rooms_mail_requested_body({ room: p.room ?? '', dates: p.dates ?? '' }, { locale }) + footer(locale)
	}),
	rooms_request_office: (p, locale) => ({
		subject: m.rooms_mail_request_office_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.rooms_mail_request_office_body(
				{ group: p.group ?? '', room: p.room ?? '', count: p.count ?? '', dates: p.dates ?? '', note: p.note ?? '' },
				{ locale }
			) + footer(locale)
	}),
	rooms_approved: (p, locale) => ({
		subject: m.rooms_mail_approved_subject({ group: p.group ?? '', room: p.room ?? '' }, { locale }),
		text: m.rooms_mail_approved_body({ group: p.group ?? '', room: p.room ?? '', dates: p.dates ?? '' }, { locale }) + footer(locale)
	}),
	rooms_declined: (p, locale) => ({
		subject: m.rooms_mail_declined_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.rooms_mail_declined_body({ group: p.group ?? '', room: p.room ?? '', dates: p.dates ?? '', reason: p.reason ?? '' }, { locale }) +
			footer(locale)
	}),
	rooms_cancelled: (p, locale) => ({
		subject: m.rooms_mail_cancelled_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.rooms_mail_cancelled_body({ group: p.group ?? '', room: p.room ?? '', dates: p.dates ?? '', reason: p.reason ?? '' }, { locale }) +
			footer(locale)
	}),
	rooms_cancelled_office: (p, locale) => ({
		subject: m.rooms_mail_cancelled_office_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.rooms_mail_cancelled_office_body(
				{ group: p.group ?? '', room: p.room ?? '', dates: p.dates ?? '', reason: p.reason ?? '' },
				{ locale }
			) + footer(locale)
	}),
	rooms_moved: (p, locale) => ({
		subject: m.rooms_mail_moved_subject({ group: p.group ?? '' }, { locale }),
		text:
			m.rooms_mail_moved_body({ group: p.group ?? '', room: p.room ?? '', before: p.before ?? '', after: p.after ?? '' }, { locale }) +
			footer(locale)
	}),
	rooms_reminder: (p, locale) => ({
		subject: m.rooms_mail_reminder_subject({ date: p.date ?? '' }, { locale }),
		text: m.rooms_mail_reminder_body({ entries: p.entries ?? '' }, { locale }) + footer(locale)
	})
} satisfies Record<string, Renderer>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;

export function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string>) {
	return MAIL_TEMPLATES[template](params, locale);
}
