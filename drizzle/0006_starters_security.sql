-- Row-level security for starter volunteers: every table is owned by one office (tenant_id).
--> statement-breakpoint
ALTER TABLE starter_volunteers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE starter_volunteers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY starter_volunteers_tenant ON starter_volunteers
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE starter_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE starter_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY starter_requests_tenant ON starter_requests
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE starter_meetings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE starter_meetings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY starter_meetings_tenant ON starter_meetings
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
