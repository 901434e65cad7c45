-- Rebuild the BM25 full-text index over article titles and bodies (English stemmer,
-- stop words and accents folded); fts indexes do not follow table changes by themselves.
PRAGMA create_fts_index(
    'dim_article', 'article_id', 'title', 'text',
    stemmer = 'porter', stopwords = 'english', ignore = '(\.|[^a-z])+',
    strip_accents = 1, lower = 1, overwrite = 1
);
