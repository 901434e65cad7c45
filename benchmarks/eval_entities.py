"""Print the entity figures on the gold sample articles: raw spaCy next to wirefacts.

Usage: ``python benchmarks/eval_entities.py [--errors]``. Reads ``tests/gold/entities.json``
and the bundled corpus in ``pipelines/sample``; prints a notice and exits 0 when either
is absent, so the script is safe to run anywhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluation.entities import PRF, evaluate


def _row(label: str, a: PRF, b: PRF) -> str:
    return (
        f"  {label:<20}"
        f"{a.precision:>8.1%}{a.recall:>8.1%}{a.f1:>8.1%}   "
        f"{b.precision:>8.1%}{b.recall:>8.1%}{b.f1:>8.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list wirefacts' typed misses")
    args = parser.parse_args()
    metrics = evaluate()
    if not metrics:
        print("No entity gold or no sample corpus texts; nothing to evaluate.")
        return 0
    sp, wf = metrics["spacy"], metrics["wirefacts"]
    print(f"Entities: {metrics['articles']} articles, {metrics['gold_mentions']} gold mentions\n")
    print(f"  {'':<20}{'raw spaCy':^24}   {'wirefacts':^24}")
    print(f"  {'':<20}" + f"{'P':>8}{'R':>8}{'F1':>8}   " + f"{'P':>8}{'R':>8}{'F1':>8}")
    print(_row("mentions, typed", sp.typed, wf.typed))
    print(_row("mentions, untyped", sp.untyped, wf.untyped))
    print(_row("canonical entities", sp.entities, wf.entities))
    print("\n  typed mentions by gold/predicted type")
    empty = PRF(0, 0, 0)
    for label in sorted(set(sp.by_type) | set(wf.by_type)):
        print(_row(label, sp.by_type.get(label, empty), wf.by_type.get(label, empty)))
    if args.errors:
        print("\nwirefacts typed misses (url | FP/FN | surface/TYPE | count)")
        for url, kind, key, n in metrics["errors"]:
            print(f"  {url[-60:]:<60} {kind} {key} x{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
