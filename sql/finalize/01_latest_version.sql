-- Keep only the latest version of each article: rows loaded by an older partition for an
-- article that a later fetch re-published are removed from every article-level table.
CREATE OR REPLACE TEMP TABLE stale_article AS
SELECT DISTINCT
    article_id,
    partition_date
FROM article_version_ranked
WHERE version_rank > 1;

DELETE FROM dim_article AS t
WHERE EXISTS (
    SELECT 1 FROM stale_article AS s
    WHERE s.article_id = t.article_id AND s.partition_date = t.partition_date
);

DELETE FROM fct_entity_mention AS t
WHERE EXISTS (
    SELECT 1 FROM stale_article AS s
    WHERE s.article_id = t.article_id AND s.partition_date = t.partition_date
);

DELETE FROM fct_article_entity AS t
WHERE EXISTS (
    SELECT 1 FROM stale_article AS s
    WHERE s.article_id = t.article_id AND s.partition_date = t.partition_date
);

DELETE FROM fct_date_mention AS t
WHERE EXISTS (
    SELECT 1 FROM stale_article AS s
    WHERE s.article_id = t.article_id AND s.partition_date = t.partition_date
);

DELETE FROM fct_attribution AS t
WHERE EXISTS (
    SELECT 1 FROM stale_article AS s
    WHERE s.article_id = t.article_id AND s.partition_date = t.partition_date
);

UPDATE dim_article AS a
SET version_count = v.n
FROM (
    SELECT
        article_id,
        count(DISTINCT raw_sha256) AS n
    FROM article_version
    GROUP BY article_id
) AS v
WHERE a.article_id = v.article_id;
