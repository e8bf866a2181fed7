-- The vendor's own jobs (or a multiposter's) linked to the integration's ATS jobs (Kombo's syncing guide, "Match jobs
-- in your database to ATS jobs"). One row per vendor job, written only by the integration's job link grain
-- (JobLinkStore), which decides each row with JobMatcher: exact remote_id, job_code, post URL (LINKED, matched_on
-- says which), else the closest open titles (NEEDS_CONFIRMATION with candidates, linked only when a human confirms),
-- else NO_MATCH. A confirmed link (confirmed_at) is only changed by a human.

CREATE TABLE job_links (
    integration_id text        NOT NULL,
    vendor_job_id  text        NOT NULL,
    title          text        NOT NULL,
    job_code       text        NULL,
    post_url       text        NULL,
    remote_id      text        NULL,
    status         text        NOT NULL CHECK (status IN ('LINKED', 'NEEDS_CONFIRMATION', 'NO_MATCH')),
    job_id         text        NULL,
    matched_on     text        NULL CHECK (matched_on IN ('remote_id', 'job_code', 'post_url')),
    confirmed_at   timestamptz NULL,
    candidates     jsonb       NOT NULL DEFAULT '[]',   -- [{job_id, name, score}], best first, at most 5
    note           text        NULL,                    -- why it is not linked, in a sentence
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, vendor_job_id),
    CHECK ((status = 'LINKED') = (job_id IS NOT NULL)),
    CHECK (confirmed_at IS NULL OR status = 'LINKED')
);

CREATE INDEX ix_job_links_status ON job_links (integration_id, status, vendor_job_id);

-- A link with the ATS job it points at as the jobs API shows it now: a linked job deleted or closed in the ATS, or
-- purged from our copy, makes the link `flagged`.
CREATE VIEW job_link_view AS
SELECT l.integration_id, l.vendor_job_id, l.title, l.job_code, l.post_url, l.remote_id, l.status, l.job_id, l.matched_on,
       l.confirmed_at, l.candidates, l.note, l.created_at, l.updated_at,
       j.id IS NOT NULL AS job_known, j.record->>'name' AS job_name, j.remote_id AS job_remote_id,
       j.state AS job_state, j.active AS job_active, j.since AS job_since, j.deleted_at AS job_deleted_at,
       l.job_id IS NOT NULL AND NOT coalesce(j.active, false) AS flagged
  FROM job_links l
  LEFT JOIN job_view j ON j.integration_id = l.integration_id AND j.id = l.job_id;
