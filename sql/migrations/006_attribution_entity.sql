-- Migration 006: which entities each attribution's span names, stored, so "who said what
-- about X" looks the entity up in a small table instead of range-joining every mention
-- of X with every attribution of the articles that name X at query time.

-- Grain: one row per (attribution span, entity) where a mention of the entity lies inside
-- the span. Spans are keyed by article and offsets, as the attributions themselves are.
CREATE OR REPLACE VIEW attribution_entity_spans AS
SELECT DISTINCT
    q.article_id,
    q.char_start,
    q.char_end,
    m.entity_id
FROM fct_attribution AS q
INNER JOIN fct_entity_mention AS m
    ON
        q.article_id = m.article_id
        AND q.char_start <= m.char_start
        AND q.char_end >= m.char_end
WHERE m.entity_id IS NOT NULL;

-- Grain: one row per (attribution span, entity mentioned inside it): the stored copy of
-- attribution_entity_spans, rebuilt by finalize; a takedown deletes the article's rows.
CREATE TABLE IF NOT EXISTS fct_attribution_entity (
    article_id VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL
);

-- A warehouse that already holds facts gets the pairs now, as finalize would build them.
INSERT INTO fct_attribution_entity BY NAME
SELECT * FROM attribution_entity_spans;
