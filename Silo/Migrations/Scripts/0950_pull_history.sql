-- Issue 15: support finds "the integration of customer X" and sees when its data stopped updating.
-- 1. Kombo's descriptive fields of an integration as read-model columns (API names): end_user (organization_name,
--    creator_email, origin_id), Kombo's setup_status and qa_status, and the log_url of the last sync-finished.
-- 2. integration_pulls: one row per pull, written by the statement that saves the integration grain's state (so each
--    page's commit moves its pull's row: the console's live progress), pruned after Sync:RetainPullsFor.
-- 3. integration_syncs: the sync-finished history, written the same way, pruned with the pulls.

ALTER TABLE integrations
    ADD COLUMN end_user     jsonb NULL,
    ADD COLUMN setup_status text  NULL,
    ADD COLUMN qa_status    text  NULL,
    ADD COLUMN log_url      text  NULL;

UPDATE integrations SET
    end_user = nullif(doc->'end_user', 'null'::jsonb),
    setup_status = doc->>'kombo_setup_status',
    qa_status = doc->>'qa_status',
    log_url = doc->>'log_url';

-- Support searches by the customer's organisation (a substring, any case) and by origin_id (exactly).
CREATE INDEX integrations_origin_id ON integrations ((end_user->>'origin_id'));

CREATE OR REPLACE VIEW integration_status AS
SELECT id, tool, category, state, setup, health, health_reason, last_sync, last_pull, watermark, deleted_at,
       data_purged_at, models, gone_since, end_user, setup_status, qa_status, log_url
  FROM integrations;

CREATE TABLE integration_pulls (
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    integration_id  text        NOT NULL,
    run_id          uuid        NOT NULL,
    mode            text        NOT NULL,   -- DELTA, FULL
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NULL,
    status          text        NOT NULL,   -- RUNNING, SUCCEEDED, FAILED, NOT_READY
    records_read    bigint      NOT NULL,
    records_changed bigint      NOT NULL,
    pages           integer     NOT NULL,
    model           text        NULL,       -- the model being read (RUNNING), or read last
    error_code      text        NULL,       -- Kombo's error.code
    error           text        NULL,
    models          jsonb       NOT NULL,   -- per model: {pages, records_read, records_changed, skipped}
    PRIMARY KEY (integration_id, run_id)
);

-- The newest first, per integration (the API's order and the pruning's).
CREATE INDEX integration_pulls_newest ON integration_pulls (integration_id, seq DESC);

CREATE TABLE integration_syncs (
    seq            bigint      GENERATED ALWAYS AS IDENTITY,
    integration_id text        NOT NULL,
    sync_id        text        NOT NULL,
    sync_state     text        NOT NULL,
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, sync_id)
);

CREATE INDEX integration_syncs_newest ON integration_syncs (integration_id, seq DESC);

-- What the API serves (the gateway reads views, never the tables a grain writes).
CREATE VIEW integration_pull_history AS
SELECT seq, integration_id, run_id, mode, started_at, ended_at, status, records_read, records_changed, pages, model,
       error_code, error, models
  FROM integration_pulls;

CREATE VIEW integration_sync_history AS
SELECT seq, integration_id, sync_id, sync_state, started_at, ended_at, received_at
  FROM integration_syncs;

-- The last sync of every integration, so its history does not start empty.
INSERT INTO integration_syncs (integration_id, sync_id, sync_state, started_at, ended_at)
SELECT id, left(last_sync->>'sync_id', 200), last_sync->>'sync_state', (last_sync->>'started_at')::timestamptz,
       (last_sync->>'ended_at')::timestamptz
  FROM integrations
 WHERE last_sync IS NOT NULL AND last_sync->>'sync_id' IS NOT NULL
ON CONFLICT DO NOTHING;
