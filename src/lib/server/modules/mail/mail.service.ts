import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db, Queryable } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import { enqueue, type JobHandler } from '../jobs/jobs.service.js';
import { jobs } from '../jobs/jobs.table.js';
import { outbox, type MailAttachment } from './mail.table.js';
import { renderMail, type Locale, type MailTemplate } from './mail.templates.js';

export type MailSettings = { smtpUrl: string | undefined; from: string };

/**
 * Stores a mail in the outbox inside the caller's transaction. With SMTP configured it is
 * also queued for sending by the job runner; without, it stays readable in the back office.
 */
export async function queueMail(
	tx: Queryable,
	settings: MailSettings,
	mail: {
		tenantId: string | null;
		template: MailTemplate;
		locale: Locale;
		to: string;
		params: Record<string, string>;
		attachments?: MailAttachment[];
		/** what the mail belongs to (a registration, an organiser's message), to follow its delivery */
		referenceId?: string | undefined;
	}
): Promise<string> {
	const rendered = renderMail(mail.template, mail.locale, mail.params);
	const [row] = await tx
		.insert(outbox)
		.values({
			tenantId: mail.tenantId,
			template: mail.template,
			locale: mail.locale,
			toAddress: mail.to,
			subject: rendered.subject,
			bodyText: rendered.text,
			params: mail.params,
			attachments: mail.attachments ?? [],
			referenceId: mail.referenceId ?? null,
			status: settings.smtpUrl ? 'queued' : 'stored'
		})
		.returning({ id: outbox.id });
	if (!row) throw new Error('outbox insert returned no row');
	// an office's transaction may queue the sending of its own mails (row-level security, migration 0025)
	if (settings.smtpUrl) await enqueue(tx, { name: 'mail.send', payload: { mailId: row.id }, dedupeKey: `mail.send:${row.id}` });
	return row.id;
}

/**
 * Tries failed mails again, inside the caller's transaction (which reads them in the office's
 * scope): each goes back to `queued` and its `mail.send` job starts afresh with all its attempts.
 * Without SMTP they return to `stored`, readable in the outbox. Returns how many were reset.
 */
export async function retryFailedMails(tx: Queryable, settings: MailSettings, mailIds: string[], now = new Date()): Promise<number> {
	if (!mailIds.length) return 0;
	const reset = await tx
		.update(outbox)
		.set({ status: settings.smtpUrl ? 'queued' : 'stored', lastError: null })
		.where(and(inArray(outbox.id, mailIds), eq(outbox.status, 'failed')))
		.returning({ id: outbox.id });
	if (settings.smtpUrl)
		for (const mail of reset)
			await tx
				.insert(jobs)
				.values({ name: 'mail.send', payload: { mailId: mail.id }, dedupeKey: `mail.send:${mail.id}`, runAt: now })
				.onConflictDoUpdate({
					target: jobs.dedupeKey,
					set: { status: 'queued', runAt: now, attempts: 0, lastError: null, finishedAt: null, lockedBy: null, lockedUntil: null },
					setWhere: sql`${jobs.status} <> 'running'`
				});
	return reset.length;
}

/** The job that sends one queued mail over SMTP. */
export function mailSendHandler(settings: MailSettings): JobHandler {
	return async (payload, { db, now }) => {
		const mailId = String(payload.mailId);
		const mail = await inScope(db, { kind: 'system' }, async (tx) => {
			const [row] = await tx.select().from(outbox).where(eq(outbox.id, mailId));
			return row;
		});
		if (!mail || mail.status === 'sent' || !settings.smtpUrl) return;
		const transport = nodemailer.createTransport(settings.smtpUrl);
		try {
			// `replyTo` in the parameters: answers go to that person, not to Treffpunkt (the relay's answers, DIR-4)
			const replyTo = mail.params.replyTo || undefined;
			await transport.sendMail({
				from: settings.from,
				to: mail.toAddress,
				replyTo,
				subject: mail.subject,
				text: mail.bodyText,
				attachments: mail.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content }))
			});
			await inScope(db, { kind: 'system' }, (tx) =>
				tx
					.update(outbox)
					.set({ status: 'sent', sentAt: now, attempts: mail.attempts + 1, lastError: null })
					.where(eq(outbox.id, mailId))
			);
		} catch (error) {
			await inScope(db, { kind: 'system' }, (tx) =>
				tx
					.update(outbox)
					.set({ status: 'failed', attempts: mail.attempts + 1, lastError: error instanceof Error ? error.message : String(error) })
					.where(eq(outbox.id, mailId))
			);
			throw error;
		} finally {
			transport.close();
		}
	};
}

export type OutboxRow = {
	id: string;
	toAddress: string;
	subject: string;
	bodyText: string;
	status: string;
	createdAt: Date;
	sentAt: Date | null;
	lastError: string | null;
	attachments: MailAttachment[];
};

const outboxColumns = {
	id: outbox.id,
	toAddress: outbox.toAddress,
	subject: outbox.subject,
	bodyText: outbox.bodyText,
	status: outbox.status,
	createdAt: outbox.createdAt,
	sentAt: outbox.sentAt,
	lastError: outbox.lastError,
	attachments: outbox.attachments
};

/** The office's mails, newest first, paged by creation time. */
export async function listOutbox(
	db: Db,
	tenantId: string,
	options: { before?: Date | undefined; limit?: number } = {}
): Promise<{ rows: OutboxRow[]; next: Date | null }> {
	const limit = options.limit ?? 25;
	const rows = await inScope(db, { kind: 'tenant', tenantId }, (tx) =>
		tx
			.select(outboxColumns)
			.from(outbox)
			.where(and(eq(outbox.tenantId, tenantId), options.before ? lt(outbox.createdAt, options.before) : undefined))
			.orderBy(desc(outbox.createdAt))
			.limit(limit + 1)
	);
	const page = rows.slice(0, limit);
	return { rows: page, next: rows.length > limit ? (page[page.length - 1]?.createdAt ?? null) : null };
}

/** All mails to one address (system scope: for the operator, and for tests of mail flows). */
export async function mailsTo(db: Db, address: string): Promise<OutboxRow[]> {
	return inScope(db, { kind: 'system' }, (tx) =>
		tx.select(outboxColumns).from(outbox).where(eq(outbox.toAddress, address.toLowerCase())).orderBy(desc(outbox.createdAt))
	);
}
