"""Concurrency: four partition runs in parallel processes plus a reader, one warehouse.

Each of four processes runs one day of the bundled corpus start to finish (ingest,
stage, annotate, load, cluster, finalize) into the same data root and the same DuckDB
file; a fifth process queries the warehouse in a loop the whole time through
``run_read_query`` (the code behind ``wirefacts query``), from before the first load
(when there is no snapshot yet and readers open the writer's file) to the end. Checked:

* no run fails (writers queue on the warehouse's file lock, bounded);
* no read fails and no load fails because of a reader (bounded waiting is allowed);
* every read sees whole partitions only: for every partition a read shows, its row
  count in every partitioned table equals that partition's count in the final state;
* once a last finalize has run, the warehouse equals a serial run of the same days.

Processes are forked from the warm server of the reliability tests (see
``tests/reliability/forkserver.py``) so that four spaCy start-ups are not paid for.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import report
from tests.reliability import scenario as sc
from tests.reliability.forkserver import ForkServer, shared

pytestmark = pytest.mark.slow

DAYS = ["2025-03-24", "2025-03-25", "2025-03-30", "2025-03-31"]
RUN_TIMEOUT_S = 300.0


@pytest.fixture(scope="module")
def server() -> ForkServer:
    return shared()


def _job(kind: str, root: Path, tag: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "root": str(root),
        "log": str(root.parent / f"{root.name}-{tag}.log"),
        "result": str(root.parent / f"{root.name}-{tag}.json"),
        **extra,
    }


def _log(job: dict[str, Any]) -> str:
    path = Path(job["log"])
    return path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else ""


def _serial(server: ForkServer, root: Path) -> dict[str, list[Any]]:
    """The same days one after another in one process: what the parallel run must equal."""
    root.mkdir(parents=True)
    for day in DAYS:
        job = _job("partition", root, f"serial-{day}", day=day)
        outcome = server.run(job, timeout=RUN_TIMEOUT_S)
        assert outcome["exitcode"] == 0, _log(job)
    job = _job("finalize", root, "serial-finalize")
    assert server.run(job, timeout=RUN_TIMEOUT_S)["exitcode"] == 0, _log(job)
    return sc.dump(sc.Layout(root).db)


def test_parallel_partitions_and_a_reader(server: ForkServer, tmp_path: Path) -> None:
    root = tmp_path / "parallel"
    root.mkdir()
    layout = sc.Layout(root)
    stop = tmp_path / "stop-reading"
    reads_file = tmp_path / "reads.jsonl"
    reader = _job(
        "reader",
        root,
        "reader",
        db=str(layout.db),
        out=str(reads_file),
        stop=str(stop),
        max_s=RUN_TIMEOUT_S,
    )
    reader_pid = server.spawn(reader)
    started = time.monotonic()
    runs = {day: _job("partition", root, day, day=day) for day in DAYS}
    pids = {day: server.spawn(job) for day, job in runs.items()}
    outcomes = {day: server.wait(pid, timeout=RUN_TIMEOUT_S) for day, pid in pids.items()}
    parallel_s = time.monotonic() - started
    time.sleep(0.5)  # a few reads of the final snapshot too
    stop.touch()
    reader_outcome = server.wait(reader_pid, timeout=60)
    last = _job("finalize", root, "finalize")
    last_outcome = server.run(last, timeout=RUN_TIMEOUT_S)

    final = sc.partition_counts(layout.db)
    reads = [json.loads(line) for line in reads_file.read_text().splitlines() if line]
    failed = [r for r in reads if "error" in r]
    partial: list[str] = []
    seen_partitions: set[str] = set()
    for r in reads:
        if "counts" not in r:
            continue
        by_day: dict[str, dict[str, int]] = defaultdict(dict)
        for day, table, n in r["counts"]:
            by_day[day][table] = n
        for day, tables in by_day.items():
            seen_partitions.add(day)
            for table in sc.PARTITIONED:
                want = final.get((day, table), 0)
                if tables.get(table, 0) != want:
                    partial.append(f"at {r['t']}: {day} {table} {tables.get(table, 0)}/{want}")
    serial = _serial(server, tmp_path / "serial")
    diff = sc.differences(sc.dump(layout.db), serial)
    failed_runs = [d for d, o in outcomes.items() if o["exitcode"] != 0]
    report.record(
        "concurrency",
        {
            "runs": len(DAYS),
            "failed_runs": len(failed_runs),
            "reads": len(reads),
            "failed_reads": len(failed),
            "partial_reads": len(partial),
            "partitions_seen_by_reader": sorted(seen_partitions),
            "max_read_s": max((r["seconds"] for r in reads), default=0.0),
            "parallel_s": round(parallel_s, 2),
            "equal_to_serial": not diff,
            "table_differences": diff,
        },
    )
    assert not failed_runs, {d: _log(runs[d]) for d in failed_runs}
    assert reader_outcome["exitcode"] == 0, _log(reader)
    assert last_outcome["exitcode"] == 0, _log(last)
    assert reads, "the reader never got to read"
    assert not failed, failed[:3]
    assert not partial, partial[:5]
    assert seen_partitions, "the reader never saw a loaded partition"
    assert not diff, diff
