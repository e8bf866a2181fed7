-- Orleans 10.4.2 AdoNet clustering on PostgreSQL, written to ../shared/orleans/adonet-postgres-contract.md.
-- Names are unquoted lower case because the providers' loader statement is unquoted.
-- Orleans opens no transaction, so every write that must be atomic is one function call.

CREATE TABLE orleansquery (
    querykey  varchar(64)   NOT NULL CONSTRAINT orleansquery_key PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

CREATE TABLE orleansmembershipversiontable (
    deploymentid varchar(150)   NOT NULL CONSTRAINT pk_orleansmembershipversiontable_deploymentid PRIMARY KEY,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable (
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_membershiptable_deploymentid PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_membershiptable_membershipversiontable_deploymentid
        FOREIGN KEY (deploymentid) REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Bumps the cluster version only when the caller read the current one; the version row is the
-- cluster-wide optimistic lock. Returns false (and changes nothing) on a stale version or at int overflow.
CREATE FUNCTION orleans_bump_membership_version(p_deploymentid text, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deploymentid
       AND version = p_version
       AND version < 2147483647;
    RETURN FOUND;
END
$$;

CREATE FUNCTION orleans_insert_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_siloname text, p_hostname text, p_status integer, p_proxyport integer,
    p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF NOT orleans_bump_membership_version(p_deploymentid, p_version) THEN
        RETURN 0;
    END IF;
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, suspecttimes, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, NULL, p_starttime, p_iamalivetime)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        -- Raised, not returned, so the version bump above is rolled back with it.
        RAISE EXCEPTION 'membership row already exists';
    END IF;
    RETURN 1;
EXCEPTION WHEN raise_exception THEN
    RETURN 0;
END
$$;

CREATE FUNCTION orleans_update_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF NOT orleans_bump_membership_version(p_deploymentid, p_version) THEN
        RETURN 0;
    END IF;
    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspecttimes,
           iamalivetime = GREATEST(iamalivetime, p_iamalivetime)
     WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'membership row missing';
    END IF;
    RETURN 1;
EXCEPTION WHEN raise_exception THEN
    RETURN 0;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM inserted'),

('InsertMembershipKey', '
SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),

('UpdateMembershipKey', '
SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime, @Version)'),

('UpdateIAmAlivetimeKey', '
UPDATE orleansmembershiptable
   SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
 WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

('MembershipReadAllKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId'),

('MembershipReadRowKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
         ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deploymentid = @DeploymentId'),

('GatewaysQueryKey', '
SELECT address, proxyport, generation
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId'),

('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND status = 6 AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime'),

('CleanupDefunctSiloEntryKey', '
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6
   AND starttime = @StartTime AND iamalivetime = @IAmAliveTime
   AND COALESCE(suspecttimes, '''') = COALESCE(@SuspectTimes, '''')')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
