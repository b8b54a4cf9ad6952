CREATE TABLE "equipment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"condition" text DEFAULT 'good' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_items_condition_check" CHECK ("equipment_items"."condition" in ('good','worn','damaged','missing_parts'))
);
--> statement-breakpoint
CREATE TABLE "equipment_loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"group_id" uuid,
	"borrower" text DEFAULT '' NOT NULL,
	"from_date" date NOT NULL,
	"until_date" date NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"handed_out_at" timestamp with time zone,
	"condition_out" text DEFAULT '' NOT NULL,
	"returned_at" timestamp with time zone,
	"condition_back" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "equipment_loans_status_check" CHECK ("equipment_loans"."status" in ('reserved','handed_out','returned','cancelled')),
	CONSTRAINT "equipment_loans_date_order_check" CHECK ("equipment_loans"."until_date" >= "equipment_loans"."from_date")
);
--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "attendees" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "equipment_items" ADD CONSTRAINT "equipment_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_loans" ADD CONSTRAINT "equipment_loans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_loans" ADD CONSTRAINT "equipment_loans_item_id_equipment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."equipment_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_loans" ADD CONSTRAINT "equipment_loans_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_loans" ADD CONSTRAINT "equipment_loans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "equipment_items_tenant_name_idx" ON "equipment_items" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "equipment_loans_tenant_item_from_idx" ON "equipment_loans" USING btree ("tenant_id","item_id","from_date");--> statement-breakpoint
CREATE INDEX "equipment_loans_group_idx" ON "equipment_loans" USING btree ("group_id");--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_bookings_tenant_status_start_idx" ON "room_bookings" USING btree ("tenant_id","status","starts_at");