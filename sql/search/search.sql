-- Articles matching a free-text query ($query), best BM25 score first, at most $limit rows.
WITH scored AS (
    SELECT
        a.article_id,
        a.title,
        a.published_at,
        a.url,
        fts_main_dim_article.match_bm25(a.article_id, $query) AS score
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
LIMIT $limit;
