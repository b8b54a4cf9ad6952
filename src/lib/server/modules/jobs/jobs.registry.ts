import { purgeExpired } from '../accounts/accounts.service.js';
import { runFreshness } from '../groups/freshness.service.js';
import { applyImport, IMPORT_JOB_ATTEMPTS, markImportFailed, purgeStagedImports } from '../groups/import.service.js';
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
		// uploads nobody applied are discarded after two weeks, with their staged cells
		'groups.purge_imports': async (_payload, { db, now }) => {
			await purgeStagedImports(db, now);
		},
		'groups.import': async (payload, { db, attempt }) => {
			const { importId, tenantId, actor } = payload as { importId: string; tenantId: string; actor: Actor };
			try {
				await applyImport({ db, actor, tenantId }, importId);
			} catch (error) {
				if (attempt >= IMPORT_JOB_ATTEMPTS)
					await markImportFailed(db, tenantId, importId, error instanceof Error ? error.message : String(error));
				throw error;
			}
		}
	};
}

/** Recurring jobs. */
export const SCHEDULES: ScheduleDefinition[] = [
	{ name: 'accounts.purge', everySeconds: 3600 },
	{ name: 'groups.freshness', everySeconds: 86_400 },
	{ name: 'groups.purge_imports', everySeconds: 86_400 }
];
