-- One row per Kombo integration, written only by its integration grain (the single writer): `doc` is the grain's
-- whole state as JSON (snake_case, as the internal API shows it). The sync engine writes the row in the same
-- transaction as each page of records, so checkpoint and data cannot disagree.

CREATE TABLE integrations (
    id         text        PRIMARY KEY,
    doc        jsonb       NOT NULL,
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
