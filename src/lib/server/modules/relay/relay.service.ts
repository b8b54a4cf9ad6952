import type { Db, Queryable } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { systemActor } from '../../auth/actor.js';
import { newToken, tokenId } from '../../auth/crypto.js';
import { AppError } from '../../errors.js';
import { formatDate } from '../../../i18n.js';
import { RELAY_RETENTION_DAYS, type RelayInput } from '../../../schemas/relay.js';
import { recordAudit } from '../audit/audit.service.js';
import { isPublicGroup } from '../directory/public-group.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import type { Locale } from '../mail/mail.templates.js';
import {
	contactEmailOf,
	deleteRelayMails,
	deleteRelayMessagesDue,
	groupForRelay,
	insertRelayMessage,
	markAnswered,
	openRelayMessage
} from './relay.repository.js';

/**
 * DIR-4: contact without exposure. A message from the public directory is stored for 90 days and
 * relayed by e-mail to the group's contact person (when the group chose relaying and one with an
 * active consent and an e-mail exists) or else to the office. The recipient's mail carries the
 * message and a one-time answer link, never the sender's address; the answer goes to the sender
 * with the recipient's address as Reply-To. So nobody's address is shown until someone answers.
 *
 * Mails addressed to the sender belong to no office (tenant null): staff reading their office's
 * outbox never see the sender's address.
 */
export type RelayContext = { db: Db; mail: MailSettings; origin: string; now?: Date };
export type RecipientKind = 'contact' | 'office';

/** Mail templates of the relay: their outbox rows are deleted with the messages. */
export const RELAY_TEMPLATES = ['relay_to_contact', 'relay_to_office', 'relay_confirmation', 'relay_reply'] as const;

const actor = systemActor('Kontaktformular');
const DAY_MS = 86_400_000;

type RelayGroup = NonNullable<Awaited<ReturnType<typeof groupForRelay>>>;

/** Who receives messages to this group, and at which address; null when nobody can. */
async function recipientOf(tx: Queryable, group: RelayGroup): Promise<{ kind: RecipientKind; email: string } | null> {
	if (group.contactMode === 'relay') {
		const email = await contactEmailOf(tx, group.id);
		if (email) return { kind: 'contact', email };
	}
	return group.officeEmail ? { kind: 'office', email: group.officeEmail } : null;
}

/** Slugs as the groups table allows them; anything else is not found without asking the database. */
const isSlug = (slug: string) => slug.length <= 200 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug);

const isPublic = (group: RelayGroup | undefined): group is RelayGroup => !!group && isPublicGroup(group, group.officePublished);

/** A public group someone may write to, for the contact page (no addresses). */
export async function relayGroup(db: Db, slug: string) {
	if (!isSlug(slug)) return null;
	return inScope(db, systemScope, async (tx) => {
		const group = await groupForRelay(tx, { slug });
		if (!isPublic(group)) return null;
		const recipient = await recipientOf(tx, group);
		return {
			slug: group.slug,
			name: group.name,
			officeName: group.officeName,
			officePhone: group.officePhone,
			/** who would receive a message; null when the group cannot receive messages now */
			recipient: recipient?.kind ?? null
		};
	});
}

/** When a message sent at `now` is deleted. */
export function relayDeleteAfter(now: Date): Date {
	return new Date(now.getTime() + RELAY_RETENTION_DAYS * DAY_MS);
}

/**
 * Stores and relays a message to a public group. Throws `not_found` for a group that is not
 * public and `conflict` (code `relay_unavailable`) when neither a contact person nor the office
 * has an e-mail address.
 */
export async function sendRelayMessage(
	{ db, mail, origin, now = new Date() }: RelayContext,
	slug: string,
	input: RelayInput,
	locale: Locale
): Promise<{ recipient: RecipientKind; officeName: string; groupName: string; deleteAfter: Date }> {
	if (!isSlug(slug)) throw new AppError('not_found', 'group not found');
	// which office the group belongs to: published data, read across offices
	const found = await inScope(db, systemScope, (tx) => groupForRelay(tx, { slug }));
	if (!isPublic(found)) throw new AppError('not_found', 'group not found');
	const deleteAfter = relayDeleteAfter(now);
	const { token, id: tokenHash } = newToken();

	// the office's rows are written in its own scope
	const sent = await inScope(db, { kind: 'tenant', tenantId: found.tenantId }, async (tx) => {
		const group = await groupForRelay(tx, { id: found.id });
		if (!isPublic(group)) throw new AppError('not_found', 'group not found');
		const recipient = await recipientOf(tx, group);
		if (!recipient) throw new AppError('conflict', 'nobody can receive messages for this group', { code: 'relay_unavailable' });
		const id = await insertRelayMessage(tx, {
			tenantId: group.tenantId,
			groupId: group.id,
			recipientKind: recipient.kind,
			senderName: input.name,
			senderEmail: input.email,
			body: input.message,
			locale,
			replyTokenHash: tokenHash,
			createdAt: now,
			deleteAfter
		});
		// to the group or office in German (their language is not recorded); the sender's address is not in it
		await queueMail(tx, mail, {
			tenantId: group.tenantId,
			template: recipient.kind === 'contact' ? 'relay_to_contact' : 'relay_to_office',
			locale: 'de',
			to: recipient.email,
			params: {
				group: group.name,
				office: group.officeName,
				name: input.name,
				message: input.message,
				link: `${origin}/nachricht/antworten/${token}`,
				deleteOn: formatDate(deleteAfter, 'de')
			}
		});
		// nothing personal in the audit log: which group, which way
		await recordAudit(tx, actor, {
			tenantId: group.tenantId,
			action: 'create',
			entity: 'relay_message',
			entityId: id,
			changes: { groupId: group.id, recipient: recipient.kind }
		});
		return { recipient: recipient.kind, officeName: group.officeName, groupName: group.name };
	});

	// the sender's confirmation belongs to no office (see above)
	await inScope(db, systemScope, (tx) =>
		queueMail(tx, mail, {
			tenantId: null,
			template: 'relay_confirmation',
			locale,
			to: input.email,
			params: {
				group: sent.groupName,
				office: sent.officeName,
				recipient: sent.recipient,
				deleteOn: formatDate(deleteAfter, locale)
			}
		})
	);
	return { ...sent, deleteAfter };
}

/**
 * The page behind the answer link: the message and where answers to the reply will go. The link
 * is a capability like the yearly confirmation link, so it is resolved in system scope; null when
 * it is unknown, already used or the message was deleted.
 */
export async function relayReplyView(db: Db, token: string, now = new Date()) {
	if (!token || token.length > 100) return null;
	return inScope(db, systemScope, async (tx) => {
		const message = await openRelayMessage(tx, tokenId(token), now);
		if (!message) return null;
		const group = await groupForRelay(tx, { id: message.groupId });
		if (!group) return null;
		const replyTo = await replyAddress(tx, group, message.recipientKind);
		return {
			groupName: group.name,
			officeName: group.officeName,
			recipient: message.recipientKind as RecipientKind,
			senderName: message.senderName,
			body: message.body,
			receivedAt: message.createdAt,
			deleteAfter: message.deleteAfter,
			replyTo
		};
	});
}

/** The address answers to the reply go to: whoever received the message, or the office when she no longer can. */
async function replyAddress(tx: Queryable, group: RelayGroup, kind: string): Promise<string> {
	if (kind === 'contact') {
		const email = await contactEmailOf(tx, group.id);
		if (email) return email;
	}
	return group.officeEmail;
}

/**
 * The recipient answers once: the answer goes to the sender, with the recipient's address as
 * Reply-To. Throws `not_found` when the link is unknown, used or expired.
 */
export async function answerRelayMessage({ db, mail, now = new Date() }: RelayContext, token: string, reply: string): Promise<void> {
	if (!token || token.length > 100) throw new AppError('not_found', 'link unknown');
	await inScope(db, systemScope, async (tx) => {
		const message = await markAnswered(tx, tokenId(token), now);
		if (!message) throw new AppError('not_found', 'link used or expired');
		const group = await groupForRelay(tx, { id: message.groupId });
		if (!group) throw new AppError('not_found', 'group not found');
		const replyTo = await replyAddress(tx, group, message.recipientKind);
		const locale: Locale = message.locale === 'en' ? 'en' : 'de';
		await queueMail(tx, mail, {
			tenantId: null,
			template: 'relay_reply',
			locale,
			to: message.senderEmail,
			params: {
				group: group.name,
				office: group.officeName,
				recipient: message.recipientKind,
				reply,
				...(replyTo ? { replyTo } : {})
			}
		});
		await recordAudit(tx, actor, {
			tenantId: message.tenantId,
			action: 'update',
			entity: 'relay_message',
			entityId: message.id,
			changes: { answered: true }
		});
	});
}

/** The daily job: messages past their deletion date, and the relay's e-mails as old as that. */
export async function purgeRelayMessages(db: Db, now = new Date()): Promise<{ messages: number; mails: number }> {
	return inScope(db, systemScope, async (tx) => ({
		messages: await deleteRelayMessagesDue(tx, now),
		mails: await deleteRelayMails(tx, [...RELAY_TEMPLATES], new Date(now.getTime() - RELAY_RETENTION_DAYS * DAY_MS))
	}));
}
