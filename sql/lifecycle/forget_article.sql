-- Remove one article ($article_id, $url) and every fact derived from it, table by table.
-- Dimensions are rebuilt by the next finalize.
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
