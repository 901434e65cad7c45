-- Question: Who said what about a given entity? Attributions in stories that name it,
-- with the speaker (named or anonymous), the cue and the channel; a wire story reprinted
-- by several outlets appears once, with the number of copies. Parameter: $entity.
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
),

matched AS (
    SELECT
        a.story_id,
        a.published_at,
        a.title,
        q.char_start,
        q.is_anonymous,
        q.speaker_descriptor,
        q.cue,
        q.channel,
        q.content,
        coalesce(s.name, q.speaker_text) AS speaker
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
)

SELECT
    speaker,
    is_anonymous,
    speaker_descriptor,
    cue,
    channel,
    any_value(content ORDER BY published_at) AS content,
    any_value(title ORDER BY published_at) AS title,
    min(published_at) AS first_published,
    count(*) AS copies
FROM matched
GROUP BY story_id, speaker, is_anonymous, speaker_descriptor, cue, channel
ORDER BY first_published, min(char_start);
