-- Public directory (issue 4): row-level security for the new tables, same-office links, and the
-- change feed that tells every server process which groups to re-read into its search index.
ALTER TABLE relay_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE relay_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY relay_messages_tenant ON relay_messages
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE relay_messages ADD CONSTRAINT relay_messages_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE founding_interests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE founding_interests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY founding_interests_tenant ON founding_interests
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE rate_limit_hits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limit_hits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY rate_limit_hits_system ON rate_limit_hits USING (treffpunkt_system()) WITH CHECK (treffpunkt_system());
--> statement-breakpoint
ALTER TABLE instance_secrets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE instance_secrets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY instance_secrets_system ON instance_secrets USING (treffpunkt_system()) WITH CHECK (treffpunkt_system());
--> statement-breakpoint
-- The change feed. A row per changed group (kind 'group') or a thesaurus change (kind 'topics'),
-- written by statement-level triggers in the changing transaction and stamped with its
-- transaction id. A reader that remembers the oldest transaction still running at its last read
-- (pg_snapshot_xmin) and reads every row from that id on never misses a change that committed late.
CREATE TABLE directory_changes (
	id bigserial PRIMARY KEY,
	xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
	kind text NOT NULL CHECK (kind IN ('group', 'topics')),
	group_id uuid,
	created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX directory_changes_xid_idx ON directory_changes (xid);
--> statement-breakpoint
CREATE INDEX directory_changes_created_idx ON directory_changes (created_at);
--> statement-breakpoint
ALTER TABLE directory_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE directory_changes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- any transaction may note a change (the triggers do); only the system scope reads or prunes the feed
CREATE POLICY directory_changes_note ON directory_changes FOR INSERT WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY directory_changes_read ON directory_changes FOR SELECT USING (treffpunkt_system());
--> statement-breakpoint
CREATE POLICY directory_changes_prune ON directory_changes FOR DELETE USING (treffpunkt_system());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON directory_changes TO treffpunkt_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE directory_changes_id_seq TO treffpunkt_app;
--> statement-breakpoint
-- Trigger functions run as their owner so that any office's transaction can note a change
-- without seeing the feed.
CREATE FUNCTION treffpunkt_note_group_change_new() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	IF TG_TABLE_NAME = 'groups' THEN
		INSERT INTO public.directory_changes (kind, group_id) SELECT DISTINCT 'group', n.id FROM new_rows n;
	ELSE
		INSERT INTO public.directory_changes (kind, group_id) SELECT DISTINCT 'group', n.group_id FROM new_rows n;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION treffpunkt_note_group_change_old() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	IF TG_TABLE_NAME = 'groups' THEN
		INSERT INTO public.directory_changes (kind, group_id) SELECT DISTINCT 'group', o.id FROM old_rows o;
	ELSE
		INSERT INTO public.directory_changes (kind, group_id) SELECT DISTINCT 'group', o.group_id FROM old_rows o;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION treffpunkt_note_topics_change() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	INSERT INTO public.directory_changes (kind) VALUES ('topics');
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER groups_directory_insert AFTER INSERT ON groups REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_new();
--> statement-breakpoint
CREATE TRIGGER groups_directory_update AFTER UPDATE ON groups REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_new();
--> statement-breakpoint
CREATE TRIGGER groups_directory_delete AFTER DELETE ON groups REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_old();
--> statement-breakpoint
CREATE TRIGGER meeting_series_directory_insert AFTER INSERT ON meeting_series REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_new();
--> statement-breakpoint
CREATE TRIGGER meeting_series_directory_update AFTER UPDATE ON meeting_series REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_new();
--> statement-breakpoint
CREATE TRIGGER meeting_series_directory_delete AFTER DELETE ON meeting_series REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_old();
--> statement-breakpoint
CREATE TRIGGER group_topics_directory_insert AFTER INSERT ON group_topics REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_new();
--> statement-breakpoint
CREATE TRIGGER group_topics_directory_delete AFTER DELETE ON group_topics REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_group_change_old();
--> statement-breakpoint
CREATE TRIGGER topics_directory_change AFTER INSERT OR UPDATE OR DELETE ON topics
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_topics_change();
--> statement-breakpoint
CREATE TRIGGER topic_broader_directory_change AFTER INSERT OR UPDATE OR DELETE ON topic_broader
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_topics_change();
--> statement-breakpoint
-- office data shown in results (name, published) changes the groups of that office
CREATE FUNCTION treffpunkt_note_office_change() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	INSERT INTO public.directory_changes (kind, group_id) SELECT 'group', g.id FROM public.groups g JOIN new_rows n ON n.id = g.tenant_id;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenants_directory_update AFTER UPDATE ON tenants REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION treffpunkt_note_office_change();
