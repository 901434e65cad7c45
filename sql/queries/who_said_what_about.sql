-- Question: Who said what about a given entity? Attributions in articles that name it,
-- with the speaker (named or anonymous), the cue and the channel. Parameter: $entity.
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
)

SELECT
    coalesce(s.name, q.speaker_text) AS speaker,
    q.is_anonymous,
    q.speaker_descriptor,
    q.cue,
    q.channel,
    q.content,
    a.title,
    a.published_at
FROM fct_attribution AS q
INNER JOIN dim_article AS a ON q.article_id = a.article_id
LEFT JOIN dim_entity AS s ON q.speaker_entity_id = s.entity_id
WHERE
    EXISTS (
        SELECT 1
        FROM fct_entity_mention AS m
        WHERE
            m.article_id = q.article_id
            AND m.entity_id IN (SELECT t.entity_id FROM target AS t)
            AND m.char_start >= q.char_start
            AND m.char_end <= q.char_end
    )
    OR q.speaker_entity_id IN (SELECT t.entity_id FROM target AS t)
ORDER BY a.published_at, q.char_start;
