-- Trigger rules (issue 12, CONTRACT.md §3 "Triggered assessments"): the full set of an integration's rules as the API
-- shows them (TriggerRuleJson), written only by its trigger grain (TriggerRuleStore). Kept apart from the synced
-- records, so no sync, reconcile or purge of records touches them.
CREATE TABLE trigger_rules (
    integration_id text        PRIMARY KEY,
    rules          jsonb       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The one rule for matching a stage or tag name a rule gives with the ATS's: ignoring case and surrounding spaces.
CREATE FUNCTION trigger_name_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(btrim(name)) $$;
