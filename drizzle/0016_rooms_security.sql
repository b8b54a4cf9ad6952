-- Rooms and bookings (issue 5): row-level security, same-office links and "no double booking, ever" (ROOM-3).
--> statement-breakpoint
-- btree_gist lets one GiST index combine the room id (=) with the time range (&&); PGlite loads it
-- from @electric-sql/pglite/contrib (src/lib/server/db/extensions.ts), a PostgreSQL server from contrib
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE rooms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rooms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY rooms_tenant ON rooms
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
ALTER TABLE room_bookings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE room_bookings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY room_bookings_tenant ON room_bookings
	USING (treffpunkt_system() OR tenant_id = treffpunkt_tenant())
	WITH CHECK (treffpunkt_system() OR tenant_id = treffpunkt_tenant());
--> statement-breakpoint
-- the room and the group of a booking belong to the booking's office (see 0007_same_office_links.sql)
ALTER TABLE rooms ADD CONSTRAINT rooms_tenant_id_id_key UNIQUE (tenant_id, id);
--> statement-breakpoint
ALTER TABLE room_bookings ADD CONSTRAINT room_bookings_room_same_office_fk FOREIGN KEY (tenant_id, room_id) REFERENCES rooms (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE room_bookings ADD CONSTRAINT room_bookings_group_same_office_fk FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE room_bookings ADD CONSTRAINT room_bookings_time_order_check CHECK (ends_at > starts_at);
--> statement-breakpoint
-- one room, no two requested or confirmed occurrences whose times overlap; end-exclusive, so 19–21 and 21–23 both fit
ALTER TABLE room_bookings ADD CONSTRAINT room_bookings_no_overlap
	EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
	WHERE (status IN ('requested', 'confirmed'));
