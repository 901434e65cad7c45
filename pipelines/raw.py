"""The bronze layer: every fetched page and every fetch failure, replayable.

Re-processing (new extractor, new NER model) reads pages from here and never
re-fetches. Layout under the data root (any fsspec URI: a local path,
``s3://bucket/lake``, ``memory://`` in tests)::

    raw_pages/partition_date=2024-03-01/part-<utc>-<id>.parquet
    raw_fetch_errors/partition_date=2024-03-01/part-<utc>-<id>.parquet

Each write adds one zstd Parquet part per touched partition holding only rows
not already stored: a page is identified by ``(url, sha256)`` across the whole
archive, so re-collecting unchanged sources writes nothing and leaves existing
files untouched. A changed body is a new version (new row); downstream keeps the
latest. Parts are written to a hidden temp name and renamed, so a killed run
never leaves a torn file; readers ignore temp files and drop duplicate keys, so
even a crash halfway through :meth:`RawArchive.compact` is harmless.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import fsspec
import polars as pl
import pyarrow.parquet as pq

UTC_DATETIME = pl.Datetime("us", "UTC")

RAW_PAGE_SCHEMA: dict[str, pl.DataType] = {
    "url": pl.String(),
    "final_url": pl.String(),
    "status": pl.Int32(),
    "fetched_at": UTC_DATETIME,
    "source": pl.String(),
    "source_kind": pl.String(),
    "content_type": pl.String(),
    "encoding": pl.String(),
    "headers": pl.String(),
    "body": pl.Binary(),
    "text": pl.String(),
    "sha256": pl.String(),
    "date_hint": UTC_DATETIME,
    "date_source": pl.String(),
    "partition_date": pl.Date(),
}

FETCH_ERROR_SCHEMA: dict[str, pl.DataType] = {
    "url": pl.String(),
    "source": pl.String(),
    "source_kind": pl.String(),
    "stage": pl.String(),
    "reason": pl.String(),
    "detail": pl.String(),
    "status": pl.Int32(),
    "time": UTC_DATETIME,
    "partition_date": pl.Date(),
}

PAGES_TABLE = "raw_pages"
ERRORS_TABLE = "raw_fetch_errors"
_REQUIRED_PAGE_COLUMNS = ("url", "sha256", "body", "partition_date")
_REQUIRED_ERROR_COLUMNS = ("url", "reason", "partition_date")


def conform(
    frame: pl.DataFrame, schema: dict[str, pl.DataType], required: Iterable[str]
) -> pl.DataFrame:
    """Cast ``frame`` to ``schema`` (column order included), adding missing optional
    columns as nulls. Missing required columns raise ``ValueError``."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"missing required columns: {', '.join(missing)}")
    exprs = []
    for name, dtype in schema.items():
        if name in frame.columns:
            col = pl.col(name)
            current = frame.schema[name]
            if isinstance(dtype, pl.Datetime) and isinstance(current, pl.Datetime):
                # Naive datetimes are taken as UTC; aware ones are converted.
                col = (
                    col.dt.replace_time_zone("UTC")
                    if current.time_zone is None
                    else col.dt.convert_time_zone("UTC")
                )
            exprs.append(col.cast(dtype).alias(name))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(exprs)


def _protocols(fs: Any) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)


class RawArchive:
    """Per-partition Parquet store for ``raw_pages`` and ``raw_fetch_errors``.

    Not safe for two concurrent writers on the same root (Dagster runs one
    partition per run; two runs writing the same URL may both add it, which
    readers then deduplicate).
    """

    def __init__(self, root_uri: str, *, max_parts: int = 64) -> None:
        self.root_uri = root_uri.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.root_uri)
        self.root = self.root.rstrip("/")
        self.max_parts = max_parts
        self._keys: pl.DataFrame | None = None
        self._forgotten: set[str] | None = None

    # ----------------------------------------------------------------- paths
    def _dir(self, table: str, day: date) -> str:
        return f"{self.root}/{table}/partition_date={day.isoformat()}"

    def _parts(self, table: str, day: date | None = None) -> list[str]:
        pattern = (
            f"{self._dir(table, day)}/part-*.parquet"
            if day is not None
            else f"{self.root}/{table}/partition_date=*/part-*.parquet"
        )
        try:
            return sorted(str(p) for p in self.fs.glob(pattern))
        except FileNotFoundError:
            return []

    def part_files(self, day: date | None = None, *, errors: bool = False) -> list[str]:
        """The Parquet files holding a partition (or all partitions), as full URIs.

        Useful for DuckDB ``read_parquet`` (read with ``hive_partitioning=false``:
        ``partition_date`` is stored inside the files too).
        """
        table = ERRORS_TABLE if errors else PAGES_TABLE
        parts = self._parts(table, day)
        if "file" in _protocols(self.fs):
            return parts  # plain paths: DuckDB and polars do not all accept file://
        return [self.fs.unstrip_protocol(p) for p in parts]

    def _write_part(self, table: str, day: date, frame: pl.DataFrame) -> str:
        directory = self._dir(table, day)
        self.fs.makedirs(directory, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = f"{directory}/part-{stamp}-{uuid.uuid4().hex[:12]}.parquet"
        self._atomic_write(final, frame)
        return final

    def _atomic_write(self, final: str, frame: pl.DataFrame) -> None:
        directory = final.rsplit("/", 1)[0]
        tmp = f"{directory}/.tmp-{uuid.uuid4().hex}.parquet"
        try:
            with self.fs.open(tmp, "wb") as fh:
                frame.write_parquet(fh, compression="zstd", statistics=True)
            self.fs.mv(tmp, final)
        except BaseException:
            if self.fs.exists(tmp):
                self.fs.rm(tmp)
            raise

    def _read_files(
        self, files: Sequence[str], schema: dict[str, pl.DataType], columns: list[str] | None = None
    ) -> pl.DataFrame:
        frames = []
        for path in files:
            with self.fs.open(path, "rb") as fh:
                table = pq.ParquetFile(fh).read(columns=columns)
            frame = pl.from_arrow(table)
            assert isinstance(frame, pl.DataFrame)
            frames.append(frame)
        wanted = {k: v for k, v in schema.items() if columns is None or k in columns}
        if not frames:
            return pl.DataFrame(schema=wanted)
        return pl.concat([f.select(list(wanted)).cast(wanted) for f in frames], how="vertical")  # type: ignore[arg-type]

    # ----------------------------------------------------------------- keys
    def _known(self) -> pl.DataFrame:
        if self._keys is None:
            keys = self._read_files(self._parts(PAGES_TABLE), RAW_PAGE_SCHEMA, ["url", "sha256"])
            self._keys = keys.unique()
        return self._keys

    def known_keys(self) -> dict[str, set[str]]:
        """``url -> {sha256, ...}`` for every stored page version (used to skip
        re-writing and to decide whether a 304 can be trusted)."""
        known: dict[str, set[str]] = {}
        for url, sha in self._known().iter_rows():
            known.setdefault(url, set()).add(sha)
        return known

    # ----------------------------------------------------------------- writes
    def write(self, pages: pl.DataFrame) -> dict[date, int]:
        """Add pages not already stored; returns new rows per partition present in
        ``pages`` (0 for partitions with nothing new, whose files are untouched)."""
        if pages.is_empty():
            return {}
        frame = conform(pages, RAW_PAGE_SCHEMA, _REQUIRED_PAGE_COLUMNS)
        if frame["partition_date"].null_count():
            raise ValueError("pages without partition_date cannot be archived")
        frame = frame.unique(subset=["url", "sha256"], keep="first", maintain_order=True)
        new = frame.join(self._known(), on=["url", "sha256"], how="anti")
        counts: dict[date, int] = dict.fromkeys(frame["partition_date"].unique().to_list(), 0)
        for key, part in new.partition_by(
            "partition_date", as_dict=True, maintain_order=True
        ).items():
            day = key[0]
            assert isinstance(day, date)
            self._write_part(PAGES_TABLE, day, part)
            counts[day] = part.height
            self._keys = pl.concat([self._known(), part.select("url", "sha256")])
            if len(self._parts(PAGES_TABLE, day)) > self.max_parts:
                self.compact(day)
        return counts

    def write_errors(self, errors: pl.DataFrame) -> int:
        """Append failure rows (every run's failures are kept; they are events)."""
        if errors.is_empty():
            return 0
        frame = conform(errors, FETCH_ERROR_SCHEMA, _REQUIRED_ERROR_COLUMNS)
        for key, part in frame.partition_by(
            "partition_date", as_dict=True, maintain_order=True
        ).items():
            day = key[0]
            assert isinstance(day, date)
            self._write_part(ERRORS_TABLE, day, part)
        return frame.height

    def compact(self, day: date) -> int:
        """Merge a partition's parts into one file; returns the number of parts merged."""
        compacted = 0
        for table, schema in ((PAGES_TABLE, RAW_PAGE_SCHEMA), (ERRORS_TABLE, FETCH_ERROR_SCHEMA)):
            parts = self._parts(table, day)
            if len(parts) <= 1:
                continue
            frame = self._read_files(parts, schema)
            if table == PAGES_TABLE:
                frame = frame.unique(subset=["url", "sha256"], keep="first", maintain_order=True)
            self._write_part(table, day, frame)
            for path in parts:
                self.fs.rm(path)
            compacted += len(parts)
        return compacted

    # ----------------------------------------------------------------- reads
    def read(self, day: date) -> pl.DataFrame:
        """All stored page versions of one partition (duplicates removed)."""
        frame = self._read_files(self._parts(PAGES_TABLE, day), RAW_PAGE_SCHEMA)
        return frame.unique(subset=["url", "sha256"], keep="first", maintain_order=True)

    def errors(self, day: date) -> pl.DataFrame:
        return self._read_files(self._parts(ERRORS_TABLE, day), FETCH_ERROR_SCHEMA)

    def partitions(self) -> list[date]:
        """Days that have at least one stored page."""
        days = set()
        for path in self._parts(PAGES_TABLE):
            segment = path.rsplit("/", 2)[-2]
            days.add(date.fromisoformat(segment.split("=", 1)[1]))
        return sorted(days)

    # ----------------------------------------------------------------- takedown
    def forget(self, urls: Sequence[str]) -> int:
        """Remove every page version (and failure row) for ``urls`` — matched on
        ``url`` or ``final_url`` — rewriting affected parts atomically.

        The URLs are also recorded as tombstones (:meth:`forgotten`), so
        :func:`pipelines.sources.collect` does not fetch or store them again while
        they are still listed in a feed. Returns the number of page rows removed.
        """
        targets = set(urls)
        if not targets:
            return 0
        self._remember_forgotten(targets)
        removed = 0
        wanted = pl.Series(list(targets), dtype=pl.String)
        for table, schema, cols in (
            (PAGES_TABLE, RAW_PAGE_SCHEMA, ["url", "final_url"]),
            (ERRORS_TABLE, FETCH_ERROR_SCHEMA, ["url"]),
        ):
            for path in self._parts(table):
                probe = self._read_files([path], schema, cols)
                hit = pl.any_horizontal([pl.col(c).is_in(wanted) for c in cols])
                if probe.filter(hit).is_empty():
                    continue
                frame = self._read_files([path], schema)
                kept = frame.filter(~hit.fill_null(False))
                if table == PAGES_TABLE:
                    removed += frame.height - kept.height
                if kept.is_empty():
                    self.fs.rm(path)
                else:
                    self._atomic_write(path, kept)
        self._keys = None
        return removed

    @property
    def _tombstones(self) -> str:
        return f"{self.root}/_state/forgotten.json"

    def forgotten(self) -> set[str]:
        """URLs removed by :meth:`forget`; collection skips them."""
        if self._forgotten is None:
            self._forgotten = set()
            if self.fs.exists(self._tombstones):
                with self.fs.open(self._tombstones, "rb") as fh:
                    loaded = json.loads(fh.read().decode("utf-8"))
                self._forgotten = {str(u) for u in loaded} if isinstance(loaded, list) else set()
        return self._forgotten

    def _remember_forgotten(self, urls: set[str]) -> None:
        merged = self.forgotten() | urls
        directory = self._tombstones.rsplit("/", 1)[0]
        self.fs.makedirs(directory, exist_ok=True)
        tmp = f"{directory}/.tmp-{uuid.uuid4().hex}.json"
        with self.fs.open(tmp, "wb") as fh:
            fh.write(json.dumps(sorted(merged), indent=0).encode("utf-8"))
        self.fs.mv(tmp, self._tombstones)
        self._forgotten = merged

    def stats(self) -> dict[str, Any]:
        """Counts for asset metadata: partitions, page versions, distinct URLs."""
        keys = self._known()
        return {
            "partitions": len(self.partitions()),
            "page_versions": keys.height,
            "urls": keys["url"].n_unique() if keys.height else 0,
        }


def archive_under(data_root: str) -> RawArchive:
    """The raw archive of a data root (its ``raw/`` folder), wherever it is opened from."""
    return RawArchive(f"{data_root.rstrip('/')}/raw")
