-- Issue 16 §3: a CREATED change-feed entry no longer stores a second full copy of the record. The after-image of a
-- new record is its row in the record table, for as long as that row is as it was created: `created_seq` names the
-- CREATED entry the row still is the after-image of. Whatever changes the row first (the page writer's UPDATE, a full
-- read marking it deleted) copies the row into that entry's `after` in the same statement batch and clears
-- `created_seq`; a purge deletes the row, so the entry's `after` reads as null, as purged entries always have. Entries
-- written before this migration keep their stored `after`.
-- Readers of the feed's values read `change_feed_view`, which answers exactly what the table used to hold.
-- No index on created_seq: it is only ever read through the row's primary key.

ALTER TABLE ats_users ADD COLUMN created_seq bigint NULL;
ALTER TABLE ats_tags ADD COLUMN created_seq bigint NULL;
ALTER TABLE ats_application_stages ADD COLUMN created_seq bigint NULL;
ALTER TABLE ats_jobs ADD COLUMN created_seq bigint NULL;
ALTER TABLE ats_candidates ADD COLUMN created_seq bigint NULL;
ALTER TABLE ats_applications ADD COLUMN created_seq bigint NULL;

CREATE VIEW change_feed_view AS
SELECT f.seq, f.integration_id, f.model, f.record_id, f.kind, f.changed_fields, f.before,
       CASE WHEN f.after IS NULL AND f.kind = 'CREATED' THEN
            CASE f.model
                 WHEN 'users' THEN (SELECT r.record FROM ats_users r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
                 WHEN 'tags' THEN (SELECT r.record FROM ats_tags r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
                 WHEN 'application_stages' THEN (SELECT r.record FROM ats_application_stages r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
                 WHEN 'jobs' THEN (SELECT r.record FROM ats_jobs r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
                 WHEN 'candidates' THEN (SELECT r.record FROM ats_candidates r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
                 WHEN 'applications' THEN (SELECT r.record FROM ats_applications r
                                   WHERE r.integration_id = f.integration_id AND r.id = f.record_id AND r.created_seq = f.seq)
            END
            ELSE f.after END AS after,
       f.at
  FROM change_feed f;
