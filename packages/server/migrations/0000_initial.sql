CREATE TABLE "application_previous_secrets" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"application_id" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"oidc_client_metadata" jsonb NOT NULL,
	"custom_client_metadata" jsonb NOT NULL,
	"is_third_party" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "applications_roles" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"application_id" text NOT NULL,
	"role_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_roles_tenant_id_application_id_role_id_pk" PRIMARY KEY("tenant_id","application_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "experience_sessions" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"interaction_uid" text NOT NULL,
	"state" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "experience_sessions_tenant_id_interaction_uid_pk" PRIMARY KEY("tenant_id","interaction_uid")
);
--> statement-breakpoint
CREATE TABLE "oidc_model_instances" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"model_name" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"grant_id" text,
	"uid" text,
	"user_code" text,
	CONSTRAINT "oidc_model_instances_tenant_id_model_name_id_pk" PRIMARY KEY("tenant_id","model_name","id")
);
--> statement-breakpoint
CREATE TABLE "oidc_signing_keys" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"alg" text NOT NULL,
	"private_jwk_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	CONSTRAINT "oidc_signing_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_counters_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"management_scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "system_secrets" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"value_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_secrets_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"username" text,
	"primary_email" text,
	"primary_phone" text,
	"password_hash" text,
	"name" text,
	"avatar" text,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"identities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_suspended" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "users_roles" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"user_id" text NOT NULL,
	"role_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_roles_tenant_id_user_id_role_id_pk" PRIMARY KEY("tenant_id","user_id","role_id")
);
--> statement-breakpoint
ALTER TABLE "application_previous_secrets" ADD CONSTRAINT "application_previous_secrets_tenant_id_application_id_applications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications_roles" ADD CONSTRAINT "applications_roles_tenant_id_application_id_applications_tenant_id_id_fk" FOREIGN KEY ("tenant_id","application_id") REFERENCES "public"."applications"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications_roles" ADD CONSTRAINT "applications_roles_tenant_id_role_id_roles_tenant_id_id_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles_tenant_id_role_id_roles_tenant_id_id_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."roles"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_previous_secrets__application" ON "application_previous_secrets" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "experience_sessions__expires_at" ON "experience_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oidc_model_instances__grant_id" ON "oidc_model_instances" USING btree ("tenant_id","grant_id");--> statement-breakpoint
CREATE INDEX "oidc_model_instances__uid" ON "oidc_model_instances" USING btree ("tenant_id","model_name","uid");--> statement-breakpoint
CREATE INDEX "oidc_model_instances__user_code" ON "oidc_model_instances" USING btree ("tenant_id","model_name","user_code");--> statement-breakpoint
CREATE INDEX "oidc_model_instances__expires_at" ON "oidc_model_instances" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "rate_limit_counters__window_ends_at" ON "rate_limit_counters" USING btree ("window_ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "roles__name" ON "roles" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "users__username" ON "users" USING btree ("tenant_id",lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "users__primary_email" ON "users" USING btree ("tenant_id",lower("primary_email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users__primary_phone" ON "users" USING btree ("tenant_id","primary_phone");--> statement-breakpoint
CREATE INDEX "users__created_at" ON "users" USING btree ("tenant_id","created_at");