-- Question: Which entities were in the most stories each day? (A wire story reprinted by
-- many outlets counts once.) Parameters: $day_from, $day_to (inclusive), $top (per day).
-- The distinct story and article counts per (day, entity) are built with the warehouse
-- (fct_entity_day), so this ranks a few thousand rows instead of every fact.
WITH ranked AS (
    SELECT
        d.date_day AS day,
        e.name,
        e.entity_type,
        d.story_count AS stories,
        d.article_count AS articles,
        row_number() OVER (
            PARTITION BY d.date_day
            ORDER BY d.story_count DESC, d.article_count DESC, e.name ASC
        ) AS rank
    FROM fct_entity_day AS d
    INNER JOIN dim_entity AS e ON d.entity_id = e.entity_id
    WHERE d.date_day BETWEEN $day_from AND $day_to
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
