import { nearestOffice } from '../tenants/tenants.service.js';
import { m } from '#lib/paraglide/messages.js';
import type { Db, Tx } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { systemActor } from '../../auth/actor.js';
import { assertCan } from '../../auth/permissions.js';
import { newToken, tokenId } from '../../auth/crypto.js';
import { AppError } from '../../errors.js';
import { assertId } from '../../ids.js';
import { lookupPostalCode } from '../../geo/places.js';
import { formatDate } from '../../../i18n.js';
import { guardMessageKey } from '../../../form-guard.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkPublicForm } from '../protection/protection.service.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import type { Locale } from '../mail/mail.templates.js';
import { emptyGroupRecord, insertGroup, uniqueGroupSlugs, type GroupRecord, type UserActor } from '../groups/groups.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { visibleTopics } from '../topics/topics.service.js';
import { buildVocabulary, matchTopic, normalizeTerm, suggestTopics, type Vocabulary, type VocabularyTopic } from '../topics/vocabulary.js';
import {
	deleteByTokenHash,
	deleteExpired,
	deleteInterestRow,
	findByTokenHash,
	findOfficeContact,
	insertInterest,
	interestsOfAddress,
	listPublishedOfficeContacts,
	lockAddress,
	markNotified,
	openInterests,
	recipients,
	updateInterest,
	type InterestRow,
	type OfficeContact
} from './founding.repository.js';

/**
 * Founding interest (DIR-5). Someone who found no fitting group leaves a topic, a postal code and an
 * e-mail address with consent. The interest belongs to the nearest published contact point and is
 * kept in its tenant scope for 12 months at most; the person can withdraw it by the link in her
 * confirmation e-mail. Staff see open interests clustered by topic and area (never the addresses),
 * start a founding group from a cluster, and everyone in it is told by e-mail, as they consented.
 */

export const FOUNDING_RETENTION_MONTHS = 12;
export const FOUNDING_TOPIC = { min: 2, max: 100 } as const;

export type FoundingInput = { topic: string; postalCode: string; email: string; locale: Locale };

/** What the public form's service needs: the database, mail settings and the public origin for the withdraw link. */
export type PublicFoundingContext = { db: Db; mail: MailSettings; origin: string; now?: Date };

export type StaffFoundingContext = { db: Db; actor: UserActor; mail: MailSettings; now?: Date; requestId?: string };

/** The consent shown beside the checkbox, in the page's language; this exact text is stored with the interest. */
export function foundingConsentText(locale: Locale): string {
	return m.founding_consent({ months: String(FOUNDING_RETENTION_MONTHS) }, { locale });
}

export function deleteAfterOf(now: Date): Date {
	const at = new Date(now);
	at.setUTCMonth(at.getUTCMonth() + FOUNDING_RETENTION_MONTHS);
	return at;
}

const withdrawPath = (token: string, locale: Locale) => `${locale === 'en' ? '/en' : ''}/gruendungsinteresse/zuruecknehmen/${token}`;

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

// ---------------------------------------------------------------------------------------------------------------
// Which office takes an interest

/**
 * The thesaurus topic a typed topic means: its label or a synonym (umlauts and case ignored), else
 * the one topic that is a small typo away or begins the same ("Depresion", "Parkinsen"). Several
 * candidates are not guessed between: the interest keeps only the typed words then.
 */
export function matchTypedTopic(vocabulary: Vocabulary, text: string): VocabularyTopic | undefined {
	const exact = matchTopic(vocabulary, text);
	if (exact) return exact;
	if (normalizeTerm(text).length < 4) return undefined;
	const candidates = suggestTopics(vocabulary, text, 2);
	return candidates.length === 1 ? candidates[0] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The public side

const officeContactLines = (office: OfficeContact, locale: Locale) =>
	[
		office.name,
		office.phone ? m.founding_mail_phone({ phone: office.phone }, { locale }) : '',
		office.email ? m.founding_mail_email({ email: office.email }, { locale }) : ''
	]
		.filter(Boolean)
		.join('\n');

const placeOf = (postalCode: string) => {
	const info = lookupPostalCode(postalCode);
	return info ? `${info.postalCode} ${info.place}` : postalCode;
};

export type RegisterResult = { status: 'created' | 'duplicate'; interestId: string; officeId: string };

/** The submitted form (with the spam protection's fields) and the client address, for `checkPublicForm`. */
export type PublicRequest = { form: FormData; ip: string };

/**
 * Stores an interest (or, for the same address, topic and postal code again, renews the one there is:
 * no duplicate) and queues the confirmation e-mail with the withdraw link. The answer on the page is
 * the same either way, so that nobody can find out through the form whether an address is registered.
 * Refuses a postal code that does not exist in Germany, and a form the spam protection refuses
 * (checked after the input, so that correcting a typo does not use up the rate limit); stores nothing then.
 */
export async function registerInterest(ctx: PublicFoundingContext, input: FoundingInput, request: PublicRequest): Promise<RegisterResult> {
	const now = ctx.now ?? new Date();
	const place = lookupPostalCode(input.postalCode);
	if (!place) throw new AppError('invalid', 'unknown postal code', { field: 'postalCode', code: 'error_postal_code_unknown' });
	const topicText = input.topic.trim().replace(/\s+/g, ' ');
	if (topicText.length < FOUNDING_TOPIC.min || topicText.length > FOUNDING_TOPIC.max)
		throw new AppError('invalid', 'topic length', { field: 'topic', code: 'founding_topic_length' });
	const email = input.email.trim().toLowerCase();
	const offices = await inScope(ctx.db, systemScope, (tx) => listPublishedOfficeContacts(tx));
	const office = nearestOffice(offices, place);
	if (!office) throw new AppError('invalid', 'no published office', { code: 'founding_no_office' });

	const guard = await checkPublicForm(ctx.db, { form: request.form, ip: request.ip, action: 'founding', now });
	if (!guard.ok)
		throw new AppError(guard.reason === 'rate_limited' ? 'rate_limited' : 'invalid', `refused by spam protection: ${guard.reason}`, {
			code: guardMessageKey(guard.reason)
		});

	const actor = systemActor('Gründungsinteresse');
	const token = newToken();
	const deleteAfter = deleteAfterOf(now);
	const consentText = foundingConsentText(input.locale);
	return inScope(ctx.db, { kind: 'tenant', tenantId: office.id }, async (tx) => {
		await lockAddress(tx, email);
		const topic = matchTypedTopic(buildVocabulary(await visibleTopics(tx, office.id)), topicText);
		const earlier = await interestsOfAddress(tx, office.id, email, place.postalCode);
		const same = earlier.find(
			(row) => (topic !== undefined && row.topicId === topic.id) || normalizeTerm(row.topicText) === normalizeTerm(topicText)
		);
		const params = {
			topic: topicText,
			place: `${place.postalCode} ${place.place}`,
			office: office.name,
			contact: officeContactLines(office, input.locale),
			deleteOn: formatDate(deleteAfter, input.locale),
			link: `${ctx.origin}${withdrawPath(token.token, input.locale)}`
		};
		if (same) {
			// she registered this before: renew consent and retention, and send a fresh withdraw link
			await updateInterest(tx, office.id, same.id, {
				locale: input.locale,
				consentText,
				consentedAt: now,
				deleteAfter,
				withdrawTokenHash: token.id
			});
			await queueMail(tx, ctx.mail, {
				tenantId: office.id,
				template: 'founding_duplicate',
				locale: input.locale,
				to: email,
				params: { ...params, date: formatDate(same.createdAt, input.locale) }
			});
			await recordAudit(tx, actor, {
				tenantId: office.id,
				action: 'update',
				entity: 'founding_interest',
				entityId: same.id,
				changes: { renewed: true }
			});
			return { status: 'duplicate', interestId: same.id, officeId: office.id };
		}
		const interestId = await insertInterest(tx, {
			tenantId: office.id,
			topicId: topic?.id ?? null,
			topicText,
			postalCode: place.postalCode,
			lat: place.lat,
			lon: place.lon,
			email,
			locale: input.locale,
			consentText,
			consentedAt: now,
			status: 'open',
			withdrawTokenHash: token.id,
			createdAt: now,
			deleteAfter
		});
		await queueMail(tx, ctx.mail, { tenantId: office.id, template: 'founding_registered', locale: input.locale, to: email, params });
		// no address, postal code or typed words in the audit log
		await recordAudit(tx, actor, {
			tenantId: office.id,
			action: 'create',
			entity: 'founding_interest',
			entityId: interestId,
			changes: { topicId: topic?.id ?? null }
		});
		return { status: 'created', interestId, officeId: office.id };
	});
}

/** What the withdraw page shows before she confirms: the topic and place, nothing else. Null for an unknown or used link. */
export async function withdrawView(db: Db, token: string): Promise<{ topic: string; place: string } | null> {
	if (!TOKEN.test(token)) return null;
	// system scope: the link names no office (ADR 0004 lists such token links, like the confirmation e-mail's)
	const row = await inScope(db, systemScope, (tx) => findByTokenHash(tx, tokenId(token)));
	return row ? { topic: row.topicText, place: placeOf(row.postalCode) } : null;
}

/**
 * Withdraws an interest by its link: the row is deleted at once — address, topic, postal code and
 * consent — so nothing personal remains. False when the link is unknown (already withdrawn or deleted).
 */
export async function withdrawInterest(db: Db, token: string): Promise<boolean> {
	if (!TOKEN.test(token)) return false;
	return inScope(db, systemScope, async (tx) => {
		const row = await deleteByTokenHash(tx, tokenId(token));
		if (!row) return false;
		await recordAudit(tx, systemActor('Rücknahme-Link'), {
			tenantId: row.tenantId,
			action: 'delete',
			entity: 'founding_interest',
			entityId: row.id,
			changes: { reason: 'withdrawn' }
		});
		return true;
	});
}

/** The daily job: interests whose 12 months are over are deleted, open or not. */
export async function purgeFoundingInterests(db: Db, now = new Date()): Promise<number> {
	const deleted = await inScope(db, systemScope, (tx) => deleteExpired(tx, now));
	return deleted.length;
}

// ---------------------------------------------------------------------------------------------------------------
// The back office

export type FoundingClusterInterest = { id: string; topicText: string; postalCode: string; place: string; createdAt: Date };

export type FoundingCluster = {
	/** identifies the cluster in the "start founding" form: topic id or normalised words, and the area */
	key: string;
	/** the thesaurus label (in the page's language) or the words typed most recently */
	topicLabel: string;
	matched: boolean;
	/** the first three digits of the postal codes */
	area: string;
	/** the places of the area's postal codes, most frequent first */
	places: string[];
	count: number;
	newest: Date;
	postalCodes: { postalCode: string; place: string; count: number }[];
	interests: FoundingClusterInterest[];
};

const clusterTopicKey = (row: Pick<InterestRow, 'topicId' | 'topicText'>) =>
	row.topicId ? `t:${row.topicId}` : `w:${normalizeTerm(row.topicText) || row.topicText.toLowerCase()}`;

export const clusterKeyOf = (row: Pick<InterestRow, 'topicId' | 'topicText' | 'postalCode'>) =>
	`${clusterTopicKey(row)}|${row.postalCode.slice(0, 3)}`;

const CLUSTER_KEY = /^(t:[0-9a-f-]{36}|w:[^|]{1,200})\|(\d{3})$/;

function clustersOf(rows: InterestRow[], locale: Locale): FoundingCluster[] {
	const byKey = new Map<string, InterestRow[]>();
	for (const row of rows) {
		const key = clusterKeyOf(row);
		byKey.set(key, [...(byKey.get(key) ?? []), row]);
	}
	return [...byKey.entries()]
		.map(([key, members]): FoundingCluster => {
			// rows come newest first
			const first = members[0]!;
			const codes = new Map<string, number>();
			for (const member of members) codes.set(member.postalCode, (codes.get(member.postalCode) ?? 0) + 1);
			const postalCodes = [...codes.entries()]
				.map(([postalCode, count]) => ({ postalCode, place: lookupPostalCode(postalCode)?.place ?? '', count }))
				.sort((a, b) => a.postalCode.localeCompare(b.postalCode));
			const placeCounts = new Map<string, number>();
			for (const code of postalCodes) if (code.place) placeCounts.set(code.place, (placeCounts.get(code.place) ?? 0) + code.count);
			const label = first.topicId ? (locale === 'en' ? first.topicLabelEn : first.topicLabelDe) || first.topicLabelDe : null;
			return {
				key,
				topicLabel: label || first.topicText,
				matched: !!first.topicId,
				area: first.postalCode.slice(0, 3),
				places: [...placeCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'de')).map(([place]) => place),
				count: members.length,
				newest: first.createdAt,
				postalCodes,
				interests: members.map((member) => ({
					id: member.id,
					topicText: member.topicText,
					postalCode: member.postalCode,
					place: lookupPostalCode(member.postalCode)?.place ?? '',
					createdAt: member.createdAt
				}))
			};
		})
		.sort(
			(a, b) =>
				b.count - a.count ||
				b.newest.getTime() - a.newest.getTime() ||
				a.topicLabel.localeCompare(b.topicLabel, 'de') ||
				a.key.localeCompare(b.key)
		);
}

const tenantScopeOf = (actor: UserActor) => ({ kind: 'tenant' as const, tenantId: actor.tenantId, userId: actor.userId });

/** The office's open interests, clustered by topic and area, biggest clusters first (no e-mail addresses). */
export async function foundingOverview(db: Db, actor: UserActor, locale: Locale = 'de'): Promise<FoundingCluster[]> {
	assertCan(actor, 'groups.read');
	const rows = await inScope(db, tenantScopeOf(actor), (tx) => openInterests(tx, actor.tenantId));
	return clustersOf(rows, locale);
}

async function notifyCluster(
	tx: Tx,
	ctx: StaffFoundingContext,
	office: OfficeContact,
	cluster: FoundingCluster,
	label: { de: string; en: string } | null
): Promise<number> {
	const people = await recipients(
		tx,
		office.id,
		cluster.interests.map((interest) => interest.id)
	);
	for (const person of people) {
		const locale: Locale = person.locale === 'en' ? 'en' : 'de';
		await queueMail(tx, ctx.mail, {
			tenantId: office.id,
			template: 'founding_started',
			locale,
			to: person.email,
			params: {
				// the thesaurus label in her language, or the words she typed herself — never someone else's
				topic: label ? label[locale] : person.topicText,
				place: cluster.places.slice(0, 2).join(', ') || `${cluster.area}…`,
				contact: officeContactLines(office, locale)
			}
		});
	}
	return people.length;
}

/**
 * "Gründung starten": creates a group in founding (moderation draft) in the actor's office from one
 * cluster of open interests, links the interests to it, writes to everyone in the cluster that a
 * group on the topic is being founded and how to reach the contact point, and marks them notified.
 */
export async function startFounding(ctx: StaffFoundingContext, clusterKey: string): Promise<{ groupId: string; notified: number }> {
	const { db, actor, requestId } = ctx;
	const now = ctx.now ?? new Date();
	assertCan(actor, 'groups.edit');
	if (!CLUSTER_KEY.test(clusterKey)) throw new AppError('invalid', 'malformed cluster', { code: 'founding_cluster_gone' });
	return inScope(db, tenantScopeOf(actor), async (tx) => {
		// locked, so that two people starting the same cluster at once found one group
		const rows = (await openInterests(tx, actor.tenantId, { forUpdate: true })).filter((row) => clusterKeyOf(row) === clusterKey);
		const [cluster] = clustersOf(rows, 'de');
		if (!cluster) throw new AppError('conflict', 'cluster gone', { code: 'founding_cluster_gone' });
		const office = await findOfficeContact(tx, actor.tenantId);
		if (!office) throw new AppError('not_found', 'office not found');
		const first = rows[0]!;
		const label = first.topicId && first.topicLabelDe ? { de: first.topicLabelDe, en: first.topicLabelEn || first.topicLabelDe } : null;
		const topicDe = label?.de ?? first.topicText;
		const place = cluster.places[0] ?? '';
		const name = (place ? m.founding_group_name({ topic: topicDe, place }, { locale: 'de' }) : topicDe).slice(0, 120).trim();
		const record: GroupRecord = {
			...emptyGroupRecord(name),
			topicIds: first.topicId ? [first.topicId] : [],
			keywords: first.topicId ? [] : [first.topicText]
		};
		const [slug] = await uniqueGroupSlugs(tx, [slugify(name)]);
		const group = await insertGroup(tx, actor, actor.tenantId, record, {
			moderation: 'draft',
			lifecycle: 'founding',
			slug: slug ?? slugify(name),
			now
		});
		const notified = await notifyCluster(tx, ctx, office, cluster, label);
		await markNotified(
			tx,
			actor.tenantId,
			cluster.interests.map((interest) => interest.id),
			group.id,
			now
		);
		// the group's record without the typed words, and only counts of the interests: no personal data
		await recordAudit(
			tx,
			actor,
			{
				tenantId: actor.tenantId,
				action: 'create',
				entity: 'group',
				entityId: group.id,
				changes: { lifecycle: 'founding', moderation: 'draft', topicIds: record.topicIds, foundingInterests: cluster.count, notified }
			},
			requestId
		);
		return { groupId: group.id, notified };
	});
}

/** Deletes one interest of the office (staff, e.g. on request by phone). */
export async function deleteInterest(ctx: { db: Db; actor: UserActor; requestId?: string }, id: string): Promise<void> {
	assertCan(ctx.actor, 'groups.edit');
	assertId(id, 'founding interest');
	await inScope(ctx.db, tenantScopeOf(ctx.actor), async (tx) => {
		if (!(await deleteInterestRow(tx, ctx.actor.tenantId, id))) throw new AppError('not_found', 'founding interest not found');
		await recordAudit(
			tx,
			ctx.actor,
			{ tenantId: ctx.actor.tenantId, action: 'delete', entity: 'founding_interest', entityId: id, changes: null },
			ctx.requestId
		);
	});
}
