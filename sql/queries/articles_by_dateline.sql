-- Question: Where were the articles filed from? Articles and stories per dateline place,
-- with the place's country and coordinates when linked.
SELECT
    a.dateline_place,
    any_value(e.country_code) AS country_code,
    any_value(e.lat) AS lat,
    any_value(e.lon) AS lon,
    count(DISTINCT a.story_id) AS stories,
    count(*) AS articles
FROM dim_article AS a
LEFT JOIN dim_entity AS e ON a.dateline_entity_id = e.entity_id
WHERE a.dateline_place IS NOT NULL
GROUP BY a.dateline_place
ORDER BY stories DESC, articles DESC, a.dateline_place ASC;
