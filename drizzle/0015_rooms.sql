CREATE TABLE "room_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"group_id" uuid,
	"title" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_bookings_owner_kind_check" CHECK ("room_bookings"."owner_kind" in ('group','event','internal')),
	CONSTRAINT "room_bookings_status_check" CHECK ("room_bookings"."status" in ('requested','confirmed','declined','cancelled')),
	CONSTRAINT "room_bookings_group_owner_check" CHECK (("room_bookings"."owner_kind" = 'group') = ("room_bookings"."group_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"capacity" integer NOT NULL,
	"step_free" boolean DEFAULT false NOT NULL,
	"accessible_toilet" boolean DEFAULT false NOT NULL,
	"hearing_loop" boolean DEFAULT false NOT NULL,
	"equipment" text[] DEFAULT '{}'::text[] NOT NULL,
	"bookable_hours" jsonb DEFAULT '{"1":{"from":"09:00","to":"22:00"},"2":{"from":"09:00","to":"22:00"},"3":{"from":"09:00","to":"22:00"},"4":{"from":"09:00","to":"22:00"},"5":{"from":"09:00","to":"22:00"},"6":{"from":"09:00","to":"22:00"},"7":{"from":"09:00","to":"22:00"}}'::jsonb NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"fee" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_capacity_check" CHECK ("rooms"."capacity" > 0)
);
--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_bookings" ADD CONSTRAINT "room_bookings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_bookings_tenant_room_start_idx" ON "room_bookings" USING btree ("tenant_id","room_id","starts_at");--> statement-breakpoint
CREATE INDEX "room_bookings_series_idx" ON "room_bookings" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "room_bookings_group_idx" ON "room_bookings" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "rooms_tenant_name_idx" ON "rooms" USING btree ("tenant_id",lower("name"));