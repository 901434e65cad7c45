"""RawArchive: content-addressed, per-partition, atomic, fsspec-agnostic."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import fsspec
import polars as pl
import pytest

from pipelines.raw import FETCH_ERROR_SCHEMA, RAW_PAGE_SCHEMA, RawArchive

D1, D2 = date(2024, 3, 1), date(2024, 3, 2)


def page(url: str, body: bytes, day: date = D1, **extra: Any) -> dict[str, Any]:
    when = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)
    row: dict[str, Any] = {
        "url": url,
        "final_url": url,
        "status": 200,
        "fetched_at": when,
        "source": "test",
        "source_kind": "feed",
        "content_type": "text/html",
        "encoding": "utf-8",
        "headers": "{}",
        "body": body,
        "text": body.decode(),
        "sha256": hashlib.sha256(body).hexdigest(),
        "date_hint": when,
        "date_source": "feed",
        "partition_date": day,
    }
    row.update(extra)
    return row


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=RAW_PAGE_SCHEMA)


@pytest.fixture(params=["local", "memory"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> RawArchive:
    """Both a local path and an fsspec ``memory://`` URI must behave identically."""
    if request.param == "local":
        return RawArchive(str(tmp_path / "lake"))
    return RawArchive(f"memory://lake-{uuid.uuid4().hex}")


def test_schema_round_trip_and_partitions(archive: RawArchive) -> None:
    counts = archive.write(
        frame(page("https://a.test/1", b"<p>one</p>"), page("https://a.test/2", b"<p>two</p>", D2))
    )
    assert counts == {D1: 1, D2: 1}
    assert archive.partitions() == [D1, D2]
    got = archive.read(D1)
    assert got.schema == pl.Schema(RAW_PAGE_SCHEMA)
    assert got["body"].to_list() == [b"<p>one</p>"]
    assert got["fetched_at"].dtype == pl.Datetime("us", "UTC")
    assert archive.read(date(2030, 1, 1)).is_empty()


def test_same_url_and_body_stored_once_changed_body_is_new_version(archive: RawArchive) -> None:
    assert archive.write(frame(page("https://a.test/1", b"v1"))) == {D1: 1}
    files = archive.part_files(D1)
    assert archive.write(frame(page("https://a.test/1", b"v1"))) == {D1: 0}
    assert archive.part_files(D1) == files  # nothing rewritten
    # the same page seen again on a later day is still the same row
    assert archive.write(frame(page("https://a.test/1", b"v1", D2))) == {D2: 0}
    assert archive.write(frame(page("https://a.test/1", b"v2"))) == {D1: 1}
    versions = archive.read(D1)
    assert sorted(versions["text"].to_list()) == ["v1", "v2"]
    assert archive.stats() == {"partitions": 1, "page_versions": 2, "urls": 1}
    assert archive.known_keys()["https://a.test/1"] == set(versions["sha256"])


def test_unchanged_rewrite_leaves_files_untouched(tmp_path: Path) -> None:
    archive = RawArchive(str(tmp_path))
    archive.write(frame(page("https://a.test/1", b"v1")))
    [path] = archive.part_files(D1)
    before = Path(path).stat().st_mtime_ns
    fresh = RawArchive(str(tmp_path))  # a new run: keys come from disk
    assert fresh.write(frame(page("https://a.test/1", b"v1"))) == {D1: 0}
    assert Path(path).stat().st_mtime_ns == before
    assert fresh.part_files(D1) == [path]


def test_write_is_atomic_when_the_writer_dies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = RawArchive(str(tmp_path))
    archive.write(frame(page("https://a.test/1", b"v1")))

    def killed(self: pl.DataFrame, file: Any, **kwargs: Any) -> None:
        file.write(b"PAR1 half a file")
        raise KeyboardInterrupt  # simulates a kill mid-write

    monkeypatch.setattr(pl.DataFrame, "write_parquet", killed)
    with pytest.raises(KeyboardInterrupt):
        archive.write(frame(page("https://a.test/2", b"v2")))
    monkeypatch.undo()
    reread = RawArchive(str(tmp_path))
    assert reread.read(D1)["url"].to_list() == ["https://a.test/1"]
    leftovers = [p for p in (tmp_path / "raw_pages").rglob("*") if p.is_file()]
    assert all(p.name.startswith("part-") for p in leftovers)


def test_errors_are_stored_per_partition(archive: RawArchive) -> None:
    errors = pl.DataFrame(
        [
            {
                "url": "https://a.test/x",
                "source": "s",
                "source_kind": "feed",
                "stage": "http",
                "reason": "http_404",
                "detail": "",
                "status": 404,
                "time": datetime(2024, 3, 1, 10, tzinfo=UTC),
                "partition_date": D1,
            }
        ],
        schema=FETCH_ERROR_SCHEMA,
    )
    assert archive.write_errors(errors) == 1
    assert archive.errors(D1)["reason"].to_list() == ["http_404"]
    assert archive.errors(D2).schema == pl.Schema(FETCH_ERROR_SCHEMA)


def test_forget_removes_every_version(archive: RawArchive) -> None:
    archive.write(frame(page("https://a.test/1", b"v1"), page("https://a.test/2", b"keep")))
    archive.write(frame(page("https://a.test/1", b"v2", D2)))
    assert archive.forget(["https://a.test/1"]) == 2
    assert archive.read(D1)["url"].to_list() == ["https://a.test/2"]
    assert archive.read(D2).is_empty()
    assert archive.partitions() == [D1]
    assert "https://a.test/1" not in archive.known_keys()
    assert archive.forget(["https://nowhere.test/"]) == 0


def test_compact_merges_parts(archive: RawArchive) -> None:
    for i in range(4):
        archive.write(frame(page(f"https://a.test/{i}", f"b{i}".encode())))
    assert len(archive.part_files(D1)) == 4
    archive.compact(D1)
    assert len(archive.part_files(D1)) == 1
    assert archive.read(D1).height == 4


def test_naive_datetimes_taken_as_utc_and_missing_columns_rejected(archive: RawArchive) -> None:
    row = page("https://a.test/n", b"naive")
    row["fetched_at"] = datetime(2024, 3, 1, 9, 30)
    naive = pl.DataFrame([row]).drop("date_source")
    assert archive.write(naive) == {D1: 1}
    got = archive.read(D1)
    assert got["fetched_at"][0] == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert got["date_source"][0] is None
    with pytest.raises(ValueError, match="sha256"):
        archive.write(naive.drop("sha256"))


def test_files_are_zstd_parquet(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    archive = RawArchive(str(tmp_path))
    archive.write(frame(page("https://a.test/1", b"v1")))
    [path] = archive.part_files(D1)
    with fsspec.open(path, "rb") as fh:
        meta = pq.ParquetFile(fh).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert "partition_date=2024-03-01" in path
