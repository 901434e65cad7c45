-- Attach story ids to articles and rebuild story-level co-occurrence per day: each pair is
-- stored once (smaller id first) and counted once per story, however many outlets ran it.
-- Clusters come from every staged article; keep only loaded ones, so a day that was staged
-- but not (yet) loaded never shows up in the published warehouse.
DELETE FROM map_article_story AS m
WHERE NOT EXISTS (
    SELECT 1 FROM dim_article AS a
    WHERE a.article_id = m.article_id
);

DELETE FROM dim_story AS s
WHERE NOT EXISTS (
    SELECT 1 FROM map_article_story AS m
    WHERE m.story_id = s.story_id
);

UPDATE dim_story AS s
SET copies = c.n
FROM (
    SELECT
        story_id,
        count(*) AS n
    FROM map_article_story
    GROUP BY story_id
) AS c
WHERE s.story_id = c.story_id;

UPDATE dim_article AS a
SET story_id = m.story_id
FROM map_article_story AS m
WHERE a.article_id = m.article_id;

UPDATE dim_article
SET story_id = 'S' || article_id
WHERE story_id IS NULL;

DELETE FROM fct_entity_cooccurrence;
INSERT INTO fct_entity_cooccurrence BY NAME
WITH article_entities AS (
    SELECT DISTINCT
        f.article_id,
        f.entity_id,
        a.story_id,
        coalesce(a.published_date, a.partition_date) AS date_day
    FROM fct_article_entity AS f
    INNER JOIN dim_article AS a ON f.article_id = a.article_id
)

SELECT
    x.date_day,
    x.entity_id AS entity_id_a,
    y.entity_id AS entity_id_b,
    count(DISTINCT x.story_id) AS story_count,
    count(DISTINCT x.article_id) AS article_count
FROM article_entities AS x
INNER JOIN article_entities AS y
    ON x.article_id = y.article_id AND x.entity_id < y.entity_id
GROUP BY x.date_day, x.entity_id, y.entity_id;
