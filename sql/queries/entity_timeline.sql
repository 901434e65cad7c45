-- Question: When was an entity in the news, and how much? One row per day with the
-- stories, articles and mentions naming it. Parameter: $entity (a name or alias).
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
)

SELECT
    coalesce(a.published_date, a.partition_date) AS day,
    count(DISTINCT a.story_id) AS stories,
    count(DISTINCT a.article_id) AS articles,
    sum(f.mention_count) AS mentions
FROM fct_article_entity AS f
INNER JOIN dim_article AS a ON f.article_id = a.article_id
WHERE f.entity_id IN (SELECT t.entity_id FROM target AS t)
GROUP BY 1
ORDER BY 1;
