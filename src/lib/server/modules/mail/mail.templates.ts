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

export const MAIL_TEMPLATES = {
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
	})
} satisfies Record<string, Renderer>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;

export function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string>) {
	return MAIL_TEMPLATES[template](params, locale);
}
