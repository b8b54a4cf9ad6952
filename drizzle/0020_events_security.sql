-- Events and trainings (issue 6): row-level security per office and same-office links.
--> statement-breakpoint
ALTER TABLE programmes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE programmes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY programmes_tenant ON programmes
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY events_tenant ON events
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_sessions_tenant ON event_sessions
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_topics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_topics FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_topics_tenant ON event_topics
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE speakers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE speakers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY speakers_tenant ON speakers
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_speakers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_speakers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_speakers_tenant ON event_speakers
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_registrations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_registrations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_registrations_tenant ON event_registrations
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE event_feedback ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_feedback FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY event_feedback_tenant ON event_feedback
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE speakers ADD CONSTRAINT speakers_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
-- the parts of an event belong to the event's office; a programme may be another office's (a state office's)
--> statement-breakpoint
ALTER TABLE event_sessions ADD CONSTRAINT event_sessions_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_topics ADD CONSTRAINT event_topics_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_speakers ADD CONSTRAINT event_speakers_event_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_speakers ADD CONSTRAINT event_speakers_speaker_same_office_fk FOREIGN KEY (tenant_id, speaker_id) REFERENCES speakers (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE event_feedback ADD CONSTRAINT event_feedback_same_office_fk FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE events ADD CONSTRAINT events_room_same_office_fk FOREIGN KEY (tenant_id, room_id) REFERENCES rooms (tenant_id, id) ON DELETE SET NULL (room_id);
--> statement-breakpoint
ALTER TABLE event_sessions ADD CONSTRAINT event_sessions_time_order_check CHECK (ends_at > starts_at);
