"""Article-body extraction on the scrapinghub benchmark dev split: wirefacts vs trafilatura.

Usage: ``.venv/bin/python benchmarks/eval_extraction.py [--losses N]``

Prints precision, recall, F1 and exact match (the benchmark's own metric, see
``pipelines/evaluation/extraction.py``) for the project's extractor and for the
trafilatura settings it must never fall below, all on the same pages. With
``--losses`` it lists the pages where wirefacts loses most, which is where to look.
"""

from __future__ import annotations

import argparse
import sys
import time

from pipelines.evaluation.extraction import compare, extraction_dir, iter_losses, load_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--losses", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args()
    if extraction_dir() is None:
        print("extraction gold data not found (../shared/eval/extraction or WIREFACTS_EVAL_DIR)")
        return 1
    pages = load_pages()
    started = time.perf_counter()
    results = compare(pages)
    elapsed = time.perf_counter() - started
    width = max(len(name) for name in results)
    print(f"{len(pages)} pages, {elapsed:.1f}s\n")
    print(f"{'extractor':<{width}}  precision  recall     F1  exact")
    for name, (summary, _) in results.items():
        print(
            f"{name:<{width}}  {summary.precision:9.3f}  {summary.recall:6.3f}  "
            f"{summary.f1:5.3f}  {summary.exact:5.3f}"
        )
    if args.losses:
        urls = {page.page_id: page.url for page in pages}
        print(f"\nwirefacts: {args.losses} pages with the lowest P+R")
        for score in iter_losses(results["wirefacts"][1], args.losses):
            print(f"  P={score.precision:.3f} R={score.recall:.3f}  {urls[score.page_id]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
