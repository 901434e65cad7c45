-- The ten entities named in the most stories (a syndicated story counts once).
SELECT
    e.name,
    e.entity_type,
    count(DISTINCT a.story_id) AS stories
FROM fct_article_entity AS f
INNER JOIN dim_article AS a ON f.article_id = a.article_id
INNER JOIN dim_entity AS e ON f.entity_id = e.entity_id
WHERE e.entity_type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC')
GROUP BY e.name, e.entity_type
ORDER BY stories DESC, e.name ASC
LIMIT 10;
