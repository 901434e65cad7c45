"""Quality gate: TimeML dev-split figures must not fall below the pinned floors.

Floors sit about two points under what was measured when they were pinned (see
``benchmarks/eval_timeml.py``), so that noise from a model update does not fail the
build but a real regression does.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.evaluation import eval_dir

pytestmark = pytest.mark.quality

GOLD_SPAN_ACCURACY_FLOOR = 0.88
SPAN_RECALL_FLOOR = 0.93
VALUE_F1_FLOOR = 0.86
# The point of the normalizer: it must keep a wide lead over dateparser.
MIN_LEAD_OVER_DATEPARSER = 0.25


@pytest.fixture(scope="module")
def metrics() -> dict[str, Any]:
    base = eval_dir()
    if base is None or not (base / "timeml").is_dir():
        pytest.skip("TimeML gold data not found (../shared/eval/timeml or WIREFACTS_EVAL_DIR)")
    from pipelines.evaluation.timeml import evaluate

    return evaluate()


def test_gold_span_value_accuracy(metrics: dict[str, Any]) -> None:
    assert metrics["gold_span"]["accuracy"] >= GOLD_SPAN_ACCURACY_FLOOR


def test_beats_dateparser(metrics: dict[str, Any]) -> None:
    gs = metrics["gold_span"]
    assert gs["accuracy"] - gs["dateparser_accuracy"] >= MIN_LEAD_OVER_DATEPARSER


def test_end_to_end(metrics: dict[str, Any]) -> None:
    e2e = metrics["end_to_end"]
    assert e2e["span_recall"] >= SPAN_RECALL_FLOOR
    assert e2e["value_f1"] >= VALUE_F1_FLOOR
