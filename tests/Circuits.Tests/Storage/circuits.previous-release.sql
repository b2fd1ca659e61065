CREATE SCHEMA circuits;

CREATE TABLE circuits."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);

CREATE TABLE circuits.artifacts (
    sha256 text NOT NULL,
    content bytea NOT NULL,
    size bigint NOT NULL
);

CREATE TABLE circuits.circuits (
    id text NOT NULL,
    configuration_json text NOT NULL,
    wasm_sha256 text NOT NULL,
    zkey_sha256 text NOT NULL,
    verification_key_sha256 text NOT NULL,
    registered_at timestamp with time zone NOT NULL
);

INSERT INTO circuits."__EFMigrationsHistory" VALUES ('20261121000000_Initial', '10.0.14');

ALTER TABLE ONLY circuits."__EFMigrationsHistory"
    ADD CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId");

ALTER TABLE ONLY circuits.artifacts
    ADD CONSTRAINT "PK_artifacts" PRIMARY KEY (sha256);

ALTER TABLE ONLY circuits.circuits
    ADD CONSTRAINT "PK_circuits" PRIMARY KEY (id);
