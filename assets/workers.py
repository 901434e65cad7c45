"""Daily partitions in worker processes, for ``wirefacts ingest --workers`` and backfills.

This module imports no Dagster at load time. The CLI starts the pool before anything
heavy, so each worker's own start-up (Dagster, the asset graph, the spaCy model: ~6
CPU-s) runs while the CLI itself reads its sources, and with ``finalize`` the CLI never
pays Dagster's import at all: a warm worker finalizes the warehouse once the days are in.
The workers import :mod:`assets.execution` when they unpickle their first task.
"""

from __future__ import annotations

import ctypes
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pipelines.settings import get_settings

if TYPE_CHECKING:
    import dagster as dg


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
        from assets.execution import resources_for

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
        import dagster as dg

        from assets.execution import default_instance

        if spec.instance_home:
            _WORKER_INSTANCE = dg.DagsterInstance.from_config(spec.instance_home)
        else:
            _WORKER_INSTANCE = default_instance()
    return _WORKER_INSTANCE


def _run_one_in_worker(spec: WorkerSpec, day: date) -> bool:
    from assets.execution import run_partitions

    outcome = run_partitions(
        [day],
        spec.resources(),
        include_raw=spec.include_raw,
        instance=_worker_instance(spec),
        finalize=False,
    )
    release_free_memory()
    return outcome[day]


def _finalize(spec: WorkerSpec, in_worker: bool = False) -> None:
    """Build the cross-partition tables: in a worker with its instance, or in the calling
    process (which then imports Dagster) when no worker can."""
    from assets.execution import run_partitions

    instance = _worker_instance(spec) if in_worker else None
    run_partitions([], spec.resources(), instance=instance, finalize=True)


def _finalized_by_a_worker(pool: ProcessPoolExecutor, spec: WorkerSpec) -> bool:
    """Finalize in one of ``pool``'s warm workers; False if the pool is broken (a worker
    was killed). A finalize that fails for any other reason raises."""
    try:
        pool.submit(_finalize, spec, True).result()
    except BrokenProcessPool:
        return False
    return True


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

    The parent starts the pool before it reads its sources, so the worker's imports, its
    Dagster instance and, when asked, the spaCy model are ready by the time collection
    ends, instead of being paid after it on the critical path. A failure here is left
    for the day's own run to meet and report; raising would break the pool and lose the
    reason.
    """
    try:
        import assets.execution  # noqa: F401 - Dagster and the asset graph, paid now

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
    finalize: bool = False,
) -> dict[date, bool]:
    """Materialize each day in one of ``workers`` separate processes.

    Days are handed out one at a time, so a big day does not hold up the others. A
    worker is replaced after ``partitions_per_worker`` days (0: never), which bounds
    what a long backfill can accumulate in one process (model string stores, Dagster
    state, heap fragmentation). Processes are spawned, not forked: the parent already
    runs polars threads, and a fork would copy their locks mid-use. The warehouse
    loads of concurrent workers are serialized by the warehouse's file lock. A day
    whose run fails or raises is reported failed and the others go on; a worker
    process that dies (killed, out of memory) breaks the pool, failing the days not done.
    ``pool`` (from :func:`start_workers`, same ``workers``) runs the first slice of days
    and is shut down after it, like any pool here.

    With ``finalize``, the cross-partition tables are built once every day has run (failed
    or not), by a worker of the last pool, which has Dagster and the assets loaded
    already; if that pool broke, in this process. A failed finalize raises.
    """
    todo = list(days)
    outcome: dict[date, bool] = {}
    if not todo:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if finalize:
            _finalize(spec)
        return outcome
    context = multiprocessing.get_context("spawn")
    size = max(1, min(workers, len(todo)))
    # Workers are recycled by giving each pool a bounded slice of the days and starting a
    # fresh pool for the next slice. ``max_tasks_per_child`` would do it in one pool, but
    # on CPython 3.11 a pool that replaces an exited worker can wait forever (seen here:
    # a 10-partition ingest hung after the fourth day).
    per_pool = size * partitions_per_worker if partitions_per_worker else len(todo)
    to_finalize = finalize
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
            if to_finalize and start + per_pool >= len(todo):
                to_finalize = not _finalized_by_a_worker(current, spec)
    if to_finalize:  # the last pool broke before a worker could finalize
        _finalize(spec)
    return {day: outcome[day] for day in todo}
