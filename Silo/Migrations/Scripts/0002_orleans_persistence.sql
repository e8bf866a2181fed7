-- Orleans 10.4.2 AdoNet grain storage on PostgreSQL (see ../shared/orleans/adonet-postgres-contract.md §4).
-- Unlike the upstream script this one has a unique index on the full natural key, so racing first writes
-- give one winner and conflicts instead of duplicate rows. The string parts are indexed through a digest
-- because long multi-byte keys would overflow a btree entry.

CREATE TABLE orleansstorage (
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL,
    version                integer     NULL
);

CREATE INDEX ix_orleansstorage ON orleansstorage (grainidhash, graintypehash);

-- NULL and '' extensions stay distinct, as the read and write predicates keep them.
CREATE FUNCTION orleans_storage_key_digest(p_serviceid text, p_graintype text, p_extension text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT md5(length(p_serviceid)::text || ':' || p_serviceid || '|'
            || length(p_graintype)::text || ':' || p_graintype || '|'
            || CASE WHEN p_extension IS NULL THEN 'N' ELSE 'S' || length(p_extension)::text || ':' || p_extension END)
$$;

CREATE UNIQUE INDEX ux_orleansstorage_natural_key ON orleansstorage
    (grainidhash, graintypehash, grainidn0, grainidn1,
     orleans_storage_key_digest(serviceid, graintypestring, grainidextensionstring));

CREATE FUNCTION orleans_write_storage(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text,
    p_grainstateversion integer, p_payloadbinary bytea)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_grainstateversion IS NULL THEN
        -- First write: succeeds only when no row exists; a racing loser meets the unique index.
        INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                    grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        VALUES (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
                p_grainidextensionstring, p_serviceid, p_payloadbinary, now(), 1)
        ON CONFLICT DO NOTHING;
        RETURN CASE WHEN FOUND THEN 1 END;
    END IF;

    UPDATE orleansstorage
       SET payloadbinary = p_payloadbinary, modifiedon = now(), version = version + 1
     WHERE grainidhash = p_grainidhash AND graintypehash = p_graintypehash
       AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
       AND graintypestring = p_graintypestring AND serviceid = p_serviceid
       AND grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
       AND version = p_grainstateversion
    RETURNING version INTO new_version;
    RETURN new_version;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payloadbinary, version
  FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString'),

('WriteToStorageKey', '
SELECT orleans_write_storage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion'),

('ClearStorageKey', '
UPDATE orleansstorage
   SET payloadbinary = NULL, modifiedon = now(), version = version + 1
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version'),

('DeleteStorageKey', '
DELETE FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version + 1')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
