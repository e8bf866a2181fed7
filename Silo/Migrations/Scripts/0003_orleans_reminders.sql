-- Orleans 10.4.2 AdoNet reminders on PostgreSQL (see ../shared/orleans/adonet-postgres-contract.md §5).
-- Grain ids and reminder names are text: our grain keys embed integration ids and can pass 150 characters.

CREATE TABLE orleansreminderstable (
    serviceid    text           NOT NULL,
    grainid      text           NOT NULL,
    remindername text           NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    CONSTRAINT pk_reminderstable_serviceid_grainid_remindername PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_grainhash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
   SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
       version = orleansreminderstable.version + 1
RETURNING version'),

('ReadReminderRowKey', '
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName'),

('ReadReminderRowsKey', '
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId'),

('ReadRangeRows1Key', '
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash'),

('ReadRangeRows2Key', '
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)'),

('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*)::integer FROM deleted'),

('DeleteReminderRowsKey', '
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
