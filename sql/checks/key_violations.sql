-- Null or duplicate keys in every keyed table; one row per (table, problem) with a count.
-- Fact tables declare no unique constraints (they would slow bulk loads), so this is
-- where their uniqueness is enforced.
WITH dup_article AS (
    SELECT article_id
    FROM dim_article
    GROUP BY article_id
    HAVING count(*) > 1
),

dup_entity AS (
    SELECT entity_id
    FROM dim_entity
    GROUP BY entity_id
    HAVING count(*) > 1
),

dup_mention AS (
    SELECT article_id
    FROM fct_entity_mention
    GROUP BY article_id, char_start, char_end, entity_id
    HAVING count(*) > 1
),

dup_article_entity AS (
    SELECT article_id
    FROM fct_article_entity
    GROUP BY article_id, doc_entity_id
    HAVING count(*) > 1
),

dup_date AS (
    SELECT article_id
    FROM fct_date_mention
    GROUP BY article_id, char_start, char_end
    HAVING count(*) > 1
),

dup_pair AS (
    SELECT date_day
    FROM fct_entity_cooccurrence
    GROUP BY date_day, entity_id_a, entity_id_b
    HAVING count(*) > 1
)

SELECT
    'dim_article' AS table_name,
    'duplicate article_id' AS problem,
    (SELECT count(*) FROM dup_article) AS violations
UNION ALL
SELECT
    'dim_entity' AS table_name,
    'duplicate entity_id' AS problem,
    (SELECT count(*) FROM dup_entity) AS violations
UNION ALL
SELECT
    'fct_entity_mention' AS table_name,
    'duplicate (article_id, char_start, char_end, entity_id)' AS problem,
    (SELECT count(*) FROM dup_mention) AS violations
UNION ALL
SELECT
    'fct_article_entity' AS table_name,
    'duplicate (article_id, doc_entity_id)' AS problem,
    (SELECT count(*) FROM dup_article_entity) AS violations
UNION ALL
SELECT
    'fct_date_mention' AS table_name,
    'duplicate (article_id, char_start, char_end)' AS problem,
    (SELECT count(*) FROM dup_date) AS violations
UNION ALL
SELECT
    'fct_entity_cooccurrence' AS table_name,
    'duplicate (date_day, entity_id_a, entity_id_b)' AS problem,
    (SELECT count(*) FROM dup_pair) AS violations
UNION ALL
SELECT
    'fct_entity_cooccurrence' AS table_name,
    'pair not ordered smaller id first' AS problem,
    count(*) AS violations
FROM fct_entity_cooccurrence
WHERE entity_id_a >= entity_id_b;
