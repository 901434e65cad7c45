"""Running partitions in-process through Dagster, for the CLI, tests and the demo.

Every path runs the same asset code (and the same inline and warehouse checks) a
scheduled materialization runs; only the instance differs (the one under
``DAGSTER_HOME`` when set, else an ephemeral one or one the caller passes).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg

from assets.checks import ALL_CHECKS, FRESHNESS_CHECKS
from assets.pipeline_assets import ALL_ASSETS
from assets.resources import PageSourceResource, StorageResource
from pipelines.settings import get_settings

PARTITION_KEYS_WITH_RAW = (
    "raw_pages",
    "stg_articles",
    "stg_entity_mentions",
    "stg_date_mentions",
    "stg_attributions",
    "warehouse_partition",
)
GLOBAL_KEYS = ("story_clusters", "warehouse_dimensions")
_NOT_IN_RUNS = dg.AssetSelection.checks(*FRESHNESS_CHECKS)


def default_instance() -> dg.DagsterInstance:
    """The persistent instance when ``DAGSTER_HOME`` is configured, else an ephemeral one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def local_instance(home: Path) -> dg.DagsterInstance:
    """A persistent instance kept in ``home`` (SQLite), for runs without ``DAGSTER_HOME``
    that still need to remember what was done (resumable backfills)."""
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))


def resources_for(
    db_path: str = "", data_root: str = "", mode: str | None = None, sources_file: str | None = None
) -> dict[str, object]:
    return {
        "page_source": PageSourceResource(mode=mode, sources_file=sources_file),  # type: ignore[arg-type]
        "storage": StorageResource(db_path=db_path, data_root=data_root),
    }


def run_partitions(
    days: Iterable[date],
    resources: dict[str, object],
    *,
    include_raw: bool = True,
    instance: dg.DagsterInstance | None = None,
    on_done: Callable[[date, bool], None] | None = None,
    finalize: bool = True,
) -> dict[date, bool]:
    """Materialize each day's partitioned assets, then the cross-partition ones once."""
    instance = instance or default_instance()
    # The instance's event log keeps everything; the console shows only what needs a person.
    quiet = {"loggers": {"console": {"config": {"log_level": get_settings().cli_log_level}}}}
    keys = list(PARTITION_KEYS_WITH_RAW if include_raw else PARTITION_KEYS_WITH_RAW[1:])
    selection = dg.AssetSelection.keys(*keys) - _NOT_IN_RUNS
    outcome: dict[date, bool] = {}
    for day in days:
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            selection=selection,
            partition_key=day.isoformat(),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=quiet,
            tags={"wirefacts/runner": "in-process"},
        )
        outcome[day] = result.success
        if on_done:
            on_done(day, result.success)
    if finalize:
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            selection=dg.AssetSelection.keys(*GLOBAL_KEYS),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=quiet,
            tags={"wirefacts/runner": "in-process"},
        )
        if not result.success:
            raise RuntimeError("finalizing the warehouse failed; see the Dagster run logs")
    return outcome


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker process needs to rebuild the run's resources (plain, picklable values).

    Resources are rebuilt in the worker rather than pickled: each worker then loads its
    own models and opens its own storage, exactly as a separate run launcher would.
    """

    db_path: str
    data_root: str
    mode: str | None = None
    sources_file: str | None = None
    page_source_update: dict[str, Any] = field(default_factory=dict)
    include_raw: bool = False
    # A persistent Dagster home shared by the workers (SQLite copes with several
    # processes); None means each worker's own ephemeral instance (or DAGSTER_HOME).
    instance_home: str | None = None

    def resources(self) -> dict[str, object]:
        resources = resources_for(self.db_path, self.data_root, self.mode, self.sources_file)
        if self.page_source_update:
            resources["page_source"] = resources["page_source"].model_copy(  # type: ignore[attr-defined]
                update=self.page_source_update
            )
        return resources


_WORKER_INSTANCE: dg.DagsterInstance | None = None


def _worker_instance(spec: WorkerSpec) -> dg.DagsterInstance:
    """One instance per worker process, reused for every partition the worker runs."""
    global _WORKER_INSTANCE
    if _WORKER_INSTANCE is None:
        if spec.instance_home:
            _WORKER_INSTANCE = dg.DagsterInstance.from_config(spec.instance_home)
        else:
            _WORKER_INSTANCE = default_instance()
    return _WORKER_INSTANCE


def _run_one_in_worker(spec: WorkerSpec, day: date) -> bool:
    outcome = run_partitions(
        [day],
        spec.resources(),
        include_raw=spec.include_raw,
        instance=_worker_instance(spec),
        finalize=False,
    )
    release_free_memory()
    return outcome[day]


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc keeps them otherwise).

    After a partition the heap holds hundreds of MB of freed model activations and
    frames; without this the process's RSS stays at its high-water mark between
    partitions, and the parent after collection keeps the memory the WARC read used.
    A no-op where glibc is not the allocator.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def _warm_up(spec: WorkerSpec, load_model: bool) -> None:
    """Pool initializer: pay a worker's fixed start-up before its first day arrives.

    The parent starts the pool before it reads its sources, so the worker's imports (done
    by unpickling this function), its Dagster instance and, when asked, the spaCy model
    are ready by the time collection ends, instead of being paid after it on the
    critical path. A failure here is left for the day's own run to meet and report;
    raising would break the pool and lose the reason.
    """
    try:
        _worker_instance(spec)
        if load_model:
            from pipelines.nlp import ner_pipeline

            ner_pipeline(get_settings().model)
    except Exception:  # the day's run meets it again and reports it with its context
        return


def _started() -> bool:
    return True


def start_workers(spec: WorkerSpec, workers: int, *, load_model: bool) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes already starting up, for
    :func:`run_partitions_in_workers` to use (``load_model``: load the NLP model now, for
    callers that know the days will need it)."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=context,
        initializer=_warm_up,
        initargs=(spec, load_model),
    )
    # A spawn-context pool launches all its processes at the first submit.
    pool.submit(_started)
    return pool


def run_partitions_in_workers(
    days: Sequence[date],
    spec: WorkerSpec,
    workers: int,
    *,
    partitions_per_worker: int = 0,
    on_done: Callable[[date, bool], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> dict[date, bool]:
    """Materialize each day in one of ``workers`` separate processes (no finalize).

    Days are handed out one at a time, so a big day does not hold up the others. A
    worker is replaced after ``partitions_per_worker`` days (0: never), which bounds
    what a long backfill can accumulate in one process (model string stores, Dagster
    state, heap fragmentation). Processes are spawned, not forked: the parent already
    runs polars and Dagster threads, and a fork would copy their locks mid-use. The
    warehouse loads of concurrent workers are serialized by the warehouse's file lock.
    A day whose run fails or raises is reported failed and the others go on; a worker
    process that dies (killed, out of memory) breaks the pool, failing the days not done.
    ``pool`` (from :func:`start_workers`, same ``workers``) runs the first slice of days
    and is shut down after it, like any pool here.
    """
    todo = list(days)
    outcome: dict[date, bool] = {}
    if not todo:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        return outcome
    context = multiprocessing.get_context("spawn")
    size = max(1, min(workers, len(todo)))
    # Workers are recycled by giving each pool a bounded slice of the days and starting a
    # fresh pool for the next slice. ``max_tasks_per_child`` would do it in one pool, but
    # on CPython 3.11 a pool that replaces an exited worker can wait forever (seen here:
    # a 10-partition ingest hung after the fourth day).
    per_pool = size * partitions_per_worker if partitions_per_worker else len(todo)
    for start in range(0, len(todo), per_pool):
        current = pool or ProcessPoolExecutor(max_workers=size, mp_context=context)
        pool = None
        with current:
            pending: dict[Future[bool], date] = {
                current.submit(_run_one_in_worker, spec, day): day
                for day in todo[start : start + per_pool]
            }
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    day = pending.pop(future)
                    try:
                        ok = bool(future.result())
                    except Exception:  # the worker process died or the run raised
                        ok = False
                    outcome[day] = ok
                    if on_done:
                        on_done(day, ok)
    return {day: outcome[day] for day in todo}
