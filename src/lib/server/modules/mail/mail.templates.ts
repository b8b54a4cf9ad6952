import { m } from '#lib/paraglide/messages.js';

/**
 * The one template mechanism for e-mail (COM-1): each template is a subject and a body
 * message in the catalogue (messages/de.json, messages/en.json) with named parameters.
 */
export type Locale = 'de' | 'en';

type Renderer = (params: Record<string, string>, locale: Locale) => { subject: string; text: string };

const footer = (locale: Locale) => `\n\n-- \n${m.mail_footer({}, { locale })}`;

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
	})
} satisfies Record<string, Renderer>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;

export function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string>) {
	return MAIL_TEMPLATES[template](params, locale);
}
