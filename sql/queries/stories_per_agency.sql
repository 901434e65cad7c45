-- Question: How many distinct stories did each wire agency supply, and how widely were
-- they reprinted? Staff-written articles appear under agency NULL.
SELECT
    a.wire_agency,
    count(DISTINCT a.story_id) AS stories,
    count(*) AS articles,
    count(DISTINCT a.source_domain) AS outlets,
    round(count(*) / count(DISTINCT a.story_id), 2) AS articles_per_story
FROM dim_article AS a
GROUP BY a.wire_agency
ORDER BY stories DESC, a.wire_agency ASC NULLS LAST;
