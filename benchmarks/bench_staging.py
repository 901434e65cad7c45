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

``--split`` prints the CPU ms per page of each step of staging (trafilatura's own call,
the parse, publication date, author, language id, ...), each step's own time without the
steps it calls. cProfile's per-call overhead inflates Python-heavy steps two- to
threefold; timing a dozen named steps does not, so this is the split to budget from.

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


# The steps of ``extract_article`` timed by ``--split``: (module attribute, label).
SPLIT_STEPS = (
    ("extract_article", "extract_article (the rest)"),
    ("extract_body", "extract_body (own code)"),
    ("_parse", "lxml parse"),
    ("_page_metadata", "metadata (without author)"),
    ("_extract_author", "author"),
    ("find_publication_date", "publication date"),
    ("detect_language", "language id"),
    ("_html_language", "declared language"),
    ("_simhash_tokens", "simhash"),
    ("_jsonld_objects", "JSON-LD objects"),
    ("_trusted_articlebody", "JSON-LD articleBody"),
    ("_paragraph_texts", "paragraph texts"),
    ("_split_continuations", "continuations"),
    ("clean_lines", "clean_lines"),
    ("_restore_inline_gaps", "inline gaps"),
    ("_visible_byline", "visible byline"),
    ("_index_page_teasers", "index-page teasers"),
)


def split(pages: list[tuple[str, str]], passes: int) -> None:
    """Exclusive CPU ms per page of each staging step, over ``passes`` passes."""
    from pipelines import extract

    spent: dict[str, float] = {}
    stack: list[float] = []

    def timed_step(fn: Any, label: str) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                total = time.process_time() - started
                inner = stack.pop()
                spent[label] = spent.get(label, 0.0) + total - inner
                if stack:
                    stack[-1] += total

        return run

    originals = {name: getattr(extract, name) for name, _ in SPLIT_STEPS}
    bare = extract.trafilatura.bare_extraction
    try:
        for name, label in SPLIT_STEPS:
            setattr(extract, name, timed_step(originals[name], label))
        extract.trafilatura.bare_extraction = timed_step(bare, "trafilatura bare_extraction")
        for _ in range(passes):
            stage(pages)
    finally:
        for name, fn in originals.items():
            setattr(extract, name, fn)
        extract.trafilatura.bare_extraction = bare
    n = len(pages) * passes
    print(
        f"pages: {len(pages)} x {passes} passes; {1000 * sum(spent.values()) / n:.1f} CPU ms/page"
    )
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {label:30s}{1000 * seconds / n:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every staged row here (JSON lines)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one pass here")
    parser.add_argument(
        "--repeat", type=int, default=2, help="timed passes (best is kept; --split sums them)"
    )
    parser.add_argument("--dump-only", action="store_true", help="write the dump, time nothing")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura extract")
    parser.add_argument("--against", metavar="REF", help="time against this git ref's staging")
    parser.add_argument("--split", action="store_true", help="CPU ms/page of each staging step")
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
    if args.split:
        split(pages, args.repeat)
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
