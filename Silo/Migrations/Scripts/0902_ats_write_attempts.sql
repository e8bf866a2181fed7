-- Issue 12 §3: the writes a triggered order's result makes into the application (result link, note, stage move, tag).
-- A row is inserted (ATTEMPTED) before the call to Kombo and marked DONE after its answer, so a crash between Kombo's
-- answer and our record leaves ATTEMPTED: the resumed write-back does not post a second link or note, it reports
-- the write in doubt for an operator. An answer with an error deletes the row (nothing was written; try again).
-- step: the action written (RESULT_LINK, NOTE, STAGE_MOVE, TAG), or NOTE_FOR_<action> for a fallback note.
-- result_key: a hash of the result; a retry of the same result (a new revision) skips the steps already DONE for it.
CREATE TABLE ats_write_attempts (
    integration_id text        NOT NULL,
    order_id       text        NOT NULL,
    revision       integer     NOT NULL,
    step           text        NOT NULL,
    result_key     text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('ATTEMPTED', 'DONE')),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, revision, step)
);

CREATE INDEX ix_ats_write_attempts_integration ON ats_write_attempts (integration_id);
CREATE INDEX ix_ats_write_attempts_done ON ats_write_attempts (order_id, step, result_key) WHERE state = 'DONE';
