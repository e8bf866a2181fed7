-- Assessment orders. One row per Kombo order id, written only by its order grain: `doc` is the grain's state as
-- JSON (its `details` is exactly what GET /api/orders/{id} shows); the other columns are projections of it for
-- the order lists and the write-back queue. `version` guards against a stray second activation.

CREATE TABLE orders (
    id                text        PRIMARY KEY,                 -- Kombo's order id
    integration_id    text        NOT NULL,
    status            text        NOT NULL
        CHECK (status IN ('RECEIVED', 'REJECTED', 'INVITED', 'COMPLETED', 'CANCELLED')),
    flagged           boolean     NOT NULL,                    -- found by reconciliation and not taken: an operator follows up
    write_back_status text        NULL CHECK (write_back_status IN ('PENDING', 'DONE', 'FAILED')),
    received_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    doc               jsonb       NOT NULL,
    version           bigint      NOT NULL
);

CREATE INDEX ix_orders_integration ON orders (integration_id, id);
CREATE INDEX ix_orders_integration_status ON orders (integration_id, status, id);
-- The write-back queue of an integration, which its assessment grain resumes after a crash.
CREATE INDEX ix_orders_write_back_pending ON orders (integration_id) WHERE write_back_status = 'PENDING';

-- The invitation outbox: one row per accepted order, inserted in the same transaction as the order's decision,
-- so an accepted order always gets its invitation and never two (the order id is the key).
--   PENDING   waiting (next_attempt_at) for a sender
--   SENDING   claimed by a sender (attempt_id, lease_until); send_started_at is committed just before the message
--             leaves, so a sender that dies before it leaves the row to be claimed again
--   SENT      delivered (sent_at); order_notified_at once the order grain knows
--   IN_DOUBT  an SMTP send that may or may not have been accepted (the sender died, or the connection broke, after
--             send_started_at): never sent again automatically, an operator decides
--   CANCELLED the order was cancelled before its invitation left
CREATE TABLE invitation_outbox (
    order_id          text        PRIMARY KEY REFERENCES orders (id),
    integration_id    text        NOT NULL,
    channel           text        NOT NULL CHECK (channel IN ('SMTP', 'HTTP')),
    message           jsonb       NOT NULL,
    status            text        NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'IN_DOUBT', 'CANCELLED')),
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    attempt_id        uuid        NULL,
    lease_until       timestamptz NULL,
    send_started_at   timestamptz NULL,
    last_error        text        NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    sent_at           timestamptz NULL,
    order_notified_at timestamptz NULL
);

CREATE INDEX ix_invitation_outbox_due ON invitation_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX ix_invitation_outbox_leased ON invitation_outbox (lease_until) WHERE status = 'SENDING';
CREATE INDEX ix_invitation_outbox_unnotified ON invitation_outbox (sent_at) WHERE status = 'SENT' AND order_notified_at IS NULL;

-- Orders name their job by the ATS's remote id; the optional "job is inactive" check looks it up.
CREATE INDEX ix_ats_jobs_remote_id ON ats_jobs (integration_id, remote_id);
