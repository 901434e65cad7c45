"""Fast checks of the fixes the slow reliability tests led to (so a regression shows up
without running them): junk feed dates, one quarantine row per failed item, and a
reader of an unpublished warehouse that must not make a load fail."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from pipelines import runner
from pipelines.fetch import FetchError, FetchResult
from pipelines.lake import Lake
from pipelines.load import PartitionFrames, Warehouse, open_reader
from pipelines.pipeline import quarantine_frame
from pipelines.raw import RawArchive
from pipelines.sources import SourceConfig, collect


class _Refusing:
    """A fetcher that answers every URL with a 404 (collect still records each link)."""

    concurrency = 1

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult | FetchError:
        return FetchError(url, "http", "http_404", "gone", status=404)


def test_junk_dated_links_are_collected_for_the_fetch_day(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "https://news.example/a 2999-01-01\n"
        "https://news.example/b 1900-01-01\n"
        "https://news.example/c 2025-03-24\n"
    )
    today = datetime.now(UTC).date()
    source = SourceConfig(name="list", kind="urllist", location=str(listing))
    result = collect([source], _Refusing(), days={today})
    assert sorted(result.errors["url"].to_list()) == [
        "https://news.example/a",
        "https://news.example/b",
    ]
    assert set(result.errors["partition_date"].to_list()) == {today}


def test_repeated_fetch_failures_are_one_quarantine_row(tmp_path: Path) -> None:
    day = date(2025, 3, 24)
    archive = RawArchive(str(tmp_path / "raw"))
    failure = {
        "url": "https://news.example/gone",
        "source": "s",
        "source_kind": "feed",
        "stage": "http",
        "reason": "http_404",
        "detail": "gone",
        "status": 404,
        "partition_date": day,
    }
    for attempt in range(3):  # three runs (retries, reruns) of the same ingest
        archive.write_errors(
            pl.DataFrame([{**failure, "time": datetime(2025, 3, 24, 1, attempt, tzinfo=UTC)}])
        )
    lake = Lake(str(tmp_path / "silver"))
    lake.write("stg_articles", day, pl.DataFrame())
    lake.write("stg_quarantine", day, quarantine_frame([]))
    warehouse = Warehouse(tmp_path / "w.duckdb")
    counts = runner.load_day(day, lake, archive, warehouse)
    assert counts["quarantine"] == 1


def test_a_reader_of_an_unpublished_warehouse_delays_a_load_instead_of_failing_it(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w.duckdb", lock_timeout_s=30)
    with warehouse.writer():
        pass  # migrated, never published: readers open the writer's own file
    outcome: dict[str, object] = {}

    def load() -> None:
        started = time.monotonic()
        try:
            warehouse.load_partition(date(2025, 3, 24), PartitionFrames(articles=pl.DataFrame()))
            outcome["waited"] = time.monotonic() - started
        except Exception as exc:
            outcome["error"] = exc

    with open_reader(warehouse.db_path) as con:
        writer = threading.Thread(target=load)
        writer.start()
        time.sleep(0.5)
        assert con.execute("SELECT count(*) FROM dim_article").fetchone() == (0,)
    writer.join(timeout=30)
    assert "error" not in outcome, outcome
    assert float(outcome["waited"]) >= 0.4  # type: ignore[arg-type]
