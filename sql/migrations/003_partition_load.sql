-- Migration 003: a record of each partition load, so an unchanged re-run can skip it.
-- The record lives in the warehouse it describes: a deleted, recreated or other
-- warehouse file has none, and its partitions are loaded again.

-- Grain: one row per loaded daily partition: the fingerprint of the inputs it was
-- loaded from and the rows it held right after the load (JSON, per table).
CREATE TABLE IF NOT EXISTS partition_load (
    partition_date DATE NOT NULL PRIMARY KEY,
    input_fingerprint VARCHAR NOT NULL,
    row_state VARCHAR NOT NULL,
    loaded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
