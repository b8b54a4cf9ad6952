ALTER TABLE "room_bookings" DROP CONSTRAINT "room_bookings_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "room_bookings" DROP CONSTRAINT "room_bookings_room_id_rooms_id_fk";
--> statement-breakpoint
ALTER TABLE "room_bookings" DROP CONSTRAINT "room_bookings_group_id_groups_id_fk";
