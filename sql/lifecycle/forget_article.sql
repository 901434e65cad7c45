-- Remove one article ($article_id, $url) and every fact derived from it, table by table.
-- A partition's staged entities and aliases are votes over its mentions (names, types,
-- alias counts), so the caller votes them again without the article, with the ingest's
-- own code (see pipelines.pipeline.restage_entities), into restaged_entity and
-- restaged_entity_alias for the partitions listed in restaged_day. Those partitions are
-- brought to them by difference: a row only the article supported goes (and counts as
-- removed), a row whose vote the article swayed changes; no row is new, since every
-- staged key (entity, alias) is a key of some article's own mentions. The caller then
-- rebuilds the dimensions from what is left.
DELETE FROM stg_entity AS s
WHERE
    s.partition_date IN (SELECT d.partition_date FROM restaged_day AS d)
    AND NOT EXISTS (
        SELECT 1 FROM restaged_entity AS r
        WHERE
            s.partition_date = r.partition_date
            AND s.entity_id = r.entity_id
    );
UPDATE stg_entity AS s
SET
    name = r.name,
    entity_type = r.entity_type,
    entity_class = r.entity_class,
    canonical_key = r.canonical_key,
    country_code = r.country_code,
    geonames_id = r.geonames_id,
    admin1 = r.admin1,
    lat = r.lat,
    lon = r.lon,
    population = r.population
FROM restaged_entity AS r
WHERE
    s.partition_date = r.partition_date
    AND s.entity_id = r.entity_id
    AND (
        s.name, s.entity_type, s.entity_class, s.canonical_key, s.country_code,
        s.geonames_id, s.admin1, s.lat, s.lon, s.population
    ) IS DISTINCT FROM (
        r.name, r.entity_type, r.entity_class, r.canonical_key, r.country_code,
        r.geonames_id, r.admin1, r.lat, r.lon, r.population
    );
DELETE FROM stg_entity_alias AS a
WHERE
    a.partition_date IN (SELECT d.partition_date FROM restaged_day AS d)
    AND NOT EXISTS (
        SELECT 1 FROM restaged_entity_alias AS r
        WHERE
            a.partition_date = r.partition_date
            AND a.alias = r.alias
            AND a.entity_id = r.entity_id
    );
UPDATE stg_entity_alias AS a
SET
    entity_type = r.entity_type,
    mention_count = r.mention_count
FROM restaged_entity_alias AS r
WHERE
    a.partition_date = r.partition_date
    AND a.alias = r.alias
    AND a.entity_id = r.entity_id
    AND (a.entity_type, a.mention_count) IS DISTINCT FROM (r.entity_type, r.mention_count);
-- A partition the lake held no staged rows for (moved or pruned) cannot be voted again:
-- the warehouse does not keep each article's name for an entity. There the article's
-- share is taken out as far as the warehouse can tell: each staged alias loses the
-- article's mentions of it (a mention's surface is the alias it was counted under), an
-- alias left with none goes, and so do the document-level entities that no other
-- article of the partition mentions or quotes, with their aliases.
UPDATE stg_entity_alias AS a
SET mention_count = a.mention_count - m.n
FROM (
    SELECT
        partition_date,
        surface,
        doc_entity_id,
        count(*) AS n
    FROM fct_entity_mention
    WHERE
        article_id = $article_id
        AND partition_date NOT IN (SELECT d.partition_date FROM restaged_day AS d)
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
    s.partition_date NOT IN (SELECT d.partition_date FROM restaged_day AS d)
    -- mentioned in the partition, and by this article alone
    AND EXISTS (
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
