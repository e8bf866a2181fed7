-- Issue 15: the console's sign-in survives scale-out and restarts. ASP.NET Data Protection (which protects the session
-- and antiforgery cookies) keeps its key ring here instead of on each gateway's disk, so every gateway of the service
-- reads the same keys: a cookie issued by one is accepted by another, and after a restart. One key ring per Orleans
-- service (as webhook_inbox and invitation_outbox are scoped, 0400): another deployment sharing the database neither
-- reads these keys nor accepts this service's cookies.
-- One row per element as ASP.NET writes it (friendly_name is "key-<guid>" or a revocation's name); rows are only ever
-- added: ASP.NET expires and revokes keys by writing new elements, never by changing old ones.
CREATE TABLE data_protection_keys (
    service_id    text        NOT NULL,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, friendly_name)
);
