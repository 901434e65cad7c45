"""Whole-pipeline benchmark against its irreducible cost (issue 11): ``make bench``.

The irreducible work per page is HTML extraction plus NER, so every figure is set
against (a) trafilatura ``extract`` alone and (b) spaCy NER alone on the same pages, in
the same run. Sections:

  a/b/c  extraction alone, NER alone, ``wirefacts ingest`` of a WARC end to end (fresh
         DuckDB, syndication reuse off so every copy costs full price), quotes off/on;
  d      ``wirefacts ingest --workers 1`` vs ``--workers 2`` on the same WARC;
  e      peak RSS ingesting 2,500 / 5,000 / 10,000-record WARCs (all processes);
  f      re-materializing an unchanged partition vs its first run;
  g      DuckDB bulk load rate and the documented queries on a 1 M-mention warehouse;
  h      syndication-aware NLP on a corpus where each story appears in 5 outlets.

Rates are pages per second of wall time and, beside them, per CPU second (user+sys of
the process and its children): the CPU figure is the one to compare when the machine is
shared, because wall time then includes waiting for other people's work. The load
average at the start and end is printed so a reader can judge. ``--smoke`` runs every
section on a tiny corpus (CI checks that every figure prints); figures from it mean
nothing. Corpora are built in a temp dir from ``benchmarks/bench_corpus.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_corpus as corpus  # noqa: E402

RESULTS: dict[str, Any] = {}


def say(key: str, value: Any, text: str) -> None:
    """Print one figure and keep it for the JSON summary."""
    RESULTS[key] = value
    print(f"  {text}", flush=True)


@dataclass
class Timing:
    wall: float
    cpu: float


@contextlib.contextmanager
def timed() -> Iterator[Timing]:
    """Wall and CPU time (this process plus waited-for children) of a block."""
    t = Timing(0.0, 0.0)
    wall0 = time.perf_counter()
    cpu0 = _cpu()
    try:
        yield t
    finally:
        t.wall = time.perf_counter() - wall0
        t.cpu = _cpu() - cpu0


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _rate(n: int, t: Timing) -> str:
    return f"{n / t.wall:6.2f} pages/s wall, {n / t.cpu:6.2f} pages/CPU-s"


def _harmonic(a: float, b: float) -> float:
    return 1.0 / (1.0 / a + 1.0 / b)


def _env(reuse: bool, quotes: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["WIREFACTS_SYNDICATION_REUSE"] = "true" if reuse else "false"
    env["WIREFACTS_QUOTES_ENABLED"] = "true" if quotes else "false"
    env.pop("DAGSTER_HOME", None)  # an ephemeral instance, never the user's
    return env


@dataclass
class Memory:
    """Peak RSS of an ingest: the largest single process, and the whole process tree
    (the CLI plus its partition workers) summed at each sample."""

    process_mb: float
    tree_mb: float


def _tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants, from /proc (0 once they are gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total / 2**20


# The phase line `wirefacts ingest` prints last ("time: collect … · days … · finalize …"),
# per output folder, for the runs made as a child process.
PHASES: dict[Path, str] = {}


def ingest(
    warc: Path, out: Path, *, reuse: bool, quotes: bool, in_process: bool, workers: int = 1
) -> tuple[Timing, Memory]:
    """``wirefacts ingest WARC --workers N`` into a fresh DuckDB; timing and peak RSS.

    The full benchmark runs the real command in a child process (imports and model load
    included, as a user pays them) and samples the RSS of its whole process tree every
    0.2 s; smoke mode runs it in-process to stay fast (then the tree figure is the
    process's own peak plus the largest worker's).
    """
    out.mkdir(parents=True, exist_ok=True)
    db = out / "wirefacts.duckdb"
    argv = ["ingest", str(warc), "--kind", "warc", "--db", str(db), "--workers", str(workers)]
    if in_process:
        from assets import cli
        from pipelines.settings import get_settings

        saved = dict(os.environ)
        os.environ.update(_env(reuse, quotes))
        get_settings.cache_clear()
        try:
            with timed() as t, contextlib.redirect_stdout(open(os.devnull, "w")):
                code = cli.main(argv)
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        memory = Memory(max(own, kids), own + (kids if workers else 0))
    else:
        cmd = [str(ROOT / ".venv" / "bin" / "wirefacts"), *argv]
        tree = 0.0
        with timed() as t:
            proc = subprocess.Popen(
                cmd, env=_env(reuse, quotes), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            while True:
                tree = max(tree, _tree_rss_mb(proc.pid))
                reaped, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if reaped:
                    break
                time.sleep(0.2)
            proc.returncode = os.waitstatus_to_exitcode(status)
            # os.wait4 reaped the child, so RUSAGE_CHILDREN already includes it; its
            # ru_maxrss is the largest of the CLI and the workers it waited for.
        code = proc.returncode
        memory = Memory(usage.ru_maxrss / 1024, tree)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if code:
            raise RuntimeError(f"wirefacts ingest failed ({code}): {err[-2000:]}")
        PHASES[out] = next((x for x in err.splitlines() if x.startswith("time: ")), "")
    if code:
        raise RuntimeError(f"wirefacts ingest exited {code}")
    return t, memory


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ----------------------------------------------------------------------------- a / b


def bench_extract(pages: list[corpus.Page], key: str = "a") -> float:
    """(a) trafilatura ``extract`` (defaults) on every page; pages per CPU second."""
    import trafilatura

    from pipelines.fetch import decode_body

    htmls = [(decode_body(p.html, None)[0], p.url) for p in pages]
    trafilatura.extract(htmls[0][0], url=htmls[0][1])  # warm-up (lazy imports)
    with timed() as t:
        for html, url in htmls:
            trafilatura.extract(html, url=url)
    say(
        f"{key}_extract_pages_per_cpu_s",
        len(pages) / t.cpu,
        f"({key}) trafilatura extract: {_rate(len(pages), t)}",
    )
    return len(pages) / t.cpu


def bench_ner(texts: list[str], key: str = "b") -> float:
    """(b) spaCy NER-only ``nlp.pipe``: the model with every pipe but ``ner`` disabled.

    The model is loaded afresh here, not taken from the pipeline, so (b) stays the
    issue's definition of the floor whatever pipes the pipeline itself chooses to run.
    In the small English model ``ner`` embeds tokens itself, so this is the cheapest
    way to get its entities.
    """
    from pipelines.nlp import _listens_to_tok2vec, _load
    from pipelines.settings import get_settings

    nlp = _load(get_settings().model)
    wanted = ["ner", "tok2vec"] if _listens_to_tok2vec(nlp, "ner") else ["ner"]
    words = sum(len(t.split()) for t in texts)
    with nlp.select_pipes(enable=wanted):
        list(nlp.pipe(texts[:4]))  # warm-up
        with timed() as t:
            for _ in nlp.pipe(texts, batch_size=32):
                pass
    say(
        f"{key}_ner_words_per_cpu_s",
        words / t.cpu,
        f"({key}) NER words/CPU-s: {words / t.cpu:,.0f}",
    )
    say(
        f"{key}_ner_pages_per_cpu_s",
        len(texts) / t.cpu,
        f"({key}) spaCy NER alone ({'+'.join(wanted)}): {_rate(len(texts), t)}",
    )
    return len(texts) / t.cpu


def floor_again(pages: list[corpus.Page], texts: list[str], key: str, before: float) -> float:
    """The floor measured again after the ingests, and the mean of both measurements.

    The same work costs this 2-vCPU guest up to a quarter more CPU seconds at one time
    than at another (trafilatura alone: 27.7 vs 34.5 pages/CPU-s on the same pages in two
    runs), so a floor taken minutes before an ingest can flatter or wrong it. Measuring it
    on both sides of the ingests and comparing with the mean halves that drift's effect;
    both measurements are printed, so a drifting run shows.
    """
    a = bench_extract(pages, key=f"{key}_after_a")
    b = bench_ner(texts, key=f"{key}_after_b")
    after = _harmonic(a, b)
    mean = (before + after) / 2
    say(
        f"{key}_irreducible_after_pages_per_cpu_s",
        after,
        f"({key}) irreducible measured again after the ingests: {after:.2f} pages/CPU-s "
        f"(before {before:.2f}; the ratios use the mean, {mean:.2f})",
    )
    return mean


# ----------------------------------------------------------------------------- sections


def section_abc(
    pages: list[corpus.Page], tmp: Path, smoke: bool, repeat: int = 1
) -> dict[str, Any]:
    """(a), (b), the floor, then (c) with quotes off and on (``repeat`` runs of each,
    alternated ABBA; the rates and ratios use each side's mean CPU-s)."""
    warc = tmp / "corpus.warc.gz"
    n = corpus.write_warc(
        warc, corpus.repeated(pages, len(pages) if smoke else max(1000, len(pages)))
    )
    rep = list(corpus.repeated(pages, n))
    print(
        f"\n== a/b/c: {n} pages ({len(pages)} distinct) in {warc.stat().st_size / 1e6:.1f} MB WARC"
    )
    a = bench_extract([p for p, _ in rep])
    b = bench_ner([p.text for p, _ in rep])
    floor = _harmonic(a, b)
    say("irreducible_pages_per_cpu_s", floor, f"irreducible 1/(1/a+1/b): {floor:.2f} pages/CPU-s")
    out: dict[str, Any] = {"warc": warc, "n": n}
    runs: dict[bool, list[Timing]] = {False: [], True: []}
    for run, quotes in enumerate(_alternated((False, True), repeat)):
        where = tmp / f"c-q{int(quotes)}" if run < 2 else tmp / f"c-q{int(quotes)}-{run}"
        t, peak = ingest(warc, where, reuse=False, quotes=quotes, in_process=smoke)
        runs[quotes].append(t)
        tag = "on" if quotes else "off"
        total = Timing(sum(x.wall for x in runs[quotes]), sum(x.cpu for x in runs[quotes]))
        say(
            f"c_ingest_quotes_{tag}_pages_per_cpu_s",
            n * len(runs[quotes]) / total.cpu,
            f"(c) wirefacts ingest, quotes {tag}, run {len(runs[quotes])}: {_rate(n, t)};"
            f" peak RSS {peak.tree_mb:,.0f} MB",
        )
        out[f"c_{tag}"] = Timing(total.wall / len(runs[quotes]), total.cpu / len(runs[quotes]))
        if run >= 2:
            shutil.rmtree(where, ignore_errors=True)
    floor = floor_again([p for p, _ in rep], [p.text for p, _ in rep], "c", floor)
    out["floor"] = floor
    eff = (n / out["c_off"].cpu) / floor
    say(
        "c_efficiency_quotes_off",
        eff,
        f"(c) efficiency (c)/(irreducible), quotes off: {eff:.2f} (target >= 0.85)",
    )
    eff_on = (n / out["c_on"].cpu) / floor
    say("c_efficiency_quotes_on", eff_on, f"(c) efficiency, quotes on: {eff_on:.2f}")
    overhead = out["c_on"].cpu / out["c_off"].cpu - 1
    say(
        "c_quotes_overhead",
        overhead,
        f"(c) quotes stage overhead: {overhead:+.0%} of CPU time (target <= 25%)",
    )
    return out


def _raw_copy(warc: Path, root: Path) -> list[date]:
    """Collect a WARC into a fresh raw archive under ``root``; the days it covers."""
    from pipelines.fetch import HttpFetcher
    from pipelines.raw import RawArchive
    from pipelines.settings import FetchSettings
    from pipelines.sources import SourceConfig, collect

    archive = RawArchive(str(root / "lake" / "raw"))
    result = collect(
        [SourceConfig(name="bench", kind="warc", location=str(warc))],
        HttpFetcher(FetchSettings()),
        archive=archive,
    )
    archive.write(result.pages)  # collect returns what the archive lacks; writing is ours
    return archive.partitions()


def _alternated(pair: tuple[Any, Any], repeat: int) -> list[Any]:
    """The two settings in ABBA order, ``repeat`` runs of each (1: A then B).

    The same work costs this shared guest up to a third more at one moment than at
    another, so one run of each side against the other is a coin toss when the two
    differ by less than that. Alternating them puts each side at both ends of the
    sequence, and a drift that spans the runs then falls on both sides about equally.
    """
    a, b = pair
    return [x for r in range(repeat) for x in ((a, b) if r % 2 == 0 else (b, a))]


def section_d(warc: Path, n: int, tmp: Path, smoke: bool, repeat: int = 1) -> None:
    """(d) ``wirefacts ingest --workers 1`` vs ``--workers 2`` on the same WARC.

    Both are the whole command (collection, the days in worker processes, finalize);
    only the number of worker processes differs. CPU utilisation (CPU-s of the process
    tree per wall second) shows whether two cores were there to use: on a shared
    machine a low utilisation, not the code, caps the speed-up. With ``repeat`` > 1 the
    two are run alternately (ABBA) and the speed-up is taken from the summed wall times.
    """
    print(
        f"\n== d: wirefacts ingest --workers 1 vs 2 (days split between processes), {repeat} run(s) each"
    )
    timings: dict[int, list[Timing]] = {1: [], 2: []}
    for run, workers in enumerate(_alternated((1, 2), repeat)):
        out = tmp / f"d{workers}-{run}"
        t, memory = ingest(
            warc,
            out,
            reuse=False,
            quotes=False,
            in_process=smoke,
            workers=workers,
        )
        timings[workers].append(t)
        say(
            f"d_{workers}_workers_pages_per_s",
            n / sum(x.wall for x in timings[workers]) * len(timings[workers]),
            f"(d) {workers} worker(s), run {len(timings[workers])}: {n / t.wall:.2f} pages/s wall, "
            f"{t.wall:.0f} s wall, {t.cpu:.0f} CPU-s, CPU utilisation {t.cpu / t.wall:.2f} cores; "
            f"peak RSS {memory.tree_mb:,.0f} MB (all processes)",
        )
        if PHASES.get(out):
            print(f"    {PHASES[out]}")
        shutil.rmtree(out, ignore_errors=True)
    walls = {w: sum(x.wall for x in ts) for w, ts in timings.items()}
    cpus = {w: sum(x.cpu for x in ts) for w, ts in timings.items()}
    for w in timings:
        RESULTS[f"d_{w}_workers_cpu_utilisation"] = cpus[w] / walls[w]
    speedup = walls[1] / walls[2]
    runs = [a.wall / b.wall for a, b in zip(timings[1], timings[2], strict=True)]
    RESULTS["d_speedup_runs"] = runs
    say(
        "d_speedup",
        speedup,
        f"(d) speed-up 2 vs 1 workers: {speedup:.2f}x wall over {repeat} run(s) each "
        f"(per pair: {', '.join(f'{x:.2f}x' for x in runs)}; target >= 1.8x on 2 idle cores); "
        f"utilisation {cpus[1] / walls[1]:.2f} -> {cpus[2] / walls[2]:.2f}"
        f" cores; load avg {load_avg()}",
    )


def section_e(tmp: Path, pages: list[corpus.Page], smoke: bool) -> None:
    """(e) Peak RSS as the WARC grows: collect (bench_warc.py) and full ingest."""
    sizes = [20, 40, 80] if smoke else [2500, 5000, 10000]
    print(f"\n== e: peak RSS vs WARC size {sizes}")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_warc.py"), "--sizes", *map(str, sizes)],
        check=True,
        capture_output=True,
        text=True,
    )
    for line in out.stdout.strip().splitlines()[1:]:
        cols = line.split()
        say(
            f"e_collect_{cols[0]}_peak_mb",
            float(cols[-1]),
            f"(e) collect {cols[0]} records into the raw archive: peak RSS {cols[-1]} MB ({cols[3]} rec/s)",
        )
    full_sizes = sizes if os.environ.get("BENCH_E_FULL") else sizes[:1]
    for size in full_sizes:
        warc = tmp / f"e-{size}.warc.gz"
        corpus.write_warc(warc, corpus.repeated(pages, size, days=max(1, size // 250)))
        t, peak = ingest(warc, tmp / f"e-{size}", reuse=True, quotes=True, in_process=smoke)
        say(
            f"e_ingest_{size}_peak_mb",
            peak.tree_mb,
            f"(e) wirefacts ingest {size} records end to end (--workers 1): peak RSS "
            f"{peak.tree_mb:,.0f} MB all processes, {peak.process_mb:,.0f} MB largest process "
            f"({size / t.wall:.2f} pages/s wall, {size / t.cpu:.2f} pages/CPU-s)",
        )


def section_f(warc: Path, tmp: Path) -> None:
    """(f) Materializing one partition, then again with nothing changed."""
    print("\n== f: re-materializing an unchanged partition")
    from assets.execution import resources_for, run_partitions

    root = tmp / "f"
    days = _raw_copy(warc, root)
    resources = resources_for(
        db_path=str(root / "wirefacts.duckdb"), data_root=str(root / "lake"), mode="live"
    )
    times = []
    for _ in range(2):
        with timed() as t:
            run_partitions(days[:1], resources, include_raw=False, finalize=False)
        times.append(t.wall)
    share = times[1] / times[0]
    say(
        "f_rerun_share",
        share,
        f"(f) first {times[0]:.1f} s, unchanged re-run {times[1]:.1f} s = {share:.0%} (target <= 10%)",
    )


def section_g(tmp: Path, smoke: bool) -> None:
    """(g) Bulk load through the real loader, then every documented query."""
    import bench_warehouse

    mentions = 20_000 if smoke else 1_000_000
    print(f"\n== g: warehouse of {mentions:,} mentions")
    figures = bench_warehouse.build(
        tmp / "g" / "wirefacts.duckdb", mentions, days=2 if smoke else bench_warehouse.DAYS
    )
    say(
        "g_load_rows_per_s",
        figures.rows_per_s,
        f"(g) bulk load: {figures.fact_rows:,} fact rows (4 fact tables) in "
        f"{figures.partitions} load_partition calls, {figures.load_wall_s:.1f} s wall incl. "
        f"commit and checkpoint = {figures.rows_per_s:,.0f} rows/s (target >= 1,000,000); "
        f"{figures.load_cpu_s:.1f} CPU-s = {figures.rows_per_cpu_s:,.0f} rows/CPU-s; "
        f"finalize {figures.finalize_wall_s:.1f} s",
    )
    RESULTS["g_load_rows_per_cpu_s"] = figures.rows_per_cpu_s
    for name, q in bench_warehouse.query_latencies(tmp / "g" / "wirefacts.duckdb").items():
        say(
            f"g_query_{name}_ms",
            q.wall_ms,
            f"(g) query {name}: {q.wall_ms:.0f} ms wall, {q.cpu_ms:.0f} ms CPU, of which "
            f"fetch {q.fetch_ms:.0f} ms ({q.rows:,} rows; median of 5; target < 200 ms; "
            f"`wirefacts query` adds {q.open_ms:.0f} ms to open the snapshot)",
        )


def section_h(pages: list[corpus.Page], tmp: Path, smoke: bool, repeat: int = 1) -> None:
    """(h) Each story in 5 outlets with small edits: reuse on vs the irreducible rate
    (with ``repeat`` > 1, reuse on and off alternately, ABBA; rates from summed CPU-s)."""
    warc = tmp / "syndicated.warc.gz"
    n = corpus.write_warc(warc, corpus.syndicated(pages))
    items = list(corpus.syndicated(pages))
    print(f"\n== h: {n} pages = {len(pages)} stories x 5 outlets")
    texts = corpus.usable_pages([p for p, _ in items])
    a = bench_extract([p for p, _ in items])
    b = bench_ner([p.text for p in texts])
    floor = _harmonic(a, b)
    say(
        "h_irreducible_pages_per_cpu_s",
        floor,
        f"(h) irreducible on this corpus: {floor:.2f} pages/CPU-s",
    )
    results: dict[bool, list[Timing]] = {True: [], False: []}
    for run, reuse in enumerate(_alternated((True, False), repeat)):
        out = tmp / f"h-r{int(reuse)}" if run < 2 else tmp / f"h-r{int(reuse)}-{run}"
        t, _ = ingest(warc, out, reuse=reuse, quotes=True, in_process=smoke)
        results[reuse].append(t)
        tag = "on" if reuse else "off"
        say(
            f"h_reuse_{tag}_pages_per_cpu_s",
            n * len(results[reuse]) / sum(x.cpu for x in results[reuse]),
            f"(h) ingest, reuse {tag} (quotes on), run {len(results[reuse])}: {_rate(n, t)}",
        )
        if run >= 2:  # the first pair's warehouses are kept for the comparison below
            shutil.rmtree(out, ignore_errors=True)
    floor = floor_again([p for p, _ in items], [p.text for p in texts], "h", floor)
    on = n * len(results[True]) / sum(x.cpu for x in results[True])
    off = n * len(results[False]) / sum(x.cpu for x in results[False])
    gain = on / floor
    say(
        "h_vs_irreducible",
        gain,
        f"(h) reuse on vs irreducible: {gain:.2f}x over {repeat} run(s) each "
        f"(reuse on {on:.2f}, off {off:.2f} pages/CPU-s: {on / off:.2f}x faster than from"
        f" scratch; target >= 2x; ceiling ~2.6x)",
    )
    diffs = compare_facts(tmp / "h-r0" / "wirefacts.duckdb", tmp / "h-r1" / "wirefacts.duckdb")
    for table, (rows, diff) in diffs.items():
        say(
            f"h_diff_{table}",
            diff,
            f"(h) {table}: {rows:,} rows from scratch, {diff} differ with reuse",
        )


FACT_TABLES = {
    "fct_entity_mention": "article_id, entity_id, char_start, char_end, surface, entity_type",
    "fct_article_entity": "article_id, entity_id, mention_count, first_char, salience",
    "fct_date_mention": "article_id, char_start, char_end, surface, value, anchor_date",
    "fct_attribution": "article_id, char_start, char_end, speaker_text, speaker_entity_id, cue, content",
}


def compare_facts(scratch: Path, reused: Path) -> dict[str, tuple[int, int]]:
    """Rows in one warehouse's fact tables and not the other's (both directions)."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"ATTACH '{scratch}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{reused}' AS b (READ_ONLY)")
    out = {}
    for table, cols in FACT_TABLES.items():
        total_row = con.execute(f"SELECT count(*) FROM a.{table}").fetchone()  # noqa: S608
        diff_row = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {cols} FROM a.{table} EXCEPT ALL SELECT {cols} FROM b.{table}))"  # noqa: S608
            f" + (SELECT count(*) FROM (SELECT {cols} FROM b.{table} EXCEPT ALL SELECT {cols} FROM a.{table}))"
        ).fetchone()
        assert total_row is not None and diff_row is not None
        out[table] = (int(total_row[0]), int(diff_row[0]))
    return out


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke", action="store_true", help="tiny corpus; checks every figure prints"
    )
    parser.add_argument("--only", default="abcdefgh", help="sections to run, e.g. 'abch'")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of each side in (c), (d) and (h), alternated ABBA (default 2; smoke 1)",
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.smoke else 2)
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"wirefacts benchmark {'(smoke) ' if args.smoke else ''}{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}, load avg {load_avg()}"
    )
    RESULTS.update({"commit": commit, "smoke": args.smoke, "date": datetime.now(UTC).isoformat()})
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            tmp = args.keep
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wirefacts-bench-")))
        with timed() as t:
            base = corpus.base_pages(real=not args.smoke)
            base = base[:14] if args.smoke else base
            pages = corpus.usable_pages(base, limit=6 if args.smoke else None)
        print(
            f"corpus: {len(pages)} usable pages of {len(base)} (English, long enough for NLP), "
            f"{sum(len(p.text.split()) for p in pages) / max(1, len(pages)):.0f} words each; built in {t.wall:.0f} s"
        )
        RESULTS["distinct_pages"] = len(pages)
        abc: dict[str, Any] = {}
        if any(s in args.only for s in "abc"):
            abc = section_abc(pages, tmp, args.smoke, repeat)
        elif any(s in args.only for s in "df"):  # the same corpus, without re-measuring a/b/c
            warc = tmp / "corpus.warc.gz"
            total = len(pages) if args.smoke else max(1000, len(pages))
            abc = {"warc": warc, "n": corpus.write_warc(warc, corpus.repeated(pages, total))}
        if "d" in args.only:
            section_d(abc["warc"], abc["n"], tmp, args.smoke, repeat)
        if "e" in args.only:
            section_e(tmp, pages, args.smoke)
        if "f" in args.only:
            section_f(abc["warc"], tmp)
        if "g" in args.only:
            section_g(tmp, args.smoke)
        if "h" in args.only:
            section_h(pages, tmp, args.smoke, repeat)
    print(f"done, load avg {load_avg()}")
    if args.json:
        args.json.write_text(json.dumps(RESULTS, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
