"""Print the TimeML date-normalization figures (ours vs dateparser) as a table.

Usage: ``python benchmarks/eval_timeml.py [--errors]``. Reads the gold data from
``../shared/eval/timeml`` (or ``WIREFACTS_EVAL_DIR``); prints a notice and exits 0
when it is absent, so the script is safe in CI without the data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.evaluation.timeml import evaluate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--no-dateparser", action="store_true", help="skip the baseline")
    args = parser.parse_args()
    metrics = evaluate(with_dateparser=not args.no_dateparser)
    if not metrics:
        print("TimeML gold data not found (set WIREFACTS_EVAL_DIR); nothing to evaluate.")
        return 0
    gs, e2e = metrics["gold_span"], metrics["end_to_end"]
    print(f"TimeML dev split: {metrics['docs']} documents, {gs['n']} gold DATE/TIME timexes\n")
    print("Gold-span value accuracy (anchor = DCT)")
    print(f"  {'granularity':<14}{'n':>5}{'wirefacts':>12}{'dateparser':>12}")
    for name, row in gs["by_granularity"].items():
        print(f"  {name:<14}{row['n']:>5}{row['ours']:>12.1%}{row['dateparser']:>12.1%}")
    print(f"  {'all':<14}{gs['n']:>5}{gs['accuracy']:>12.1%}{gs['dateparser_accuracy']:>12.1%}")
    print(f"  values dateparser cannot express: {gs['dateparser_inexpressible']:.1%}\n")
    print("End to end (own spans, overlap match)")
    print(f"  gold {e2e['n_gold']}, predicted {e2e['n_pred']}")
    print(f"  span precision {e2e['span_precision']:.1%}  span recall {e2e['span_recall']:.1%}")
    print(
        f"  value precision {e2e['value_precision']:.1%}  value recall {e2e['value_recall']:.1%}"
        f"  value F1 {e2e['value_f1']:.1%}"
    )
    if args.errors:
        print("\nGold-span misses (text | gold | ours | dateparser)")
        for err in gs["errors"]:
            print(
                f"  {err['doc'][:22]:<22} {err['text']!r:<28} {err['gold']:<14} {err['ours']} | {err['dateparser']}"
            )
        print("\nEnd-to-end misses (gold text | gold | found)")
        for err in e2e["errors"]:
            print(f"  {err['doc'][:22]:<22} {err['gold_text']!r:<28} {err['gold']} {err['found']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
