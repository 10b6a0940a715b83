CREATE TABLE "connectors" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"connector_id" text NOT NULL,
	"type" text NOT NULL,
	"target" text NOT NULL,
	"platform" text,
	"config_ciphertext" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sync_profile" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"connector_id" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"usage_type" text NOT NULL,
	"subject" text,
	"content" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "connectors__one_per_message_type" ON "connectors" USING btree ("tenant_id","type") WHERE "connectors"."type" in ('Email', 'Sms');--> statement-breakpoint
CREATE UNIQUE INDEX "connectors__one_social_per_target_platform" ON "connectors" USING btree ("tenant_id","target","platform") WHERE "connectors"."type" = 'Social';--> statement-breakpoint
CREATE INDEX "outbox_messages__recipient" ON "outbox_messages" USING btree ("tenant_id","recipient","created_at");--> statement-breakpoint
CREATE INDEX "outbox_messages__created_at" ON "outbox_messages" USING btree ("created_at");