-- Record what one partition ($day) was loaded from and the rows it held afterwards.
INSERT OR REPLACE INTO partition_load (
    partition_date, input_fingerprint, row_state, loaded_at
)
VALUES ($day, $fingerprint, $row_state, $loaded_at)
