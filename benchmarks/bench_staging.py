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
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_corpus as corpus  # noqa: E402

FETCHED_AT = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def stage(pages: list[tuple[str, str]]) -> list[dict[str, Any]]:
    from pipelines.extract import ExtractionError, extract_article

    out: list[dict[str, Any]] = []
    for url, html in pages:
        try:
            out.append(extract_article(html, url, fetched_at=FETCHED_AT))
        except ExtractionError as exc:
            out.append({"url": url, "rejected": exc.reason, "detail": exc.detail})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every staged row here (JSON lines)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one pass here")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes (best is kept)")
    parser.add_argument("--dump-only", action="store_true", help="write the dump, time nothing")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura extract")
    args = parser.parse_args()

    from pipelines.fetch import decode_body

    pages = [(p.url, decode_body(p.html, None)[0]) for p in corpus.base_pages()]
    rows = stage(pages)  # warm-up: lazy imports, model loads, regex compilation
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
