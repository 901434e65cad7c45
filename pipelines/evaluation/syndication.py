"""Syndication pair precision/recall on the bundled sample corpus.

``pipelines/sample/manifest.json`` lists the pages (url, path, encoding,
published_at or published, site_name, wire_agency) and ``pipelines/sample/syndication.json`` states which of them are
copies of one wire story. Gold pairs are all pairs of pages inside one stated
story (original and copies); predicted pairs are all pairs inside one story of
``StoryIndex``. Pages in no stated story are singletons in the gold, so any
link to them is a false positive.

Body text comes from ``trafilatura.extract(favor_precision=True)`` here; the
pipeline's own extractor will replace this helper once it is wired in.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.dedup import StoryIndex
from pipelines.settings import Settings

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample"


@dataclass
class SyndicationScore:
    """Pair-level precision/recall plus how often the wire original was chosen as canonical."""

    pages: int = 0
    gold_pairs: int = 0
    predicted_pairs: int = 0
    true_pairs: int = 0
    stories: int = 0
    canonical_hits: int = 0
    false_links: list[tuple[str, str]] = field(default_factory=list)
    missed_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def canonical_accuracy(self) -> float:
        return self.canonical_hits / self.stories if self.stories else 0.0


def body_text(html: str) -> str:
    """Stand-in body extraction until the pipeline's extractor is available."""
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


def load_manifest(sample_dir: Path = SAMPLE_DIR) -> list[dict[str, Any]]:
    """Manifest entries, whether the file is a list, ``{"pages": [...]}`` or ``{url: entry}``."""
    path = sample_dir / "manifest.json"
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("pages"), list):
        return list(data["pages"])
    if isinstance(data, dict):
        return [{"url": url, **entry} for url, entry in data.items() if isinstance(entry, dict)]
    return list(data)


def load_gold(sample_dir: Path = SAMPLE_DIR) -> list[dict[str, Any]]:
    """The stated syndicated sets: ``[{"story", "original_url", "copies": [urls]}]``."""
    path = sample_dir / "syndication.json"
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")).get("stories", []))


def read_page(entry: dict[str, Any], sample_dir: Path = SAMPLE_DIR) -> str:
    """Decoded HTML of one manifest entry (gzip-aware, declared encoding, lenient)."""
    raw = (sample_dir / entry["path"]).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode(entry.get("encoding") or "utf-8", errors="replace")


def articles_frame(sample_dir: Path = SAMPLE_DIR) -> pl.DataFrame:
    """One row per sample page in the shape ``StoryIndex.add`` expects (article_id = URL)."""
    rows = []
    for entry in load_manifest(sample_dir):
        rows.append(
            {
                "article_id": entry["url"],
                "text": body_text(read_page(entry, sample_dir)),
                "published_at": _parse_time(entry.get("published_at"))
                or _parse_time(entry.get("published")),
                "url": entry["url"],
                "wire_agency": entry.get("wire_agency"),
                "site_name": entry.get("site_name"),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "article_id": pl.Utf8,
            "text": pl.Utf8,
            "published_at": pl.Datetime("us", "UTC"),
            "url": pl.Utf8,
            "wire_agency": pl.Utf8,
            "site_name": pl.Utf8,
        },
    )


def evaluate(
    sample_dir: Path = SAMPLE_DIR,
    settings: Settings | None = None,
    articles: pl.DataFrame | None = None,
) -> SyndicationScore | None:
    """Cluster the sample corpus in a throwaway index and score it; None without a corpus."""
    gold = load_gold(sample_dir)
    frame = articles if articles is not None else articles_frame(sample_dir)
    if not gold or frame.is_empty():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        index = StoryIndex(tmp, settings)
        index.add(frame)
        dim_story, mapping = index.stories()

    known = set(frame["article_id"].to_list())
    gold_pairs: set[tuple[str, str]] = set()
    for story in gold:
        members = sorted({story["original_url"], *story.get("copies", [])} & known)
        gold_pairs.update(combinations(members, 2))

    groups: dict[str, list[str]] = {}
    for article_id, story_id in mapping.select("article_id", "story_id").iter_rows():
        groups.setdefault(story_id, []).append(article_id)
    predicted: set[tuple[str, str]] = set()
    for members in groups.values():
        predicted.update(combinations(sorted(members), 2))

    story_of = dict(mapping.select("article_id", "story_id").iter_rows())
    canonical_of = dict(dim_story.select("story_id", "canonical_article_id").iter_rows())
    score = SyndicationScore(
        pages=frame.height,
        gold_pairs=len(gold_pairs),
        predicted_pairs=len(predicted),
        true_pairs=len(gold_pairs & predicted),
        false_links=sorted(predicted - gold_pairs),
        missed_links=sorted(gold_pairs - predicted),
    )
    for story in gold:
        original = story["original_url"]
        if original in story_of:
            score.stories += 1
            score.canonical_hits += canonical_of[story_of[original]] == original
    return score


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
