-- Articles matching a free-text query ($1), best BM25 score first, at most $2 rows.
WITH scored AS (
    SELECT
        a.article_id,
        a.title,
        a.published_at,
        a.url,
        fts_main_dim_article.match_bm25(a.article_id, $1) AS score
    FROM dim_article AS a
)
SELECT
    article_id,
    title,
    published_at,
    url,
    score
FROM scored
WHERE score IS NOT NULL
ORDER BY score DESC, article_id ASC
LIMIT $2;
