-- Null or duplicate keys in every keyed table; one row per (table, problem) with a count.
-- Fact tables declare no unique constraints (they would slow bulk loads), so this is
-- where their uniqueness is enforced.
SELECT
    'dim_article' AS table_name,
    'duplicate article_id' AS problem,
    count(*) AS violations
FROM (SELECT article_id FROM dim_article GROUP BY article_id HAVING count(*) > 1)
UNION ALL
SELECT
    'dim_entity',
    'duplicate entity_id',
    count(*)
FROM (SELECT entity_id FROM dim_entity GROUP BY entity_id HAVING count(*) > 1)
UNION ALL
SELECT
    'fct_entity_mention',
    'duplicate (article_id, char_start, char_end, entity_id)',
    count(*)
FROM (
    SELECT article_id
    FROM fct_entity_mention
    GROUP BY article_id, char_start, char_end, entity_id
    HAVING count(*) > 1
)
UNION ALL
SELECT
    'fct_article_entity',
    'duplicate (article_id, doc_entity_id)',
    count(*)
FROM (
    SELECT article_id
    FROM fct_article_entity
    GROUP BY article_id, doc_entity_id
    HAVING count(*) > 1
)
UNION ALL
SELECT
    'fct_date_mention',
    'duplicate (article_id, char_start, char_end)',
    count(*)
FROM (
    SELECT article_id
    FROM fct_date_mention
    GROUP BY article_id, char_start, char_end
    HAVING count(*) > 1
)
UNION ALL
SELECT
    'fct_entity_cooccurrence',
    'duplicate (date_day, entity_id_a, entity_id_b)',
    count(*)
FROM (
    SELECT date_day
    FROM fct_entity_cooccurrence
    GROUP BY date_day, entity_id_a, entity_id_b
    HAVING count(*) > 1
)
UNION ALL
SELECT
    'fct_entity_cooccurrence',
    'pair not ordered smaller id first',
    count(*)
FROM fct_entity_cooccurrence
WHERE entity_id_a >= entity_id_b;
