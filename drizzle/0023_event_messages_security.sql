-- Organiser messages (issue 6, COM-1): row-level security per office and a same-office link to the event.
--> statement-breakpoint
ALTER TABLE event_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_messages_tenant ON event_messages
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_messages ADD CONSTRAINT event_messages_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
