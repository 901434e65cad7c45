"""Article-body extraction scoring against the scrapinghub benchmark dev split.

The metric mirrors the benchmark's own so that our figures can be compared with
published ones: texts are split into ``\\w+`` tokens, each page becomes a multiset
of 4-token shingles, and per-page TP/FP/FN are rescaled to sum to one so a long
article does not outweigh a short one. Precision and recall are averaged over
pages and F1 is taken from those means. Unlike the upstream script, a page with an
empty prediction scores precision 0 rather than being left out of the precision
mean: silently skipping failures would flatter an extractor that gives up often.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.evaluation import eval_dir

SHINGLE_N = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldPage:
    """One benchmark page: its HTML, the original URL and the gold article body."""

    page_id: str
    url: str
    html: str
    body: str


@dataclass(frozen=True)
class PageScore:
    """Scaled TP/FP/FN of one page plus whether the token sequences are identical."""

    page_id: str
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True)
class Summary:
    """Mean precision and recall over pages, the F1 of those means, exact-match share."""

    precision: float
    recall: float
    f1: float
    exact: float
    pages: int


def tokenize(text: str) -> list[str]:
    """Word tokens the way the benchmark counts them (punctuation and spacing ignored)."""
    return _TOKEN.findall(text or "")


def _shingles(tokens: list[str]) -> Counter[tuple[str, ...]]:
    # Texts shorter than one shingle still count as a single (short) shingle,
    # so a three-word prediction is not treated as empty.
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE_N:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE_N]) for i in range(len(tokens) - SHINGLE_N + 1))


def score_page(page_id: str, gold: str, predicted: str | None) -> PageScore:
    """Scaled shingle overlap of one prediction with its gold text."""
    gold_tokens = tokenize(gold)
    pred_tokens = tokenize(predicted or "")
    if not pred_tokens:
        # An empty answer is a miss on both axes, never a free pass on precision.
        return PageScore(page_id, 0.0, 0.0, 1.0, exact=not gold_tokens)
    truth = _shingles(gold_tokens)
    pred = _shingles(pred_tokens)
    tp = float(sum((truth & pred).values()))
    fp = float(sum((pred - truth).values()))
    fn = float(sum((truth - pred).values()))
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(page_id, tp, fp, fn, exact=gold_tokens == pred_tokens)


def summarize(scores: list[PageScore]) -> Summary:
    """Benchmark aggregate: per-page means of P and R, F1 from the means."""
    if not scores:
        return Summary(0.0, 0.0, 0.0, 0.0, 0)
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(s.exact for s in scores) / len(scores)
    return Summary(precision, recall, f1, exact, len(scores))


def extraction_dir(root: Path | None = None) -> Path | None:
    """The benchmark folder under the eval dir, or None when it is not available."""
    base = root if root is not None else eval_dir()
    if base is None:
        return None
    path = base / "extraction"
    return path if (path / "ground-truth.json").is_file() else None


def load_pages(root: Path | None = None) -> list[GoldPage]:
    """All dev pages, in a stable order; empty when the gold data is absent."""
    folder = extraction_dir(root)
    if folder is None:
        return []
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        entry = truth[page_id]
        pages.append(GoldPage(page_id, entry.get("url", ""), html, entry.get("articleBody", "")))
    return pages


def evaluate(
    extractor: Callable[[GoldPage], str | None], pages: list[GoldPage]
) -> tuple[Summary, list[PageScore]]:
    """Run one extractor over the pages; an exception counts as an empty prediction."""
    scores = []
    for page in pages:
        try:
            predicted = extractor(page)
        except Exception:  # a crash is a miss for the metric, not an abort of the run
            predicted = None
        scores.append(score_page(page.page_id, page.body, predicted))
    return summarize(scores), scores


def iter_losses(scores: list[PageScore], top: int = 10) -> Iterator[PageScore]:
    """The pages that cost the most F1, for looking at where an extractor loses."""
    ranked = sorted(scores, key=lambda s: s.precision + s.recall)
    yield from ranked[:top]


# trafilatura settings the project is compared against; the README of the gold data
# quotes its figures for the first three, and the fourth is the best on the dev split.
TRAFILATURA_SETTINGS: dict[str, dict[str, Any]] = {
    "trafilatura defaults": {},
    "trafilatura favor_precision": {"favor_precision": True},
    "trafilatura include_comments=False": {"include_comments": False},
    "trafilatura favor_precision+no comments": {"favor_precision": True, "include_comments": False},
    "trafilatura favor_recall+no comments": {"favor_recall": True, "include_comments": False},
}


def trafilatura_extractor(options: dict[str, Any]) -> Callable[[GoldPage], str | None]:
    """Plain ``trafilatura.extract`` with the given options, as a reference point."""
    import trafilatura

    def run(page: GoldPage) -> str | None:
        result = trafilatura.extract(page.html, url=page.url or None, **options)
        return str(result) if result else None

    return run


def wirefacts_extractor(page: GoldPage) -> str | None:
    """The project's body text, exactly as ``extract_article`` puts it in ``text``."""
    from pipelines.extract import extract_text

    return extract_text(page.html, page.url or None)


def compare(pages: list[GoldPage] | None = None) -> dict[str, tuple[Summary, list[PageScore]]]:
    """wirefacts and every reference trafilatura setting scored on the same pages."""
    pages = load_pages() if pages is None else pages
    results = {"wirefacts": evaluate(wirefacts_extractor, pages)}
    for name, options in TRAFILATURA_SETTINGS.items():
        results[name] = evaluate(trafilatura_extractor(options), pages)
    return results
