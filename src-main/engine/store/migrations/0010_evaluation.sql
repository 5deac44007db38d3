CREATE TABLE "eval_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"output" text,
	"facts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_results" (
	"run_id" text NOT NULL,
	"case_id" text NOT NULL,
	"target" text NOT NULL,
	"trial" integer NOT NULL,
	"status" text NOT NULL,
	"error_kind" text,
	"score" double precision NOT NULL,
	"input" text NOT NULL,
	"output" text,
	"expected" text,
	"assertions" jsonb NOT NULL,
	"agent_run_id" text,
	"usage" jsonb,
	"latency_ms" double precision,
	"steps" integer,
	"cached" boolean DEFAULT false NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"position" integer NOT NULL,
	CONSTRAINT "eval_results_run_id_case_id_target_trial_pk" PRIMARY KEY("run_id","case_id","target","trial")
);
--> statement-breakpoint
CREATE TABLE "eval_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"suite_id" text NOT NULL,
	"suite_name" text NOT NULL,
	"suite_version" text NOT NULL,
	"suite_content" text NOT NULL,
	"kind" text NOT NULL,
	"targets" jsonb NOT NULL,
	"trials" integer NOT NULL,
	"status" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "eval_suites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"content" text NOT NULL,
	"version" text NOT NULL,
	"case_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "eval_runs_suite_created" ON "eval_runs" USING btree ("suite_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_suites_name_unique" ON "eval_suites" USING btree (lower("name"));