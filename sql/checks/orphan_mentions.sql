-- Mentions, article-entity rows and attributions whose entity is missing from dim_entity,
-- and facts whose article is missing from dim_article.
SELECT
    'fct_entity_mention.entity_id' AS reference,
    count(*) AS violations
FROM fct_entity_mention AS f
WHERE
    NOT EXISTS (
        SELECT 1 FROM dim_entity AS e
        WHERE e.entity_id = f.entity_id
    )
UNION ALL
SELECT
    'fct_article_entity.entity_id' AS reference,
    count(*) AS violations
FROM fct_article_entity AS f
WHERE
    NOT EXISTS (
        SELECT 1 FROM dim_entity AS e
        WHERE e.entity_id = f.entity_id
    )
UNION ALL
SELECT
    'fct_attribution.speaker_entity_id' AS reference,
    count(*) AS violations
FROM fct_attribution AS f
WHERE
    f.speaker_entity_id IS NOT NULL
    AND NOT EXISTS (
        SELECT 1 FROM dim_entity AS e
        WHERE e.entity_id = f.speaker_entity_id
    )
UNION ALL
SELECT
    'fct_entity_mention.article_id' AS reference,
    count(*) AS violations
FROM fct_entity_mention AS f
WHERE NOT EXISTS (
    SELECT 1 FROM dim_article AS a
    WHERE a.article_id = f.article_id
);
