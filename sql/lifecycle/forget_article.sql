-- Remove one article ($article_id, $url) and every fact derived from it, table by table.
-- Staged entities and aliases are per partition and carry counts, so the article's share
-- of them goes first, while its mentions still say what they named: each staged alias
-- loses the article's mentions of it (a mention's surface is the alias it was counted
-- under), and an alias left with none goes. An entity only this article named would
-- outlive it too (and finalize would rebuild its dimension rows from it): those of its
-- document-level entities that no other article of the partition mentions or quotes go,
-- with their aliases. The caller then rebuilds the dimensions from what is left.
UPDATE stg_entity_alias AS a
SET mention_count = a.mention_count - m.n
FROM (
    SELECT
        partition_date,
        surface,
        doc_entity_id,
        count(*) AS n
    FROM fct_entity_mention
    WHERE article_id = $article_id
    GROUP BY partition_date, surface, doc_entity_id
) AS m
WHERE
    a.partition_date = m.partition_date
    AND a.alias = m.surface
    AND a.entity_id = m.doc_entity_id;
DELETE FROM stg_entity_alias
WHERE mention_count <= 0;
DELETE FROM stg_entity AS s
WHERE
    -- mentioned in the partition, and by this article alone
    EXISTS (
        SELECT 1 FROM fct_entity_mention AS m
        WHERE
            s.partition_date = m.partition_date
            AND s.entity_id = m.doc_entity_id
        HAVING bool_and(m.article_id = $article_id)
    )
    AND NOT EXISTS (
        SELECT 1 FROM fct_attribution AS q
        WHERE
            q.article_id != $article_id
            AND s.partition_date = q.partition_date
            AND s.entity_id = q.speaker_doc_entity_id
    );
-- Every staged alias belongs to a staged entity of its partition; those left without one
-- are the forgotten entities' aliases.
DELETE FROM stg_entity_alias AS a
WHERE NOT EXISTS (
    SELECT 1 FROM stg_entity AS s
    WHERE
        a.partition_date = s.partition_date
        AND a.entity_id = s.entity_id
);
DELETE FROM fct_entity_mention
WHERE article_id = $article_id;
DELETE FROM fct_article_entity
WHERE article_id = $article_id;
DELETE FROM fct_date_mention
WHERE article_id = $article_id;
DELETE FROM fct_attribution
WHERE article_id = $article_id;
DELETE FROM fct_attribution_entity
WHERE article_id = $article_id;
DELETE FROM article_version
WHERE article_id = $article_id;
DELETE FROM map_article_story
WHERE article_id = $article_id;
DELETE FROM quarantine
WHERE url = $url;
DELETE FROM dim_article
WHERE article_id = $article_id OR url = $url;
-- The dimension rows left without support go here, so the takedown counts them; the
-- rebuild that follows recomputes the rest (resolution, names, counts).
DELETE FROM map_entity_resolution AS r
WHERE NOT EXISTS (
    SELECT 1 FROM stg_entity AS s
    WHERE r.doc_entity_id = s.entity_id
);
DELETE FROM dim_entity AS d
WHERE NOT EXISTS (
    SELECT 1 FROM stg_entity AS s
    LEFT JOIN map_entity_resolution AS r ON s.entity_id = r.doc_entity_id
    WHERE d.entity_id = coalesce(r.entity_id, s.entity_id)
);
DELETE FROM dim_entity_alias AS a
WHERE NOT EXISTS (
    SELECT 1 FROM dim_entity AS d
    WHERE a.entity_id = d.entity_id
);
