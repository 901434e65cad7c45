-- Record what each indexed document held when it was indexed (a digest of its title and
-- body), so a refresh re-indexes only the articles that are new, changed or gone.
-- Grain: one row per indexed document. It lives in the index's own schema, which a full
-- rebuild drops and creates again, so it never outlives the index it describes.
CREATE OR REPLACE TABLE fts_main_dim_article.doc_digest AS
SELECT
    d.docid,
    md5(coalesce(a.title, '') || chr(0) || coalesce(a.text, '')) AS digest
FROM fts_main_dim_article.docs AS d
INNER JOIN dim_article AS a ON d.name = a.article_id;
