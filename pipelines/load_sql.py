"""Locate the SQL files that sit in ``sql/`` beside the code that runs them."""

from __future__ import annotations

from pathlib import Path

SQL_ROOT = Path(__file__).resolve().parents[1] / "sql"


def sql_text(*parts: str) -> str:
    """The text of ``sql/<parts...>``; statements are loaded by path, never built from data."""
    return SQL_ROOT.joinpath(*parts).read_text(encoding="utf-8")
