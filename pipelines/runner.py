"""Partition-level steps over the storage layers, shared by the Dagster assets and the CLI.

Each step reads its inputs from URI-addressed storage and writes its outputs back, so
partition compute is stateless and any step can be re-run alone (idempotently).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from pipelines import pipeline
from pipelines.dedup import StoryIndex
from pipelines.entities import resolve_corpus_aliases
from pipelines.fetch import Fetcher
from pipelines.lake import Lake
from pipelines.load import Warehouse
from pipelines.raw import RawArchive
from pipelines.settings import Settings, get_settings
from pipelines.sources import SourceConfig, collect

GLOBAL_DAY = date(1970, 1, 1)  # cross-partition lake tables are stored under one key

ANNOTATION_TABLES = {
    "stg_entity_mentions": "entity_mentions",
    "stg_article_entities": "article_entities",
    "stg_entities": "entities",
    "stg_entity_aliases": "aliases",
    "stg_date_mentions": "date_mentions",
    "stg_attributions": "attributions",
    "stg_nlp_quarantine": "quarantine",
}


@dataclass
class StepStats:
    """What a step did, for logs and materialization metadata."""

    counts: dict[str, int | float] = field(default_factory=dict)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)


def ingest_day(
    day: date, sources: Sequence[SourceConfig], fetcher: Fetcher, archive: RawArchive
) -> StepStats:
    """Discover and fetch one day's pages into the raw archive (nothing new → no writes)."""
    result = collect(sources, fetcher, days={day}, archive=archive)
    new_rows = archive.write(result.pages)
    errors = archive.write_errors(result.errors)
    stored = archive.read(day)
    return StepStats(
        counts={"pages": stored.height, "new_rows": new_rows.get(day, 0), "fetch_errors": errors},
        frames={"pages": stored},
    )


def stage_day(
    day: date, archive: RawArchive, lake: Lake, settings: Settings | None = None
) -> StepStats:
    """Extract a day's raw pages into staged articles plus quarantine rows."""
    articles, rejected = pipeline.stage_articles(archive.read(day), settings or get_settings())
    lake.write("stg_articles", day, articles)
    lake.write("stg_quarantine", day, rejected)
    total = articles.height + rejected.height
    return StepStats(
        counts={
            "articles": articles.height,
            "quarantined": rejected.height,
            "extraction_coverage": round(articles.height / total, 4) if total else 0.0,
        },
        frames={"articles": articles},
    )


def annotate_day(day: date, lake: Lake, settings: Settings | None = None) -> pipeline.Annotations:
    """Run the NLP stage over a day's staged articles and store every output frame."""
    articles = lake.read("stg_articles", day)
    if articles is None:
        raise FileNotFoundError(f"stg_articles has no partition {day}; stage it first")
    ann = pipeline.annotate_articles(articles, settings or get_settings(), fallback_anchor=day)
    for table, attr in ANNOTATION_TABLES.items():
        lake.write(table, day, getattr(ann, attr))
    return ann


def load_day(day: date, lake: Lake, archive: RawArchive, warehouse: Warehouse) -> dict[str, int]:
    """Load a day's staged frames into the warehouse in one transaction."""
    articles = lake.read("stg_articles", day)
    if articles is None:
        raise FileNotFoundError(f"stg_articles has no partition {day}; stage it first")
    parts = {attr: lake.read(table, day) for table, attr in ANNOTATION_TABLES.items()}
    ann = pipeline.Annotations(
        **{k: v if v is not None else pl.DataFrame() for k, v in parts.items()}
    )
    quarantine = [lake.read("stg_quarantine", day)]
    errors = archive.errors(day)
    if errors.height:
        # The archive keeps every failed attempt (a retried or re-run ingest appends
        # again); the warehouse keeps one row per failed item, as for any other stage.
        errors = errors.sort("time", nulls_last=False).unique(
            subset=["url", "stage", "reason"], keep="last", maintain_order=True
        )
        quarantine.append(
            pipeline.quarantine_frame(
                {**row, "stage": row.get("stage") or "fetch"} for row in errors.to_dicts()
            )
        )
    frames = pipeline.partition_frames(
        articles, ann, pipeline.concat_frames([q for q in quarantine if q is not None])
    )
    return warehouse.load_partition(day, frames)


def cluster_stories(lake: Lake, index: StoryIndex) -> StepStats:
    """Add every staged article to the persisted story index and store the clusters."""
    added = 0
    for day in lake.days("stg_articles"):
        frame = lake.read("stg_articles", day)
        if frame is not None and frame.height:
            added += index.add(frame)
    stories, mapping = index.stories()
    lake.write("dim_story", GLOBAL_DAY, stories)
    lake.write("map_article_story", GLOBAL_DAY, mapping)
    syndicated = stories.filter(pl.col("copies") > 1).height if stories.height else 0
    return StepStats(
        counts={"new_signatures": added, "stories": stories.height, "syndicated": syndicated}
    )


def finalize(lake: Lake, warehouse: Warehouse) -> dict[str, int]:
    """Rebuild cross-partition tables deterministically and publish a reader snapshot."""
    stories = lake.read("dim_story", GLOBAL_DAY)
    mapping = lake.read("map_article_story", GLOBAL_DAY)
    entities, aliases = warehouse.staged_entities()
    resolution = None
    if entities.height:
        resolution = resolve_corpus_aliases(entities, aliases).rename(
            {"entity_id": "doc_entity_id", "resolved_entity_id": "entity_id"}
        )
    return warehouse.finalize(stories, mapping, resolution)
