import { purgeExpired } from '../accounts/accounts.service.js';
import { runFreshness } from '../groups/freshness.service.js';
import { applyImport } from '../groups/import.service.js';
import type { Actor } from '../../auth/actor.js';
import { mailSendHandler, type MailSettings } from '../mail/mail.service.js';
import type { JobHandlers, ScheduleDefinition } from './jobs.service.js';

/** Every job the application knows, by name. Later modules add theirs here. */
/** `origin` is the public address for links in e-mails written by jobs (ORIGIN, or the local server). */
export function jobHandlers(mail: MailSettings, origin?: string): JobHandlers {
	return {
		'mail.send': mailSendHandler(mail),
		'accounts.purge': async (_payload, { db, now }) => purgeExpired(db, now),
		'groups.freshness': async (_payload, { db, now }) => {
			await runFreshness(db, mail, now, origin);
		},
		// applies a checked spreadsheet import in batches; resumes where it stopped after a restart
		'groups.import': async (payload, { db }) => {
			const { importId, tenantId, actor } = payload as { importId: string; tenantId: string; actor: Actor };
			await applyImport({ db, actor, tenantId }, importId);
		}
	};
}

/** Recurring jobs. */
export const SCHEDULES: ScheduleDefinition[] = [
	{ name: 'accounts.purge', everySeconds: 3600 },
	{ name: 'groups.freshness', everySeconds: 86_400 }
];
