"""Entity evaluation on the bundled sample corpus: raw spaCy next to wirefacts.

The gold (``tests/gold/entities.json``, written for this project) lists, per article
URL, one ``{"text", "type", "entity"}`` record per name occurrence. It carries no
offsets on purpose: mentions are compared as multisets per article (a true positive
is min(predicted, gold) for each key), so the gold survives small changes in body
extraction, which shift offsets and drop or add a line but rarely change what a
sentence names.

Three figures, micro-averaged over articles:

- typed mentions: key (surface, type);
- untyped mentions: key surface, i.e. span detection alone;
- canonical entities: the set of entities an article mentions, keyed by the folded
  canonical name. Raw spaCy has no linking, so its "entities" are its distinct
  surfaces; this is the figure where coreference, demonym links and alias merging
  show.

Surfaces are compared after the light folding both sides need (whitespace, curly
quotes, a possessive, a leading "the"), not after title stripping, which is part of
what is being measured. The article texts are an input (url → text) so the caller
chooses the extractor; :func:`sample_texts` builds them from the sample corpus.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.evaluation import REPO_ROOT

GOLD_PATH = REPO_ROOT / "tests" / "gold" / "entities.json"
SAMPLE_DIR = REPO_ROOT / "pipelines" / "sample"

Mention = tuple[str, str, str]  # (surface, type, canonical entity name)


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Scores:
    typed: PRF
    untyped: PRF
    entities: PRF
    by_type: dict[str, PRF]


# ---------------------------------------------------------------------------- inputs


def load_gold(path: Path = GOLD_PATH) -> dict[str, list[Mention]]:
    """url → gold mentions; an absent file gives an empty mapping."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        url: [(m["text"], m["type"], m["entity"]) for m in mentions]
        for url, mentions in data["articles"].items()
    }


def _manifest_pages(sample_dir: Path) -> list[dict[str, Any]]:
    manifest = sample_dir / "manifest.json"
    if not manifest.is_file():
        return []
    data = json.loads(manifest.read_text(encoding="utf-8"))
    pages = data.get("pages", data) if isinstance(data, dict) else data
    return [
        p
        for p in pages
        if isinstance(p, dict) and p.get("url") and p.get("path") and p.get("kind") != "index"
    ]


def _read_html(path: Path, encoding: str | None) -> str:
    """Page bytes decoded with the charset the manifest declares (pages are not all UTF-8)."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        raw = gzip.decompress(raw)
    return raw.decode(encoding or "utf-8", errors="replace")


def trafilatura_text(html: str, url: str | None = None) -> str | None:
    """The interim extractor: trafilatura in precision mode (the benchmark's best setting)."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True)


def sample_texts(
    urls: Iterable[str] | None = None,
    sample_dir: Path = SAMPLE_DIR,
    extractor: Callable[[str, str | None], str | None] = trafilatura_text,
) -> dict[str, str]:
    """url → article text for the sample corpus pages (only ``urls`` when given)."""
    wanted = set(urls) if urls is not None else None
    out: dict[str, str] = {}
    for page in _manifest_pages(sample_dir):
        url = str(page["url"])
        if wanted is not None and url not in wanted:
            continue
        path = sample_dir / str(page["path"])
        if not path.is_file():
            continue
        text = extractor(_read_html(path, page.get("encoding")), url)
        if text:
            out[url] = text
    return out


# ---------------------------------------------------------------------------- predictions


def predict_spacy(texts: Mapping[str, str], model: str) -> dict[str, list[Mention]]:
    """The baseline: spaCy's kept-label spans as they come, each its own entity."""
    from pipelines.entities import KEPT_LABELS
    from pipelines.nlp import ner_pipeline

    nlp = ner_pipeline(model)
    urls = list(texts)
    out: dict[str, list[Mention]] = {}
    for url, doc in zip(urls, nlp.pipe([texts[u] for u in urls]), strict=True):
        out[url] = [(e.text, e.label_, e.text) for e in doc.ents if e.label_ in KEPT_LABELS]
    return out


def predict_wirefacts(texts: Mapping[str, str], model: str) -> dict[str, list[Mention]]:
    """The pipeline: every article normalized in one batch, as a partition would be."""
    import polars as pl

    from pipelines.entities import RAW_CONTEXT_SCHEMA, mentions_from_doc, normalize_mentions
    from pipelines.nlp import ner_pipeline

    nlp = ner_pipeline(model)
    urls = list(texts)
    rows: list[dict[str, Any]] = []
    for url, doc in zip(urls, nlp.pipe([texts[u] for u in urls]), strict=True):
        rows.extend(mentions_from_doc(doc, url))
    out: dict[str, list[Mention]] = {u: [] for u in urls}
    if not rows:
        return out
    raw = pl.DataFrame(rows, schema=RAW_CONTEXT_SCHEMA, orient="row")
    frames = normalize_mentions(raw)
    for rec in frames.mentions.iter_rows(named=True):
        out[rec["article_id"]].append((rec["surface"], rec["entity_type"], rec["name"]))
    return out


# ---------------------------------------------------------------------------- scoring

_SPACE = re.compile(r"\s+")


def _surface(text: str) -> str:
    s = _SPACE.sub(" ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()
    s = re.sub(r"'s?$", "", s)
    return re.sub(r"^(?i:the) ", "", s).strip("\"' ")


def _entity_key(name: str) -> str:
    from pipelines.entities import name_key

    return name_key(name)


def _multiset_prf(pred: Counter[Any], gold: Counter[Any]) -> PRF:
    tp = sum((pred & gold).values())
    return PRF(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)


def score(predicted: Mapping[str, list[Mention]], gold: Mapping[str, list[Mention]]) -> Scores:
    """Micro-averaged figures over the gold articles (a missing prediction is all FN)."""
    typed = untyped = ents = PRF(0, 0, 0)
    by_type: dict[str, PRF] = {}
    for url, gold_mentions in gold.items():
        pred_mentions = predicted.get(url, [])
        p_typed = Counter((_surface(s), t) for s, t, _ in pred_mentions)
        g_typed = Counter((_surface(s), t) for s, t, _ in gold_mentions)
        typed += _multiset_prf(p_typed, g_typed)
        untyped += _multiset_prf(
            Counter(_surface(s) for s, _, _ in pred_mentions),
            Counter(_surface(s) for s, _, _ in gold_mentions),
        )
        ents += _multiset_prf(
            Counter({_entity_key(e) for _, _, e in pred_mentions}),
            Counter({_entity_key(e) for _, _, e in gold_mentions}),
        )
        for label in {t for _, t in p_typed} | {t for _, t in g_typed}:
            part = _multiset_prf(
                Counter({k: v for k, v in p_typed.items() if k[1] == label}),
                Counter({k: v for k, v in g_typed.items() if k[1] == label}),
            )
            by_type[label] = by_type.get(label, PRF(0, 0, 0)) + part
    return Scores(typed, untyped, ents, dict(sorted(by_type.items())))


def errors(
    predicted: Mapping[str, list[Mention]], gold: Mapping[str, list[Mention]]
) -> list[tuple[str, str, str, int]]:
    """(url, "FP"/"FN", "surface/TYPE", count) for every typed-mention miss."""
    out: list[tuple[str, str, str, int]] = []
    for url, gold_mentions in gold.items():
        p = Counter((_surface(s), t) for s, t, _ in predicted.get(url, []))
        g = Counter((_surface(s), t) for s, t, _ in gold_mentions)
        for (s, t), n in sorted((p - g).items()):
            out.append((url, "FP", f"{s}/{t}", n))
        for (s, t), n in sorted((g - p).items()):
            out.append((url, "FN", f"{s}/{t}", n))
    return out


def evaluate(
    texts: Mapping[str, str] | None = None,
    gold: Mapping[str, list[Mention]] | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Both systems on the gold articles; empty when there is no gold or no text."""
    gold = load_gold() if gold is None else gold
    if not gold:
        return {}
    texts = sample_texts(gold) if texts is None else texts
    gold = {u: m for u, m in gold.items() if u in texts}
    if not gold:
        return {}
    if model is None:
        from pipelines.settings import get_settings

        model = get_settings().model
    subset = {u: texts[u] for u in gold}
    spacy_pred = predict_spacy(subset, model)
    ours = predict_wirefacts(subset, model)
    return {
        "articles": len(gold),
        "gold_mentions": sum(len(m) for m in gold.values()),
        "spacy": score(spacy_pred, gold),
        "wirefacts": score(ours, gold),
        "errors": errors(ours, gold),
    }
