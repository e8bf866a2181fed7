-- Issue 16 §3: no index that no query uses. Every index of the record tables and the change feed was checked against
-- the queries of the gateway, the grains and the views (the API's lists, job filters and search, users by email,
-- triggers, orders, retention, the feed). These two were never read: the applications list is keyed on (integration_id,
-- id) only, triggers and orders reach applications by id or through `record->>'job_id'` (an expression these
-- indexes do not cover), so each only cost an index insert per application on every page.
-- Kept, with their readers: the primary keys (everything); ix_ats_jobs_status, ix_ats_jobs_remote_id and the 0800 job
-- keys (the jobs API's filters and search, job links); ix_ats_users_email (users by email); the partial
-- ix_ats_*_deleted (the purge of deleted records; they hold only deleted rows, so a live row costs nothing);
-- ix_change_feed_integration (the feed API, the job notifier, retention) and change_feed's primary key (retention,
-- the after-image kept when a created row changes).
DROP INDEX IF EXISTS ix_ats_applications_job;
DROP INDEX IF EXISTS ix_ats_applications_candidate;
