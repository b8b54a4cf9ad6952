-- Row-level security for the groups module: every table is owned by one office (tenant_id).
--> statement-breakpoint
ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE groups FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY groups_tenant ON groups
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE group_topics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE group_topics FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY group_topics_tenant ON group_topics
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE meeting_series ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE meeting_series FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY meeting_series_tenant ON meeting_series
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE group_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE group_history FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY group_history_tenant ON group_history
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE contact_persons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE contact_persons FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contact_persons_tenant ON contact_persons
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY consents_tenant ON consents
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE change_proposals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_proposals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_proposals_tenant ON change_proposals
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE outdated_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outdated_reports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outdated_reports_tenant ON outdated_reports
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE support_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE support_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY support_entries_tenant ON support_entries
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE group_imports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE group_imports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY group_imports_tenant ON group_imports
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE group_import_rows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE group_import_rows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY group_import_rows_tenant ON group_import_rows
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_views_own ON saved_views
	USING (treffpunkt_system() OR (tenant_id = treffpunkt_tenant() AND user_id = treffpunkt_user()))
	WITH CHECK (treffpunkt_system() OR (tenant_id = treffpunkt_tenant() AND user_id = treffpunkt_user()));
--> statement-breakpoint
-- topics are public vocabulary: everyone reads them; an office writes only its own, the national set only the system
--> statement-breakpoint
ALTER TABLE topics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE topics FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY topics_read ON topics FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY topics_insert ON topics FOR INSERT WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
CREATE POLICY topics_update ON topics FOR UPDATE
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
CREATE POLICY topics_delete ON topics FOR DELETE USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE topic_broader ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE topic_broader FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY topic_broader_read ON topic_broader FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY topic_broader_insert ON topic_broader FOR INSERT WITH CHECK (treffpunkt_system() OR EXISTS (SELECT 1 FROM topics t WHERE t.id = topic_broader.topic_id AND t.tenant_id = treffpunkt_tenant()));
--> statement-breakpoint
CREATE POLICY topic_broader_delete ON topic_broader FOR DELETE USING (treffpunkt_system() OR EXISTS (SELECT 1 FROM topics t WHERE t.id = topic_broader.topic_id AND t.tenant_id = treffpunkt_tenant()));
--> statement-breakpoint
ALTER TABLE reference_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE reference_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY reference_versions_system ON reference_versions USING (treffpunkt_system());
--> statement-breakpoint
-- group slugs are public URLs, unique across all offices; an office cannot see the others' rows,
-- so this function (owned by the migration role) answers which of the given slugs are taken
CREATE OR REPLACE FUNCTION treffpunkt_group_slugs_taken(candidates text[]) RETURNS SETOF text
	LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
	SELECT slug FROM groups WHERE slug = ANY(candidates)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION treffpunkt_group_slugs_taken(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION treffpunkt_group_slugs_taken(text[]) TO treffpunkt_app;
--> statement-breakpoint
-- the history is append-only for the application
--> statement-breakpoint
REVOKE UPDATE, DELETE ON group_history FROM treffpunkt_app;
