-- Migration 004: one definition of "the version of an article the warehouse keeps".
-- Finalize deletes the facts of every other version, and the re-run state of a partition
-- leaves those same articles out of its counts; both read this view, so the two cannot
-- disagree about which version wins.

-- Grain: one row per stored version of an article, ranked within the article: rank 1
-- is the kept version (latest fetch, then latest partition, then highest raw digest).
CREATE OR REPLACE VIEW article_version_ranked AS
SELECT
    article_id,
    partition_date,
    raw_sha256,
    fetched_at,
    row_number() OVER (
        PARTITION BY article_id
        ORDER BY fetched_at DESC NULLS LAST, partition_date DESC, raw_sha256 DESC
    ) AS version_rank
FROM article_version;
