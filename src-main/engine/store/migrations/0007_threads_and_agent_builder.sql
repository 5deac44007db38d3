CREATE TABLE "agent_revisions" (
	"agent_id" text NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_revisions_agent_id_revision_pk" PRIMARY KEY("agent_id","revision")
);
--> statement-breakpoint
CREATE TABLE "threads" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"title" text NOT NULL,
	"title_edited" boolean DEFAULT false NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "tool_policies" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "knowledge" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "delegate_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "memory" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "thread_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "agent_revision" integer;--> statement-breakpoint
ALTER TABLE "conversation_summaries" ADD COLUMN "thread_id" text;--> statement-breakpoint
ALTER TABLE "conversation_turns" ADD COLUMN "thread_id" text;--> statement-breakpoint
-- Each agent's one conversation becomes one thread: every top-level run of the agent (and the runs
-- they delegated to), its history turns and its summary. Titled by its first message.
INSERT INTO "threads" ("id", "agent_id", "title", "created_at", "updated_at")
SELECT gen_random_uuid()::text, a."agent_id",
  coalesce((SELECT left(regexp_replace(r."input", '\s+', ' ', 'g'), 80) FROM "runs" r WHERE r."agent_id" = a."agent_id" AND r."parent_run_id" IS NULL ORDER BY r."created_at" LIMIT 1), 'Conversation'),
  a."first_at", a."last_at"
FROM (
  SELECT "agent_id", min("at") AS "first_at", max("at") AS "last_at" FROM (
    SELECT "agent_id", "created_at" AS "at" FROM "runs" WHERE "parent_run_id" IS NULL
    UNION ALL SELECT "agent_id", "created_at" FROM "conversation_turns"
    UNION ALL SELECT "agent_id", "updated_at" FROM "conversation_summaries"
  ) u GROUP BY "agent_id"
) a;--> statement-breakpoint
UPDATE "runs" r SET "thread_id" = t."id" FROM "threads" t WHERE r."parent_run_id" IS NULL AND t."agent_id" = r."agent_id";--> statement-breakpoint
UPDATE "runs" r SET "thread_id" = root."thread_id" FROM "runs" root WHERE r."parent_run_id" IS NOT NULL AND root."id" = r."root_run_id";--> statement-breakpoint
UPDATE "conversation_turns" c SET "thread_id" = t."id" FROM "threads" t WHERE t."agent_id" = c."agent_id";--> statement-breakpoint
UPDATE "conversation_summaries" c SET "thread_id" = t."id" FROM "threads" t WHERE t."agent_id" = c."agent_id";--> statement-breakpoint
ALTER TABLE "conversation_turns" ALTER COLUMN "thread_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_summaries" DROP CONSTRAINT "conversation_summaries_pkey";--> statement-breakpoint
ALTER TABLE "conversation_summaries" ALTER COLUMN "thread_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_summaries" ADD PRIMARY KEY ("thread_id");--> statement-breakpoint
-- Every existing agent gets its current state as its first recorded revision.
INSERT INTO "agent_revisions" ("agent_id", "revision", "snapshot", "created_at")
SELECT "id", "revision", jsonb_build_object('name', "name", 'description', "description", 'systemPrompt', "system_prompt", 'model', "model", 'temperature', "temperature", 'tags', "tags", 'tools', "tools", 'knowledgeBaseIds', "knowledge_base_ids"), "updated_at"
FROM "agents";--> statement-breakpoint
CREATE INDEX "threads_agent_updated" ON "threads" USING btree ("agent_id","updated_at");--> statement-breakpoint
CREATE INDEX "runs_thread" ON "runs" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_turns_thread" ON "conversation_turns" USING btree ("thread_id","id");