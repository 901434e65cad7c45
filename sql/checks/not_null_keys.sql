-- Rows with a null key column (declared NOT NULL, so this guards files written elsewhere).
SELECT
    (
        SELECT count(*) FROM dim_article
        WHERE article_id IS NULL OR url IS NULL
    )
    + (
        SELECT count(*) FROM dim_entity
        WHERE entity_id IS NULL OR name IS NULL
    )
    + (
        SELECT count(*) FROM fct_entity_mention
        WHERE article_id IS NULL OR entity_id IS NULL
    )
    + (
        SELECT count(*) FROM fct_date_mention
        WHERE article_id IS NULL
    )
    + (
        SELECT count(*) FROM fct_attribution
        WHERE article_id IS NULL OR cue IS NULL)
        AS violations;
