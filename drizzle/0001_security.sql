-- Tenant isolation in depth (PLAT-3). The application runs its queries as the non-superuser role
-- treffpunkt_app (SET ROLE), so the policies below apply even when the connecting user is a superuser.
-- Migrations run as the connecting user.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'treffpunkt_app') THEN
		CREATE ROLE treffpunkt_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
	EXECUTE format('GRANT treffpunkt_app TO %I', current_user);
EXCEPTION WHEN others THEN
	NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION treffpunkt_system() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT coalesce(current_setting('app.system', true), '') = 'on'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION treffpunkt_tenant() RETURNS uuid LANGUAGE sql STABLE AS $$
	SELECT nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION treffpunkt_user() RETURNS uuid LANGUAGE sql STABLE AS $$
	SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO treffpunkt_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO treffpunkt_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO treffpunkt_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO treffpunkt_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO treffpunkt_app;
--> statement-breakpoint
-- the audit log is append-only for the application
REVOKE UPDATE, DELETE ON audit_log FROM treffpunkt_app;
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_tenant ON memberships
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant() OR user_id = treffpunkt_user())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE account_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE account_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY account_tokens_tenant ON account_tokens
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_tenant ON audit_log
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_outbox_tenant ON mail_outbox
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_visible ON users
	USING (
		treffpunkt_system()
		OR id = treffpunkt_user()
		OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = treffpunkt_tenant())
	)
	WITH CHECK (treffpunkt_system() OR id = treffpunkt_user() OR treffpunkt_tenant() IS NOT NULL);
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sessions_system ON sessions USING (treffpunkt_system() OR user_id = treffpunkt_user());
--> statement-breakpoint
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY jobs_system ON jobs USING (treffpunkt_system());
--> statement-breakpoint
ALTER TABLE job_schedules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE job_schedules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY job_schedules_system ON job_schedules USING (treffpunkt_system());
--> statement-breakpoint
ALTER TABLE login_attempts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE login_attempts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY login_attempts_system ON login_attempts USING (treffpunkt_system());
