CREATE TABLE "automation_control" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"automation_id" text NOT NULL,
	"automation_name" text NOT NULL,
	"status" text NOT NULL,
	"trigger_kind" text NOT NULL,
	"trigger_payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"first_scheduled_for" timestamp with time zone,
	"count" integer DEFAULT 1 NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"run_id" text,
	"thread_id" text,
	"usage" jsonb,
	"claim_key" text,
	"engine_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "automations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"agent_id" text NOT NULL,
	"agent_revision" integer,
	"input" text NOT NULL,
	"triggers" jsonb NOT NULL,
	"conditions" jsonb NOT NULL,
	"policies" jsonb NOT NULL,
	"permissions" jsonb NOT NULL,
	"budget" jsonb NOT NULL,
	"delivery" jsonb NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"pause_reason" text,
	"enabled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_scheduled" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"webhook_secret" text,
	"thread_id" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_succeeded_at" timestamp with time zone,
	"last_output" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_items" (
	"id" text PRIMARY KEY NOT NULL,
	"automation_id" text NOT NULL,
	"automation_name" text NOT NULL,
	"automation_run_id" text NOT NULL,
	"run_id" text,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"unread" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "automation_runs_claim" ON "automation_runs" USING btree ("claim_key");--> statement-breakpoint
CREATE INDEX "automation_runs_automation_created" ON "automation_runs" USING btree ("automation_id","created_at");--> statement-breakpoint
CREATE INDEX "automation_runs_status" ON "automation_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "automation_runs_run" ON "automation_runs" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "automations_name_unique" ON "automations" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "inbox_items_created" ON "inbox_items" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "inbox_items_unread" ON "inbox_items" USING btree ("unread");