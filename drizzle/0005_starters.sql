CREATE TABLE "starter_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "starter_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"requested_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"volunteer_id" uuid,
	"meeting_limit" integer NOT NULL,
	"report" text DEFAULT '' NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "starter_requests_kind_check" CHECK ("starter_requests"."kind" in ('new','existing')),
	CONSTRAINT "starter_requests_status_check" CHECK ("starter_requests"."status" in ('open','assigned','completed','withdrawn')),
	CONSTRAINT "starter_requests_limit_check" CHECK ("starter_requests"."meeting_limit" between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "starter_volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"trained_on" date,
	"active" boolean DEFAULT true NOT NULL,
	"consent_source" text NOT NULL,
	"consent_given_on" date NOT NULL,
	"consent_withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "starter_meetings" ADD CONSTRAINT "starter_meetings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_meetings" ADD CONSTRAINT "starter_meetings_request_id_starter_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."starter_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_requests" ADD CONSTRAINT "starter_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_requests" ADD CONSTRAINT "starter_requests_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_requests" ADD CONSTRAINT "starter_requests_volunteer_id_starter_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."starter_volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_volunteers" ADD CONSTRAINT "starter_volunteers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "starter_meetings_request_idx" ON "starter_meetings" USING btree ("request_id","on");--> statement-breakpoint
CREATE INDEX "starter_requests_tenant_idx" ON "starter_requests" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "starter_requests_group_idx" ON "starter_requests" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "starter_volunteers_tenant_idx" ON "starter_volunteers" USING btree ("tenant_id","name");