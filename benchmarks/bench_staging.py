"""Staging cost per page against trafilatura ``extract`` alone, plus a full output dump.

Stages every base page (shared eval sets + bundled corpus, see ``bench_corpus``) in one
process after a warm-up pass, and reports CPU ms per page for our staging
(``decode_body`` + ``extract_article``) and for trafilatura ``extract`` with defaults on
the same pages. ``--dump FILE`` writes every field of every staged row (or the
quarantine reason) as JSON lines, so an optimisation can be checked to change nothing::

    .venv/bin/python benchmarks/bench_staging.py --dump /tmp/before.jsonl
    ... change code ...
    .venv/bin/python benchmarks/bench_staging.py --dump /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

``--profile FILE`` writes a cProfile of one staging pass instead of timing it.

``--against REF`` compares with the ``pipelines`` package of a git ref (``main``, a commit)
in the same process, page by page in shuffled order with trafilatura ``extract``: the
machine's speed drifts by a fifth within minutes, so separate runs of old and new code
cannot be compared, while pages timed side by side share the drift. It also counts the
pages whose rows differ between the two::

    .venv/bin/python benchmarks/bench_staging.py --against main --english
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_corpus as corpus  # noqa: E402

FETCHED_AT = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def stage(pages: list[tuple[str, str]], module: Any = None) -> list[dict[str, Any]]:
    if module is None:
        from pipelines import extract as module

    out: list[dict[str, Any]] = []
    for url, html in pages:
        try:
            out.append(module.extract_article(html, url, fetched_at=FETCHED_AT))
        except module.ExtractionError as exc:
            out.append({"url": url, "rejected": exc.reason, "detail": exc.detail})
    return out


def ref_extract_module(ref: str) -> Any:
    """``pipelines.extract`` as of git ``ref``, imported as ``pipelines_ref.extract``."""
    folder = Path(tempfile.mkdtemp(prefix="bench-staging-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "pipelines"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "pipelines_ref"
    (folder / "pipelines").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\b(from|import) pipelines\b", r"\1 pipelines_ref", text)
        text = re.sub(r"([\"'])pipelines\.", r"\1pipelines_ref.", text)
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("pipelines_ref.extract")


def against(pages: list[tuple[str, str]], ref: str, passes: int) -> None:
    """CPU ms per page of ``ref``'s staging, this tree's and trafilatura ``extract``, timed
    page by page in shuffled order so that all three share the machine's drift."""
    import trafilatura

    from pipelines import extract as ours

    theirs = ref_extract_module(ref)

    def staged(module: Any) -> Any:
        return lambda url, html: stage([(url, html)], module)[0]

    runs = {
        ref: staged(theirs),
        "this tree": staged(ours),
        "trafilatura extract": lambda url, html: trafilatura.extract(html, url=url),
    }
    differ = sum(runs[ref](u, h) != runs["this tree"](u, h) for u, h in pages)
    for url, html in pages:
        runs["trafilatura extract"](url, html)
    cpu = dict.fromkeys(runs, 0.0)
    shuffle = random.Random(0).shuffle
    for _ in range(passes):
        for url, html in pages:
            order = list(runs)
            shuffle(order)
            for name in order:
                started = time.process_time()
                runs[name](url, html)
                cpu[name] += time.process_time() - started
    n = len(pages) * passes
    print(f"pages: {len(pages)} x {passes} passes, rows differing from {ref}: {differ}")
    for name, seconds in cpu.items():
        print(f"{name + ':':22s}{1000 * seconds / n:6.1f} CPU ms/page")
    print(f"this tree / {ref}: {cpu['this tree'] / cpu[ref]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every staged row here (JSON lines)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one pass here")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes (best is kept)")
    parser.add_argument("--dump-only", action="store_true", help="write the dump, time nothing")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura extract")
    parser.add_argument("--against", metavar="REF", help="time against this git ref's staging")
    parser.add_argument(
        "--english", action="store_true", help="only pages staged as English for NLP"
    )
    args = parser.parse_args()

    from pipelines.fetch import decode_body

    pages = [(p.url, decode_body(p.html, None)[0]) for p in corpus.base_pages()]
    rows = stage(pages)  # warm-up: lazy imports, model loads, regex compilation
    if args.english:
        kept = [i for i, r in enumerate(rows) if r.get("language") == "en"]
        kept = [i for i in kept if rows[i].get("nlp_skip_reason") is None]
        pages, rows = [pages[i] for i in kept], [rows[i] for i in kept]
    if args.against:
        against(pages, args.against, args.repeat)
        return
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, default=str, sort_keys=True, ensure_ascii=False) + "\n")
    if args.dump_only:
        return
    if args.profile:
        import cProfile

        cProfile.runctx("stage(pages)", globals(), {"stage": stage, "pages": pages}, args.profile)
        return

    def timed(fn: Any) -> tuple[float, float]:
        best_cpu, best_wall = float("inf"), float("inf")
        for _ in range(args.repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            best_cpu = min(best_cpu, time.process_time() - c0)
            best_wall = min(best_wall, time.perf_counter() - w0)
        return best_cpu, best_wall

    n = len(pages)
    print(f"pages: {n} ({sum(1 for r in rows if 'rejected' not in r)} staged)", flush=True)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    cpu, wall = timed(lambda: stage(pages))
    print(
        f"staging:              {1000 * cpu / n:6.1f} CPU ms/page  {1000 * wall / n:6.1f} wall ms/page"
    )
    if not args.no_baseline:
        import trafilatura

        def baseline() -> None:
            for url, html in pages:
                trafilatura.extract(html, url=url)

        baseline()
        cpu, wall = timed(baseline)
        print(
            f"trafilatura extract:  {1000 * cpu / n:6.1f} CPU ms/page  {1000 * wall / n:6.1f} wall ms/page"
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
