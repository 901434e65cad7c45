"""Quality gate: publication-date accuracy on the htmldate dev split must hold.

Measured when pinned: wirefacts .933 (306/328), htmldate original+extensive
.924, htmldate defaults .875 (``benchmarks/eval_pubdate.py``). The floor sits
about a point under our figure so a dependency bump that moves a page or two
does not fail the build, while a real regression in evidence order does.
"""

from __future__ import annotations

import pytest

from pipelines.evaluation import eval_dir

pytestmark = pytest.mark.quality

ACCURACY_FLOOR = 0.92


def test_pubdate_accuracy_floor() -> None:
    base = eval_dir()
    if base is None or not (base / "pubdate" / "labels.json").is_file():
        pytest.skip("pubdate gold data not found (../shared/eval/pubdate or WIREFACTS_EVAL_DIR)")
    from pipelines.evaluation.pubdate import evaluate

    scores = evaluate(base, baselines=False)
    assert scores, "no labelled pages were loaded"
    ours = scores[0]
    assert ours.total == 328
    assert ours.accuracy >= ACCURACY_FLOOR, (
        f"pubdate accuracy {ours.accuracy:.3f} < {ACCURACY_FLOOR}; misses: {ours.misses[:10]}"
    )
