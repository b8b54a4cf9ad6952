CREATE TABLE "relay_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"recipient_kind" text NOT NULL,
	"sender_name" text DEFAULT '' NOT NULL,
	"sender_email" text NOT NULL,
	"body" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"reply_token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"delete_after" timestamp with time zone NOT NULL,
	CONSTRAINT "relay_messages_recipient_check" CHECK ("relay_messages"."recipient_kind" in ('contact','office')),
	CONSTRAINT "relay_messages_locale_check" CHECK ("relay_messages"."locale" in ('de','en'))
);
--> statement-breakpoint
CREATE TABLE "founding_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"topic_id" uuid,
	"topic_text" text NOT NULL,
	"postal_code" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"consent_text" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"group_id" uuid,
	"notified_at" timestamp with time zone,
	"withdraw_token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delete_after" timestamp with time zone NOT NULL,
	CONSTRAINT "founding_interests_status_check" CHECK ("founding_interests"."status" in ('open','notified','withdrawn')),
	CONSTRAINT "founding_interests_locale_check" CHECK ("founding_interests"."locale" in ('de','en'))
);
--> statement-breakpoint
CREATE TABLE "instance_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "relay_messages" ADD CONSTRAINT "relay_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_messages" ADD CONSTRAINT "relay_messages_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_interests" ADD CONSTRAINT "founding_interests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_interests" ADD CONSTRAINT "founding_interests_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "founding_interests" ADD CONSTRAINT "founding_interests_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "relay_messages_group_idx" ON "relay_messages" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "relay_messages_delete_after_idx" ON "relay_messages" USING btree ("delete_after");--> statement-breakpoint
CREATE INDEX "relay_messages_reply_token_idx" ON "relay_messages" USING btree ("reply_token_hash");--> statement-breakpoint
CREATE INDEX "founding_interests_tenant_status_idx" ON "founding_interests" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "founding_interests_withdraw_idx" ON "founding_interests" USING btree ("withdraw_token_hash");--> statement-breakpoint
CREATE INDEX "founding_interests_delete_after_idx" ON "founding_interests" USING btree ("delete_after");