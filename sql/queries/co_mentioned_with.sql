-- Question: Which entities are named in the same stories as a given entity? Ranked by the
-- number of stories they share. Parameters: $entity (a name or alias), $top.

-- Counted from the articles that name the entity: a (day, story) is shared with another
-- entity when one article of it names both, which is what summing fct_entity_cooccurrence's
-- story_count over the days gives (tests/test_cli.py checks both agree). Reading that table
-- scanned all its rows twice (the entity can be either side of a pair, in no useful
-- order): on the 1 M-mention benchmark warehouse ~200-300 CPU-ms for any entity, against
-- ~70-90 now for a mid-ranked one and about the same for the most-named one.
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
),

naming AS (
    SELECT DISTINCT
        f.article_id,
        f.entity_id AS target_id
    FROM fct_article_entity AS f
    WHERE f.entity_id IN (SELECT t.entity_id FROM target AS t)
),

shared AS (
    SELECT DISTINCT
        n.target_id,
        f.entity_id AS other_id,
        a.story_id,
        coalesce(a.published_date, a.partition_date) AS date_day
    FROM naming AS n
    INNER JOIN fct_article_entity AS f ON n.article_id = f.article_id
    INNER JOIN dim_article AS a ON n.article_id = a.article_id
    WHERE f.entity_id NOT IN (SELECT t.entity_id FROM target AS t)
)

SELECT
    e.name,
    e.entity_type,
    count(*) AS shared_stories
FROM shared AS s
INNER JOIN dim_entity AS e ON s.other_id = e.entity_id
GROUP BY e.name, e.entity_type
ORDER BY shared_stories DESC, e.name ASC, e.entity_type ASC
LIMIT $top;
