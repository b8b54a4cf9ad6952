import { pruneDirectoryChanges } from '../directory/directory.service.js';
import { purgeExpired } from '../accounts/accounts.service.js';
import { runFreshness } from '../groups/freshness.service.js';
import { purgeFoundingInterests } from '../founding/founding.service.js';
import { applyImport, IMPORT_JOB_ATTEMPTS, markImportFailed, purgeStagedImports } from '../groups/import.service.js';
import type { Actor } from '../../auth/actor.js';
import { mailSendHandler, type MailSettings } from '../mail/mail.service.js';
import { purgeRateLimits } from '../protection/protection.service.js';
import { purgeRelayMessages } from '../relay/relay.service.js';
import { expireOffers, remindParticipants } from '../events/registrations.service.js';
import { requestFeedback } from '../events/feedback.service.js';
import { remindOverdue } from '../equipment/equipment.service.js';
import { remindRoomBookings } from '../rooms/rooms.mail.js';
import type { JobHandlers, ScheduleDefinition } from './jobs.service.js';

/** Every job the application knows, by name. Later modules add theirs here. */
/** `origin` is the public address for links in e-mails written by jobs (ORIGIN, or the local server). */
export function jobHandlers(mail: MailSettings, origin?: string): JobHandlers {
	return {
		'mail.send': mailSendHandler(mail),
		'directory.prune_changes': async (_payload, { db, now }) => pruneDirectoryChanges(db, now),
		'accounts.purge': async (_payload, { db, now }) => purgeExpired(db, now),
		'groups.freshness': async (_payload, { db, now }) => {
			await runFreshness(db, mail, now, origin);
		},
		// applies a checked spreadsheet import in batches; resumes where it stopped after a restart
		// uploads nobody applied are discarded after two weeks, with their staged cells
		'groups.purge_imports': async (_payload, { db, now }) => {
			await purgeStagedImports(db, now);
		},
		// spent rate-limit windows and proof-of-work solutions of public forms
		'protection.purge': async (_payload, { db, now }) => purgeRateLimits(db, now),
		// anonymous messages (and their e-mails) 90 days after they were sent (DIR-4)
		'relay.purge': async (_payload, { db, now }) => {
			await purgeRelayMessages(db, now);
		},
		// founding interests are deleted 12 months after they were registered (DIR-5)
		'founding.purge': async (_payload, { db, now }) => {
			await purgeFoundingInterests(db, now);
		},
		// one reminder per overdue loan to the office and the borrowing group's contact persons (ROOM-5)
		'equipment.remind_overdue': async (_payload, { db, now }) => {
			await remindOverdue(db, mail, now, origin);
		},
		// two days before each confirmed group date: one e-mail per contact person and day (ROOM-4)
		'rooms.remind': async (_payload, { db, now }) => {
			await remindRoomBookings(db, mail, now);
		},
		// an offered place not confirmed in time goes to the next person on the waitlist (EVT-2)
		'events.expire_offers': async (_payload, { db, now }) => {
			await expireOffers({ db, mail, origin: origin ?? '', now });
		},
		// everyone with a place is reminded two days before the first session, once (EVT-2)
		'events.remind': async (_payload, { db, now }) => {
			await remindParticipants({ db, mail, origin: origin ?? '', now });
		},
		// after the last session, everyone who was there is asked for feedback, once (EVT-3)
		'events.feedback': async (_payload, { db, now }) => {
			await requestFeedback({ db, mail, origin: origin ?? '', now });
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
	{ name: 'directory.prune_changes', everySeconds: 3600 },
	{ name: 'groups.freshness', everySeconds: 86_400 },
	{ name: 'groups.purge_imports', everySeconds: 86_400 },
	{ name: 'founding.purge', everySeconds: 86_400 },
	{ name: 'protection.purge', everySeconds: 3600 },
	{ name: 'relay.purge', everySeconds: 86_400 },
	{ name: 'events.expire_offers', everySeconds: 900 },
	{ name: 'events.remind', everySeconds: 3600 },
	{ name: 'events.feedback', everySeconds: 3600 },
	{ name: 'rooms.remind', everySeconds: 86_400 },
	{ name: 'equipment.remind_overdue', everySeconds: 86_400 }
];
