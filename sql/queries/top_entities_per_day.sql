-- Question: Which entities were in the most stories each day? (A wire story reprinted by
-- many outlets counts once.) Parameters: $day_from, $day_to (inclusive), $top (per day).
WITH per_day AS (
    SELECT
        coalesce(a.published_date, a.partition_date) AS day,
        e.entity_id,
        e.name,
        e.entity_type,
        count(DISTINCT a.story_id) AS stories,
        count(DISTINCT a.article_id) AS articles
    FROM fct_article_entity AS f
    INNER JOIN dim_article AS a ON f.article_id = a.article_id
    INNER JOIN dim_entity AS e ON f.entity_id = e.entity_id
    WHERE coalesce(a.published_date, a.partition_date) BETWEEN $day_from AND $day_to
    GROUP BY ALL
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
