-- Question: Which entities are named in the same stories as a given entity? Ranked by the
-- number of stories they share. Parameters: $entity (a name or alias), $top.
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
),

pairs AS (
    SELECT
        c.entity_id_b AS other_id,
        c.story_count
    FROM fct_entity_cooccurrence AS c
    WHERE c.entity_id_a IN (SELECT t.entity_id FROM target AS t)
    UNION ALL
    SELECT
        c.entity_id_a AS other_id,
        c.story_count
    FROM fct_entity_cooccurrence AS c
    WHERE c.entity_id_b IN (SELECT t.entity_id FROM target AS t)
)

SELECT
    e.name,
    e.entity_type,
    sum(p.story_count) AS shared_stories
FROM pairs AS p
INNER JOIN dim_entity AS e ON p.other_id = e.entity_id
WHERE p.other_id NOT IN (SELECT t.entity_id FROM target AS t)
GROUP BY e.name, e.entity_type
ORDER BY shared_stories DESC, e.name ASC
LIMIT $top;
