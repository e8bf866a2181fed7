-- The jobs a customer chooses to work with (Kombo's syncing guide, "Let your customer choose which jobs to expose").
-- Kept apart from the synced records, keyed by the job's Kombo id, so no sync, reconcile or purge of records touches a
-- choice; written only by the integration's job selection grain (JobSelectionStore).
--
-- job_selection_modes: ALL (every job is selected; the default while an integration has no row) or SELECTED (only
--                      the jobs in job_selections are).
-- job_selections:      the chosen jobs. Kept whatever the mode, so switching to SELECTED and back loses nothing.
-- job_selected:        the one rule: whether a job is selected, from its integration's mode and whether it is chosen.
--                      Whether it is active is the job-state rule's (job_active, 0600): a selected job that closes stays
--                      selected and is inactive; trigger rules with "jobs": "SELECTED" want both (job_view.selected AND
--                      job_view.active).

CREATE TABLE job_selection_modes (
    integration_id text        PRIMARY KEY,
    mode           text        NOT NULL CHECK (mode IN ('ALL', 'SELECTED')),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_selections (
    integration_id text        NOT NULL,
    job_id         text        NOT NULL,
    chosen_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, job_id)
);

CREATE FUNCTION job_selected(mode text, chosen boolean) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT mode IS DISTINCT FROM 'SELECTED' OR coalesce(chosen, false) $$;

-- job_view (0600) as it was, plus what the jobs API filters on and whether the job is selected. Columns are only ever
-- added at the end (CREATE OR REPLACE VIEW keeps the existing ones); a reader that does not ask for `selected` costs
-- nothing more, because the planner drops the two unused outer joins on their primary keys.
CREATE OR REPLACE VIEW job_view AS
SELECT r.integration_id, r.id, r.remote_id, r.remote_deleted_at, r.record, r.status,
       coalesce(l.state, d.state) AS state,
       coalesce(l.active, job_active(d.state)) AS active,
       coalesce(l.since, r.synced_at) AS since,
       CASE WHEN l.job_id IS NULL THEN r.remote_deleted_at ELSE l.deleted_at END AS deleted_at,
       r.job_code_key, r.post_url_key, r.title_key, r.hiring_team_keys,
       job_selected(m.mode, s.job_id IS NOT NULL) AS selected,
       s.job_id IS NOT NULL AS chosen
  FROM ats_jobs r
  LEFT JOIN job_lifecycles l ON l.integration_id = r.integration_id AND l.job_id = r.id
  LEFT JOIN job_selection_modes m ON m.integration_id = r.integration_id
  LEFT JOIN job_selections s ON s.integration_id = r.integration_id AND s.job_id = r.id
 CROSS JOIN LATERAL (SELECT job_state(r.status, r.remote_deleted_at) AS state) AS d;
