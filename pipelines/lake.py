"""The silver layer: per-partition Parquet files under a data-root URI.

Partition compute is stateless: every stage reads its inputs from and writes its outputs
to URI-addressed Parquet (a local folder by default; any fsspec URI such as ``s3://``
works unchanged), so runs can move to another machine or run launcher as they are.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from datetime import date
from typing import Any

import fsspec
import polars as pl


class Lake:
    """Per-table, per-day Parquet files: ``<root>/<table>/partition_date=<day>/data.parquet``."""

    def __init__(self, root_uri: str) -> None:
        self.root_uri = root_uri.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.root_uri)

    def _path(self, table: str, day: date) -> str:
        return f"{self.root}/{table}/partition_date={day.isoformat()}/data.parquet"

    def write(self, table: str, day: date, frame: pl.DataFrame) -> str:
        """Write atomically (temp file, then rename) so a killed run never leaves a torn file."""
        path = self._path(table, day)
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        buf = io.BytesIO()
        frame.write_parquet(buf, compression="zstd")
        tmp = f"{path}.{uuid.uuid4().hex}.tmp"
        with self.fs.open(tmp, "wb") as fh:
            fh.write(buf.getvalue())
        self.fs.mv(tmp, path)
        return path

    def read(self, table: str, day: date) -> pl.DataFrame | None:
        """The stored frame, or None when the partition was never written."""
        path = self._path(table, day)
        if not self.fs.exists(path):
            return None
        with self.fs.open(path, "rb") as fh:
            return pl.read_parquet(io.BytesIO(fh.read()))

    def days(self, table: str) -> list[date]:
        """Days for which ``table`` has a partition file."""
        base = f"{self.root}/{table}"
        if not self.fs.exists(base):
            return []
        out = []
        for entry in self.fs.ls(base, detail=False):
            name = str(entry).rstrip("/").rsplit("/", 1)[-1]
            if name.startswith("partition_date="):
                out.append(date.fromisoformat(name.split("=", 1)[1]))
        return sorted(out)

    def delete(self, table: str, day: date) -> None:
        path = self._path(table, day)
        if self.fs.exists(path):
            self.fs.rm(path)

    def digest(self, table: str, day: date) -> str | None:
        """sha256 of the stored file's bytes, or None when absent.

        The bytes, not the decoded frame: any rewrite that changes the content (a
        re-run, a ``forget``) changes the digest, and no Parquet decoding is paid.
        """
        path = self._path(table, day)
        if not self.fs.exists(path):
            return None
        with self.fs.open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()

    # Step records: what a partition step last produced and from which inputs, kept
    # beside the outputs so they move with the lake (``<root>/_steps/<step>/<day>.json``).
    def _record_path(self, step: str, day: date) -> str:
        return f"{self.root}/_steps/{step}/partition_date={day.isoformat()}.json"

    def read_record(self, step: str, day: date) -> dict[str, Any] | None:
        """The record a step left for ``day``, or None (never written, unreadable)."""
        path = self._record_path(step, day)
        if not self.fs.exists(path):
            return None
        try:
            with self.fs.open(path, "rb") as fh:
                loaded = json.loads(fh.read().decode("utf-8"))
        except (OSError, ValueError):
            return None  # a damaged record only costs a recompute
        return loaded if isinstance(loaded, dict) else None

    def write_record(self, step: str, day: date, record: dict[str, Any]) -> None:
        """Write atomically, like the frames, so a record is never half there."""
        path = self._record_path(step, day)
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        tmp = f"{path}.{uuid.uuid4().hex}.tmp"
        with self.fs.open(tmp, "wb") as fh:
            fh.write(json.dumps(record, sort_keys=True, indent=1).encode("utf-8"))
        self.fs.mv(tmp, path)

    def delete_record(self, step: str, day: date) -> None:
        path = self._record_path(step, day)
        if self.fs.exists(path):
            self.fs.rm(path)
