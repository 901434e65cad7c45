"""Print publication-date accuracy: wirefacts beside htmldate on the same pages.

Usage: ``python benchmarks/eval_pubdate.py [--errors]``. Reads the gold pages from
``../shared/eval/pubdate`` (or ``WIREFACTS_EVAL_DIR``); prints a notice and exits 0
when they are absent, so the script is safe in CI without the data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluation.pubdate import evaluate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every page wirefacts misses")
    parser.add_argument("--no-baselines", action="store_true", help="skip the htmldate runs")
    args = parser.parse_args()
    started = time.perf_counter()
    scores = evaluate(baselines=not args.no_baselines)
    if not scores:
        print("pubdate gold data not found (set WIREFACTS_EVAL_DIR); nothing to evaluate.")
        return 0
    elapsed = time.perf_counter() - started
    print(f"Publication date, exact-day accuracy on {scores[0].total} dev pages\n")
    print(f"{'predictor':<32}{'accuracy':>10}{'correct':>10}")
    for score in scores:
        print(f"{score.name:<32}{score.accuracy:>10.3f}{score.correct:>10}")
    ours = scores[0]
    methods = ", ".join(f"{name} {count}" for name, count in ours.methods.most_common())
    print(f"\nwirefacts evidence used: {methods}")
    print(f"(all predictors together: {elapsed:.1f}s)")
    if args.errors:
        print("\nwirefacts misses (gold, predicted, url):")
        for url, gold, predicted in ours.misses:
            print(f"  {gold}  {predicted or '-':<10}  {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
