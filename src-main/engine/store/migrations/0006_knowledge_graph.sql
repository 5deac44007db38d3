CREATE TABLE "kb_document_links" (
	"document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kb_id" text NOT NULL,
	"kind" text NOT NULL,
	"match" text NOT NULL,
	"target" text NOT NULL,
	"raw" text NOT NULL,
	"anchor" text DEFAULT '' NOT NULL,
	"char_start" integer NOT NULL,
	"char_end" integer NOT NULL,
	"chunk_index" integer,
	CONSTRAINT "kb_document_links_document_id_ordinal_pk" PRIMARY KEY("document_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "kb_document_terms" (
	"document_id" text NOT NULL,
	"kb_id" text NOT NULL,
	"kind" text NOT NULL,
	"term" text NOT NULL,
	"weight" real NOT NULL,
	CONSTRAINT "kb_document_terms_document_id_kind_term_pk" PRIMARY KEY("document_id","kind","term")
);
--> statement-breakpoint
ALTER TABLE "kb_document_links" ADD CONSTRAINT "kb_document_links_document_id_kb_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."kb_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_document_terms" ADD CONSTRAINT "kb_document_terms_document_id_kb_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."kb_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_document_links_target" ON "kb_document_links" USING btree ("kb_id","target");--> statement-breakpoint
CREATE INDEX "kb_document_terms_term" ON "kb_document_terms" USING btree ("kb_id","kind","term");--> statement-breakpoint
CREATE INDEX "kb_documents_kb_stem" ON "kb_documents" USING btree ("kb_id",regexp_replace(regexp_replace("path", '([^/\\])\.[^./\\]*$', '\1'), '[/\\](index|__init__)$', ''));