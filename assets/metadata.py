"""Materialization metadata helpers: counts, rates and small previews for the UI."""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl


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
