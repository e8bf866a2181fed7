-- Issue 16: webhooks that need no decision (sync-finished, data-changed, integration-*) are answered 200 once their row
-- is committed, and handed to their grain afterwards, in order per integration (Gateway/Webhooks/InboxDispatcher.cs).
-- `deferred` marks those rows: they carry their answer (200) from the start and are processed after it; orders are not
-- deferred, their answer is the grain's decision. `seq` is the order in which rows were recorded (within one batched
-- insert, the order of the batch), which received_at (one timestamp per transaction) cannot give.
ALTER TABLE webhook_inbox ADD COLUMN deferred boolean NOT NULL DEFAULT false;
ALTER TABLE webhook_inbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

-- The head of each integration's queue: its oldest unfinished deferred row. Only the head may be claimed, so one
-- integration never has two events in flight, on any gateway.
CREATE INDEX ix_webhook_inbox_heads ON webhook_inbox (service_id, integration_id, seq)
    WHERE deferred AND status IN ('RECEIVED', 'FAILED');
