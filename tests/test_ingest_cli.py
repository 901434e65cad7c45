"""`wirefacts ingest` end to end from local sources: a WARC built from the corpus, a folder."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from assets.cli import main
from pipelines.load import open_reader
from pipelines.raw import RawArchive

SAMPLE = Path(__file__).resolve().parents[1] / "pipelines" / "sample"


def _articles(limit: int) -> list[dict[str, str]]:
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    return [e for e in manifest if e["kind"] == "article" and e["language"] == "en"][:limit]


def _write_warc(path: Path, entries: list[dict[str, str]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for entry in entries:
            stamp = datetime.fromisoformat(entry["published"]).replace(hour=12, tzinfo=UTC)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", entry["content_type"])], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                entry["url"],
                "response",
                payload=BytesIO((SAMPLE / entry["path"]).read_bytes()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)


def _count(db: Path, sql: str) -> int:
    with open_reader(db) as con:
        row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
def test_ingest_a_warc_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries = _articles(6)
    warc = tmp_path / "sample.warc.gz"
    _write_warc(warc, entries)
    db = tmp_path / "w.duckdb"
    data = str(tmp_path / "lake")
    assert main(["ingest", str(warc), "--workers", "1", "--db", str(db), "--data", data]) == 0
    # The phases' times close the run: collection and finalize here, the days in a worker.
    timing = re.search(
        r"^time: collect [\d.]+ s · days [\d.]+ s · finalize [\d.]+ s; total [\d.]+ s for"
        r" (\d+) partitions? run in 1 worker process; CPU: this process [\d.]+ s,"
        r" workers ([\d.]+) s$",
        capsys.readouterr().err,
        re.MULTILINE,
    )
    assert timing is not None
    assert int(timing[1]) == len({e["published"][:10] for e in entries})
    assert float(timing[2]) > 0  # the worker's CPU is counted once it has been waited for
    articles = _count(db, "SELECT count(*) FROM dim_article")
    mentions = _count(db, "SELECT count(*) FROM fct_entity_mention")
    assert articles == len(entries)
    assert mentions > 0
    raw = RawArchive(f"{data}/raw")
    stored = sum(raw.read(day).height for day in raw.partitions())
    # A second run of the same source writes no new raw rows and changes no counts.
    assert main(["ingest", str(warc), "--db", str(db), "--data", data]) == 0
    assert sum(raw.read(day).height for day in raw.partitions()) == stored
    assert _count(db, "SELECT count(*) FROM dim_article") == articles
    assert _count(db, "SELECT count(*) FROM fct_entity_mention") == mentions
    capsys.readouterr()


@pytest.mark.slow
def test_ingest_a_folder_of_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    entries = _articles(3)
    for i, entry in enumerate(entries):
        (folder / f"page{i}.html").write_bytes((SAMPLE / entry["path"]).read_bytes())
    db = tmp_path / "w.duckdb"
    argv = ["ingest", str(folder), "--db", str(db), "--data", str(tmp_path / "lake")]
    assert main([*argv, "--workers", "0"]) == 0
    assert _count(db, "SELECT count(*) FROM dim_article") == len(entries)
    # Inside the CLI process too, the days and finalize are timed apart.
    assert re.search(
        r"^time: collect [\d.]+ s · days [\d.]+ s · finalize [\d.]+ s; total [\d.]+ s for \d+"
        r" partitions? run here; CPU: this process [\d.]+ s, workers [\d.]+ s$",
        capsys.readouterr().err,
        re.MULTILINE,
    )
