-- Review of the groups module: the SECURITY DEFINER function resolves names only in pg_catalog and
-- public (pg_temp last, so a temporary table cannot stand in for "groups"); starter requests and
-- staged import rows can only point at a volunteer or an import of their own office; an index for
-- finding a group contact's groups by her e-mail address.
CREATE OR REPLACE FUNCTION treffpunkt_group_slugs_taken(candidates text[]) RETURNS SETOF text
	LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT g.slug FROM public.groups g WHERE g.slug = ANY(candidates)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION treffpunkt_group_slugs_taken(text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION treffpunkt_group_slugs_taken(text[]) TO treffpunkt_app;
--> statement-breakpoint
ALTER TABLE starter_volunteers ADD CONSTRAINT starter_volunteers_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE starter_requests ADD CONSTRAINT starter_requests_volunteer_same_office_fk FOREIGN KEY (tenant_id, volunteer_id) REFERENCES starter_volunteers (tenant_id, id) ON DELETE SET NULL (volunteer_id);
--> statement-breakpoint
ALTER TABLE group_imports ADD CONSTRAINT group_imports_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE group_import_rows ADD CONSTRAINT group_import_rows_same_office_fk FOREIGN KEY (tenant_id, import_id) REFERENCES group_imports (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
CREATE INDEX contact_persons_email_idx ON contact_persons (lower(email));
