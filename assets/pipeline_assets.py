"""The asset graph: ingest → extract → normalize → warehouse.

Asset bodies stay thin: they call one ``pipelines.runner`` step with the resources and
report what it did. Thresholds come from ``pipelines.settings``, never from here.
"""


from collections.abc import Iterator
from datetime import date, timedelta

import dagster as dg
from dagster import AssetExecutionContext
import polars as pl

from assets.metadata import preview, rate
from assets.partitions import DAILY
from assets.resources import PageSourceResource, StorageResource
from pipelines import quality, runner
from pipelines.settings import PIPELINE_VERSION, get_settings

WRITER_POOL = "duckdb_writer"
OWNERS = ["team:wirefacts"]


def _day(context: AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)


def _check_result(
    name: str, outcome: quality.CheckOutcome, asset: str | None = None
) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=name,
        asset_key=asset,
        passed=outcome.passed,
        description=outcome.description,
        metadata=outcome.metadata,
        severity=dg.AssetCheckSeverity.ERROR,
    )


@dg.asset(
    partitions_def=DAILY,
    group_name="ingest",
    kinds={"python", "parquet"},
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    description="Raw pages (bronze): fetched bodies and headers per UTC day, content-addressed "
    "Parquet under the data root, plus every fetch error. Re-processing never re-fetches.",
)
def raw_pages(
    context: AssetExecutionContext, page_source: PageSourceResource, storage: StorageResource
) -> dg.MaterializeResult:
    day = _day(context)
    stats = runner.ingest_day(day, page_source.sources(), page_source.fetcher(), storage.raw())
    context.log.info("raw_pages %s: %s", day, stats.counts)
    return dg.MaterializeResult(
        metadata={
            **stats.counts,
            "preview": preview(stats.frames["pages"], ["url", "status", "date_source"]),
        }
    )


@dg.asset(
    partitions_def=DAILY,
    group_name="extract",
    deps=[raw_pages],
    kinds={"python", "polars", "parquet"},
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    description="Staged articles (one row per fetched article page): clean text, title, byline, "
    "publication date, dateline, wire agency, language. Rejected pages go to quarantine.",
    check_specs=[
        dg.AssetCheckSpec(
            "extraction_coverage",
            asset="stg_articles",
            blocking=True,
            description="Share of pages that became articles is above the configured floor.",
        )
    ],
)
def stg_articles(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    day = _day(context)
    settings = get_settings()
    stats = runner.stage_day(day, storage.raw(), storage.lake(), settings)
    context.log.info("stg_articles %s: %s", day, stats.counts)
    outcome = quality.coverage_check(
        int(stats.counts["articles"]),
        int(stats.counts["quarantined"]),
        settings.quality.extraction_coverage_floor,
    )
    return dg.MaterializeResult(
        check_results=[_check_result("extraction_coverage", outcome)],
        metadata={
            **stats.counts,
            "preview": preview(
                stats.frames["articles"], ["title", "site_name", "published_at", "wire_agency"]
            ),
        },
    )


def _nlp_spec(key: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key,
        deps=[stg_articles],
        group_name="normalize",
        kinds={"python", "polars"},
        description=description,
        code_version=PIPELINE_VERSION,
        owners=OWNERS,
    )


@dg.multi_asset(
    partitions_def=DAILY,
    check_specs=[
        dg.AssetCheckSpec(
            "date_resolution_rate",
            asset="stg_date_mentions",
            blocking=True,
            description="Share of found temporal expressions with a normalized value is above "
            "the configured floor.",
        )
    ],
    specs=[
        _nlp_spec(
            "stg_entity_mentions",
            "Entity mentions normalized to document-level "
            "canonical entities, places linked to GeoNames.",
        ),
        _nlp_spec(
            "stg_date_mentions",
            "Temporal expressions normalized to TIMEX3 values "
            "against each article's publication date.",
        ),
        _nlp_spec(
            "stg_attributions",
            "Who said what: speakers (named or anonymous), cues, content and channels.",
        ),
    ],
)
def nlp_annotations(
    context: AssetExecutionContext, storage: StorageResource
) -> Iterator[dg.MaterializeResult]:
    """One spaCy pass per article feeds entities, dates and quotes together."""
    day = _day(context)
    ann = runner.annotate_day(day, storage.lake(), get_settings())
    dates = ann.date_mentions
    resolved = dates.filter(pl.col("value").is_not_null()).height if dates.height else 0
    context.log.info(
        "nlp %s: %d mentions, %d dates, %d attributions",
        day,
        ann.entity_mentions.height,
        dates.height,
        ann.attributions.height,
    )
    yield dg.MaterializeResult(
        asset_key="stg_entity_mentions",
        metadata={
            "mentions": ann.entity_mentions.height,
            "entities": ann.entities.height,
            "preview": preview(ann.entities, ["name", "entity_type", "country_code"]),
        },
    )
    outcome = quality.date_resolution_check(dates, get_settings().quality.date_resolution_floor)
    yield dg.MaterializeResult(
        asset_key="stg_date_mentions",
        check_results=[_check_result("date_resolution_rate", outcome, "stg_date_mentions")],
        metadata={
            "date_mentions": dates.height,
            "date_resolution_rate": rate(resolved, dates.height),
            "preview": preview(dates, ["surface", "value", "granularity"]),
        },
    )
    yield dg.MaterializeResult(
        asset_key="stg_attributions",
        metadata={
            "attributions": ann.attributions.height,
            "preview": preview(ann.attributions, ["speaker_text", "cue", "channel"]),
        },
    )


@dg.asset(
    group_name="normalize",
    deps=[stg_articles],
    kinds={"python", "polars"},
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    description="Syndication clusters across outlets and days (persisted MinHash LSH index, "
    "updated incrementally; the result does not depend on partition order).",
)
def story_clusters(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    stats = runner.cluster_stories(storage.lake(), storage.story_index())
    context.log.info("stories: %s", stats.counts)
    return dg.MaterializeResult(metadata=dict(stats.counts))


@dg.asset(
    partitions_def=DAILY,
    group_name="warehouse",
    deps=["stg_entity_mentions", "stg_date_mentions", "stg_attributions", stg_articles],
    kinds={"duckdb"},
    pool=WRITER_POOL,
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    description="Loads one day's articles and facts into DuckDB in one transaction "
    "(delete the partition, insert the new rows); one writer at a time via the pool.",
)
def warehouse_partition(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    counts = runner.load_day(_day(context), storage.lake(), storage.raw(), storage.warehouse())
    return dg.MaterializeResult(metadata={f"rows_{k}": v for k, v in counts.items()})


@dg.asset(
    group_name="warehouse",
    deps=[warehouse_partition, story_clusters],
    kinds={"duckdb"},
    pool=WRITER_POOL,
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    # The daily load must land once a day; the UI flags the warehouse stale after 26 hours.
    freshness_policy=dg.FreshnessPolicy.time_window(
        fail_window=timedelta(hours=26), warn_window=timedelta(hours=25)
    ),
    description="Cross-partition tables rebuilt deterministically after loads (entities, "
    "aliases, stories, co-occurrence, calendar, full-text index), then a snapshot is "
    "published for readers.",
)
def warehouse_dimensions(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    counts = runner.finalize(storage.lake(), storage.warehouse())
    return dg.MaterializeResult(metadata={f"rows_{k}": v for k, v in counts.items()})


PARTITIONED_ASSETS = [raw_pages, stg_articles, nlp_annotations, warehouse_partition]
GLOBAL_ASSETS = [story_clusters, warehouse_dimensions]
ALL_ASSETS = [*PARTITIONED_ASSETS, *GLOBAL_ASSETS]
