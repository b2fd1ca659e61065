CREATE SCHEMA security;

CREATE TABLE security."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);

CREATE TABLE security.api_keys (
    id uuid NOT NULL,
    name text NOT NULL,
    prefix text NOT NULL,
    sha256 text NOT NULL,
    scopes text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    replaced_by uuid
);

INSERT INTO security."__EFMigrationsHistory" VALUES ('20261121130000_Initial', '10.0.14');

ALTER TABLE ONLY security."__EFMigrationsHistory"
    ADD CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId");

ALTER TABLE ONLY security.api_keys
    ADD CONSTRAINT "PK_api_keys" PRIMARY KEY (id);

CREATE UNIQUE INDEX ix_api_keys_sha256 ON security.api_keys USING btree (sha256);
