-- The queues that background sweepers drain (the webhook inbox, the invitation outbox) belong to one Orleans
-- service: a database shared by two deployments (or by test clusters) must not have one deployment's sweeper
-- hand the other's work to its own grains.

ALTER TABLE webhook_inbox ADD COLUMN service_id text NOT NULL DEFAULT 'orleans-kombo';
ALTER TABLE webhook_inbox ALTER COLUMN service_id DROP DEFAULT;
DROP INDEX ix_webhook_inbox_due;
CREATE INDEX ix_webhook_inbox_due ON webhook_inbox (service_id, next_attempt_at NULLS FIRST, received_at)
    WHERE status IN ('RECEIVED', 'FAILED');

ALTER TABLE invitation_outbox ADD COLUMN service_id text NOT NULL DEFAULT 'orleans-kombo';
ALTER TABLE invitation_outbox ALTER COLUMN service_id DROP DEFAULT;
DROP INDEX ix_invitation_outbox_due;
DROP INDEX ix_invitation_outbox_leased;
DROP INDEX ix_invitation_outbox_unnotified;
CREATE INDEX ix_invitation_outbox_due ON invitation_outbox (service_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX ix_invitation_outbox_leased ON invitation_outbox (service_id, lease_until) WHERE status = 'SENDING';
CREATE INDEX ix_invitation_outbox_unnotified ON invitation_outbox (service_id, sent_at) WHERE status = 'SENT' AND order_notified_at IS NULL;
