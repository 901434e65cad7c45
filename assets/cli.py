"""The ``wirefacts`` command line: the one module that uses both layers.

Conventions: commands that print records print JSON Lines, one object per input or row
in input order, every documented key present (null when unknown); an input that fails
yields ``{"source": ..., "error": ...}`` in its place. Exit 0 when every input was
processed, 1 on usage or fatal errors.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pipelines.settings import data_root_for, get_settings


class UsageError(Exception):
    """A problem with what the user typed; reported on stderr with exit code 1."""


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def emit(record: dict[str, Any], out: Any = None) -> None:
    """Write one JSON Lines record."""
    out = out or sys.stdout
    out.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
    out.flush()


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return value


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", type=Path, default=None, help="warehouse file (default: settings/WIREFACTS_DB)"
    )


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else Path(get_settings().db)


# ----------------------------------------------------------------------------- demo / runs


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the main job on the bundled corpus (no network) and print a summary."""
    from assets.execution import resources_for
    from pipelines.corpus import CorpusFetcher, sample_sources
    from pipelines.sources import collect

    db = _db(args)
    data_root = args.data or data_root_for(db)
    days = sorted(set(collect(sample_sources(), CorpusFetcher()).pages["partition_date"].to_list()))
    resources = resources_for(db_path=str(db), data_root=data_root, mode="bundled")
    failed = _run_with_progress(days, resources, include_raw=True)
    if failed:
        print(f"failed partitions: {', '.join(d.isoformat() for d in failed)}", file=sys.stderr)
        return 1
    print(_summary(db))
    return 0


def _run_with_progress(
    days: list[dt.date],
    resources: dict[str, object] | None,
    include_raw: bool,
    workers: int = 0,
    spec: Any = None,
    pool: Any = None,
    clock: IngestClock | None = None,
) -> list[dt.date]:
    """Run the days, then finalize once: the cross-partition tables need every day's load
    first. With ``workers``, the days run in that many processes built from ``spec``
    (starting with the already started ``pool`` if given) and a warm worker finalizes,
    so this process never imports Dagster; else everything runs here with ``resources``.
    ``clock`` gets the end of the days' phase."""
    from rich.progress import Progress

    failed: list[dt.date] = []
    # Redrawn when a day ends, not 10 times a second: the automatic refresh rebuilds the
    # bar even when nothing shows it (stdout not a terminal), ~2 CPU-s in a 1,000-page
    # ingest, taken from the workers' cores.
    with Progress(transient=True, auto_refresh=False) as progress:
        task = progress.add_task("partitions", total=len(days))
        left = [len(days)]

        def done(day: dt.date, ok: bool) -> None:
            if not ok:
                failed.append(day)
            progress.advance(task)
            progress.refresh()
            left[0] -= 1
            if not left[0] and clock is not None:
                clock.mark("days")

        if workers > 0 and spec is not None:
            from assets.workers import run_partitions_in_workers

            run_partitions_in_workers(
                days,
                spec,
                workers,
                partitions_per_worker=get_settings().partitions_per_worker,
                on_done=done,
                pool=pool,
                finalize=True,
            )
        else:
            from assets.execution import run_partitions

            assert resources is not None, "an in-process run needs its resources"
            run_partitions(days, resources, include_raw=include_raw, on_done=done)
    return sorted(failed)


class IngestClock:
    """Wall seconds of an ingest's phases and the CPU seconds of this process and of the
    worker processes, printed when it ends: what sizing a backfill takes, and the only way
    to tell the parallel days from the serial collection and finalize in a slow run."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: dict[str, float] = {}

    def mark(self, phase: str) -> None:
        """The phase ``phase`` ends now (phases follow each other)."""
        self.marks[phase] = time.perf_counter()

    def line(self, days: int, workers: int) -> str:
        edges = [self.started, *self.marks.values()]
        spans = {p: edges[i + 1] - edges[i] for i, p in enumerate(self.marks)}
        own = resource.getrusage(resource.RUSAGE_SELF)
        # Worker processes count once they have been waited for, which the pools do.
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        phases = " · ".join(f"{p} {s:.1f} s" for p, s in spans.items())
        where = f"in {workers} worker process{'es' if workers > 1 else ''}" if workers else "here"
        return (
            f"time: {phases}; total {edges[-1] - self.started:.1f} s for {days}"
            f" partition{'s' if days != 1 else ''} run {where}; CPU: this process"
            f" {own.ru_utime + own.ru_stime:.1f} s,"
            f" workers {kids.ru_utime + kids.ru_stime:.1f} s"
        )


def _summary(db: Path) -> str:
    from pipelines.load import open_reader
    from pipelines.load_sql import sql_text

    with open_reader(db, full_text=False) as con:  # counts only, no search
        counts = con.execute(sql_text("cli", "summary_counts.sql")).fetchone()
        top = con.execute(sql_text("cli", "summary_top_entities.sql")).fetchall()
    articles, stories, entities, mentions, dates, quotes = counts or (0, 0, 0, 0, 0, 0)
    lines = [
        f"wirefacts warehouse: {db}",
        f"  articles {articles} · stories {stories} · entities {entities} · mentions {mentions}"
        f" · date facts {dates} · attributions {quotes}",
        "  top entities (stories):",
    ]
    lines += [f"    {name} ({etype}): {n}" for name, etype, n in top]
    lines += [
        "next:",
        "  open the UI:   .venv/bin/dagster dev -w workspace.yaml",
        f'  query:         .venv/bin/wirefacts query "SELECT * FROM dim_entity LIMIT 5" --db {db}',  # noqa: S608 - help text
        f"  DuckDB CLI:    duckdb -readonly {db.with_name(db.stem + '.snapshot' + db.suffix)}",
    ]
    return "\n".join(lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Collect the given sources into the raw archive, then process the covered days.

    Collection streams: pages are written to the raw archive in batches as they are
    read, so a multi-gigabyte WARC never has to fit in memory. The days then run in
    worker processes (``--workers``), which is what keeps peak memory flat however
    many days the sources cover: each process's memory goes back to the OS when it
    is replaced. This process only collects; a worker finalizes.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from assets.workers import WorkerSpec, release_free_memory, start_workers
    from pipelines.raw import archive_under
    from pipelines.sources import SourceConfig, collect, detect_kind

    clock = IngestClock()
    db = _db(args)
    data_root = args.data or data_root_for(db)
    sources = []
    for i, location in enumerate(args.sources):
        try:
            kind = args.kind or detect_kind(location)
        except ValueError as exc:
            raise UsageError(f"{location}: {exc} (pass --kind)") from exc
        sources.append(SourceConfig(name=f"cli-{i}", kind=kind, location=location))  # type: ignore[arg-type]
    mode = "bundled" if args.offline else "live"
    workers = get_settings().partition_workers if args.workers is None else args.workers
    spec = WorkerSpec(db_path=str(db), data_root=data_root, mode=mode)
    archive = archive_under(data_root)
    # Into an empty archive every collected day is new and needs the model, so the workers
    # start first of all and import Dagster and load the model while this process reads
    # the sources. With earlier pages the sources may hold nothing new, and a pool started
    # for nothing would cost more than it saves; the workers then start after collection.
    # With workers, this process never imports Dagster: a warm worker finalizes.
    pool = (
        start_workers(spec, workers, load_model=True)
        if workers and not archive.partitions()
        else None
    )
    try:
        from pipelines.corpus import fetcher_for

        fetcher = fetcher_for(mode, get_settings())
        resources = None
        if not workers:
            from assets.execution import resources_for

            resources = resources_for(db_path=str(db), data_root=data_root, mode=mode)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as bar:
            task = bar.add_task("collecting: 0 items", total=None)
            seen = [0]

            def tick(n: int) -> None:
                seen[0] += n
                bar.update(task, description=f"collecting: {seen[0]} items")

            result = collect(sources, fetcher, archive=archive, progress=tick, stream=True)
        clock.mark("collect")
        for row in result.errors.iter_rows(named=True):
            print(f"error: {row.get('url')}: {row.get('reason')}", file=sys.stderr)
        days = sorted(day for day, rows in result.written.items() if rows)
        del result
        if not days:
            # Everything these sources hold is already in the raw archive (or failed, above).
            print("nothing new to ingest", file=sys.stderr)
            return 0
        release_free_memory()  # the WARC read's buffers, before the days run beside us
        failed = _run_with_progress(
            days, resources, include_raw=False, workers=workers, spec=spec, pool=pool, clock=clock
        )
        clock.mark("finalize")  # the days were marked done as the last one ended
    finally:
        if pool is not None:  # handed on and shut down already unless collection failed
            pool.shutdown(cancel_futures=True)
    if failed:
        print(f"failed partitions: {', '.join(d.isoformat() for d in failed)}", file=sys.stderr)
    print(_summary(db))
    print(clock.line(len(days), workers), file=sys.stderr)
    return 1 if failed else 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from assets.backfill import backfill

    return backfill(
        start=args.start,
        end=args.end,
        source=args.source,
        force=args.force,
        in_process=args.in_process,
        db=str(_db(args)),
        workers=args.workers,
    )


# ----------------------------------------------------------------------------- documents


def _read_source(source: str) -> tuple[str, bytes]:
    if source.startswith(("http://", "https://")):
        from pipelines.fetch import HttpFetcher

        fetched = HttpFetcher(get_settings().fetch).fetch(source)
        body = getattr(fetched, "body", None)
        if body is None:
            raise RuntimeError(getattr(fetched, "reason", "fetch failed"))
        return source, body
    path = Path(source)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return path.resolve().as_uri(), data


def _expand(paths: Sequence[str], suffixes: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += [str(f) for f in sorted(path.rglob("*")) if f.name.endswith(suffixes)]
        else:
            out.append(p)
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.extract import ExtractionError, extract_article
    from pipelines.fetch import decode_body

    for source in _expand(args.inputs, (".html", ".htm", ".html.gz", ".htm.gz")):
        try:
            url, body = _read_source(source)
            html, _encoding = decode_body(body, None)
            record = extract_article(html, args.url or url)
            emit({"source": source, **record})
        except ExtractionError as exc:
            emit({"source": source, "error": f"{exc.reason}: {exc}"})
        except Exception as exc:
            emit({"source": source, "error": f"{type(exc).__name__}: {exc}"})
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from pipelines.annotate import annotate_text

    aliases = None
    if args.db:
        from pipelines.load import Warehouse

        aliases = Warehouse(args.db).read_frame("dim_entity_alias")
    inputs = args.inputs or ["-"]
    for source in inputs:
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
            record = annotate_text(text, args.published, aliases=aliases)
            emit({"source": source, **record})
        except Exception as exc:
            emit({"source": source, "error": f"{type(exc).__name__}: {exc}"})
    return 0


def cmd_timex(args: argparse.Namespace) -> int:
    from pipelines.dates import timex_record

    if args.jsonl:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                anchor = item.get("anchor")
                emit(
                    timex_record(
                        item["text"], _parse_date(anchor) if anchor else None, item.get("sentence")
                    )
                )
            except Exception as exc:
                emit({"source": line.strip(), "error": f"{type(exc).__name__}: {exc}"})
        return 0
    if not args.expression:
        raise UsageError("give an EXPRESSION or --jsonl")
    emit(timex_record(args.expression, args.anchor, args.sentence))
    return 0


# ----------------------------------------------------------------------------- warehouse


def cmd_query(args: argparse.Namespace) -> int:
    from pipelines.warehouse_access import run_read_query

    sql = args.sql
    if args.file:
        sql = Path(args.file).read_text(encoding="utf-8")
    elif args.named:
        from pipelines.warehouse_access import documented_queries

        queries = documented_queries()
        if args.named not in queries:
            raise UsageError(f"no documented query {args.named!r}; known: {', '.join(queries)}")
        sql = queries[args.named]
    if not sql:
        raise UsageError("give SQL, --file PATH or --named QUERY")
    params: dict[str, Any] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes NAME=VALUE, not {item!r}")
        params[name] = int(value) if value.isdigit() else value
    columns, rows = run_read_query(_db(args), sql, params or None)
    _print_rows(columns, rows, args.format)
    return 0


def _print_rows(columns: list[str], rows: Iterable[Sequence[Any]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        for row in rows:
            emit(dict(zip(columns, row, strict=True)), out)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _csv_value(v) for v in row])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*["NULL" if v is None else str(v) for v in row])
        Console(file=out, width=200).print(table)


def _csv_value(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    return str(value)


def cmd_search(args: argparse.Namespace) -> int:
    from pipelines.load import open_reader
    from pipelines.search import search

    with open_reader(_db(args)) as con:
        for hit in search(con, args.query, args.limit):
            emit(hit)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.warehouse_access import export_parquet

    for table, path, rows in export_parquet(_db(args), Path(args.directory)):
        emit({"table": table, "path": str(path), "rows": rows})
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from assets.resources import StorageResource
    from pipelines.warehouse_access import forget

    db = _db(args)
    storage = StorageResource(db_path=str(db), data_root=args.data or data_root_for(db))
    for record in forget(
        args.urls, storage.warehouse(), storage.raw(), storage.lake(), storage.story_index()
    ):
        emit(record)
    return 0


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wirefacts", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="run the main job on the bundled sample corpus")
    _db_arg(p)
    p.add_argument("--data", default=None, help="data root URI for raw and silver layers")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("ingest", help="ingest feeds, sitemaps, WARCs, URL lists, folders, pages")
    p.add_argument("sources", nargs="+")
    p.add_argument("--kind", choices=["feed", "sitemap", "warc", "urllist", "folder", "html"])
    p.add_argument("--offline", action="store_true", help="serve URLs from the bundled corpus")
    p.add_argument("--data", default=None)
    p.add_argument(
        "--workers",
        type=_non_negative,
        default=None,
        help="worker processes for the days (default: settings partition_workers; "
        "0 runs them in this process)",
    )
    _db_arg(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("backfill", help="materialize a range of daily partitions")
    p.add_argument("--start", type=_parse_date, required=True)
    p.add_argument("--end", type=_parse_date, required=True, help="inclusive")
    p.add_argument("--source", default=None, help="only this configured source")
    p.add_argument("--force", action="store_true", help="redo partitions already done")
    p.add_argument("--in-process", action="store_true", help="run here without a daemon")
    p.add_argument(
        "--workers",
        type=_non_negative,
        default=0,
        help="with --in-process: worker processes for the days (default 0: this process)",
    )
    _db_arg(p)
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser(
        "extract", help="extract article records from pages (files, .gz, folders, URLs)"
    )
    p.add_argument("inputs", nargs="+")
    p.add_argument("--url", default=None, help="the page URL to assume for local files")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("annotate", help="entities, dates and quotes of plain-text documents")
    p.add_argument("inputs", nargs="*", help="files, or - for stdin (default)")
    p.add_argument("--published", type=_parse_date, default=None, help="anchor date for dates")
    p.add_argument("--db", type=Path, default=None, help="use this warehouse's alias table")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("timex", help="normalize one temporal expression")
    p.add_argument("expression", nargs="?")
    p.add_argument("--anchor", type=_parse_date, default=None)
    p.add_argument("--sentence", default=None)
    p.add_argument("--jsonl", action="store_true", help="read {text, anchor, sentence?} lines")
    p.set_defaults(func=cmd_timex)

    p = sub.add_parser("query", help="run a read-only SQL query")
    p.add_argument("sql", nargs="?", default=None)
    p.add_argument("--file", default=None, help="read the SQL from a file")
    p.add_argument("--named", default=None, help="a documented query from sql/queries/")
    p.add_argument("--param", action="append", default=[], help="NAME=VALUE bound as $NAME")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    _db_arg(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("search", help="full-text search over article titles and bodies")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    _db_arg(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="write every table as Parquet")
    p.add_argument("directory")
    p.add_argument("--format", choices=["parquet"], default="parquet")
    _db_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("forget", help="remove articles and everything derived from them")
    p.add_argument("urls", nargs="+")
    p.add_argument("--data", default=None)
    _db_arg(p)
    p.set_defaults(func=cmd_forget)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except UsageError as exc:
        print(f"wirefacts: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        print(f"wirefacts: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
