-- Question: Who said what about a given entity? Attributions in stories that name it,
-- with the speaker (named or anonymous), the cue and the channel; a wire story reprinted
-- by several outlets appears once, with the number of copies. Parameter: $entity.

-- An attribution matches when the entity is its speaker or is mentioned inside its span;
-- the spans that name an entity are stored by finalize (fct_attribution_entity, migration
-- 006), so no mention is range-joined with the attributions here. Ties in the order are
-- broken by a hash of every grouping key (an integer sort; sorting by the strings
-- themselves cost ~40 ms on 27 k rows), so the same warehouse always lists its rows in one
-- order.
WITH target AS (
    SELECT DISTINCT entity_id FROM dim_entity
    WHERE lower(name) = lower($entity)
    UNION
    SELECT DISTINCT entity_id FROM dim_entity_alias
    WHERE lower(alias) = lower($entity)
),

named_in_span AS (
    SELECT DISTINCT
        b.article_id,
        b.char_start,
        b.char_end
    FROM fct_attribution_entity AS b
    INNER JOIN target AS t ON b.entity_id = t.entity_id
),

said AS (
    SELECT q.*
    FROM fct_attribution AS q
    LEFT JOIN named_in_span AS n
        ON
            q.article_id = n.article_id
            AND q.char_start = n.char_start
            AND q.char_end = n.char_end
    WHERE
        q.speaker_entity_id IN (SELECT t.entity_id FROM target AS t)
        OR n.article_id IS NOT NULL
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
    FROM said AS q
    INNER JOIN dim_article AS a ON q.article_id = a.article_id
    LEFT JOIN dim_entity AS s ON q.speaker_entity_id = s.entity_id
)

SELECT
    speaker,
    is_anonymous,
    speaker_descriptor,
    cue,
    channel,
    any_value(content ORDER BY published_at, char_start) AS content,
    any_value(title ORDER BY published_at) AS title,
    min(published_at) AS first_published,
    count(*) AS copies
FROM matched
GROUP BY story_id, speaker, is_anonymous, speaker_descriptor, cue, channel
ORDER BY
    first_published,
    min(char_start),
    hash(story_id, speaker, is_anonymous, speaker_descriptor, cue, channel);
