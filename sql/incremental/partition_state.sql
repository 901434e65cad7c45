-- The rows one loaded partition ($day) holds, per table. Articles a later version has
-- superseded are left out (finalize removes their facts, as expected), and counted
-- instead, so the state only changes when a load, a forget or an edit changed the day.
WITH superseded AS (
    SELECT DISTINCT article_id
    FROM article_version_ranked
    WHERE partition_date = $day AND version_rank > 1
)

SELECT
    'superseded_articles' AS table_name,
    count(*) AS n
FROM superseded
UNION ALL
SELECT
    'article_version' AS table_name,
    count(*) AS n
FROM article_version
WHERE partition_date = $day
UNION ALL
SELECT
    'quarantine' AS table_name,
    count(*) AS n
FROM quarantine
WHERE partition_date = $day
UNION ALL
SELECT
    'stg_entity' AS table_name,
    count(*) AS n
FROM stg_entity
WHERE partition_date = $day
UNION ALL
SELECT
    'stg_entity_alias' AS table_name,
    count(*) AS n
FROM stg_entity_alias
WHERE partition_date = $day
UNION ALL
SELECT
    'dim_article' AS table_name,
    count(*) AS n
FROM dim_article
WHERE partition_date = $day AND article_id NOT IN (SELECT s.article_id FROM superseded AS s)
UNION ALL
SELECT
    'fct_entity_mention' AS table_name,
    count(*) AS n
FROM fct_entity_mention
WHERE partition_date = $day AND article_id NOT IN (SELECT s.article_id FROM superseded AS s)
UNION ALL
SELECT
    'fct_article_entity' AS table_name,
    count(*) AS n
FROM fct_article_entity
WHERE partition_date = $day AND article_id NOT IN (SELECT s.article_id FROM superseded AS s)
UNION ALL
SELECT
    'fct_date_mention' AS table_name,
    count(*) AS n
FROM fct_date_mention
WHERE partition_date = $day AND article_id NOT IN (SELECT s.article_id FROM superseded AS s)
UNION ALL
SELECT
    'fct_attribution' AS table_name,
    count(*) AS n
FROM fct_attribution
WHERE partition_date = $day AND article_id NOT IN (SELECT s.article_id FROM superseded AS s)
