ALTER TABLE confirmation_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE confirmation_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY confirmation_tokens_tenant ON confirmation_tokens
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE confirmation_tokens ADD CONSTRAINT confirmation_tokens_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
