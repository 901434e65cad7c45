"""Annotate one plain-text document with entities, dates and quotes (``wirefacts annotate``).

It runs the pipeline's own stage on a one-article frame, so the CLI and the scheduled
materializations can never disagree about what a text contains.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from pipelines.pipeline import annotate_articles
from pipelines.settings import Settings, get_settings

DATE_KEYS = (
    "start",
    "end",
    "text",
    "value",
    "granularity",
    "mod",
    "start_date",
    "end_date",
    "is_relative",
)
QUOTE_KEYS = (
    "speaker_text",
    "speaker_entity_id",
    "is_anonymous",
    "speaker_descriptor",
    "cue",
    "quote_type",
    "content",
    "channel",
    "start",
    "end",
)


def annotate_text(
    text: str,
    published: date | None = None,
    *,
    aliases: pl.DataFrame | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """``{"entities": [...], "dates": [...], "quotes": [...]}`` for one document.

    Without ``published`` relative dates have no anchor and get a null value.
    """
    settings = settings or get_settings()
    frame = pl.DataFrame(
        {
            "article_id": ["doc"],
            "text": [text],
            "published_at": [
                datetime(published.year, published.month, published.day, tzinfo=UTC)
                if published
                else None
            ],
        },
        schema={"article_id": pl.Utf8, "text": pl.Utf8, "published_at": pl.Datetime("us", "UTC")},
    )
    ann = annotate_articles(frame, settings, aliases=aliases, fallback_anchor=None)
    entities: list[dict[str, Any]] = []
    if ann.entity_mentions.height:
        joined = ann.entity_mentions.join(
            ann.entities.select(
                pl.col("entity_id").alias("doc_entity_id"), "name", "geonames_id", "country_code"
            ),
            on="doc_entity_id",
            how="left",
        ).sort("char_start")
        for row in joined.iter_rows(named=True):
            entities.append(
                {
                    "start": row["char_start"],
                    "end": row["char_end"],
                    "text": row["surface"],
                    "type": row["entity_type"],
                    "entity_id": row["doc_entity_id"],
                    "name": row["name"],
                    "geonames_id": row["geonames_id"],
                    "country_code": row["country_code"],
                }
            )
    dates = [
        {
            "start": r["char_start"],
            "end": r["char_end"],
            "text": r["surface"],
            **{k: r[k] for k in DATE_KEYS[3:]},
        }
        for r in (
            ann.date_mentions.sort("char_start").iter_rows(named=True)
            if ann.date_mentions.height
            else []
        )
    ]
    quotes = [
        {
            **{k: r.get(k) for k in QUOTE_KEYS[:8]},
            "start": r["char_start"],
            "end": r["char_end"],
        }
        for r in (
            ann.attributions.sort("char_start").iter_rows(named=True)
            if ann.attributions.height
            else []
        )
    ]
    return {"entities": entities, "dates": dates, "quotes": quotes}
