-- A founding interest can only point at a group of its own office.
ALTER TABLE founding_interests ADD CONSTRAINT founding_interests_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE SET NULL (group_id);
