-- Rebuild the per-day entity totals from the facts and the articles' days and stories.
-- Articles are counted per (day, entity, story) first, then stories per (day, entity):
-- two plain aggregations instead of two count(DISTINCT) over every fact row.
DELETE FROM fct_entity_day;
INSERT INTO fct_entity_day BY NAME
WITH entity_articles AS (
    SELECT DISTINCT
        coalesce(a.published_date, a.partition_date) AS date_day,
        f.entity_id,
        a.story_id,
        a.article_id
    FROM fct_article_entity AS f
    INNER JOIN dim_article AS a ON f.article_id = a.article_id
),

per_story AS (
    SELECT
        date_day,
        entity_id,
        story_id,
        count(*) AS articles
    FROM entity_articles
    GROUP BY date_day, entity_id, story_id
)

SELECT
    date_day,
    entity_id,
    count(story_id) AS story_count,
    sum(articles)::BIGINT AS article_count
FROM per_story
GROUP BY date_day, entity_id;
