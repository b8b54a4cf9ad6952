-- A row that belongs to a group (or person, or request) must belong to the same office as it:
-- foreign keys over (tenant_id, id), so that not even a forgotten check in a service can link
-- one office's data to another office's group.
--> statement-breakpoint
ALTER TABLE groups ADD CONSTRAINT groups_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE contact_persons ADD CONSTRAINT contact_persons_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE starter_requests ADD CONSTRAINT starter_requests_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE group_topics ADD CONSTRAINT group_topics_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE meeting_series ADD CONSTRAINT meeting_series_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE group_history ADD CONSTRAINT group_history_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE contact_persons ADD CONSTRAINT contact_persons_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE change_proposals ADD CONSTRAINT change_proposals_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE outdated_reports ADD CONSTRAINT outdated_reports_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE support_entries ADD CONSTRAINT support_entries_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE starter_requests ADD CONSTRAINT starter_requests_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE consents ADD CONSTRAINT consents_same_office_fk FOREIGN KEY (tenant_id, contact_person_id) REFERENCES contact_persons (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE starter_meetings ADD CONSTRAINT starter_meetings_same_office_fk FOREIGN KEY (tenant_id, request_id) REFERENCES starter_requests (tenant_id, id) ON DELETE CASCADE;
