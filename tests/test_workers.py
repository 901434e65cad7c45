"""The worker pool's failure path: days on a dead pool fail, and the warehouse is still
finalized (in the calling process), so the days that did load become queryable."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from pathlib import Path

import pytest

from assets.workers import WorkerSpec, run_partitions_in_workers, start_workers
from pipelines.load import open_reader


@pytest.mark.slow
def test_a_killed_pool_fails_its_days_and_finalize_runs_here(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    spec = WorkerSpec(db_path=str(db), data_root=str(tmp_path / "lake"), mode="bundled")
    pool = start_workers(spec, 1, load_model=False)
    # What an out-of-memory kill does to a worker: the pool breaks under the caller.
    deadline = time.monotonic() + 120
    while not pool._processes and time.monotonic() < deadline:  # started at the first submit
        time.sleep(0.05)
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    seen: list[tuple[date, bool]] = []
    outcome = run_partitions_in_workers(
        [date(2025, 3, 3)],
        spec,
        1,
        on_done=lambda day, ok: seen.append((day, ok)),
        pool=pool,
        finalize=True,
    )
    assert outcome == {date(2025, 3, 3): False}
    assert seen == [(date(2025, 3, 3), False)]
    # No worker could finalize, so this process did: the warehouse and its snapshot exist.
    assert db.with_name("w.snapshot.duckdb").exists()
    with open_reader(db) as con:
        row = con.execute("SELECT count(*) FROM dim_article").fetchone()
    assert row == (0,)
