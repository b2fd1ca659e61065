CREATE SCHEMA credentials;

CREATE TABLE credentials."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);

CREATE TABLE credentials.credentials (
    id uuid NOT NULL,
    type text NOT NULL,
    schema_json text NOT NULL,
    issuer_key_id uuid NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    expires_on date NOT NULL,
    revoked_at timestamp with time zone,
    sealed bytea NOT NULL
);

CREATE TABLE credentials.issuer_keys (
    id uuid NOT NULL,
    public_x text NOT NULL,
    public_y text NOT NULL,
    sealed_private_key bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    retired_at timestamp with time zone
);

INSERT INTO credentials."__EFMigrationsHistory" VALUES ('20261121120000_Initial', '10.0.14');

ALTER TABLE ONLY credentials."__EFMigrationsHistory"
    ADD CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId");

ALTER TABLE ONLY credentials.credentials
    ADD CONSTRAINT "PK_credentials" PRIMARY KEY (id);

ALTER TABLE ONLY credentials.issuer_keys
    ADD CONSTRAINT "PK_issuer_keys" PRIMARY KEY (id);

CREATE INDEX ix_credentials_issued_at ON credentials.credentials USING btree (issued_at);

CREATE UNIQUE INDEX ix_issuer_keys_one_active ON credentials.issuer_keys USING btree (retired_at) NULLS NOT DISTINCT WHERE (retired_at IS NULL);
