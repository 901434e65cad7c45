-- The load record of one partition ($day), if any.
SELECT
    input_fingerprint,
    row_state
FROM partition_load
WHERE partition_date = $day
