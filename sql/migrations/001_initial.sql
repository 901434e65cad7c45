-- Migration 001: the initial star schema.
-- Every partitioned table carries partition_date (the UTC day of the daily partition that
-- loaded it); a partition load deletes that day's rows and inserts the new ones in one
-- transaction. Primary keys are declared only on the small dimension tables; fact-table
-- uniqueness is enforced by Dagster asset checks, because declared constraints slow
-- bulk Arrow inserts (see the README's data dictionary).

-- Grain: one row per applied migration.
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT current_timestamp
);

-- Grain: one row per source domain (outlet) that published at least one loaded article.
CREATE TABLE IF NOT EXISTS dim_source (
    source_domain VARCHAR NOT NULL PRIMARY KEY,
    site_name VARCHAR,
    article_count BIGINT NOT NULL,
    first_published DATE,
    last_published DATE
);

-- Grain: one row per article (the latest version of a normalized final URL).
CREATE TABLE IF NOT EXISTS dim_article (
    article_id VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    url VARCHAR NOT NULL,
    canonical_url VARCHAR,
    source_domain VARCHAR,
    site_name VARCHAR,
    source VARCHAR,
    title VARCHAR,
    byline VARCHAR[],
    published_at TIMESTAMP WITH TIME ZONE,
    modified_at TIMESTAMP WITH TIME ZONE,
    published_date DATE,
    language VARCHAR,
    section VARCHAR,
    tags VARCHAR[],
    description VARCHAR,
    text VARCHAR,
    word_count INTEGER,
    dateline_raw VARCHAR,
    dateline_place VARCHAR,
    dateline_country VARCHAR,
    dateline_entity_id VARCHAR,
    wire_agency VARCHAR,
    credits VARCHAR[],
    fingerprint VARCHAR,
    raw_sha256 VARCHAR,
    fetched_at TIMESTAMP WITH TIME ZONE,
    version_count INTEGER NOT NULL DEFAULT 1,
    nlp_skip_reason VARCHAR,
    story_id VARCHAR,
    pipeline_version VARCHAR NOT NULL,
    model_version VARCHAR
);

-- Grain: one row per story (a cluster of near-duplicate article bodies across outlets).
CREATE TABLE IF NOT EXISTS dim_story (
    story_id VARCHAR NOT NULL PRIMARY KEY,
    canonical_article_id VARCHAR NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE,
    copies INTEGER NOT NULL
);

-- Grain: one row per article per story membership (every article belongs to one story).
CREATE TABLE IF NOT EXISTS map_article_story (
    article_id VARCHAR NOT NULL PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    similarity_to_canonical DOUBLE
);

-- Grain: one row per canonical entity (person, organization, place, group, event).
CREATE TABLE IF NOT EXISTS dim_entity (
    entity_id VARCHAR NOT NULL PRIMARY KEY,
    name VARCHAR NOT NULL,
    entity_type VARCHAR NOT NULL,
    entity_class VARCHAR,
    canonical_key VARCHAR,
    country_code VARCHAR,
    geonames_id BIGINT,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    population BIGINT,
    mention_count BIGINT NOT NULL DEFAULT 0
);

-- Grain: one row per (surface alias, entity).
CREATE TABLE IF NOT EXISTS dim_entity_alias (
    alias VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    entity_type VARCHAR,
    mention_count BIGINT NOT NULL,
    PRIMARY KEY (alias, entity_id)
);

-- Grain: one row per calendar day covered by the loaded articles and their date facts.
CREATE TABLE IF NOT EXISTS dim_date (
    date_day DATE NOT NULL PRIMARY KEY,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    month INTEGER NOT NULL,
    day INTEGER NOT NULL,
    iso_week VARCHAR NOT NULL,
    weekday VARCHAR NOT NULL,
    is_weekend BOOLEAN NOT NULL
);

-- Grain: one row per entity as seen by one partition's document-level normalization;
-- dim_entity is rebuilt from it deterministically so load order never matters.
CREATE TABLE IF NOT EXISTS stg_entity (
    partition_date DATE NOT NULL,
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    entity_type VARCHAR NOT NULL,
    entity_class VARCHAR,
    canonical_key VARCHAR,
    country_code VARCHAR,
    geonames_id BIGINT,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    population BIGINT
);

-- Grain: one row per (partition, alias, document-level entity).
CREATE TABLE IF NOT EXISTS stg_entity_alias (
    partition_date DATE NOT NULL,
    alias VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    entity_type VARCHAR,
    mention_count BIGINT NOT NULL
);

-- Grain: one row per document-level entity id, mapping it to its corpus-level entity
-- (a lone "Putin" resolves to "Vladimir Putin" when that is unambiguous).
CREATE TABLE IF NOT EXISTS map_entity_resolution (
    doc_entity_id VARCHAR NOT NULL PRIMARY KEY,
    entity_id VARCHAR NOT NULL
);

-- Grain: one row per entity mention (a span of article text).
CREATE TABLE IF NOT EXISTS fct_entity_mention (
    partition_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    doc_entity_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    surface VARCHAR NOT NULL,
    label_raw VARCHAR,
    entity_type VARCHAR NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    model_version VARCHAR
);

-- Grain: one row per (article, entity).
CREATE TABLE IF NOT EXISTS fct_article_entity (
    partition_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    doc_entity_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    mention_count INTEGER NOT NULL,
    first_char INTEGER NOT NULL,
    salience DOUBLE
);

-- Grain: one row per temporal expression found in an article.
CREATE TABLE IF NOT EXISTS fct_date_mention (
    partition_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    surface VARCHAR NOT NULL,
    value VARCHAR,
    granularity VARCHAR,
    mod VARCHAR,
    start_date DATE,
    end_date DATE,
    is_relative BOOLEAN NOT NULL,
    anchor_date DATE,
    pipeline_version VARCHAR NOT NULL
);

-- Grain: one row per attribution (speaker + cue + content) in an article.
CREATE TABLE IF NOT EXISTS fct_attribution (
    partition_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    speaker_text VARCHAR,
    speaker_doc_entity_id VARCHAR,
    speaker_entity_id VARCHAR,
    is_anonymous BOOLEAN NOT NULL,
    speaker_descriptor VARCHAR,
    anonymity_reason VARCHAR,
    cue VARCHAR NOT NULL,
    quote_type VARCHAR,
    content VARCHAR,
    channel VARCHAR,
    pipeline_version VARCHAR NOT NULL
);

-- Grain: one row per (day, entity pair) with the pair ordered smaller id first;
-- counts are story-level, so a wire story reprinted by many outlets counts once.
CREATE TABLE IF NOT EXISTS fct_entity_cooccurrence (
    date_day DATE NOT NULL,
    entity_id_a VARCHAR NOT NULL,
    entity_id_b VARCHAR NOT NULL,
    story_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL
);

-- Grain: one row per rejected item at any stage (fetch, extract, nlp, load).
CREATE TABLE IF NOT EXISTS quarantine (
    partition_date DATE,
    url VARCHAR,
    source VARCHAR,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Grain: one row per takedown request carried out by `wirefacts forget`.
CREATE TABLE IF NOT EXISTS forget_log (
    url VARCHAR NOT NULL,
    article_id VARCHAR,
    rows_removed BIGINT NOT NULL,
    forgotten_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Grain: one row per stored version of an article (a distinct raw body), so that the
-- latest version wins and versions are counted whatever order partitions load in.
CREATE TABLE IF NOT EXISTS article_version (
    partition_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    raw_sha256 VARCHAR,
    fetched_at TIMESTAMP WITH TIME ZONE
);
