-- job_link_view (0802) with each link's job looked up by its primary key. As a plain join, the planner joined every
-- link to every job of the integration whenever the integration was newer than the table's statistics (a first sync
-- beside a large integration: both sides estimated at one row): 5 s for 219 links beside 20,000 jobs. A LATERAL
-- subquery that is not pulled up (OFFSET 0) is always one primary-key probe per link: 12 ms. Same columns, same order.
CREATE OR REPLACE VIEW job_link_view AS
SELECT l.integration_id, l.vendor_job_id, l.title, l.job_code, l.post_url, l.remote_id, l.status, l.job_id, l.matched_on,
       l.confirmed_at, l.candidates, l.note, l.created_at, l.updated_at,
       j.id IS NOT NULL AS job_known, j.record->>'name' AS job_name, j.remote_id AS job_remote_id,
       j.state AS job_state, j.active AS job_active, j.since AS job_since, j.deleted_at AS job_deleted_at,
       l.job_id IS NOT NULL AND NOT coalesce(j.active, false) AS flagged
  FROM job_links l
  LEFT JOIN LATERAL (SELECT v.id, v.record, v.remote_id, v.state, v.active, v.since, v.deleted_at
                       FROM job_view v
                      WHERE v.integration_id = l.integration_id AND v.id = l.job_id
                     OFFSET 0) AS j ON true;
