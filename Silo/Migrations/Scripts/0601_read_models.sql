-- Read models: what the internal API shows of integrations and orders, in columns the grains' stores write in the
-- same statement as the grain's state (`doc`). The gateway reads only the views below, never a grain's `doc`, so a
-- grain's State class can change without changing an API response. Column names are the API's field names.

ALTER TABLE integrations
    ADD COLUMN tool           text        NULL,
    ADD COLUMN category       text        NULL,
    ADD COLUMN state          text        NULL,
    ADD COLUMN setup          text        NULL,
    ADD COLUMN health         text        NULL,
    ADD COLUMN health_reason  text        NULL,
    ADD COLUMN last_sync      jsonb       NULL,   -- {sync_id, sync_state, started_at, ended_at}
    ADD COLUMN last_pull      jsonb       NULL,   -- {started_at, finished_at, status, records_read, records_changed, error}
    ADD COLUMN watermark      timestamptz NULL,
    ADD COLUMN deleted_at     timestamptz NULL,
    ADD COLUMN data_purged_at timestamptz NULL,
    ADD COLUMN models         jsonb       NULL,   -- per catalog model name: {status, code, message, since, last_tried_at, watermark}
    ADD COLUMN gone_since     timestamptz NULL;

-- Rows written before this migration: their doc still has the API's shape, once.
UPDATE integrations SET
    tool = doc->>'tool',
    category = doc->>'category',
    state = doc->>'state',
    setup = doc->>'setup',
    health = doc->>'health',
    health_reason = doc->>'health_reason',
    last_sync = nullif(doc->'last_sync', 'null'::jsonb),
    last_pull = nullif(doc->'last_pull', 'null'::jsonb),
    watermark = (doc->>'watermark')::timestamptz,
    deleted_at = (doc->>'deleted_at')::timestamptz,
    data_purged_at = (doc->>'data_purged_at')::timestamptz,
    models = nullif(doc->'models', 'null'::jsonb),
    gone_since = (doc->>'gone_since')::timestamptz;

ALTER TABLE integrations
    ALTER COLUMN state SET NOT NULL,
    ALTER COLUMN setup SET NOT NULL,
    ALTER COLUMN health SET NOT NULL;

CREATE VIEW integration_status AS
SELECT id, tool, category, state, setup, health, health_reason, last_sync, last_pull, watermark, deleted_at,
       data_purged_at, models, gone_since
  FROM integrations;

-- An order as GET /api/orders/{id} shows it (OrderDetails), apart from the order grain's state.
ALTER TABLE orders ADD COLUMN body jsonb NULL;
UPDATE orders SET body = doc->'details';
ALTER TABLE orders ALTER COLUMN body SET NOT NULL;

CREATE VIEW order_view AS
SELECT id, integration_id, status, flagged, body
  FROM orders;
