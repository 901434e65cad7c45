-- Bring the BM25 index up to date with dim_article without rebuilding it: documents whose
-- article is gone or whose title or body changed are taken out, new and changed articles
-- are tokenized, stemmed and counted as create_fts_index does (rebuild_index.sql: porter
-- stemmer, English stop words dropped before stemming, empty tokens dropped), and the
-- document frequencies and corpus statistics follow. BM25 reads only term frequencies,
-- document frequencies, document lengths, the document count and the mean length, so
-- scores equal a full rebuild's (a test compares the two); only the numbering of
-- documents and terms differs.
CREATE OR REPLACE TEMP TABLE fts_current AS
SELECT
    article_id AS name,
    md5(coalesce(title, '') || chr(0) || coalesce(text, '')) AS digest
FROM dim_article;

CREATE OR REPLACE TEMP TABLE fts_stale AS
SELECT d.docid
FROM fts_main_dim_article.docs AS d
LEFT JOIN fts_main_dim_article.doc_digest AS g ON d.docid = g.docid
LEFT JOIN fts_current AS c ON d.name = c.name
WHERE c.name IS NULL OR g.digest IS DISTINCT FROM c.digest;

UPDATE fts_main_dim_article.dict AS t
SET df = t.df - s.n
FROM (
    SELECT
        termid,
        count(DISTINCT docid) AS n
    FROM fts_main_dim_article.terms
    WHERE docid IN (SELECT f.docid FROM fts_stale AS f)
    GROUP BY termid
) AS s
WHERE t.termid = s.termid;

DELETE FROM fts_main_dim_article.terms
WHERE docid IN (SELECT f.docid FROM fts_stale AS f);

DELETE FROM fts_main_dim_article.docs
WHERE docid IN (SELECT f.docid FROM fts_stale AS f);

DELETE FROM fts_main_dim_article.doc_digest
WHERE docid IN (SELECT f.docid FROM fts_stale AS f);

CREATE OR REPLACE TEMP TABLE fts_new AS
SELECT
    c.name,
    c.digest,
    (SELECT coalesce(max(d.docid), -1) FROM fts_main_dim_article.docs AS d)
    + row_number() OVER (ORDER BY c.name) AS docid
FROM fts_current AS c
WHERE NOT EXISTS (
    SELECT 1 FROM fts_main_dim_article.docs AS d
    WHERE d.name = c.name
);

CREATE OR REPLACE TEMP TABLE fts_new_terms AS
WITH tokenized AS (
    -- one row per indexed field of each new document (the index's fields: title, text)
    SELECT
        n.docid,
        f.fieldid,
        unnest(fts_main_dim_article.tokenize(
            CASE f.field WHEN 'title' THEN a.title WHEN 'text' THEN a.text END
        )) AS w
    FROM fts_new AS n
    INNER JOIN dim_article AS a ON n.name = a.article_id
    CROSS JOIN fts_main_dim_article.fields AS f
)

SELECT
    docid,
    fieldid,
    stem(w, 'porter') AS term
FROM tokenized
WHERE
    w IS NOT NULL
    AND len(w) > 0
    AND w NOT IN (SELECT s.sw FROM fts_main_dim_article.stopwords AS s);

INSERT INTO fts_main_dim_article.dict (termid, term, df)
SELECT
    (SELECT coalesce(max(d.termid), -1) FROM fts_main_dim_article.dict AS d)
    + row_number() OVER (ORDER BY n.term) AS termid,
    n.term,
    0 AS df
FROM (SELECT DISTINCT t.term FROM fts_new_terms AS t) AS n
WHERE NOT EXISTS (
    SELECT 1 FROM fts_main_dim_article.dict AS d
    WHERE d.term = n.term
);

UPDATE fts_main_dim_article.dict AS t
SET df = t.df + s.n
FROM (
    SELECT
        term,
        count(DISTINCT docid) AS n
    FROM fts_new_terms
    GROUP BY term
) AS s
WHERE t.term = s.term;

-- A term no document holds any more is not in a fresh index's dictionary either.
DELETE FROM fts_main_dim_article.dict
WHERE df <= 0;

INSERT INTO fts_main_dim_article.terms (docid, fieldid, termid)
SELECT
    t.docid,
    t.fieldid,
    d.termid
FROM fts_new_terms AS t
INNER JOIN fts_main_dim_article.dict AS d ON t.term = d.term;

INSERT INTO fts_main_dim_article.docs (docid, name, len)
SELECT
    n.docid,
    n.name,
    count(t.term) AS len
FROM fts_new AS n
LEFT JOIN fts_new_terms AS t ON n.docid = t.docid
GROUP BY n.docid, n.name;

INSERT INTO fts_main_dim_article.doc_digest (docid, digest)
SELECT
    docid,
    digest
FROM fts_new;

DELETE FROM fts_main_dim_article.stats;

INSERT INTO fts_main_dim_article.stats (num_docs, avgdl)
SELECT
    count(docid) AS num_docs,
    sum(len) / count(len) AS avgdl
FROM fts_main_dim_article.docs;

DROP TABLE fts_current;
DROP TABLE fts_stale;
DROP TABLE fts_new;
DROP TABLE fts_new_terms;
