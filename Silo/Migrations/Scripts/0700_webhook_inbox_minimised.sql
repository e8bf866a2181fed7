-- The webhook inbox keeps what issue 14 allows (README "Personal data and poison"):
--   body            the minimised JSON (no phone number, nothing PostgreSQL refuses); NULL when the body was not JSON
--                   or after Webhooks:RetainBodiesFor (body_purged_at says when)
--   body_sha256,    the hash and size of the body as signed, kept as long as the row; NULL for rows recorded before
--   body_bytes      this migration
--   status DEAD     no grain took the event in the bounded number of attempts; an operator may replay it
-- Rows themselves (id, type, status, answer) are deleted after Webhooks:RetainIdsFor, so repeats are recognised until then.

ALTER TABLE webhook_inbox ALTER COLUMN body DROP NOT NULL;
ALTER TABLE webhook_inbox ADD COLUMN body_sha256 bytea NULL;
ALTER TABLE webhook_inbox ADD COLUMN body_bytes integer NULL;
ALTER TABLE webhook_inbox ADD COLUMN body_purged_at timestamptz NULL;

ALTER TABLE webhook_inbox DROP CONSTRAINT webhook_inbox_status_check;
ALTER TABLE webhook_inbox ADD CONSTRAINT webhook_inbox_status_check
    CHECK (status IN ('RECEIVED', 'PROCESSED', 'FAILED', 'REJECTED', 'IGNORED', 'DEAD'));

-- The body purge's queue: the oldest bodies still kept (without it, each purge would walk past the rows whose bodies are
-- gone). The row purge reads ix_webhook_inbox_received from its oldest end.
CREATE INDEX ix_webhook_inbox_bodies ON webhook_inbox (service_id, received_at) WHERE body IS NOT NULL;

-- Rows recorded before this migration kept the body as signed, with a phone number wherever the happy path did not
-- strip it. Finished rows whose body names a phone-like key (PhoneKeys' rule: phone, fax, mobile, in any case) lose the
-- body now rather than at the purge; unfinished ones keep it until their grain takes them.
UPDATE webhook_inbox
   SET body = NULL, body_purged_at = now()
 WHERE body ~* '"[^"]*(phone|fax|mobile)[^"]*"[[:space:]]*:'
   AND status NOT IN ('RECEIVED', 'FAILED');
