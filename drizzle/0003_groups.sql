CREATE TABLE "reference_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_broader" (
	"topic_id" uuid NOT NULL,
	"broader_id" uuid NOT NULL,
	CONSTRAINT "topic_broader_topic_id_broader_id_pk" PRIMARY KEY("topic_id","broader_id")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"key" text NOT NULL,
	"label_de" text NOT NULL,
	"label_en" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_status_check" CHECK ("topics"."status" in ('active','proposed','retired')),
	CONSTRAINT "topics_category_check" CHECK ("topics"."category" in ('addiction','mental_health','chronic_illness','cancer','disability','rare_disease','relatives','family','loss_grief','social_situation','violence','gender_health','older_age'))
);
--> statement-breakpoint
CREATE TABLE "change_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"proposed_by" uuid,
	"proposed_by_label" text NOT NULL,
	"base_version" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_proposals_status_check" CHECK ("change_proposals"."status" in ('pending','approved','returned','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"contact_person_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"source" text NOT NULL,
	"given_on" date NOT NULL,
	"recorded_by" text NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_source_check" CHECK ("consents"."source" in ('form','written','verbal','email','import')),
	CONSTRAINT "consents_purpose_check" CHECK ("consents"."purpose" in ('group_contact'))
);
--> statement-breakpoint
CREATE TABLE "contact_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"effective_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_history_kind_check" CHECK ("group_history"."kind" in ('lifecycle','moderation','confirmation'))
);
--> statement-breakpoint
CREATE TABLE "group_import_rows" (
	"import_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"fields" jsonb NOT NULL,
	"issues" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"match_group_id" uuid,
	"applied" boolean DEFAULT false NOT NULL,
	CONSTRAINT "group_import_rows_import_id_line_pk" PRIMARY KEY("import_id","line")
);
--> statement-breakpoint
CREATE TABLE "group_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_by_label" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'staged' NOT NULL,
	"options" jsonb NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"applied_rows" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "group_imports_status_check" CHECK ("group_imports"."status" in ('staged','applying','done','failed','discarded'))
);
--> statement-breakpoint
CREATE TABLE "group_topics" (
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	CONSTRAINT "group_topics_group_id_topic_id_pk" PRIMARY KEY("group_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"first_visit" text DEFAULT '' NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{de}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"format" text DEFAULT 'in_person' NOT NULL,
	"accepting_members" boolean DEFAULT true NOT NULL,
	"lifecycle" text DEFAULT 'active' NOT NULL,
	"lifecycle_since" date,
	"moderation" text DEFAULT 'draft' NOT NULL,
	"contact_mode" text DEFAULT 'office' NOT NULL,
	"address_visibility" text DEFAULT 'approximate' NOT NULL,
	"association_id" uuid,
	"estimated_size" integer,
	"website" text DEFAULT '' NOT NULL,
	"dedupe_key" text NOT NULL,
	"review_note" text DEFAULT '' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"stale_since" timestamp with time zone,
	"confirmation_requested_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_format_check" CHECK ("groups"."format" in ('in_person','online','hybrid')),
	CONSTRAINT "groups_lifecycle_check" CHECK ("groups"."lifecycle" in ('interest','founding','active','paused','dissolved')),
	CONSTRAINT "groups_moderation_check" CHECK ("groups"."moderation" in ('draft','review','published','hidden')),
	CONSTRAINT "groups_contact_mode_check" CHECK ("groups"."contact_mode" in ('relay','office')),
	CONSTRAINT "groups_address_visibility_check" CHECK ("groups"."address_visibility" in ('public','approximate','hidden')),
	CONSTRAINT "groups_slug_check" CHECK ("groups"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "meeting_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"recurrence" jsonb,
	"schedule_text" text DEFAULT '' NOT NULL,
	"location_kind" text DEFAULT 'address' NOT NULL,
	"street" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"district" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"step_free" text DEFAULT 'unknown' NOT NULL,
	"accessible_toilet" boolean DEFAULT false NOT NULL,
	"hearing_loop" boolean DEFAULT false NOT NULL,
	"sign_language" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_series_location_check" CHECK ("meeting_series"."location_kind" in ('address','online','on_request')),
	CONSTRAINT "meeting_series_step_free_check" CHECK ("meeting_series"."step_free" in ('yes','partial','no','unknown'))
);
--> statement-breakpoint
CREATE TABLE "outdated_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"message" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_label" text,
	"resolution" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"minutes" integer NOT NULL,
	"staff_label" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_entries_kind_check" CHECK ("support_entries"."kind" in ('founding','accompaniment','supervision','mediation','public_relations','funding_advice','other')),
	CONSTRAINT "support_entries_minutes_check" CHECK ("support_entries"."minutes" > 0 and "support_entries"."minutes" <= 1440)
);
--> statement-breakpoint
ALTER TABLE "topic_broader" ADD CONSTRAINT "topic_broader_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_broader" ADD CONSTRAINT "topic_broader_broader_id_topics_id_fk" FOREIGN KEY ("broader_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_proposals" ADD CONSTRAINT "change_proposals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_proposals" ADD CONSTRAINT "change_proposals_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_proposals" ADD CONSTRAINT "change_proposals_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_contact_person_id_contact_persons_id_fk" FOREIGN KEY ("contact_person_id") REFERENCES "public"."contact_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_persons" ADD CONSTRAINT "contact_persons_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_persons" ADD CONSTRAINT "contact_persons_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_persons" ADD CONSTRAINT "contact_persons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_history" ADD CONSTRAINT "group_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_history" ADD CONSTRAINT "group_history_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_import_rows" ADD CONSTRAINT "group_import_rows_import_id_group_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."group_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_import_rows" ADD CONSTRAINT "group_import_rows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_imports" ADD CONSTRAINT "group_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_topics" ADD CONSTRAINT "group_topics_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_topics" ADD CONSTRAINT "group_topics_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_topics" ADD CONSTRAINT "group_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_association_id_tenants_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_series" ADD CONSTRAINT "meeting_series_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_series" ADD CONSTRAINT "meeting_series_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outdated_reports" ADD CONSTRAINT "outdated_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outdated_reports" ADD CONSTRAINT "outdated_reports_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_entries" ADD CONSTRAINT "support_entries_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "topic_broader_broader_idx" ON "topic_broader" USING btree ("broader_id");--> statement-breakpoint
CREATE UNIQUE INDEX "topics_key_idx" ON "topics" USING btree ("key");--> statement-breakpoint
CREATE INDEX "topics_tenant_idx" ON "topics" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "change_proposals_tenant_status_idx" ON "change_proposals" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "change_proposals_group_idx" ON "change_proposals" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "consents_person_idx" ON "consents" USING btree ("contact_person_id");--> statement-breakpoint
CREATE INDEX "contact_persons_group_idx" ON "contact_persons" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "contact_persons_user_idx" ON "contact_persons" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "group_history_group_idx" ON "group_history" USING btree ("group_id","at");--> statement-breakpoint
CREATE INDEX "group_imports_tenant_idx" ON "group_imports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "group_topics_topic_idx" ON "group_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_slug_idx" ON "groups" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "groups_tenant_name_idx" ON "groups" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "groups_tenant_dedupe_idx" ON "groups" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "groups_tenant_updated_idx" ON "groups" USING btree ("tenant_id","updated_at");--> statement-breakpoint
CREATE INDEX "meeting_series_group_idx" ON "meeting_series" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "meeting_series_tenant_postal_idx" ON "meeting_series" USING btree ("tenant_id","postal_code");--> statement-breakpoint
CREATE INDEX "outdated_reports_tenant_idx" ON "outdated_reports" USING btree ("tenant_id","resolved_at");--> statement-breakpoint
CREATE INDEX "saved_views_user_idx" ON "saved_views" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "support_entries_group_idx" ON "support_entries" USING btree ("group_id","on");