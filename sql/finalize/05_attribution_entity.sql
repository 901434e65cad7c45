-- Store the entities named inside each attribution span (view attribution_entity_spans,
-- migration 006) for who_said_what_about; after 02_dimensions, which sets entity ids.
DELETE FROM fct_attribution_entity;
INSERT INTO fct_attribution_entity BY NAME
SELECT * FROM attribution_entity_spans;
