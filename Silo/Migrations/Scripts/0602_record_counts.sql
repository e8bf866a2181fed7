-- Each integration's live records (not deleted in the ATS) per catalog model, kept by the record store in the same
-- transaction as every page, full read, purge and integration purge that changes them, so reading an integration
-- never counts its tables. A model without a row has none.

CREATE TABLE record_counts (
    integration_id text   NOT NULL,
    model          text   NOT NULL,   -- the catalog's model name (jobs, candidates, …)
    live           bigint NOT NULL,
    PRIMARY KEY (integration_id, model)
);

INSERT INTO record_counts (integration_id, model, live)
SELECT integration_id, 'users', count(*) FROM ats_users WHERE remote_deleted_at IS NULL GROUP BY integration_id
UNION ALL
SELECT integration_id, 'tags', count(*) FROM ats_tags WHERE remote_deleted_at IS NULL GROUP BY integration_id
UNION ALL
SELECT integration_id, 'application_stages', count(*) FROM ats_application_stages WHERE remote_deleted_at IS NULL GROUP BY integration_id
UNION ALL
SELECT integration_id, 'jobs', count(*) FROM ats_jobs WHERE remote_deleted_at IS NULL GROUP BY integration_id
UNION ALL
SELECT integration_id, 'candidates', count(*) FROM ats_candidates WHERE remote_deleted_at IS NULL GROUP BY integration_id
UNION ALL
SELECT integration_id, 'applications', count(*) FROM ats_applications WHERE remote_deleted_at IS NULL GROUP BY integration_id;
