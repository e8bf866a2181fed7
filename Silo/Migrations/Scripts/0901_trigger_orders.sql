-- Orders started by trigger rules (issue 12 §2). trigger_orders is the claim: at most one order per (application,
-- package) ever from the rules (round 0); an operator's re-trigger takes the next round. It is written in the same
-- transaction as the pull's page that caused it, together with the order's row and its invitation (TriggerOrders), so a
-- page and its trigger decisions commit together or not at all.
CREATE TABLE trigger_orders (
    integration_id text        NOT NULL,
    application_id text        NOT NULL,
    package_id     text        NOT NULL,
    round          integer     NOT NULL,
    order_id       text        NOT NULL UNIQUE,
    rule_id        text        NULL,                       -- null: an operator's re-trigger
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, application_id, package_id, round)
);

-- A triggered order's id: the same claim always names the same order, so a repeat cannot make a second one.
CREATE FUNCTION trigger_order_id(integration_id text, application_id text, package_id text, round integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT 'trg_' || left(encode(sha256(convert_to(integration_id || chr(31) || application_id || chr(31) || package_id
                                                          || chr(31) || round::text, 'UTF8')), 'hex'), 32) $$;

-- Whether an application (its kept record) is in the stage a rule names: by the stage's id, or by its name (trigger_name_key).
CREATE FUNCTION trigger_stage_matches(stage_id text, stage_name_key text, application jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(stage_id = coalesce(application->>'current_stage_id', application->'current_stage'->>'id'), false)
              OR coalesce(stage_name_key = trigger_name_key(application->'current_stage'->>'name'), false) $$;

-- Whether a list of Kombo tags ({id, remote_id, name}) holds one of the name a rule gives.
CREATE FUNCTION trigger_has_tag(tags jsonb, tag_name_key text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_typeof(tags) = 'array'
              AND EXISTS (SELECT 1 FROM jsonb_array_elements(tags) t WHERE trigger_name_key(t->>'name') = tag_name_key) $$;

-- The rules of every integration as rows, for the statements that match them.
CREATE VIEW trigger_rule_rows AS
SELECT t.integration_id, r->>'id' AS rule_id, r->>'package_id' AS package_id,
       r->'when'->>'stage_id' AS stage_id, trigger_name_key(r->'when'->>'stage_name') AS stage_name_key,
       trigger_name_key(r->'when'->>'tag_name') AS tag_name_key, r->'jobs' AS jobs,
       coalesce((r->>'include_existing')::boolean, false) AS include_existing
  FROM trigger_rules t
 CROSS JOIN LATERAL jsonb_array_elements(t.rules) AS r;
