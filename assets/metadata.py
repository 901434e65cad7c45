"""Materialization metadata helpers: counts, rates, previews and small charts for the UI.

Charts are markdown (unicode bars and sparklines) because the Dagster UI sanitizes
markdown images to http(s) sources only, so an inline data-URI PNG or SVG would not
render; each chart also carries a Vega-Lite spec (JSON metadata) for anyone who wants
the real plot. Everything here is cheap: a few hundred rows at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dagster as dg
import polars as pl

BLOCKS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"
VEGA_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def preview(frame: pl.DataFrame, columns: list[str], rows: int = 10) -> dg.MetadataValue:
    """A markdown table of the first rows, so the UI shows what a partition holds."""
    cols = [c for c in columns if c in frame.columns]
    if frame.is_empty() or not cols:
        return dg.MetadataValue.md("_no rows_")
    head = frame.select(cols).head(rows)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in head.iter_rows():
        cells = [_cell(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return dg.MetadataValue.md("\n".join(lines))


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def rate(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _bar(value: float, top: float, width: int = 24) -> str:
    """A horizontal bar in eighth-blocks, so small differences stay visible."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def counts_by(frame: pl.DataFrame, column: str, limit: int = 12) -> list[tuple[str, int]]:
    """Top values of a column with their row counts (labels for a bar chart)."""
    if frame.is_empty() or column not in frame.columns:
        return []
    top = (
        frame.group_by(column)
        .len()
        .sort(["len", column], descending=[True, False], nulls_last=True)
        .head(limit)
    )
    return [("(none)" if k is None else str(k), int(n)) for k, n in top.iter_rows()]


def bar_chart(title: str, pairs: Sequence[tuple[str, float]]) -> dg.MetadataValue:
    """A markdown bar chart: one row per label, bar length proportional to the value."""
    if not pairs:
        return dg.MetadataValue.md(f"**{title}**\n\n_no rows_")
    top = max(v for _, v in pairs)
    lines = [f"**{title}**", "", "| | | |", "|---|---|--:|"]
    for label, value in pairs:
        shown = int(value) if float(value).is_integer() else round(value, 3)
        lines.append(f"| {_cell(label)} | `{_bar(value, top)}` | {shown} |")
    return dg.MetadataValue.md("\n".join(lines))


def bar_spec(title: str, pairs: Sequence[tuple[str, float]], x: str, y: str) -> dg.MetadataValue:
    """The same bars as a Vega-Lite spec (paste into any Vega editor)."""
    return dg.MetadataValue.json(
        {
            "$schema": VEGA_SCHEMA,
            "title": title,
            "data": {"values": [{x: k, y: v} for k, v in pairs]},
            "mark": "bar",
            "encoding": {
                "y": {"field": x, "type": "nominal", "sort": "-x"},
                "x": {"field": y, "type": "quantitative"},
            },
        }
    )


def timeline_chart(title: str, rows: Sequence[tuple[str, str, int]]) -> dg.MetadataValue:
    """Per-label sparklines over days from (label, day, count) rows: when was who in the news."""
    if not rows:
        return dg.MetadataValue.md(f"**{title}**\n\n_no rows_")
    days = sorted({d for _, d, _ in rows})
    series: dict[str, dict[str, int]] = {}
    for label, day, count in rows:
        series.setdefault(label, {})[day] = int(count)
    top = max(c for _, _, c in rows) or 1
    lines = [
        f"**{title}** ({days[0]} … {days[-1]}, {len(days)} days)",
        "",
        "| | | total |",
        "|---|---|--:|",
    ]
    for label, by_day in sorted(series.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        spark = "".join(
            SPARKS[min(len(SPARKS) - 1, (by_day[d] * len(SPARKS) - 1) // top)]
            if by_day.get(d)
            else "·"
            for d in days
        )
        lines.append(f"| {_cell(label)} | `{spark}` | {sum(by_day.values())} |")
    return dg.MetadataValue.md("\n".join(lines))


def timeline_spec(title: str, rows: Sequence[tuple[str, str, int]]) -> dg.MetadataValue:
    """The timeline as a Vega-Lite line chart spec."""
    return dg.MetadataValue.json(
        {
            "$schema": VEGA_SCHEMA,
            "title": title,
            "data": {"values": [{"entity": e, "day": d, "mentions": c} for e, d, c in rows]},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "day", "type": "temporal"},
                "y": {"field": "mentions", "type": "quantitative"},
                "color": {"field": "entity", "type": "nominal"},
            },
        }
    )
