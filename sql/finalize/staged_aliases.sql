-- Alias counts summed over all partitions (input to alias resolution).
SELECT
    alias,
    entity_id,
    min(entity_type) AS entity_type,
    sum(mention_count)::BIGINT AS mention_count
FROM stg_entity_alias
GROUP BY alias, entity_id
ORDER BY alias, entity_id;
