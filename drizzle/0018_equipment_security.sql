-- Equipment lending (issue 5, ROOM-5): row-level security, same-office links and "never lent twice".
--> statement-breakpoint
ALTER TABLE equipment_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE equipment_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY equipment_items_tenant ON equipment_items
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE equipment_loans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE equipment_loans FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY equipment_loans_tenant ON equipment_loans
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE equipment_items ADD CONSTRAINT equipment_items_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE equipment_loans ADD CONSTRAINT equipment_loans_item_same_office_fk FOREIGN KEY (tenant_id, item_id) REFERENCES equipment_items (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
-- a group that is deleted leaves its loans in the history, without the link (same office while linked)
ALTER TABLE equipment_loans ADD CONSTRAINT equipment_loans_group_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE SET NULL (group_id);
--> statement-breakpoint
-- one item, no two reserved or handed-out loans whose days overlap (both dates inclusive)
ALTER TABLE equipment_loans ADD CONSTRAINT equipment_loans_no_overlap
	EXCLUDE USING gist (item_id WITH =, daterange(from_date, until_date, '[]') WITH &&)
	WHERE (status IN ('reserved', 'handed_out'));
