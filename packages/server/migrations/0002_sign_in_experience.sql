CREATE TABLE "sign_in_experiences" (
	"tenant_id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"config" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
