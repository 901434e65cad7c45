"""Data-quality rules over the warehouse and the staged frames (pure; Dagster wraps them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from pipelines.load_sql import sql_text


@dataclass(frozen=True)
class CheckOutcome:
    """A pass/fail verdict with the figures behind it."""

    passed: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def key_checks(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Keys unique and not null across dimensions and facts."""
    rows = con.execute(sql_text("checks", "key_violations.sql")).fetchall()
    nulls = con.execute(sql_text("checks", "not_null_keys.sql")).fetchone()
    bad = {f"{t}: {p}": int(n) for t, p, n in rows if n}
    null_count = int(nulls[0]) if nulls else 0
    if null_count:
        bad["null keys"] = null_count
    return CheckOutcome(not bad, "keys unique and not null", {"violations": bad or "none"})


def referential_checks(con: duckdb.DuckDBPyConnection) -> CheckOutcome:
    """Every mention's entity is in dim_entity and every fact's article in dim_article."""
    rows = con.execute(sql_text("checks", "orphan_mentions.sql")).fetchall()
    bad = {ref: int(n) for ref, n in rows if n}
    return CheckOutcome(not bad, "facts reference existing dimensions", {"orphans": bad or "none"})


def coverage_check(articles: int, quarantined: int, floor: float) -> CheckOutcome:
    """Share of pages that became articles; a sudden drop means the extractor broke."""
    total = articles + quarantined
    coverage = articles / total if total else 1.0
    return CheckOutcome(
        coverage >= floor,
        f"extraction coverage {coverage:.3f} (floor {floor})",
        {"coverage": round(coverage, 4), "floor": floor, "pages": total},
    )


def date_resolution_check(date_mentions: pl.DataFrame, floor: float) -> CheckOutcome:
    """Share of found temporal expressions that got a normalized value."""
    total = date_mentions.height
    resolved = date_mentions.filter(pl.col("value").is_not_null()).height if total else 0
    share = resolved / total if total else 1.0
    return CheckOutcome(
        share >= floor,
        f"date resolution rate {share:.3f} (floor {floor})",
        {"resolution_rate": round(share, 4), "floor": floor, "date_mentions": total},
    )
