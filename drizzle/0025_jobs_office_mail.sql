-- An office's transaction that writes an e-mail also queues its sending (COM-1): the job `mail.send`
-- of a mail the office can see. Everything else in `jobs` stays with the system scope (jobs_system).
--> statement-breakpoint
CREATE POLICY jobs_office_mail_read ON jobs FOR SELECT
	USING (name = 'mail.send' AND EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id::text = jobs.payload->>'mailId'));
--> statement-breakpoint
CREATE POLICY jobs_office_mail_queue ON jobs FOR INSERT
	WITH CHECK (name = 'mail.send' AND EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id::text = jobs.payload->>'mailId'));
--> statement-breakpoint
CREATE POLICY jobs_office_mail_retry ON jobs FOR UPDATE
	USING (name = 'mail.send' AND EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id::text = jobs.payload->>'mailId'))
	WITH CHECK (name = 'mail.send' AND EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id::text = jobs.payload->>'mailId'));
