-- Question: What do the articles say happened on a given date? Every date fact whose
-- range covers the day, with the sentence-level context. Parameter: $day.

-- Ties are broken by article id, so the same warehouse always lists rows in one order.
SELECT
    d.start_date,
    d.end_date,
    d.value,
    d.granularity,
    d.surface,
    a.title,
    a.site_name,
    substr(a.text, greatest(d.char_start - 120, 1), 260) AS context
FROM fct_date_mention AS d
INNER JOIN dim_article AS a ON d.article_id = a.article_id
WHERE
    d.start_date <= $day
    AND d.end_date >= $day
ORDER BY (d.end_date - d.start_date), a.published_at, d.article_id, d.char_start, d.char_end;
