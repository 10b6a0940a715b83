CREATE TABLE "logs" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"key" text NOT NULL,
	"result" text NOT NULL,
	"user_id" text,
	"application_id" text,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "logs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE INDEX "logs__created_at" ON "logs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "logs__user_id" ON "logs" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "logs__expiry" ON "logs" USING btree ("created_at");