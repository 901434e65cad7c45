-- Distinct document-level entities over all partitions (input to alias resolution).
SELECT DISTINCT
    entity_id,
    name,
    entity_type,
    entity_class,
    canonical_key,
    country_code,
    geonames_id,
    admin1,
    lat,
    lon,
    population
FROM stg_entity
ORDER BY entity_id, name;
