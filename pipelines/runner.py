"""Partition-level steps over the storage layers, shared by the Dagster assets and the CLI.

Each step reads its inputs from URI-addressed storage and writes its outputs back, so
partition compute is stateless and any step can be re-run alone (idempotently).

Stage, annotate and load are incremental: each records a fingerprint of everything its
output depends on (input content, code and model versions, the settings that matter)
next to the outputs it wrote, and a re-run whose fingerprint matches the record *and*
whose recorded outputs are still there, byte for byte, returns the stored outputs
instead of redoing the work. The fingerprints chain through content digests (annotate's
input is the digest of the staged file, load's the digests of every file it reads), so
a change anywhere upstream invalidates exactly the steps below it.
``settings.force_recompute`` turns skipping off.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import polars as pl

from pipelines import pipeline
from pipelines.dedup import MINHASH_SCHEME, MINHASH_SEED, StoryIndex, sign_articles
from pipelines.entities import warehouse_resolution
from pipelines.fetch import Fetcher
from pipelines.lake import Lake
from pipelines.load import PartitionFrames, Warehouse, latest_schema_version
from pipelines.load_sql import sql_text
from pipelines.raw import RawArchive
from pipelines.settings import PIPELINE_VERSION, Settings, get_settings
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


STAGE_TABLES = ("stg_articles", "stg_quarantine")
# Each staged article's story-index signature (see ``sign_day``).
SIGNATURE_TABLE = "stg_story_signatures"

# Bump when the fingerprint recipe itself changes, so old records stop matching.
FINGERPRINT_RECIPE = "1"

# Settings that never change a step's output: where things live, when and how things
# run. Everything else counts, so a newly added setting invalidates by default.
OPERATIONAL_SETTINGS = frozenset(
    {
        "db",
        "data",
        "sources_file",
        "source_mode",
        "partition_start",
        "schedule_hour",
        "freshness_grace_hours",
        "warc_drop",
        "cli_log_level",
        "feed_poll_minutes",
        "webhook_url",
        "fetch",
        "partition_workers",
        "partitions_per_worker",
        "force_recompute",
        # Memory bounds of syndication reuse: an evicted print costs CPU, never a fact.
        "reuse_max_docs",
        "reuse_vector_rows",
    }
)
# Settings only the NLP stage reads; extraction does not depend on them.
NLP_ONLY_SETTINGS = frozenset({"quotes_enabled", "syndication_reuse", "nlp_batch_size"})
# Libraries whose upgrade can change a step's output.
STAGE_LIBRARIES = ("trafilatura", "htmldate", "dateparser", "lxml", "py3langid", "polars")
ANNOTATE_LIBRARIES = ("spacy", "dateparser", "polars")
# Raw page columns that decide a staged article. ``body`` and ``text`` are left out: a
# stored row is keyed by (url, sha256), the digest of its body, and never rewritten.
RAW_KEY_COLUMNS = (
    "url",
    "sha256",
    "final_url",
    "status",
    "fetched_at",
    "source",
    "source_kind",
    "content_type",
    "encoding",
    "headers",
    "date_hint",
    "date_source",
)


@dataclass
class Reuse:
    """Whether a step skipped its work, and why it did or did not."""

    skipped: bool
    reason: str
    fingerprint: str

    def metadata(self) -> dict[str, str | bool]:
        return {
            "skipped": "unchanged" if self.skipped else "no",
            "recompute_reason": "" if self.skipped else self.reason,
            "input_fingerprint": self.fingerprint[:16],
        }


@dataclass
class StepStats:
    """What a step did, for logs and materialization metadata."""

    counts: dict[str, int | float] = field(default_factory=dict)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    reuse: Reuse | None = None


def _digest(parts: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def _settings_for(settings: Settings, drop: frozenset[str]) -> dict[str, Any]:
    dumped = settings.model_dump(mode="json")
    return {k: v for k, v in dumped.items() if k not in drop}


@lru_cache(maxsize=8)
def _library_versions(names: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


@lru_cache(maxsize=1)
def _package_data_digest() -> str:
    """The rule files extraction and normalization read (aliases, agencies, places)."""
    root = Path(pipeline.__file__).resolve().parent / "data"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def model_identity(model: str) -> str:
    """The spaCy model's name and version, read without loading it where possible.

    Loading the model only to find it unchanged would cost seconds on every skip; the
    package metadata (or a model folder's ``meta.json``) says the same for free.
    """
    try:
        return f"{model}=={importlib_metadata.version(model.replace('_', '-'))}"
    except importlib_metadata.PackageNotFoundError:
        pass
    meta = Path(model) / "meta.json"
    if meta.is_file():
        return f"{model}#{hashlib.sha256(meta.read_bytes()).hexdigest()}"
    from pipelines.nlp import model_version

    return model_version(model)


def _raw_digest(archive: RawArchive, day: date) -> str:
    """The partition's stored page versions, as read by :meth:`RawArchive.read`, without
    decoding their bodies."""
    frames = []
    for part in archive.part_files(day):
        with archive.fs.open(part, "rb") as fh:
            frame = pl.read_parquet(fh, columns=list(RAW_KEY_COLUMNS))
        frames.append(frame.select(pl.all().cast(pl.String)))
    if not frames:
        return _digest({"pages": []})
    rows = (
        pl.concat(frames, how="vertical")
        .unique(subset=["url", "sha256"], keep="first", maintain_order=True)
        .sort(["url", "sha256"])
        .rows()
    )
    return _digest({"pages": rows})


def _stage_fingerprint(day: date, archive: RawArchive, settings: Settings) -> str:
    return _digest(
        {
            "step": "stage",
            "recipe": FINGERPRINT_RECIPE,
            "pipeline_version": PIPELINE_VERSION,
            "settings": _settings_for(settings, OPERATIONAL_SETTINGS | NLP_ONLY_SETTINGS),
            "model": model_identity(settings.model),
            "libraries": _library_versions(STAGE_LIBRARIES),
            "data": _package_data_digest(),
            "raw": _raw_digest(archive, day),
        }
    )


def _annotate_fingerprint(day: date, lake: Lake, settings: Settings) -> str:
    return _digest(
        {
            "step": "annotate",
            "recipe": FINGERPRINT_RECIPE,
            "pipeline_version": PIPELINE_VERSION,
            "settings": _settings_for(settings, OPERATIONAL_SETTINGS),
            # Entity linking reads the process-wide settings, not the ones passed in.
            "gazetteer_min_population": get_settings().quality.gazetteer_min_population,
            "model": model_identity(settings.model),
            "libraries": _library_versions(ANNOTATE_LIBRARIES),
            "data": _package_data_digest(),
            "day": day.isoformat(),  # the fallback anchor of relative dates
            "stg_articles": lake.digest("stg_articles", day),
        }
    )


def _reusable(
    lake: Lake, step: str, day: date, fingerprint: str, settings: Settings, *, forcible: bool = True
) -> tuple[bool, str]:
    """Whether ``step``'s record for ``day`` matches ``fingerprint`` and every output it
    lists is still stored exactly as written; else the reason to recompute."""
    if forcible and settings.force_recompute:
        return False, "forced (force_recompute)"
    record = lake.read_record(step, day)
    if record is None:
        return False, "no record of a previous run"
    if record.get("fingerprint") != fingerprint:
        return False, "inputs, versions or settings changed"
    outputs = record.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False, "record lists no outputs"
    for table, digest in outputs.items():
        current = lake.digest(table, day)
        if current is None:
            return False, f"output {table} is missing"
        if current != digest:
            return False, f"output {table} changed since it was written"
    return True, "unchanged"


def _write_outputs(
    lake: Lake, step: str, day: date, fingerprint: str, frames: dict[str, pl.DataFrame]
) -> None:
    """Write a step's outputs, then the record that vouches for them (never before: a
    run killed half-way leaves no record, or one whose digests no longer match)."""
    lake.delete_record(step, day)
    for table, frame in frames.items():
        lake.write(table, day, frame)
    outputs = {table: lake.digest(table, day) for table in frames}
    lake.write_record(
        step,
        day,
        {
            "fingerprint": fingerprint,
            "outputs": outputs,
            "recorded_at": datetime.now(UTC).isoformat(),
        },
    )


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
    """Extract a day's raw pages into staged articles plus quarantine rows (skipped when
    the pages, versions and settings are those the stored outputs were made from)."""
    settings = settings or get_settings()
    fingerprint = _stage_fingerprint(day, archive, settings)
    skip, reason = _reusable(lake, "stage", day, fingerprint, settings)
    stored = [lake.read(t, day) for t in STAGE_TABLES] if skip else [None, None]
    if skip and stored[0] is not None and stored[1] is not None:
        articles, rejected = stored[0], stored[1]
    else:
        reason, skip = (reason if not skip else "outputs unreadable"), False
        articles, rejected = pipeline.stage_articles(archive.read(day), settings)
        _write_outputs(
            lake, "stage", day, fingerprint, {"stg_articles": articles, "stg_quarantine": rejected}
        )
    sign_day(day, lake, settings, articles)
    total = articles.height + rejected.height
    return StepStats(
        counts={
            "articles": articles.height,
            "quarantined": rejected.height,
            "extraction_coverage": round(articles.height / total, 4) if total else 0.0,
        },
        frames={"articles": articles},
        reuse=Reuse(skip, reason, fingerprint),
    )


def _sign_fingerprint(day: date, lake: Lake, settings: Settings) -> str:
    quality = settings.quality
    return _digest(
        {
            "step": "sign",
            "recipe": FINGERPRINT_RECIPE,
            "shingle_words": quality.shingle_words,
            "minhash_perm": quality.minhash_perm,
            "scheme": [MINHASH_SCHEME, MINHASH_SEED],
            "libraries": _library_versions(("datasketch",)),
            "stg_articles": lake.digest("stg_articles", day),
        }
    )


def sign_day(
    day: date, lake: Lake, settings: Settings | None = None, articles: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The day's staged articles' story-index signatures, stored beside them.

    Staging signs its own day, so the signatures are made in the partition workers, in
    parallel, and clustering, which runs once over every day after them, only reads them.
    Kept while the staged articles and the signature settings are those they were made
    from; otherwise (or for days staged before signatures were stored) made here, from
    ``articles`` when the caller has the day's staged frame at hand.
    """
    settings = settings or get_settings()
    fingerprint = _sign_fingerprint(day, lake, settings)
    # Not redone when recomputing is forced: the record holds the digest of the very
    # staged file the signatures were made from, and a forced stage that rewrote it
    # changed that digest already.
    skip, _reason = _reusable(lake, "sign", day, fingerprint, settings, forcible=False)
    stored = lake.read(SIGNATURE_TABLE, day) if skip else None
    if stored is not None:
        return stored
    if articles is None:
        articles = lake.read("stg_articles", day)
    if articles is None:
        raise FileNotFoundError(f"stg_articles has no partition {day}; stage it first")
    signed = sign_articles(articles, settings)
    _write_outputs(lake, "sign", day, fingerprint, {SIGNATURE_TABLE: signed})
    return signed


def annotate_step(
    day: date, lake: Lake, settings: Settings | None = None
) -> tuple[pipeline.Annotations, Reuse]:
    """Run the NLP stage over a day's staged articles and store every output frame;
    skipped when the staged articles, model and NLP settings are unchanged."""
    settings = settings or get_settings()
    fingerprint = _annotate_fingerprint(day, lake, settings)
    skip, reason = _reusable(lake, "annotate", day, fingerprint, settings)
    if skip:
        stored = {attr: lake.read(table, day) for table, attr in ANNOTATION_TABLES.items()}
        if all(frame is not None for frame in stored.values()):
            ann = pipeline.Annotations(
                **{k: v if v is not None else pl.DataFrame() for k, v in stored.items()}
            )
            return ann, Reuse(True, reason, fingerprint)
    articles = lake.read("stg_articles", day)
    if articles is None:
        raise FileNotFoundError(f"stg_articles has no partition {day}; stage it first")
    ann = pipeline.annotate_articles(articles, settings, fallback_anchor=day)
    frames = {table: getattr(ann, attr) for table, attr in ANNOTATION_TABLES.items()}
    _write_outputs(lake, "annotate", day, fingerprint, frames)
    return ann, Reuse(False, reason if not skip else "outputs unreadable", fingerprint)


def annotate_day(day: date, lake: Lake, settings: Settings | None = None) -> pipeline.Annotations:
    """:func:`annotate_step` without the skip report."""
    return annotate_step(day, lake, settings)[0]


def _fetch_errors(archive: RawArchive, day: date) -> pl.DataFrame:
    """The day's fetch failures, one row per failed item.

    The archive keeps every failed attempt (a retried or re-run ingest appends again);
    the warehouse keeps one row per failed item, as for any other stage.
    """
    errors = archive.errors(day)
    if errors.height:
        errors = errors.sort("time", nulls_last=False).unique(
            subset=["url", "stage", "reason"], keep="last", maintain_order=True
        )
    return errors


def _load_fingerprint(day: date, lake: Lake, errors: pl.DataFrame) -> str:
    # A repeated identical failure changes only the attempt time, which the warehouse
    # does not keep (its quarantine row is stamped when loaded), so time is left out.
    failures = errors.drop("time").cast(pl.String).sort(pl.all()).rows() if errors.height else []
    tables = ("stg_articles", "stg_quarantine", *ANNOTATION_TABLES)
    return _digest(
        {
            "step": "load",
            "recipe": FINGERPRINT_RECIPE,
            "pipeline_version": PIPELINE_VERSION,
            "schema_version": latest_schema_version(),
            "day": day.isoformat(),
            "inputs": {table: lake.digest(table, day) for table in tables},
            "fetch_errors": failures,
        }
    )


def _partition_state(con: Any, day: date) -> dict[str, int]:
    rows = con.execute(sql_text("incremental", "partition_state.sql"), {"day": day}).fetchall()
    return {str(table): int(n) for table, n in rows}


def load_step(
    day: date,
    lake: Lake,
    archive: RawArchive,
    warehouse: Warehouse,
    settings: Settings | None = None,
) -> tuple[dict[str, int], Reuse]:
    """Load a day's staged frames into the warehouse in one transaction.

    Skipped when the warehouse itself records a load of this day from the same inputs
    and still holds the rows that load left (a deleted or other warehouse file has no
    record; a ``forget`` or any other edit changes the rows), so a skip can neither
    bring back removed rows nor hide missing ones.
    """
    settings = settings or get_settings()
    errors = _fetch_errors(archive, day)
    fingerprint = _load_fingerprint(day, lake, errors)
    reason = "forced (force_recompute)"
    with warehouse.writer() as con:
        if not settings.force_recompute:
            found = con.execute(sql_text("incremental", "read_load_record.sql"), {"day": day})
            record = found.fetchone()
            if record is None:
                reason = "no load record in this warehouse"
            elif record[0] != fingerprint:
                reason = "inputs changed since the last load"
            else:
                state = _partition_state(con, day)
                if json.loads(record[1]) == state:
                    loaded = {k: v for k, v in state.items() if k != "superseded_articles"}
                    return loaded, Reuse(True, "unchanged", fingerprint)
                reason = "warehouse rows changed since the last load"
        con.execute(sql_text("incremental", "forget_load_record.sql"), {"day": day})
    counts = warehouse.load_partition(day, _partition_frames(day, lake, errors))
    with warehouse.writer() as con:
        con.execute(
            sql_text("incremental", "write_load_record.sql"),
            {
                "day": day,
                "fingerprint": fingerprint,
                "row_state": json.dumps(_partition_state(con, day), sort_keys=True),
                "loaded_at": datetime.now(UTC),
            },
        )
    return counts, Reuse(False, reason, fingerprint)


def _partition_frames(day: date, lake: Lake, errors: pl.DataFrame) -> PartitionFrames:
    articles = lake.read("stg_articles", day)
    if articles is None:
        raise FileNotFoundError(f"stg_articles has no partition {day}; stage it first")
    parts = {attr: lake.read(table, day) for table, attr in ANNOTATION_TABLES.items()}
    ann = pipeline.Annotations(
        **{k: v if v is not None else pl.DataFrame() for k, v in parts.items()}
    )
    quarantine = [lake.read("stg_quarantine", day)]
    if errors.height:
        quarantine.append(
            pipeline.quarantine_frame(
                {**row, "stage": row.get("stage") or "fetch"} for row in errors.to_dicts()
            )
        )
    return pipeline.partition_frames(
        articles, ann, pipeline.concat_frames([q for q in quarantine if q is not None])
    )


def load_day(day: date, lake: Lake, archive: RawArchive, warehouse: Warehouse) -> dict[str, int]:
    """:func:`load_step` without the skip report."""
    return load_step(day, lake, archive, warehouse)[0]


def cluster_stories(lake: Lake, index: StoryIndex) -> StepStats:
    """Add every staged article to the persisted story index and store the clusters."""
    added = 0
    for day in lake.days("stg_articles"):
        signed = sign_day(day, lake, index.settings)
        if signed.height:
            added += index.add_signed(signed)
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
    return warehouse.finalize(stories, mapping, warehouse_resolution(entities, aliases))
