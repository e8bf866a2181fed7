-- Our copy of each customer's ATS data: one table per Kombo model, keyed by (integration_id, id). `record` is the
-- Kombo record after the privacy allowlist; `content_hash` is SHA-256 of that JSON, so a page rewrites only
-- rows whose kept content changed. The filter columns the internal API needs are generated from `record`, so
-- the writer stays one statement for every model.
-- Rows are written by the integration grain's pull, a page per transaction, never by anything else.

CREATE TABLE ats_users (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    email             text        GENERATED ALWAYS AS (lower(record->>'email')) STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE TABLE ats_tags (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE TABLE ats_application_stages (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE TABLE ats_jobs (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    status            text        GENERATED ALWAYS AS (record->>'status') STORED,
    visibility        text        GENERATED ALWAYS AS (record->>'visibility') STORED,
    job_code          text        GENERATED ALWAYS AS (record->>'job_code') STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE TABLE ats_candidates (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE TABLE ats_applications (
    integration_id    text        NOT NULL,
    id                text        NOT NULL,
    changed_at        timestamptz NULL,
    remote_deleted_at timestamptz NULL,
    record            jsonb       NOT NULL,
    content_hash      bytea       NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now(),
    remote_id         text        GENERATED ALWAYS AS (record->>'remote_id') STORED,
    job_id            text        GENERATED ALWAYS AS (record->>'job_id') STORED,
    candidate_id      text        GENERATED ALWAYS AS (record->>'candidate_id') STORED,
    current_stage_id  text        GENERATED ALWAYS AS (record->>'current_stage_id') STORED,
    outcome           text        GENERATED ALWAYS AS (record->>'outcome') STORED,
    PRIMARY KEY (integration_id, id)
);

CREATE INDEX ix_ats_jobs_status ON ats_jobs (integration_id, status);
CREATE INDEX ix_ats_applications_job ON ats_applications (integration_id, job_id);
CREATE INDEX ix_ats_applications_candidate ON ats_applications (integration_id, candidate_id);

-- Deleted rows are purged after Sync:RetainDeletedFor; these find them without a scan.
CREATE INDEX ix_ats_users_deleted ON ats_users (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;
CREATE INDEX ix_ats_tags_deleted ON ats_tags (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;
CREATE INDEX ix_ats_application_stages_deleted ON ats_application_stages (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;
CREATE INDEX ix_ats_jobs_deleted ON ats_jobs (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;
CREATE INDEX ix_ats_candidates_deleted ON ats_candidates (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;
CREATE INDEX ix_ats_applications_deleted ON ats_applications (remote_deleted_at) WHERE remote_deleted_at IS NOT NULL;

-- What changed, oldest first, with the values before and after (Kombo gives no previous values; we do).
-- `model` is the record table's model name (jobs, candidates, applications, users, tags, application_stages).
CREATE TABLE change_feed (
    seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    integration_id text        NOT NULL,
    model          text        NOT NULL,
    record_id      text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('CREATED', 'UPDATED', 'DELETED')),
    changed_fields text[]      NOT NULL,
    before         jsonb       NULL,
    after          jsonb       NULL,
    at             timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_change_feed_integration ON change_feed (integration_id, seq);

-- Ids a full reconcile has seen so far, per run, so a completed read can mark everything else deleted.
-- Kept apart from the records so an unchanged record is never rewritten just to say "seen".
CREATE TABLE reconcile_seen (
    integration_id text   NOT NULL,
    run_id         uuid   NOT NULL,
    model          text   NOT NULL,
    id             text   NOT NULL,
    PRIMARY KEY (integration_id, run_id, model, id)
);

-- Each job's lifecycle as its job grain decides it; written only by that grain.
CREATE TABLE job_lifecycles (
    integration_id text        NOT NULL,
    job_id         text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED', 'DELETED')),
    active         boolean     NOT NULL,
    since          timestamptz NOT NULL,
    deleted_at     timestamptz NULL,
    transitions    jsonb       NOT NULL,   -- [{from, to, active, at}], newest last, bounded
    version        bigint      NOT NULL,
    PRIMARY KEY (integration_id, job_id)
);
