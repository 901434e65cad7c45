-- Store the per-day entity totals (view entity_day_totals, migration 005) for
-- top_entities_per_day.
DELETE FROM fct_entity_day;
INSERT INTO fct_entity_day BY NAME
SELECT * FROM entity_day_totals;
