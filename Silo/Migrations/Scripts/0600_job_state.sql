-- The one rule for a job's lifecycle (CONTRACT.md's lifecycle.state and active), used by the job grain (through
-- JobLifecycleStore), the jobs API and the order check of Orders:RejectInactiveJobs alike.
--
-- job_status: the Kombo job status a raw status stands for, or NULL when it stands for none. Kombo maps each ATS's
--   statuses to OPEN, CLOSED, DRAFT or ARCHIVED and passes a status it cannot map through as it came; we read it
--   with surrounding ASCII whitespace trimmed and ASCII letters in any case ("Open", " open " are OPEN). Anything
--   else ("On hold", "1", "DELETED", "", NULL) is no Kombo status.
-- job_state:  a deletion in the ATS wins (DELETED); then the Kombo status; a job whose status is none of Kombo's
--   counts as CLOSED: we cannot tell it is open, so no new work is created for it.
-- job_active: only an OPEN job is active (Kombo's syncing guide: stop creating work for a job that is deleted or
--   leaves OPEN, start again when it reopens).
-- The C# names of these states are OrleansKombo.Jobs.JobState; a test holds the two to each other.

CREATE FUNCTION job_status(status text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT s FROM (SELECT upper(btrim(status, E' \t\n\r\f\x0B') COLLATE "C") AS s) AS normalized
         WHERE s IN ('OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED')
    $$;

CREATE FUNCTION job_state(status text, remote_deleted_at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE WHEN remote_deleted_at IS NOT NULL THEN 'DELETED' ELSE coalesce(job_status(status), 'CLOSED') END
    $$;

CREATE FUNCTION job_active(state text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT state IS NOT DISTINCT FROM 'OPEN' $$;

-- Every synced job with its lifecycle: the job grain's when it has decided, else what the rule makes of the record
-- (a job just pulled, whose grain has not run yet), so a job is never shown or checked without one. `status` is the
-- record's status as Kombo sent it (the jobs API's status filter matches it exactly).
CREATE VIEW job_view AS
SELECT r.integration_id, r.id, r.remote_id, r.remote_deleted_at, r.record, r.status,
       coalesce(l.state, d.state) AS state,
       coalesce(l.active, job_active(d.state)) AS active,
       coalesce(l.since, r.synced_at) AS since,
       CASE WHEN l.job_id IS NULL THEN r.remote_deleted_at ELSE l.deleted_at END AS deleted_at
  FROM ats_jobs r
  LEFT JOIN job_lifecycles l ON l.integration_id = r.integration_id AND l.job_id = r.id
 CROSS JOIN LATERAL (SELECT job_state(r.status, r.remote_deleted_at) AS state) AS d;
