"""Reader-side and lifecycle operations on the warehouse: queries, export, takedowns."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.load import (
    ALL_TABLES,
    Warehouse,
    open_reader,
    rebuild_dimensions,
    staged_entities,
    table_statement,
)
from pipelines.load_sql import sql_text

if TYPE_CHECKING:
    # Only takedowns need these; importing them (datasketch pulls in scipy, extract pulls
    # in trafilatura) cost `wirefacts query` ~2 of its ~2.5 CPU-s before any SQL ran.
    from pipelines.dedup import StoryIndex
    from pipelines.lake import Lake
    from pipelines.raw import RawArchive

READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN"}


class ReadOnlyViolation(ValueError):
    """A statement that would write (or reach outside the warehouse) was refused."""


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but SELECT/EXPLAIN before running it, with a message that says why."""
    statements = con.extract_statements(sql)
    if not statements:
        raise ReadOnlyViolation("empty query")
    for statement in statements:
        kind = statement.type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise ReadOnlyViolation(
                f"`wirefacts query` is read-only: {kind} statements are refused "
                "(the warehouse is written only by the pipeline)"
            )


def run_read_query(
    db_path: Path, sql: str, params: dict[str, Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a read-only query against the published snapshot; values bind as ``$name``."""
    with open_reader(db_path, full_text=uses_full_text(sql)) as con:
        check_read_only(con, sql)
        con.execute("SET enable_external_access = false")
        cur = con.execute(sql, params) if params else con.execute(sql)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = fetch_rows(cur)
        if rows is None:
            cur = con.execute(sql, params) if params else con.execute(sql)
            rows = cur.fetchall()
        return columns, rows


# Column types whose values come out of a polars frame as the same Python objects, equal
# and printing the same, as DuckDB's own fetchall() gives (checked by tests/test_warehouse).
# DECIMAL, HUGEINT, MAP, UUID, INTERVAL, ... are left to fetchall, which is exact for all.
COLUMNAR_TYPES = frozenset(
    {
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "FLOAT",
        "DOUBLE",
        "VARCHAR",
        "VARCHAR[]",
        "DATE",
        "TIMESTAMP",
        "TIMESTAMP WITH TIME ZONE",
    }
)


def fetch_rows(cur: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]] | None:
    """The pending result's rows as tuples; ``None`` if the caller must re-run it for fetchall.

    fetchall() turns each TIMESTAMP WITH TIME ZONE into a datetime through pytz, ~10 us a
    value (400 ms of who_said_what_about's 27,220 rows); going through Arrow and polars
    makes the same datetimes (zoneinfo) several times faster. Results without such a
    column, or with a type outside ``COLUMNAR_TYPES``, take fetchall() as before, and so do
    timestamps outside Python's datetime range (DuckDB's infinities), which polars cannot
    convert.
    """
    description = cur.description or []
    types = [str(d[1]) for d in description]
    names = [d[0] for d in description]
    if (
        "TIMESTAMP WITH TIME ZONE" not in types
        or not set(types) <= COLUMNAR_TYPES
        or len(set(names)) != len(names)
    ):
        return cur.fetchall()
    table = cur.to_arrow_table()
    for index, kind in enumerate(types):
        if kind == "TIMESTAMP WITH TIME ZONE":
            micros = pc.cast(table.column(index), pa.int64())
            low, high = pc.min_max(micros).values()
            if low.is_valid and not (low.as_py() > _MIN_MICROS and high.as_py() < _MAX_MICROS):
                return None
    frame = pl.from_arrow(table)
    # Column by column, then zipped: polars' row-wise ``rows()`` builds each time-zoned
    # datetime through a slower path (97 vs 60 ms CPU for who_said_what_about's 27,220 rows).
    columns = [frame.get_column(name).to_list() for name in frame.columns]  # type: ignore[union-attr]
    return list(zip(*columns, strict=True))


# Microseconds since the epoch of the first and last days Python's datetime can hold.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MIN_MICROS = (datetime(1, 1, 2, tzinfo=UTC) - _EPOCH) // timedelta(microseconds=1)
_MAX_MICROS = (datetime(9999, 12, 30, tzinfo=UTC) - _EPOCH) // timedelta(microseconds=1)


def uses_full_text(sql: str) -> bool:
    """Whether a query may call the fts extension: its index macros live in ``fts_main_*``
    schemas and its one plain function is ``stem``. A false positive only costs the load."""
    text = sql.lower()
    return "fts" in text or "stem" in text


def documented_queries() -> dict[str, str]:
    """The example queries in ``sql/queries/`` by name (file stem)."""
    from pipelines.load_sql import SQL_ROOT

    return {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((SQL_ROOT / "queries").glob("*.sql"))
    }


def query_question(sql: str) -> str:
    """The question a documented query answers (its ``-- Question:`` header)."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.lstrip("-").strip())
    return " ".join(lines).removeprefix("Question:").strip()


def export_parquet(db_path: Path, directory: Path) -> Iterator[tuple[str, Path, int]]:
    """Every warehouse table as ``<dir>/<table>.parquet`` (zstd)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open_reader(db_path) as con:
        for table in ALL_TABLES:
            frame = con.execute(table_statement("SELECT * FROM {table}", table)).pl()
            path = directory / f"{table}.parquet"
            frame.write_parquet(path, compression="zstd")
            yield table, path, frame.height


def forget(
    urls: Sequence[str],
    warehouse: Warehouse,
    archive: RawArchive,
    lake: Lake,
    stories: StoryIndex,
) -> Iterator[dict[str, Any]]:
    """Remove articles and everything derived from them from every layer, and log it.

    Raw pages, silver Parquet, the story index and the warehouse all drop the article;
    the staged entities of its day are voted again without it, so no name or type it
    alone decided stays behind; the warehouse keeps a ``forget_log`` row so the takedown
    itself is auditable.
    """
    from pipelines import search
    from pipelines.entities import warehouse_resolution
    from pipelines.extract import article_id_for

    for url in urls:
        article_id = article_id_for(url)
        raw_removed = archive.forget([url])
        lake_removed, restaged = _forget_in_lake(lake, article_id, url)
        stories.remove([article_id])
        with warehouse.writer() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                with _registered(con, _restaged_relations(restaged)):
                    removed = run_statements(
                        con,
                        sql_text("lifecycle", "forget_article.sql"),
                        {"article_id": article_id, "url": url},
                    )
                # Everything built from the staged rows and the facts is rebuilt as finalize
                # would build it without the article: the corpus-level resolution (a lone
                # surname may now resolve differently), the entity and alias dimensions and
                # their counts, sources and dates, story copies and co-occurrences, the
                # per-day entity totals and the entities named in quotes.
                rebuild_dimensions(con, warehouse_resolution(*staged_entities(con)))
                con.execute(sql_text("finalize", "03_stories.sql"))
                con.execute(sql_text("finalize", "04_entity_day.sql"))
                con.execute(sql_text("finalize", "05_attribution_entity.sql"))
                con.execute(
                    "INSERT INTO forget_log (url, article_id, rows_removed, forgotten_at) "
                    "VALUES (?, ?, ?, ?)",
                    [url, article_id, removed + raw_removed + lake_removed, datetime.now(UTC)],
                )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            # The search index holds every indexed article's words and their counts, and
            # fts indexes do not follow table changes: the article is taken out of it.
            if search.has_index(con):
                search.refresh_index(con)
        warehouse.publish_snapshot()
        yield {
            "url": url,
            "article_id": article_id,
            "warehouse_rows": removed,
            "raw_rows": raw_removed,
            "lake_rows": lake_removed,
        }


def run_statements(con: duckdb.DuckDBPyConnection, script: str, params: dict[str, Any]) -> int:
    """Run each statement of a SQL file with the named parameters it uses; return the rows
    the DELETEs removed (an UPDATE's count is of rows changed, not removed)."""
    total = 0
    for statement in con.extract_statements(script):
        used = {k: params[k] for k in statement.named_parameters}
        row = con.execute(statement, used).fetchone()
        if statement.type == duckdb.StatementType.DELETE and row and isinstance(row[0], int):
            total += int(row[0])
    return total


# A day's staged entity rows and alias rows, as the NLP stage writes them to the lake.
Restaged = dict[date, tuple[pl.DataFrame, pl.DataFrame]]


def _forget_in_lake(lake: Lake, article_id: str, url: str) -> tuple[int, Restaged]:
    """Drop the article's rows from every lake table, then vote the staged entities of
    the days it was annotated in again from the mentions left; return the rows removed
    and those days' new staged rows (the warehouse takes the same)."""
    from pipelines.pipeline import articles_to_annotate, restage_entities

    removed = 0
    annotated_days: list[date] = []
    for table in lake_tables_with_articles():
        for day in lake.days(table):
            frame = lake.read(table, day)
            if frame is None or frame.is_empty():
                continue
            keep = pl.lit(True)
            if "article_id" in frame.columns:
                keep = keep & (pl.col("article_id") != article_id).fill_null(True)
            if "url" in frame.columns:
                keep = keep & (pl.col("url") != url).fill_null(True)
            kept = frame.filter(keep)
            if kept.height != frame.height:
                removed += frame.height - kept.height
                lake.write(table, day, kept)
                if table == "stg_articles" and articles_to_annotate(frame.filter(~keep)).height:
                    annotated_days.append(day)
    restaged: Restaged = {}
    for day in annotated_days:
        articles = lake.read("stg_articles", day)
        old_entities = lake.read("stg_entities", day)
        old_aliases = lake.read("stg_entity_aliases", day)
        if articles is None or old_entities is None or old_aliases is None:
            continue  # not annotated (or pruned): the warehouse takes its share out alone
        mentions = lake.read("stg_entity_mentions", day)
        entities, aliases = restage_entities(
            articles,
            pl.DataFrame() if mentions is None else mentions,
            old_entities,
            old_aliases,
        )
        removed += _gone(old_entities, entities, ["entity_id"])
        removed += _gone(old_aliases, aliases, ["alias", "entity_id"])
        lake.write("stg_entities", day, entities)
        lake.write("stg_entity_aliases", day, aliases)
        restaged[day] = (entities, aliases)
    return removed, restaged


def _gone(before: pl.DataFrame, after: pl.DataFrame, keys: list[str]) -> int:
    """How many of ``before``'s keys ``after`` no longer has."""
    if before.is_empty():
        return 0
    if after.is_empty():
        return before.height
    return before.join(after.select(keys), on=keys, how="anti").height


def _restaged_relations(restaged: Restaged) -> dict[str, pl.DataFrame]:
    """The relations ``forget_article.sql`` reads the restaged rows from."""
    from pipelines.entities import ALIAS_SCHEMA, ENTITY_SCHEMA

    def with_day(frames: list[tuple[date, pl.DataFrame]], schema: dict[str, Any]) -> pl.DataFrame:
        parts = [
            f.select([pl.col(c).cast(t) for c, t in schema.items()]).with_columns(
                pl.lit(day, dtype=pl.Date).alias("partition_date")
            )
            for day, f in frames
            if f.width
        ]
        empty = pl.DataFrame(schema={**schema, "partition_date": pl.Date})
        return pl.concat([empty, *parts])

    return {
        "restaged_day": pl.DataFrame(
            {"partition_date": list(restaged)}, schema={"partition_date": pl.Date}
        ),
        "restaged_entity": with_day([(d, e) for d, (e, _) in restaged.items()], ENTITY_SCHEMA),
        "restaged_entity_alias": with_day([(d, a) for d, (_, a) in restaged.items()], ALIAS_SCHEMA),
    }


@contextlib.contextmanager
def _registered(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> Iterator[None]:
    for name, frame in frames.items():
        con.register(name, frame.to_arrow())
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


def lake_tables_with_articles() -> tuple[str, ...]:
    return (
        "stg_articles",
        "stg_story_signatures",
        "stg_quarantine",
        "stg_entity_mentions",
        "stg_article_entities",
        "stg_date_mentions",
        "stg_attributions",
        "map_article_story",
    )
