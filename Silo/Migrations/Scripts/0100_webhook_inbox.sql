-- Every Kombo webhook we answer, recorded before any 2xx. A row is the unit of "at least once": whoever holds
-- its lease (the request that recorded it, or later the sweeper) hands it to its grain; the stored answer is
-- what a repeated delivery of the same id gets back.

CREATE TABLE webhook_inbox (
    id              text        PRIMARY KEY,                 -- Kombo's event id
    type            text        NOT NULL,
    integration_id  text        NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    body            text        NOT NULL,                    -- the raw body, exactly as signed
    status          text        NOT NULL
        CHECK (status IN ('RECEIVED', 'PROCESSED', 'FAILED', 'REJECTED', 'IGNORED')),
    answer_status   integer     NULL,                        -- NULL until processing decided the answer
    answer_body     text        NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text        NULL,
    lease_until     timestamptz NULL,
    next_attempt_at timestamptz NULL,
    processed_at    timestamptz NULL
);

-- The sweeper's queue: only unfinished rows.
CREATE INDEX ix_webhook_inbox_due ON webhook_inbox (next_attempt_at NULLS FIRST, received_at)
    WHERE status IN ('RECEIVED', 'FAILED');

CREATE INDEX ix_webhook_inbox_received ON webhook_inbox (received_at DESC, id DESC);
CREATE INDEX ix_webhook_inbox_integration ON webhook_inbox (integration_id, received_at DESC, id DESC);
