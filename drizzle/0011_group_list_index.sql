DROP INDEX "groups_tenant_name_idx";--> statement-breakpoint
CREATE INDEX "groups_tenant_name_idx" ON "groups" USING btree ("tenant_id",lower("name"));