-- What jobs are searched and matched by (issue 13), each a rule of its own, kept beside the record as generated columns
-- so the page writer stays one statement for every model and a migration like this one fills them for stored rows:
--
-- job_title_key:        a title as it is searched (the jobs API's q) and compared (fuzzy matching of job links):
--                       accents removed (unaccent), lower case, gender tags such as "(m/w/d)", "(all genders)" or "m/f/d"
--                       dropped, punctuation a single space, "Sr"/"Snr" read as "senior" and "Jr"/"Jnr" as "junior".
--                       "Senior Backend Engineer (m/w/d)" and "Sr. Backend-Engineer" both become "senior backend engineer".
--                       NULL when nothing is left. '%', '_' and '\' are punctuation, so a key never holds a LIKE wildcard.
-- job_post_url_key:     a post URL as it is matched: no scheme (http and https alike), host in lower case without "www."
--                       and without a trailing dot, no default port (80, 443), no user info, no fragment, no trailing
--                       slash, and the query without tracking parameters (utm_*, gclid, fbclid, ref, …, see below) in a
--                       fixed order. The path keeps its case: servers may tell "/Job" from "/job". A key is its own key.
-- job_code_key:         a job code as it is matched: surrounding whitespace trimmed, case ignored.
-- hiring_team_key:      one key of a hiring-team member, 'id:<user id>' or 'email:<email in lower case>'.
-- job_hiring_team_keys: every such key of a job's hiring team, so one GIN index finds a user's jobs by id or email.
--
-- The functions are IMMUTABLE because generated columns and indexes need them to be; a change to one is a new
-- migration that replaces it and rewrites the column (UPDATE ats_jobs SET record = record), never an edit of this file.
-- unaccent() is only STABLE (its dictionary is a setting), so job_title_key names the dictionary and schema itself,
-- the documented way to index it. pg_trgm, unaccent and btree_gin are PostgreSQL's contrib modules (Debian's
-- postgresql package ships them); all three are trusted, so a database owner who is no superuser may create them.

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;

CREATE FUNCTION job_title_key(title text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT nullif(btrim(
            regexp_replace(regexp_replace(
            regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                lower(public.unaccent('public.unaccent'::regdictionary, title)),
                -- (m/w/d), (w/m/d), (m/f/x), (h/f), (m/w/div), (d/m/w) …
                '\(\s*(?:[mwfdxh*]|div|divers|nb)(?:\s*[/|,]\s*(?:[mwfdxh*]|div|divers|nb)){1,3}\s*\)', ' ', 'g'),
                '\(\s*(?:all genders?|alle geschlechter|any gender|gn\*?|genderneutral)\s*\)', ' ', 'g'),
                -- the same without parentheses: "Engineer m/w/d"
                '(^|\s)[mwfdxh](?:/(?:[mwfdxh]|div)){1,3}(?=\s|$)', ' ', 'g'),
                -- punctuation and whitespace; '#' and '+' stay ("C#", "C++")
                '[][(){}<>.,;:!?¡¿"''`´‘’‚“”„«»‹›/\\|_*=&%$@~^–—·•…\s-]+', ' ', 'g'),
                '(^| )(?:sr|snr)(?= |$)', '\1senior', 'g'),
                '(^| )(?:jr|jnr)(?= |$)', '\1junior', 'g')), '')
    $$;

CREATE FUNCTION job_post_url_key(url text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
    DECLARE
        parts text[];
        host  text;
        port  text;
        path  text;
        query text;
    BEGIN
        -- [scheme://][//][userinfo@]host[:port][path][?query][#fragment]; without a scheme the URL starts at its host.
        parts := regexp_match(btrim(url, E' \t\n\r\f\x0B'),
            '^(?:[A-Za-z][A-Za-z0-9+.-]*:(?=//))?(?://)?(?:[^/?#@]*@)?([^/?#:]*)(?::([0-9]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$');
        IF parts IS NULL THEN
            RETURN NULL;
        END IF;
        host := regexp_replace(rtrim(lower(parts[1]), '.'), '^www\.', '');
        port := CASE WHEN coalesce(ltrim(parts[2], '0'), '') IN ('', '80', '443') THEN NULL ELSE ltrim(parts[2], '0') END;
        path := rtrim(parts[3], '/');
        -- Tracking parameters say where a visitor came from, never which job: ad click ids, campaign tags, referrers
        -- and the ATSs' own source tags. Their names are compared in lower case.
        SELECT string_agg(p, '&' ORDER BY p COLLATE "C") INTO query
          FROM unnest(string_to_array(parts[4], '&')) AS p
         WHERE p <> ''
           AND lower(split_part(p, '=', 1)) !~ ('^(?:utm_.*|gclid|gclsrc|dclid|gbraid|wbraid|fbclid|msclkid|mc_cid|mc_eid|_ga|_gl'
                 '|_hsenc|_hsmi|igshid|yclid|twclid|ttclid|li_fat_id|trk|trackingid|refid|ref|ref_src|referrer|referer'
                 '|src|source|gh_src|lever-source|lever-origin|lever-via)$');
        IF host = '' AND path = '' AND query IS NULL THEN
            RETURN NULL;
        END IF;
        RETURN host || coalesce(':' || port, '') || path || coalesce('?' || query, '');
    END
    $$;

CREATE FUNCTION job_code_key(code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT nullif(lower(btrim(code, E' \t\n\r\f\x0B')), '') $$;

CREATE FUNCTION hiring_team_key(kind text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT kind || ':' || v
          FROM (SELECT CASE kind WHEN 'email' THEN lower(btrim(value)) ELSE value END AS v) AS normalized
         WHERE v <> ''
    $$;

CREATE FUNCTION job_hiring_team_keys(hiring_team jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}')
          FROM jsonb_array_elements(CASE jsonb_typeof(hiring_team) WHEN 'array' THEN hiring_team ELSE '[]'::jsonb END) AS m
         CROSS JOIN LATERAL (VALUES (hiring_team_key('id', m->>'id')), (hiring_team_key('email', m->>'email'))) AS keys(k)
         WHERE k IS NOT NULL
    $$;

ALTER TABLE ats_jobs
    ADD COLUMN title_key        text   GENERATED ALWAYS AS (job_title_key(record->>'name')) STORED,
    ADD COLUMN post_url_key     text   GENERATED ALWAYS AS (job_post_url_key(record->>'post_url')) STORED,
    ADD COLUMN job_code_key     text   GENERATED ALWAYS AS (job_code_key(record->>'job_code')) STORED,
    ADD COLUMN hiring_team_keys text[] GENERATED ALWAYS AS (job_hiring_team_keys(record->'hiring_team')) STORED;

-- Each index leads with the integration (btree_gin for the GIN ones), so one integration's search never walks another's
-- jobs. remote_id has its index since 0300 (ix_ats_jobs_remote_id).
CREATE INDEX ix_ats_jobs_job_code_key ON ats_jobs (integration_id, job_code_key);
CREATE INDEX ix_ats_jobs_post_url_key ON ats_jobs (integration_id, post_url_key);
CREATE INDEX ix_ats_jobs_title_key ON ats_jobs USING gin (integration_id, title_key gin_trgm_ops);
CREATE INDEX ix_ats_jobs_hiring_team ON ats_jobs USING gin (integration_id, hiring_team_keys);
CREATE INDEX ix_ats_users_email ON ats_users (integration_id, email);
