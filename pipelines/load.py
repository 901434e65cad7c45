"""The DuckDB warehouse: migrations, idempotent partition loads, snapshots for readers.

DuckDB lets one process open a file read-write, or many open it read-only, never both.
So the loader owns ``wirefacts.duckdb`` and holds it only for one partition's
transaction (serialized across processes by an advisory file lock, and across Dagster
runs by the ``duckdb_writer`` pool). After each successful load it publishes a
consistent copy, ``wirefacts.snapshot.duckdb``, by atomic rename; readers open that copy
read-only, so they never block a load, never fail because one is running, and never see
a half-loaded partition. The cost is one file copy per publish (disk I/O proportional
to the warehouse size) and readers lag the writer by at most one load.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines.load_sql import SQL_ROOT, sql_text

ALL_TABLES = (
    "schema_version",
    "dim_source",
    "dim_article",
    "dim_story",
    "map_article_story",
    "dim_entity",
    "dim_entity_alias",
    "dim_date",
    "stg_entity",
    "stg_entity_alias",
    "map_entity_resolution",
    "article_version",
    "fct_entity_mention",
    "fct_article_entity",
    "fct_date_mention",
    "fct_attribution",
    "fct_entity_cooccurrence",
    "fct_entity_day",
    "fct_attribution_entity",
    "quarantine",
    "forget_log",
)


# DuckDB writes new files in its 0.10.2-compatible format unless told otherwise. The 1.5
# format compresses strings differently: loading the 1.9 M-fact-row benchmark into it took
# 6.7 instead of 10.4 CPU-s, almost all of it at commit, and the file is 13 % smaller. Its
# cost: a warehouse created in it opens only with DuckDB >= 1.5 (the pinned version).
STORAGE = "v1.5.0"


class WarehouseError(RuntimeError):
    """A warehouse file that cannot be used as it is (newer schema, lock timeout)."""


def migrations() -> list[tuple[int, str, str]]:
    """Ordered ``(version, name, sql)`` migrations from ``sql/migrations/NNN_name.sql``."""
    found = []
    for path in sorted((SQL_ROOT / "migrations").glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        found.append((version, path.stem[4:], path.read_text(encoding="utf-8")))
    return found


def latest_schema_version() -> int:
    return max(v for v, _, _ in migrations())


def _quote_ident(name: str) -> str:
    if name not in ALL_TABLES:
        raise ValueError(f"unknown warehouse table: {name!r}")
    return '"' + name + '"'


def table_statement(template: str, table: str) -> str:
    """Fill ``{table}`` in a fixed statement template with a known table's quoted name.

    Identifiers cannot be bound as parameters; this is the one place they are composed,
    and only from ``ALL_TABLES``, never from data.
    """
    return template.replace("{table}", _quote_ident(table))


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring a warehouse to the latest schema in place; refuse files from a newer version."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    current = 0
    if has_table and has_table[0]:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
    latest = latest_schema_version()
    if current > latest:
        raise WarehouseError(
            f"this warehouse has schema version {current}, newer than this wirefacts "
            f"(which knows up to {latest}); upgrade wirefacts to open it"
        )
    for version, name, sql in migrations():
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return latest


def snapshot_path(db_path: Path) -> Path:
    """Where readers find the published copy of ``db_path``."""
    return db_path.with_name(db_path.stem + ".snapshot" + db_path.suffix)


@dataclass
class PartitionFrames:
    """Everything one daily partition contributes to the warehouse."""

    articles: pl.DataFrame
    entity_mentions: pl.DataFrame = field(default_factory=pl.DataFrame)
    article_entities: pl.DataFrame = field(default_factory=pl.DataFrame)
    entities: pl.DataFrame = field(default_factory=pl.DataFrame)
    aliases: pl.DataFrame = field(default_factory=pl.DataFrame)
    date_mentions: pl.DataFrame = field(default_factory=pl.DataFrame)
    attributions: pl.DataFrame = field(default_factory=pl.DataFrame)
    quarantine: pl.DataFrame = field(default_factory=pl.DataFrame)

    def table_frames(self) -> dict[str, pl.DataFrame]:
        """The frame each partitioned table is loaded from."""
        versions = (
            self.articles.select(["article_id", "raw_sha256", "fetched_at"])
            if self.articles.height
            else pl.DataFrame()
        )
        return {
            "dim_article": self.articles,
            "article_version": versions,
            "stg_entity": self.entities,
            "stg_entity_alias": self.aliases,
            "fct_entity_mention": self.entity_mentions,
            "fct_article_entity": self.article_entities,
            "fct_date_mention": self.date_mentions,
            "fct_attribution": self.attributions,
            "quarantine": self.quarantine,
        }


class Warehouse:
    """One DuckDB warehouse file plus its published snapshot."""

    def __init__(
        self, db_path: Path | str, lock_timeout_s: float = 600.0, load_threads: int = 1
    ) -> None:
        self.db_path = Path(db_path)
        self.lock_timeout_s = lock_timeout_s
        # A partition load is a bulk append plus a checkpoint (compression). DuckDB's
        # worker threads speed that up little on this workload and cost CPU in
        # scheduling, which the NLP of the other partitions' workers needs more: at
        # load average ~9 on 2 cores, 1 thread took 9.9 CPU-s and 35 s wall for the
        # 1.9 M-row benchmark against 15.8 CPU-s and 56 s with the default (2).
        self.load_threads = load_threads

    @property
    def snapshot(self) -> Path:
        return snapshot_path(self.db_path)

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """Serialize writers across processes; the wait is bounded, never forever."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.db_path.with_name(self.db_path.name + ".lock")
        with open(lock_path, "a+") as fh:
            deadline = time.monotonic() + self.lock_timeout_s
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError as exc:
                    if time.monotonic() > deadline:
                        raise WarehouseError(
                            f"another writer held {self.db_path} for over {self.lock_timeout_s}s"
                        ) from exc
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The single read-write connection, migrated, held only for the caller's block."""
        with self._file_lock():
            # The storage format is fixed when the file is created; an existing file
            # keeps its own (DuckDB reads and writes every format it knows).
            config: dict[str, str | bool | int | float | list[str]] = (
                {} if self.db_path.exists() else {"storage_compatibility_version": STORAGE}
            )
            con = duckdb.connect(str(self.db_path), config=config)
            try:
                migrate(con)
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()

    def load_partition(self, day: date, frames: PartitionFrames) -> dict[str, int]:
        """Replace one partition's rows in every partitioned table, in one transaction."""
        counts: dict[str, int] = {}
        with self.writer() as con:
            con.execute("SET threads = ?", [self.load_threads])
            columns = _table_columns(con)
            con.execute("BEGIN TRANSACTION")
            try:
                for table, frame in frames.table_frames().items():
                    con.execute(
                        table_statement("DELETE FROM {table} WHERE partition_date = ?", table),
                        [day],
                    )
                    counts[table] = _insert(con, table, columns[table], frame, day)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return counts

    def finalize(
        self,
        stories: pl.DataFrame | None = None,
        article_story: pl.DataFrame | None = None,
        entity_resolution: pl.DataFrame | None = None,
        *,
        publish: bool = True,
        rebuild_search: bool = True,
    ) -> dict[str, int]:
        """Rebuild the cross-partition tables, then publish a snapshot for readers."""
        with self.writer() as con:
            columns = _table_columns(con)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(sql_text("finalize", "01_latest_version.sql"))
                if stories is not None:
                    con.execute("DELETE FROM dim_story")
                    _insert(con, "dim_story", columns["dim_story"], stories, None)
                if article_story is not None:
                    con.execute("DELETE FROM map_article_story")
                    _insert(
                        con,
                        "map_article_story",
                        columns["map_article_story"],
                        article_story,
                        None,
                    )
                rebuild_dimensions(con, entity_resolution)
                con.execute(sql_text("finalize", "03_stories.sql"))
                con.execute(sql_text("finalize", "04_entity_day.sql"))
                con.execute(sql_text("finalize", "05_attribution_entity.sql"))
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            if rebuild_search:
                from pipelines import search

                search.refresh_index(con)
            counts = {t: table_count(con, t) for t in ALL_TABLES}
        if publish:
            self.publish_snapshot()
        return counts

    def staged_entities(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Every partition's document-level entities and aliases, for corpus-level resolution."""
        with self.writer() as con:
            return staged_entities(con)

    def publish_snapshot(self) -> Path:
        """Copy the checkpointed file next to itself and rename it into place atomically."""
        with self._file_lock():
            target = self.snapshot
            fd, tmp = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)
            os.close(fd)
            try:
                shutil.copyfile(self.db_path, tmp)
                wal = self.db_path.with_name(self.db_path.name + ".wal")
                if wal.exists() and wal.stat().st_size:
                    raise WarehouseError("warehouse WAL not checkpointed; refusing to publish")
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        return target

    def read_frame(self, table: str) -> pl.DataFrame:
        """A whole table from the published snapshot (small tables: dims, aliases)."""
        with open_reader(self.db_path) as con:
            return con.execute(table_statement("SELECT * FROM {table}", table)).pl()


def staged_entities(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The staged entities and aliases as ``con`` sees them (a takedown reads them inside
    its own transaction, after removing the article's share)."""
    entities = con.execute(sql_text("finalize", "staged_entities.sql")).pl()
    aliases = con.execute(sql_text("finalize", "staged_aliases.sql")).pl()
    return entities, aliases


def rebuild_dimensions(con: duckdb.DuckDBPyConnection, resolution: pl.DataFrame | None) -> None:
    """Rebuild the entity resolution, the dimensions and the fact rows' entity ids from the
    staged rows, with ``resolution`` (doc_entity_id -> entity_id) as the corpus-level map."""
    if resolution is None or not resolution.height:
        resolution = pl.DataFrame(schema={"doc_entity_id": pl.Utf8, "entity_id": pl.Utf8})
    con.register("entity_resolution_input", resolution.to_arrow())
    try:
        con.execute(sql_text("finalize", "02_dimensions.sql"))
    finally:
        con.unregister("entity_resolution_input")


def _table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    table_columns: list[str],
    frame: pl.DataFrame,
    day: date | None,
) -> int:
    """Bulk insert through Arrow, matching columns by name; unknown columns are ignored.

    The newest Arrow compatibility level hands polars' string views to DuckDB as they
    are; the default level copies every string into a new large-string buffer first.
    """
    if frame.is_empty():
        return 0
    if day is not None and "partition_date" in table_columns:
        frame = frame.with_columns(pl.lit(day, dtype=pl.Date).alias("partition_date"))
    keep = [c for c in frame.columns if c in table_columns]
    arrow = frame.select(keep).to_arrow(compat_level=pl.CompatLevel.newest())
    con.register("incoming_rows", arrow)
    try:
        con.execute(
            table_statement("INSERT INTO {table} BY NAME SELECT * FROM incoming_rows", table)
        )
    finally:
        con.unregister("incoming_rows")
    return frame.height


def table_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(table_statement("SELECT count(*) FROM {table}", table)).fetchone()
    return int(row[0]) if row else 0


@contextlib.contextmanager
def open_reader(
    db_path: Path | str, wait_s: float = 30.0, *, full_text: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published snapshot (or the file itself if unpublished).

    ``full_text`` loads the fts extension the search index needs; loading it costs ~75
    CPU-ms (~130 ms wall) per connection, so readers that never search can skip it.

    Opening can briefly fail while the loader holds an unpublished file; that wait is bounded.
    A reader of the unpublished file also holds the writers' lock file (shared) while it
    reads: DuckDB refuses a read-write open while any read-only one is open, so without
    it a reader racing the very first load would make that load fail.
    """
    db_path = Path(db_path)
    target = snapshot_path(db_path)
    if not target.exists():
        target = db_path
    if not target.exists():
        raise WarehouseError(f"no warehouse at {db_path}; run `wirefacts demo` or an ingest first")
    deadline = time.monotonic() + wait_s
    with contextlib.ExitStack() as stack:
        if target == db_path:
            stack.enter_context(_shared_writer_lock(db_path, deadline))
        while True:
            try:
                con = duckdb.connect(str(target), read_only=True)
                break
            except duckdb.IOException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        try:
            if full_text:
                from pipelines import search

                search.load_extension(con)
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def _shared_writer_lock(db_path: Path, deadline: float) -> Iterator[None]:
    """Hold the writers' advisory lock file shared (writers take it exclusively); bounded."""
    with open(db_path.with_name(db_path.name + ".lock"), "a+") as fh:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() > deadline:
                    raise WarehouseError(f"a writer held {db_path} too long to read it") from exc
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
