CREATE SCHEMA proofs;

CREATE TABLE proofs."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);

CREATE TABLE proofs.proofs (
    id uuid NOT NULL,
    circuit_id text NOT NULL,
    status text NOT NULL,
    proof_json text,
    public_signals_json text,
    error_code text,
    error text,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone,
    witness_milliseconds double precision,
    prove_milliseconds double precision,
    presentation_json text,
    owner text,
    lease_expires_at timestamp with time zone
);

CREATE TABLE proofs.verifications (
    id uuid NOT NULL,
    proof_id uuid,
    circuit_id text NOT NULL,
    valid boolean NOT NULL,
    reason text,
    verified_at timestamp with time zone NOT NULL
);

INSERT INTO proofs."__EFMigrationsHistory" VALUES ('20261121000000_Initial', '10.0.14');
INSERT INTO proofs."__EFMigrationsHistory" VALUES ('20261121120000_Presentation', '10.0.14');
INSERT INTO proofs."__EFMigrationsHistory" VALUES ('20261206120000_JobLeases', '10.0.14');

ALTER TABLE ONLY proofs."__EFMigrationsHistory"
    ADD CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId");

ALTER TABLE ONLY proofs.proofs
    ADD CONSTRAINT "PK_proofs" PRIMARY KEY (id);

ALTER TABLE ONLY proofs.verifications
    ADD CONSTRAINT "PK_verifications" PRIMARY KEY (id);

CREATE INDEX ix_proofs_circuit_id ON proofs.proofs USING btree (circuit_id);

CREATE INDEX ix_proofs_created_at ON proofs.proofs USING btree (created_at);

CREATE INDEX ix_proofs_unfinished_lease ON proofs.proofs USING btree (lease_expires_at) WHERE (status = ANY (ARRAY['Queued'::text, 'Running'::text]));

CREATE INDEX ix_verifications_circuit_id ON proofs.verifications USING btree (circuit_id);

CREATE INDEX ix_verifications_proof_id ON proofs.verifications USING btree (proof_id);

CREATE INDEX ix_verifications_verified_at ON proofs.verifications USING btree (verified_at);
