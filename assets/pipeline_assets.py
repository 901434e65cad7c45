"""The asset graph: ingest → extract → normalize → warehouse.

Asset bodies stay thin: they call one ``pipelines.runner`` step with the resources and
report what it did (counts, rates, a preview and, where a picture says more, a chart).
Thresholds come from ``pipelines.settings``, never from here.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib import metadata as importlib_metadata

import dagster as dg
import httpx
import polars as pl
from dagster import AssetExecutionContext

from assets.metadata import (
    bar_chart,
    bar_spec,
    counts_by,
    preview,
    rate,
    timeline_chart,
    timeline_spec,
)
from assets.partitions import DAILY
from assets.resources import PageSourceResource, StorageResource
from pipelines import quality, runner
from pipelines.load import open_reader
from pipelines.settings import PIPELINE_VERSION, get_settings

WRITER_POOL = "duckdb_writer"
OWNERS = ["team:wirefacts"]
# A partition still running after this many seconds logs a heartbeat, so a long day
# (a big WARC, a slow site) shows it is alive in the run log.
PROGRESS_EVERY_S = 60.0

# Errors worth retrying: the network or a remote store hiccuped. Anything else (a bad
# config, a bug) fails at once, since a retry would fail the same way.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    httpx.TransportError,
    ConnectionError,
    TimeoutError,
)
FETCH_RETRY = dg.RetryPolicy(
    max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


def _model_code_version() -> str:
    """Pipeline version plus the spaCy model package version, read without loading it,
    so a model upgrade marks every NLP partition stale in the UI."""
    model = get_settings().model
    try:
        version = importlib_metadata.version(model.replace("_", "-"))
    except importlib_metadata.PackageNotFoundError:
        version = "unknown"
    return f"{PIPELINE_VERSION}+{model}-{version}"


NLP_CODE_VERSION = _model_code_version()

# Cross-partition assets follow the daily loads. Not `eager()`: for an unpartitioned
# asset below a daily one, eager waits until *every* day since the partition start
# exists, which never happens. This fires once any upstream day updates, after the
# upstream runs in flight have finished.
FOLLOW_UPSTREAM = (
    dg.AutomationCondition.any_deps_updated().since_last_handled()
    & ~dg.AutomationCondition.any_deps_in_progress()
    & ~dg.AutomationCondition.in_progress()
).with_label("follow upstream loads")


def _day(context: AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)


@contextmanager
def _progress(context: AssetExecutionContext, step: str) -> Iterator[None]:
    """Log start, a heartbeat every PROGRESS_EVERY_S while running, and the elapsed time."""
    started = time.monotonic()
    where = context.partition_key if context.has_partition_key else "all partitions"
    context.log.info("%s %s: started", step, where)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(PROGRESS_EVERY_S):
            context.log.info("%s %s: still running after %.0fs", step, where, _since(started))

    thread = threading.Thread(target=beat, daemon=True, name=f"progress-{step}")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=1)
        context.log.info("%s %s: finished in %.1fs", step, where, _since(started))


def _since(started: float) -> float:
    return time.monotonic() - started


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


def _is_past(day: date) -> bool:
    return day < datetime.now(UTC).date()


@dg.asset(
    partitions_def=DAILY,
    group_name="ingest",
    kinds={"python", "parquet"},
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    retry_policy=FETCH_RETRY,
    description="Raw pages (bronze): fetched bodies and headers per UTC day, content-addressed "
    "Parquet under the data root, plus every fetch error. Re-processing never re-fetches: "
    "pages already archived are kept, and for a past day that has pages, feeds (which only "
    "list recent items) are not polled; WARC and sitemap sources re-read their dates.",
)
def raw_pages(
    context: AssetExecutionContext, page_source: PageSourceResource, storage: StorageResource
) -> dg.MaterializeResult:
    day = _day(context)
    archive = storage.raw()
    sources = page_source.sources_for_day(day, archived=day in archive.partitions())
    skipped = len(page_source.sources()) - len(sources)
    if skipped:
        context.log.info("raw_pages %s: %d feed sources skipped (day is archived)", day, skipped)
    with _progress(context, "raw_pages"):
        try:
            stats = runner.ingest_day(day, sources, page_source.fetcher(), archive)
        except TRANSIENT_ERRORS:
            raise  # the retry policy backs off and tries again
        except Exception as exc:
            raise dg.Failure(
                f"ingest of {day} failed (not retried): {type(exc).__name__}: {exc}",
                allow_retries=False,
            ) from exc
    context.log.info("raw_pages %s: %s", day, stats.counts)
    pages = stats.frames["pages"]
    per_source = counts_by(pages, "source")
    return dg.MaterializeResult(
        metadata={
            **stats.counts,
            "sources_polled": len(sources),
            "pages_per_source": bar_chart("Pages per source", per_source),
            "preview": preview(pages, ["url", "source", "status", "date_source"]),
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
            description="Share of pages that became articles is above the configured floor "
            "(settings.quality.extraction_coverage_floor); blocking, so a broken extractor "
            "stops the day before NLP and the load.",
        )
    ],
)
def stg_articles(context: AssetExecutionContext, storage: StorageResource) -> dg.MaterializeResult:
    day = _day(context)
    settings = get_settings()
    with _progress(context, "stg_articles"):
        stats = runner.stage_day(day, storage.raw(), storage.lake(), settings)
    context.log.info("stg_articles %s: %s", day, stats.counts)
    reuse = stats.reuse.metadata() if stats.reuse else {}
    outcome = quality.coverage_check(
        int(stats.counts["articles"]),
        int(stats.counts["quarantined"]),
        settings.quality.extraction_coverage_floor,
    )
    articles = stats.frames["articles"]
    per_source = counts_by(articles, "site_name")
    return dg.MaterializeResult(
        check_results=[_check_result("extraction_coverage", outcome)],
        metadata={
            **stats.counts,
            **reuse,
            "articles_per_source": bar_chart("Articles per source", per_source),
            "articles_per_agency": bar_chart(
                "Articles per wire agency", counts_by(articles, "wire_agency")
            ),
            "preview": preview(articles, ["title", "site_name", "published_at", "wire_agency"]),
        },
    )


def _nlp_spec(key: str, description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key,
        deps=[stg_articles],
        group_name="normalize",
        kinds={"python", "polars"},
        description=description,
        code_version=NLP_CODE_VERSION,
        owners=OWNERS,
    )


def _top_entities(ann: runner.pipeline.Annotations, limit: int = 12) -> list[tuple[str, int]]:
    """The day's most mentioned entities by name (mentions joined to their entity rows)."""
    mentions, entities = ann.entity_mentions, ann.entities
    if mentions.is_empty() or "entity_id" not in mentions.columns:
        return []
    counted = mentions.group_by("entity_id").len()
    if {"entity_id", "name"} <= set(entities.columns):
        names = entities.select("entity_id", "name").unique("entity_id")
        counted = counted.join(names, on="entity_id", how="left")
    else:
        counted = counted.with_columns(pl.col("entity_id").alias("name"))
    top = counted.sort(["len", "name"], descending=[True, False]).head(limit)
    return [(str(n or e), int(c)) for e, c, n in top.select("entity_id", "len", "name").rows()]


def _stored_model_version(ann: runner.pipeline.Annotations) -> str | None:
    """The model version the mentions were made with, so a skipped day does not load
    the model only to name it."""
    mentions = ann.entity_mentions
    if mentions.is_empty() or "model_version" not in mentions.columns:
        return None
    value = mentions["model_version"].drop_nulls().head(1).to_list()
    return str(value[0]) if value else None


@dg.multi_asset(
    partitions_def=DAILY,
    check_specs=[
        dg.AssetCheckSpec(
            "date_resolution_rate",
            asset="stg_date_mentions",
            blocking=True,
            description="Share of found temporal expressions with a normalized value is above "
            "the configured floor (settings.quality.date_resolution_floor); blocking, so a "
            "broken normalizer does not reach the warehouse.",
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
    from pipelines.nlp import model_version

    day = _day(context)
    settings = get_settings()
    with _progress(context, "nlp_annotations"):
        ann, reuse = runner.annotate_step(day, storage.lake(), settings)
    dates = ann.date_mentions
    resolved = dates.filter(pl.col("value").is_not_null()).height if dates.height else 0
    context.log.info(
        "nlp %s: %d mentions, %d dates, %d attributions",
        day,
        ann.entity_mentions.height,
        dates.height,
        ann.attributions.height,
    )
    lineage: dict[str, str | bool] = {
        "pipeline_version": PIPELINE_VERSION,
        "model": _stored_model_version(ann) or model_version(settings.model),
        **reuse.metadata(),
    }
    top = _top_entities(ann)
    yield dg.MaterializeResult(
        asset_key="stg_entity_mentions",
        metadata={
            **lineage,
            "mentions": ann.entity_mentions.height,
            "entities": ann.entities.height,
            "nlp_quarantined": ann.quarantine.height,
            "top_entities": bar_chart("Most mentioned entities", top),
            "top_entities_vega_lite": bar_spec("Most mentioned entities", top, "entity", "n"),
            "preview": preview(ann.entities, ["name", "entity_type", "country_code"]),
        },
    )
    outcome = quality.date_resolution_check(dates, settings.quality.date_resolution_floor)
    yield dg.MaterializeResult(
        asset_key="stg_date_mentions",
        check_results=[_check_result("date_resolution_rate", outcome, "stg_date_mentions")],
        metadata={
            **lineage,
            "date_mentions": dates.height,
            "date_resolution_rate": rate(resolved, dates.height),
            "granularity": bar_chart(
                "Date mentions by granularity", counts_by(dates, "granularity")
            ),
            "preview": preview(dates, ["surface", "value", "granularity"]),
        },
    )
    yield dg.MaterializeResult(
        asset_key="stg_attributions",
        metadata={
            **lineage,
            "attributions": ann.attributions.height,
            "channels": bar_chart(
                "Attributions by channel", counts_by(ann.attributions, "channel")
            ),
            "preview": preview(ann.attributions, ["speaker_text", "cue", "channel"]),
        },
    )


@dg.asset(
    group_name="normalize",
    deps=[stg_articles],
    kinds={"python", "polars"},
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    automation_condition=FOLLOW_UPSTREAM,
    description="Syndication clusters across outlets and days (persisted MinHash LSH index, "
    "updated incrementally from the staged articles; the result does not depend on "
    "partition order).",
)
def story_clusters(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    with _progress(context, "story_clusters"):
        stats = runner.cluster_stories(storage.lake(), storage.story_index())
    context.log.info("stories: %s", stats.counts)
    return dg.MaterializeResult(metadata=dict(stats.counts))


@dg.asset(
    partitions_def=DAILY,
    group_name="warehouse",
    deps=["stg_entity_mentions", "stg_date_mentions", "stg_attributions", stg_articles],
    kinds={"duckdb"},
    pool=WRITER_POOL,
    code_version=NLP_CODE_VERSION,
    owners=OWNERS,
    description="Loads one day's articles and facts into DuckDB in one transaction "
    "(delete the partition, insert the new rows); one writer at a time via the pool.",
)
def warehouse_partition(
    context: AssetExecutionContext, storage: StorageResource
) -> dg.MaterializeResult:
    with _progress(context, "warehouse_partition"):
        counts, reuse = runner.load_step(
            _day(context), storage.lake(), storage.raw(), storage.warehouse(), get_settings()
        )
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{k}": v for k, v in counts.items()},
            **reuse.metadata(),
            "quarantined": counts.get("quarantine", 0),
            "pipeline_version": PIPELINE_VERSION,
        }
    )


# Small aggregates for the dimension asset's charts, read from the published snapshot.
_SOURCES_SQL = (
    "SELECT source_domain AS outlet, article_count FROM dim_source "
    "ORDER BY article_count DESC, outlet LIMIT 12"
)
_TIMELINE_SQL = """
WITH top_entities AS (
    SELECT entity_id, name FROM dim_entity
    WHERE entity_type IN ('PERSON', 'ORG', 'GPE', 'NORP', 'LOC')
    ORDER BY mention_count DESC, name LIMIT 6
)
SELECT t.name, CAST(a.partition_date AS VARCHAR) AS day,
       CAST(sum(f.mention_count) AS INTEGER) AS mentions
FROM fct_article_entity AS f
INNER JOIN top_entities AS t ON f.entity_id = t.entity_id
INNER JOIN dim_article AS a ON f.article_id = a.article_id
WHERE a.partition_date >= (SELECT max(d.partition_date) FROM dim_article AS d) - INTERVAL 60 DAY
GROUP BY 1, 2
ORDER BY 1, 2
"""


def _dimension_charts(storage: StorageResource) -> dict[str, dg.MetadataValue]:
    with open_reader(storage.warehouse().db_path, full_text=False) as con:
        sources = [(str(o), int(n)) for o, n in con.execute(_SOURCES_SQL).fetchall()]
        timeline = [(str(e), str(d), int(n)) for e, d, n in con.execute(_TIMELINE_SQL).fetchall()]
    return {
        "articles_per_source": bar_chart("Articles per source", sources),
        "articles_per_source_vega_lite": bar_spec("Articles per source", sources, "outlet", "n"),
        "entity_timeline": timeline_chart("Top entities over time (mentions per day)", timeline),
        "entity_timeline_vega_lite": timeline_spec("Top entities over time", timeline),
    }


@dg.asset(
    group_name="warehouse",
    deps=[warehouse_partition, story_clusters],
    kinds={"duckdb"},
    pool=WRITER_POOL,
    code_version=PIPELINE_VERSION,
    owners=OWNERS,
    automation_condition=FOLLOW_UPSTREAM,
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
    with _progress(context, "warehouse_dimensions"):
        counts = runner.finalize(storage.lake(), storage.warehouse())
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{k}": v for k, v in counts.items()},
            **_dimension_charts(storage),
            "snapshot": dg.MetadataValue.path(str(storage.warehouse().snapshot)),
        }
    )


PARTITIONED_ASSETS = [raw_pages, stg_articles, nlp_annotations, warehouse_partition]
GLOBAL_ASSETS = [story_clusters, warehouse_dimensions]
ALL_ASSETS = [*PARTITIONED_ASSETS, *GLOBAL_ASSETS]
