-- Headline counts printed after a run.
SELECT
    (SELECT count(*) FROM dim_article) AS articles,
    (SELECT count(DISTINCT story_id) FROM dim_article) AS stories,
    (SELECT count(*) FROM dim_entity) AS entities,
    (SELECT count(*) FROM fct_entity_mention) AS mentions,
    (
        SELECT count(*) FROM fct_date_mention
        WHERE value IS NOT NULL
    ) AS date_facts,
    (SELECT count(*) FROM fct_attribution) AS attributions;
