-- Question: Which entities were in the most stories each day? (A wire story reprinted by
-- many outlets counts once.) Parameters: $day_from, $day_to (inclusive), $top (per day).
-- Counted in two plain steps, articles per (day, entity, story) then stories per (day,
-- entity), instead of two count(DISTINCT) over the joined facts; entity names are joined
-- to the ~5 k per-day totals, not to every fact row.
WITH entity_articles AS (
    SELECT DISTINCT
        coalesce(a.published_date, a.partition_date) AS day,
        f.entity_id,
        a.story_id,
        a.article_id
    FROM fct_article_entity AS f
    INNER JOIN dim_article AS a ON f.article_id = a.article_id
    WHERE coalesce(a.published_date, a.partition_date) BETWEEN $day_from AND $day_to
),

per_story AS (
    SELECT
        day,
        entity_id,
        story_id,
        count(*) AS articles
    FROM entity_articles
    GROUP BY day, entity_id, story_id
),

per_day AS (
    SELECT
        s.day,
        e.name,
        e.entity_type,
        count(s.story_id) AS stories,
        sum(s.articles)::BIGINT AS articles
    FROM per_story AS s
    INNER JOIN dim_entity AS e ON s.entity_id = e.entity_id
    GROUP BY s.day, s.entity_id, e.name, e.entity_type
),

ranked AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY day ORDER BY stories DESC, articles DESC, name ASC) AS rank
    FROM per_day
)

SELECT
    day,
    rank,
    name,
    entity_type,
    stories,
    articles
FROM ranked
WHERE rank <= $top
ORDER BY day, rank;
