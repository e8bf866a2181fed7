-- Order lists and the order detail never carry attachment contents (issue 14): the API's `body` shows an attachment sent
-- as `data` by its decoded size, `data_bytes`, instead (OrderApiBody.cs writes new bodies so). Bodies written before: once.
-- The contents stay in the grain's state (`doc`), which the write-back reads. The size is counted from the base64 text
-- (its alphabet's characters times 3/4, padding and whitespace left out), which cannot fail on any text.

UPDATE orders AS o
   SET body = jsonb_set(o.body, '{result,attachments}', (
       SELECT jsonb_agg(CASE WHEN jsonb_typeof(a->'data') = 'string'
                             THEN (a - 'data') || jsonb_build_object('data_bytes', length(regexp_replace(a->>'data', '[^A-Za-z0-9+/]', '', 'g')) * 3 / 4)
                             ELSE a END ORDER BY n)
         FROM jsonb_array_elements(o.body->'result'->'attachments') WITH ORDINALITY AS t(a, n)))
 WHERE jsonb_typeof(o.body->'result'->'attachments') = 'array'
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.body->'result'->'attachments') AS a WHERE jsonb_typeof(a->'data') = 'string');
