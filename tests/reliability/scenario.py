"""What the reliability tests' child processes run, and how their results are compared.

A *scenario* is the real partition path (``runner.ingest_day`` → ``stage_day`` →
``annotate_day`` → ``load_day`` → ``cluster_stories`` → ``finalize``) over a small
subset of the bundled corpus, served offline by :class:`CorpusFetcher` with a pinned
fetch time so that two clean runs give identical tables. Nothing here is product code:
crash points are injected by patching product functions *inside the child process*
(see :func:`install_crash`), so ``pipelines/`` carries no test hooks.

The child is killed with a real ``SIGKILL`` (no ``finally`` blocks, no atexit, no
flush), which is what an OOM kill or a power cut does to the process.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

# Day A: two articles and a URL the corpus does not have (a fetch error);
# day B: a wire story, a reprint of it (one syndicated story) and a section front page
# (an extraction quarantine). Small enough that a whole run takes seconds once warm.
SUBSET: list[tuple[str, str]] = [
    (
        "https://wirestream.example/a/bac1f1fe/israeli-strikes-kill-hamas-official-gaza-toll-50000",
        "2025-03-24",
    ),
    (
        "https://www.thamesherald.example/world/2025/mar/24/turkey-detains-protesters-istanbul-mayor-imamoglu",
        "2025-03-24",
    ),
    ("https://www.harborledger.example/local/2025/03/24/no-such-story/", "2025-03-24"),
    (
        "https://wirestream.example/a/cf20c75f/ukraine-stages-new-cross-border-push-into-belgorod",
        "2025-03-28",
    ),
    (
        "https://www.harborledger.example/world/2025/03/28/ukraine-belgorod-incursion-russia-peace-talks/",
        "2025-03-28",
    ),
    ("https://www.harborledger.example/world/", "2025-03-28"),
]
SUBSET_DAYS = ["2025-03-24", "2025-03-28"]
# Pinned so that fetched_at (and so the latest-version order) is identical in every run.
FETCHED_AT = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)
# Columns that record *when* something happened, not what: excluded from comparisons.
VOLATILE_COLUMNS = frozenset({"recorded_at", "applied_at", "forgotten_at"})


@dataclass
class Layout:
    """Where one scenario keeps its data (the same layout StorageResource uses)."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / "wirefacts.duckdb"

    @property
    def data(self) -> str:
        return str(self.root / "lake")

    @property
    def sources_file(self) -> Path:
        return self.root / "subset-urls.txt"


# --------------------------------------------------------------------------- crash hooks


class _Crash:
    """The crash point of this child: where, and on which matching call."""

    def __init__(self, spec: dict[str, Any], log: Any) -> None:
        self.spec = spec
        self.seen = 0
        self.log = log
        self.step: str | None = None
        self.day: str | None = None

    def matches(self, hook: str, **facts: Any) -> bool:
        spec = self.spec
        if spec.get("hook") != hook:
            return False
        if spec.get("step") and spec["step"] != self.step:
            return False
        if spec.get("day") and spec["day"] != self.day:
            return False
        for key in ("table", "when"):
            if spec.get(key) and spec[key] != facts.get(key):
                return False
        if "sql" in spec and spec["sql"] not in str(facts.get("sql", "")):
            return False
        self.seen += 1
        return self.seen == int(spec.get("n", 1))

    def die(self, where: str) -> None:
        """Leave a note for the test (so a missed point is easy to tell apart), then SIGKILL."""
        self.log.write(f"CRASH POINT REACHED: {where}\n")
        self.log.flush()
        os.fsync(self.log.fileno())
        os.kill(os.getpid(), signal.SIGKILL)


CRASH: _Crash | None = None


def _parquet_bytes(frame: Any) -> bytes:
    buf = io.BytesIO()
    frame.write_parquet(buf, compression="zstd")
    return buf.getvalue()


def install_crash(spec: dict[str, Any], log: Any) -> _Crash:
    """Patch product internals in this process so it SIGKILLs itself at ``spec``.

    Hooks: ``raw`` (a raw-archive Parquet part), ``lake`` (a silver Parquet file),
    ``story_index`` (the MinHash signature file), ``sql`` (a statement on the writer's
    DuckDB connection, before or after it runs), ``snapshot_copy`` and
    ``snapshot_replace`` (publishing the reader snapshot). Modes for files: ``torn``
    (half the bytes written to the temp file), ``unrenamed`` (temp file complete, not
    renamed) and ``after`` (the file is in place).
    """
    import shutil

    import duckdb

    from pipelines import dedup, lake, raw

    crash = _Crash(spec, log)
    mode = spec.get("mode", "torn")

    original_atomic = raw.RawArchive._atomic_write

    def atomic_write(self: raw.RawArchive, final: str, frame: Any) -> None:
        table = raw.ERRORS_TABLE if f"/{raw.ERRORS_TABLE}/" in final else raw.PAGES_TABLE
        if not crash.matches("raw", table=table):
            original_atomic(self, final, frame)
            return
        directory = final.rsplit("/", 1)[0]
        data = _parquet_bytes(frame)
        if mode == "after":
            original_atomic(self, final, frame)
            crash.die(f"raw {table} written")
        with self.fs.open(f"{directory}/.tmp-crash.parquet", "wb") as fh:
            fh.write(data if mode == "unrenamed" else data[: len(data) // 2])
        crash.die(f"raw {table} {mode}")

    original_lake_write = lake.Lake.write

    def lake_write(self: lake.Lake, table: str, day: date, frame: Any) -> str:
        if not crash.matches("lake", table=table):
            return original_lake_write(self, table, day, frame)
        if mode == "after":
            original_lake_write(self, table, day, frame)
            crash.die(f"lake {table} written")
        path = self._path(table, day)
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        data = _parquet_bytes(frame)
        with self.fs.open(f"{path}.crash.tmp", "wb") as fh:
            fh.write(data if mode == "unrenamed" else data[: len(data) // 2])
        crash.die(f"lake {table} {mode}")
        return path

    original_save = dedup.StoryIndex._save

    def story_save(self: dedup.StoryIndex) -> None:
        if not crash.matches("story_index"):
            original_save(self)
            return
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "signatures.parquet.crash.tmp").write_bytes(b"PAR1 torn")
        crash.die("story index torn")

    original_connect = duckdb.connect

    class _Connection:
        """Delegates to a real connection; checks the crash point around ``execute``."""

        def __init__(self, con: Any) -> None:
            self._con = con

        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            text = str(query)
            if crash.matches("sql", sql=text, when="before"):
                crash.die(f"sql before {text[:60]!r}")
            result = self._con.execute(query, *args, **kwargs)
            if crash.matches("sql", sql=text, when="after"):
                crash.die(f"sql after {text[:60]!r}")
            return result

        def __getattr__(self, name: str) -> Any:
            return getattr(self._con, name)

    def connect(database: Any = ":memory:", *args: Any, **kwargs: Any) -> Any:
        con = original_connect(database, *args, **kwargs)
        if kwargs.get("read_only"):
            return con
        return _Connection(con)

    original_copy = shutil.copyfile

    def copyfile(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        if not crash.matches("snapshot_copy"):
            return original_copy(src, dst, *args, **kwargs)
        data = Path(src).read_bytes()
        Path(dst).write_bytes(data[: len(data) // 2])
        crash.die("snapshot copy torn")
        return dst

    original_replace = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if str(dst).endswith(".snapshot.duckdb") and crash.matches("snapshot_replace"):
            crash.die("snapshot not renamed")
        original_replace(src, dst, *args, **kwargs)

    raw.RawArchive._atomic_write = atomic_write  # type: ignore[method-assign]
    lake.Lake.write = lake_write  # type: ignore[method-assign]
    dedup.StoryIndex._save = story_save  # type: ignore[method-assign]
    duckdb.connect = connect
    shutil.copyfile = copyfile
    os.replace = replace
    return crash


# --------------------------------------------------------------------------- child jobs


def warm_up() -> float:
    """Import and exercise the expensive parts once (in the fork server, before forking).

    trafilatura's date search compiles dateparser's regexes for every locale on first
    use, and the spaCy model takes seconds to load; paid once here, every forked child
    starts warm. Nothing here may start a thread pool (polars, DuckDB): forked children
    would inherit a pool whose threads do not exist.
    """
    started = time.monotonic()
    from pipelines import runner  # noqa: F401  (imports everything the steps need)
    from pipelines.corpus import iter_corpus
    from pipelines.extract import extract_article
    from pipelines.nlp import ner_pipeline
    from pipelines.settings import get_settings

    page = next(iter_corpus())
    extract_article(page.body.decode("utf-8"), page.url)
    nlp = ner_pipeline(get_settings().model)
    list(nlp.pipe(["Vladimir Putin met officials in Moscow on Monday, the Kremlin said."]))
    return time.monotonic() - started


def write_sources(layout: Layout, subset: list[tuple[str, str]] = SUBSET) -> None:
    """A URL list (``URL date`` per line) read through the ordinary discovery code."""
    layout.root.mkdir(parents=True, exist_ok=True)
    layout.sources_file.write_text("".join(f"{url} {day}\n" for url, day in subset))


@contextmanager
def _step(name: str, day: str | None) -> Iterator[None]:
    if CRASH is not None:
        CRASH.step, CRASH.day = name, day
    yield


def run_scenario(job: dict[str, Any]) -> dict[str, Any]:
    """Every step for each day in turn, publishing a snapshot after each day's load."""
    from pipelines import runner
    from pipelines.corpus import CorpusFetcher
    from pipelines.dedup import StoryIndex
    from pipelines.lake import Lake
    from pipelines.load import Warehouse
    from pipelines.raw import RawArchive
    from pipelines.settings import get_settings
    from pipelines.sources import SourceConfig

    layout = Layout(Path(job["root"]))
    sources = [SourceConfig(name="subset", kind="urllist", location=str(layout.sources_file))]
    fetcher = CorpusFetcher(fetched_at=FETCHED_AT)
    archive = RawArchive(f"{layout.data}/raw")
    silver = Lake(f"{layout.data}/silver")
    warehouse = Warehouse(layout.db, lock_timeout_s=60)
    settings = get_settings()
    timings: dict[str, float] = {}
    for text in job.get("days", SUBSET_DAYS):
        day = date.fromisoformat(text)
        started = time.monotonic()
        with _step("ingest", text):
            runner.ingest_day(day, sources, fetcher, archive)
        with _step("stage", text):
            runner.stage_day(day, archive, silver, settings)
        with _step("annotate", text):
            runner.annotate_day(day, silver, settings)
        with _step("load", text):
            runner.load_day(day, silver, archive, warehouse)
        with _step("cluster", text):
            runner.cluster_stories(silver, StoryIndex(f"{layout.data}/story_index", settings))
        with _step("finalize", text):
            runner.finalize(silver, warehouse)
        if job.get("keep_snapshots"):
            import shutil

            shutil.copyfile(warehouse.snapshot, layout.root / f"published-{text}.duckdb")
        timings[text] = round(time.monotonic() - started, 3)
    return {"timings": timings}


def run_partition(job: dict[str, Any]) -> dict[str, Any]:
    """One day of the bundled corpus, start to finish (the concurrency test's unit)."""
    from pipelines import runner
    from pipelines.corpus import CorpusFetcher, sample_sources
    from pipelines.dedup import StoryIndex
    from pipelines.lake import Lake
    from pipelines.load import Warehouse
    from pipelines.raw import RawArchive
    from pipelines.settings import get_settings

    layout = Layout(Path(job["root"]))
    day = date.fromisoformat(job["day"])
    settings = get_settings()
    archive = RawArchive(f"{layout.data}/raw")
    silver = Lake(f"{layout.data}/silver")
    warehouse = Warehouse(layout.db, lock_timeout_s=120)
    steps: dict[str, float] = {}

    def timed(name: str, call: Callable[[], Any]) -> Any:
        started = time.monotonic()
        out = call()
        steps[name] = round(time.monotonic() - started, 3)
        return out

    fetcher = CorpusFetcher(fetched_at=FETCHED_AT)
    timed("ingest", lambda: runner.ingest_day(day, sample_sources(), fetcher, archive))
    timed("stage", lambda: runner.stage_day(day, archive, silver, settings))
    timed("annotate", lambda: runner.annotate_day(day, silver, settings))
    counts = timed("load", lambda: runner.load_day(day, silver, archive, warehouse))
    if job.get("finalize", True):
        index = StoryIndex(f"{layout.data}/story_index", settings)
        timed("cluster", lambda: runner.cluster_stories(silver, index))
        timed("finalize", lambda: runner.finalize(silver, warehouse))
    return {"day": job["day"], "steps": steps, "loaded": counts}


def run_finalize(job: dict[str, Any]) -> dict[str, Any]:
    """Cluster and finalize once more, after every partition is in."""
    from pipelines import runner
    from pipelines.dedup import StoryIndex
    from pipelines.lake import Lake
    from pipelines.load import Warehouse
    from pipelines.settings import get_settings

    layout = Layout(Path(job["root"]))
    silver = Lake(f"{layout.data}/silver")
    runner.cluster_stories(silver, StoryIndex(f"{layout.data}/story_index", get_settings()))
    return runner.finalize(silver, Warehouse(layout.db, lock_timeout_s=120))


def run_reader(job: dict[str, Any]) -> dict[str, Any]:
    """Query the warehouse in a loop until told to stop; one JSON line per read.

    Reads go through ``run_read_query`` (``wirefacts query``): the published snapshot,
    or before the first publish the writer's own file, shared-locked. Each read takes per-partition row counts of the partitioned tables in one
    connection, so the test can tell whether any partition was ever seen half-loaded.
    """
    from pipelines.load import snapshot_path
    from pipelines.warehouse_access import run_read_query

    db = Path(job["db"])
    stop = Path(job["stop"])
    deadline = time.monotonic() + float(job.get("max_s", 600))
    reads = failures = 0
    with open(job["out"], "w", encoding="utf-8") as out:
        while not stop.exists() and time.monotonic() < deadline:
            if not snapshot_path(db).exists() and not db.exists():
                time.sleep(0.05)  # nothing loaded yet: not a read
                continue
            started = time.monotonic()
            record: dict[str, Any] = {"t": round(time.time(), 3)}
            try:
                _columns, rows = run_read_query(db, PARTITION_COUNTS_SQL)
                record["counts"] = [[str(d), t, int(n)] for d, t, n in rows]
            except Exception as exc:  # a failed read is a finding; keep reading
                record["error"] = f"{type(exc).__name__}: {exc}"
                failures += 1
            record["seconds"] = round(time.monotonic() - started, 3)
            out.write(json.dumps(record) + "\n")
            out.flush()
            reads += 1
            time.sleep(float(job.get("pause_s", 0.05)))
    return {"reads": reads, "failures": failures}


JOBS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "scenario": run_scenario,
    "partition": run_partition,
    "finalize": run_finalize,
    "reader": run_reader,
}


def child_main(job: dict[str, Any]) -> int:
    """Entry point of a forked child: output to the job's log, result to its JSON file."""
    global CRASH
    log = open(job["log"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives until exit
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log
    try:
        if job.get("crash"):
            CRASH = install_crash(job["crash"], log)
        result = JOBS[job["kind"]](job)
        if job.get("result"):
            Path(job["result"]).write_text(json.dumps(result, default=str))
        return 0
    except BaseException:
        traceback.print_exc(file=log)
        return 1
    finally:
        log.flush()


# --------------------------------------------------------------------------- comparisons

PARTITIONED = (
    "dim_article",
    "article_version",
    "stg_entity",
    "stg_entity_alias",
    "fct_entity_mention",
    "fct_article_entity",
    "fct_date_mention",
    "fct_attribution",
    "quarantine",
)
PARTITION_COUNTS_SQL = " UNION ALL ".join(
    f"SELECT partition_date, '{t}' AS tbl, count(*) AS n FROM {t} GROUP BY partition_date"  # noqa: S608 - fixed table names
    for t in PARTITIONED
)


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every warehouse table as a sorted list of rows, volatile timestamp columns left out.

    Sorted lists (not sets) so that a duplicated row is a difference.
    """
    import duckdb

    from pipelines.load import ALL_TABLES

    out: dict[str, list[tuple[Any, ...]]] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in ALL_TABLES:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {select} FROM "{table}"').fetchall()  # noqa: S608 - names from the catalog
            out[table] = sorted((tuple(repr(v) for v in row) for row in rows), key=repr)
        out["_search"] = [
            tuple(map(repr, r))
            for r in _search(con, "Belgorod incursion") + _search(con, "Gaza strikes")
        ]
    finally:
        con.close()
    return out


def _search(con: Any, query: str) -> list[tuple[Any, ...]]:
    from pipelines import search

    with contextlib.suppress(Exception):  # already loaded in this connection
        search.load_extension(con)
    return [tuple(hit.values()) for hit in search.search(con, query, 5)]


def partition_counts(db: Path) -> dict[tuple[str, str], int]:
    """``(partition_date, table) -> rows`` for the partitioned tables of ``db``."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        migrated = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dim_article'"
        ).fetchone()
        if not migrated or not migrated[0]:
            return {}  # killed before the first migration committed: an empty file
        rows = con.execute(PARTITION_COUNTS_SQL).fetchall()
    finally:
        con.close()
    return {(str(d), t): int(n) for d, t, n in rows}


def differences(got: dict[str, list[Any]], want: dict[str, list[Any]]) -> dict[str, str]:
    """Per table, a short description of how ``got`` differs from ``want`` (empty if equal)."""
    from collections import Counter

    out: dict[str, str] = {}
    for table in sorted(set(got) | set(want)):
        a, b = Counter(got.get(table, [])), Counter(want.get(table, []))
        if a == b:
            continue
        extra, missing = a - b, b - a
        out[table] = (
            f"{sum(extra.values())} extra/duplicated, {sum(missing.values())} missing "
            f"(got {len(got.get(table, []))}, want {len(want.get(table, []))}); "
            f"e.g. extra {list(extra)[:1]} missing {list(missing)[:1]}"
        )
    return out
