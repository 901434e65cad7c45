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
-- The pairs are counted on integer stand-ins for the article, story and entity ids, and
-- the distinct stories by grouping twice (per story, then per pair) instead of
-- count(DISTINCT ...): on the 1 M-mention benchmark warehouse (4.2 M pairs) that cut the
-- rebuild from 15-19 to 9-10 CPU-s with identical rows. Entities are numbered in id
-- order, so "smaller id first" still holds for the stand-ins.
INSERT INTO fct_entity_cooccurrence BY NAME
WITH articles AS (
    SELECT
        article_id,
        coalesce(published_date, partition_date) AS date_day,
        row_number() OVER () AS article_no,
        dense_rank() OVER (ORDER BY story_id) AS story_no
    FROM dim_article
),

entities AS (
    SELECT
        entity_id,
        row_number() OVER (ORDER BY entity_id) AS entity_no
    FROM (SELECT DISTINCT entity_id FROM fct_article_entity) AS named
),

article_entities AS (
    SELECT DISTINCT
        a.article_no,
        a.story_no,
        a.date_day,
        e.entity_no
    FROM fct_article_entity AS f
    INNER JOIN articles AS a ON f.article_id = a.article_id
    INNER JOIN entities AS e ON f.entity_id = e.entity_id
),

per_story AS (
    SELECT
        x.date_day,
        x.entity_no AS entity_a,
        y.entity_no AS entity_b,
        x.story_no,
        count(*) AS article_count
    FROM article_entities AS x
    INNER JOIN article_entities AS y
        ON x.article_no = y.article_no AND x.entity_no < y.entity_no
    GROUP BY x.date_day, x.entity_no, y.entity_no, x.story_no
),

pairs AS (
    SELECT
        date_day,
        entity_a,
        entity_b,
        count(*) AS story_count,
        sum(article_count) AS article_count
    FROM per_story
    GROUP BY date_day, entity_a, entity_b
)

SELECT
    p.date_day,
    a.entity_id AS entity_id_a,
    b.entity_id AS entity_id_b,
    p.story_count,
    p.article_count
FROM pairs AS p
INNER JOIN entities AS a ON p.entity_a = a.entity_no
INNER JOIN entities AS b ON p.entity_b = b.entity_no;
