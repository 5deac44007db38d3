CREATE TABLE "api_audit" (
	"id" text PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"key_name" text NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"code" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "api_audit_at" ON "api_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "api_audit_key_at" ON "api_audit" USING btree ("key_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_name_unique" ON "api_keys" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_unique" ON "api_keys" USING btree ("hash");