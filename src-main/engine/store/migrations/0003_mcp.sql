CREATE TABLE "mcp_servers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"transport" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"auto_start" boolean DEFAULT true NOT NULL,
	"approval" jsonb NOT NULL,
	"secret_env" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"roots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tool_timeout_ms" integer DEFAULT 120000 NOT NULL,
	"consent" jsonb DEFAULT '{"tools":{}}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mcp_servers_name_unique" ON "mcp_servers" USING btree (lower("name"));