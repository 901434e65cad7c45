"""Publication-date accuracy on the htmldate evaluation pages in ``<eval_dir>/pubdate``.

The metric is the set's own: the share of pages whose predicted original
publication date equals the labelled ``YYYY-MM-DD`` exactly (a missing
prediction counts as wrong). The same pages are scored with htmldate in two
configurations so every figure we report has its reference beside it.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.evaluation import eval_dir
from pipelines.pubdate import find_publication_date


@dataclass(frozen=True)
class LabelledPage:
    """One gold page: its URL, the raw HTML and the labelled publication date."""

    url: str
    html: str
    gold: str


@dataclass
class DateScore:
    """Accuracy of one predictor plus the per-page misses, for error analysis."""

    name: str
    total: int = 0
    correct: int = 0
    methods: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


Predictor = Callable[[LabelledPage], tuple[str | None, str | None]]


def load_pages(root: Path | None = None) -> Iterator[LabelledPage]:
    """Gold pages read in place (never copied); empty when the eval folder is absent."""
    base = root if root is not None else eval_dir()
    if base is None or not (base / "pubdate" / "labels.json").is_file():
        return
    folder = base / "pubdate"
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    for url, entry in sorted(labels.items()):
        with gzip.open(folder / "html" / entry["file"], "rb") as fh:
            html = fh.read().decode("utf-8", errors="replace")
        yield LabelledPage(url=url, html=html, gold=entry["date"])


def staged_language(page: LabelledPage) -> str | None:
    """The language staging detects for the page; staging hands it to pubdate, whose
    last-resort text scan reads dates in that language (None for a page staging rejects)."""
    from pipelines.extract import ExtractionError, extract_article

    try:
        language = extract_article(page.html, page.url)["language"]
    except ExtractionError:
        return None
    return str(language) if language else None


def wirefacts_predictor(page: LabelledPage) -> tuple[str | None, str | None]:
    """Our date as staging finds it: the calendar day the page states (no conversion to UTC)."""
    result = find_publication_date(page.html, url=page.url, language=staged_language(page))
    if result.published_at is None:
        return None, None
    return result.published_at.date().isoformat(), result.method


def htmldate_predictor(*, original: bool) -> Predictor:
    """htmldate ``find_date`` as a reference: ``original=True`` uses the extensive original-date mode."""
    from htmldate import find_date

    def predict(page: LabelledPage) -> tuple[str | None, str | None]:
        if original:
            found = find_date(page.html, url=page.url, original_date=True, extensive_search=True)
        else:
            found = find_date(page.html, url=page.url)
        return found, None

    return predict


def score(name: str, predictor: Predictor, pages: list[LabelledPage]) -> DateScore:
    """Exact-date accuracy of ``predictor`` over ``pages``."""
    result = DateScore(name)
    for page in pages:
        predicted, method = predictor(page)
        result.total += 1
        result.methods[method or "none"] += 1
        if predicted == page.gold:
            result.correct += 1
        else:
            result.misses.append((page.url, page.gold, predicted))
    return result


def evaluate(root: Path | None = None, *, baselines: bool = True) -> list[DateScore]:
    """wirefacts first, then (optionally) the two htmldate references, on the same pages."""
    pages = list(load_pages(root))
    if not pages:
        return []
    scores = [score("wirefacts", wirefacts_predictor, pages)]
    if baselines:
        scores.append(
            score("htmldate original+extensive", htmldate_predictor(original=True), pages)
        )
        scores.append(score("htmldate defaults", htmldate_predictor(original=False), pages))
    return scores
