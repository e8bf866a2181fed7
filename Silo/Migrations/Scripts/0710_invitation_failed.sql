-- Every invitation's retries end (issue 14). A new end state beside SENT, IN_DOUBT and CANCELLED:
--   FAILED  never delivered and not tried again: a permanent refusal (SMTP 5xx to MAIL, RCPT or DATA; HTTP 4xx other than
--           408 and 429; an address the email rule cannot send to), or transient failures past Invitations:MaxAttempts
--           or Invitations:GiveUpAfter. last_error says why; POST /api/orders/{id}/invitation/resend makes it PENDING again.
-- first_attempt_at is when the current round of attempts began (a resend starts a new round): GiveUpAfter counts from it,
-- so a long queue before the first attempt does not count against an invitation.

ALTER TABLE invitation_outbox DROP CONSTRAINT invitation_outbox_status_check;
ALTER TABLE invitation_outbox ADD CONSTRAINT invitation_outbox_status_check
    CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'IN_DOUBT', 'CANCELLED', 'FAILED'));

ALTER TABLE invitation_outbox ADD COLUMN first_attempt_at timestamptz NULL;

-- Rows retrying now began their round at the latest when they were created.
UPDATE invitation_outbox SET first_attempt_at = created_at WHERE attempts > 0 AND status IN ('PENDING', 'SENDING');
