-- Migration 005: per-day entity totals, so "top entities per day" reads thousands of rows
-- instead of de-duplicating every (article, entity) fact at query time.

-- Grain: one row per (day, entity) named in at least one loaded article that day; counts
-- are distinct stories and articles (a wire story reprinted by many outlets counts once).
-- Articles are counted per (day, entity, story) first, then stories per (day, entity):
-- two plain aggregations instead of two count(DISTINCT) over every fact row.
CREATE OR REPLACE VIEW entity_day_totals AS
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

-- Grain: one row per (day, entity) named in at least one loaded article that day: the
-- stored copy of entity_day_totals, rebuilt by finalize and after a takedown.
CREATE TABLE IF NOT EXISTS fct_entity_day (
    date_day DATE NOT NULL,
    entity_id VARCHAR NOT NULL,
    story_count BIGINT NOT NULL,
    article_count BIGINT NOT NULL
);

-- A warehouse that already holds facts gets its totals now, as finalize would build them.
INSERT INTO fct_entity_day BY NAME
SELECT * FROM entity_day_totals;
