-- Every process keeps validated sessions in memory for a short while (ADR 0032). Whatever a session
-- shows — the session itself, its person, her memberships, the names of her offices — announces its
-- change here, in the changing transaction, so that every process forgets it when that commits:
-- the payload is the person's id, or '*' when an office changed (all of its people).
-- Extending a session's expiry (every ten minutes of use) is not a change worth announcing.
CREATE OR REPLACE FUNCTION treffpunkt_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed_row record;
BEGIN
	IF TG_OP = 'DELETE' THEN
		changed_row := OLD;
	ELSE
		changed_row := NEW;
	END IF;
	IF TG_TABLE_NAME = 'tenants' THEN
		PERFORM pg_notify('treffpunkt_sessions', '*');
	ELSIF TG_TABLE_NAME = 'users' THEN
		PERFORM pg_notify('treffpunkt_sessions', changed_row.id::text);
	ELSE
		PERFORM pg_notify('treffpunkt_sessions', changed_row.user_id::text);
		IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
			PERFORM pg_notify('treffpunkt_sessions', OLD.user_id::text);
		END IF;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER DELETE ON sessions
	FOR EACH ROW EXECUTE FUNCTION treffpunkt_session_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_updated AFTER UPDATE ON sessions
	FOR EACH ROW
	WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
		OR OLD.second_factor_done IS DISTINCT FROM NEW.second_factor_done OR NEW.expires_at < OLD.expires_at)
	EXECUTE FUNCTION treffpunkt_session_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
	FOR EACH ROW EXECUTE FUNCTION treffpunkt_session_changed();
--> statement-breakpoint
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE ON memberships
	FOR EACH ROW EXECUTE FUNCTION treffpunkt_session_changed();
--> statement-breakpoint
CREATE TRIGGER tenants_deleted AFTER DELETE ON tenants
	FOR EACH ROW EXECUTE FUNCTION treffpunkt_session_changed();
--> statement-breakpoint
CREATE TRIGGER tenants_updated AFTER UPDATE ON tenants
	FOR EACH ROW
	WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug OR OLD.parent_id IS DISTINCT FROM NEW.parent_id)
	EXECUTE FUNCTION treffpunkt_session_changed();
