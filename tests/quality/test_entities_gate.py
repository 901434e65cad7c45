"""Quality gate: entity figures on the gold sample articles must not fall below the floors.

The gold (``tests/gold/entities.json``) covers 27 articles of the bundled sample corpus;
``benchmarks/eval_entities.py`` prints the full table. Floors sit one to two points
under what was measured when they were pinned, so a model or extractor update that
moves a handful of mentions does not fail the build but a real regression does.
Measured at pinning (raw spaCy → wirefacts): typed F1 77.2 → 87.3, untyped F1
90.2 → 93.6, canonical-entity F1 68.9 → 88.3.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.evaluation.entities import GOLD_PATH, SAMPLE_DIR

pytestmark = pytest.mark.quality

TYPED_F1_FLOOR = 0.85
UNTYPED_F1_FLOOR = 0.92
ENTITY_F1_FLOOR = 0.86
# The point of the normalization: typed mentions and canonical entities well above
# what spaCy's raw output scores on the same articles.
MIN_TYPED_LEAD = 0.07
MIN_ENTITY_LEAD = 0.15
MIN_ARTICLES = 20


@pytest.fixture(scope="module")
def metrics() -> dict[str, Any]:
    if not GOLD_PATH.is_file() or not (SAMPLE_DIR / "manifest.json").is_file():
        pytest.skip("entity gold or the bundled sample corpus is absent")
    from pipelines.evaluation.entities import evaluate

    result = evaluate()
    if not result:
        pytest.skip("no gold article found in the sample corpus")
    return result


def test_enough_gold(metrics: dict[str, Any]) -> None:
    assert metrics["articles"] >= MIN_ARTICLES


def test_typed_mentions(metrics: dict[str, Any]) -> None:
    assert metrics["wirefacts"].typed.f1 >= TYPED_F1_FLOOR


def test_untyped_mentions(metrics: dict[str, Any]) -> None:
    assert metrics["wirefacts"].untyped.f1 >= UNTYPED_F1_FLOOR


def test_canonical_entities(metrics: dict[str, Any]) -> None:
    assert metrics["wirefacts"].entities.f1 >= ENTITY_F1_FLOOR


def test_normalization_beats_raw_spacy(metrics: dict[str, Any]) -> None:
    ours, raw = metrics["wirefacts"], metrics["spacy"]
    assert ours.typed.f1 - raw.typed.f1 >= MIN_TYPED_LEAD
    assert ours.entities.f1 - raw.entities.f1 >= MIN_ENTITY_LEAD
