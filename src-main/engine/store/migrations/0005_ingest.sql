CREATE TABLE "kb_ingest_items" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"kb_id" text NOT NULL,
	"seq" integer NOT NULL,
	"path" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"document_id" text,
	"content_hash" text,
	"bytes" integer DEFAULT 0 NOT NULL,
	"chunks" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_ingest_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kb_id" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"paths" jsonb NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"force" boolean DEFAULT false NOT NULL,
	"scanned" boolean DEFAULT false NOT NULL,
	"current_file" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_watches" (
	"id" text PRIMARY KEY NOT NULL,
	"kb_id" text NOT NULL,
	"path" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"error" text,
	"last_scan_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kb_ingest_items" ADD CONSTRAINT "kb_ingest_items_job_id_kb_ingest_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."kb_ingest_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_ingest_jobs" ADD CONSTRAINT "kb_ingest_jobs_kb_id_knowledge_bases_id_fk" FOREIGN KEY ("kb_id") REFERENCES "public"."knowledge_bases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_watches" ADD CONSTRAINT "kb_watches_kb_id_knowledge_bases_id_fk" FOREIGN KEY ("kb_id") REFERENCES "public"."knowledge_bases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kb_ingest_items_job_path" ON "kb_ingest_items" USING btree ("job_id","path");--> statement-breakpoint
CREATE INDEX "kb_ingest_items_job_status" ON "kb_ingest_items" USING btree ("job_id","status","seq");--> statement-breakpoint
CREATE INDEX "kb_ingest_items_status_lease" ON "kb_ingest_items" USING btree ("status","lease_until");--> statement-breakpoint
CREATE INDEX "kb_ingest_jobs_kb_created" ON "kb_ingest_jobs" USING btree ("kb_id","created_at");--> statement-breakpoint
CREATE INDEX "kb_ingest_jobs_status" ON "kb_ingest_jobs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_watches_kb_path" ON "kb_watches" USING btree ("kb_id","path");