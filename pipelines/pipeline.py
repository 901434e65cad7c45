"""The stages between the raw archive and the warehouse, as plain functions over frames.

raw pages → staged articles (extraction) → annotations (entities, dates, quotes) →
warehouse frames. Dagster assets and the CLI both call these, so the code that runs in
a scheduled materialization is the code that runs in ``wirefacts annotate``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines import dates as dates_mod
from pipelines import entities as entities_mod
from pipelines import nlp as nlp_mod
from pipelines import quotes as quotes_mod
from pipelines import reuse as reuse_mod
from pipelines.extract import extract_frame
from pipelines.load import PartitionFrames
from pipelines.nlp import model_version, ner_pipeline
from pipelines.settings import PIPELINE_VERSION, Settings, get_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

QUARANTINE_SCHEMA = pl.Schema(
    {
        "url": pl.String(),
        "source": pl.String(),
        "stage": pl.String(),
        "reason": pl.String(),
        "detail": pl.String(),
        "recorded_at": pl.Datetime("us", "UTC"),
    }
)


def quarantine_frame(rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    """Rejected items with a reason; every stage reports into the same shape."""
    now = datetime.now(UTC)
    data = [
        {
            "url": r.get("url"),
            "source": r.get("source"),
            "stage": r.get("stage", "unknown"),
            "reason": r.get("reason", "unknown"),
            "detail": None if r.get("detail") is None else str(r.get("detail"))[:2000],
            "recorded_at": r.get("recorded_at") or now,
        }
        for r in rows
    ]
    return pl.DataFrame(data, schema=QUARANTINE_SCHEMA)


def latest_versions(raw_pages: pl.DataFrame) -> pl.DataFrame:
    """One row per URL (the latest fetch wins), with how many distinct bodies were seen."""
    if raw_pages.is_empty():
        return raw_pages
    return (
        raw_pages.sort("fetched_at", descending=True, nulls_last=True)
        .with_columns(pl.col("sha256").n_unique().over("url").alias("version_count"))
        .unique(subset=["url"], keep="first", maintain_order=True)
    )


def stage_articles(
    raw_pages: pl.DataFrame, settings: Settings | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extract staged articles from a partition's raw pages; failures become quarantine rows."""
    settings = settings or get_settings()
    latest = latest_versions(raw_pages)
    if latest.is_empty():
        return pl.DataFrame(), quarantine_frame([])
    articles, rejected = extract_frame(latest, settings)
    if articles.height:
        # Lineage from the raw page: fetch time and how many bodies the URL has had.
        lineage = [c for c in ("fetched_at", "version_count") if c not in articles.columns]
        extra = latest.select(pl.col("sha256").alias("raw_sha256"), *lineage).unique(
            subset=["raw_sha256"]
        )
        articles = articles.join(extra, on="raw_sha256", how="left")
        # Two URLs may normalize to one article id; the latest fetch wins there too.
        articles = articles.sort("fetched_at", descending=True, nulls_last=True).unique(
            subset=["article_id"], keep="first", maintain_order=True
        )
        articles = articles.with_columns(model_version=pl.lit(model_version(settings.model)))
    return articles, _as_quarantine(rejected)


def _as_quarantine(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.is_empty():
        return quarantine_frame([])
    return quarantine_frame(frame.to_dicts())


@dataclass
class Annotations:
    """Everything the NLP stage produces for a set of articles."""

    entity_mentions: pl.DataFrame
    article_entities: pl.DataFrame
    entities: pl.DataFrame
    aliases: pl.DataFrame
    date_mentions: pl.DataFrame
    attributions: pl.DataFrame
    quarantine: pl.DataFrame = field(default_factory=lambda: quarantine_frame([]))


def _anchor(published: Any, fallback: date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return fallback


# Articles normalized together: a day's staged entity rows are one vote per batch,
# merged (see ``restage_entities``), so the batching is part of what a day stages.
ANNOTATION_BATCH = 128


def articles_to_annotate(articles: pl.DataFrame) -> pl.DataFrame:
    """The articles the NLP stage annotates, in the order it batches them."""
    if "nlp_skip_reason" in articles.columns:
        return articles.filter(pl.col("nlp_skip_reason").is_null())
    return articles


def _batches(todo: pl.DataFrame, chunk_size: int) -> Iterator[pl.DataFrame]:
    for offset in range(0, todo.height, chunk_size):
        yield todo.slice(offset, chunk_size)


def annotate_articles(
    articles: pl.DataFrame,
    settings: Settings | None = None,
    aliases: pl.DataFrame | None = None,
    fallback_anchor: date | None = None,
    chunk_size: int = ANNOTATION_BATCH,
) -> Annotations:
    """Run NER once per article text, then entity normalization, dates and quotes on it.

    Articles are processed in chunks so memory stays flat whatever the partition size.
    Articles with an ``nlp_skip_reason`` (other languages, too short) are not annotated.
    With ``settings.syndication_reuse``, a reprint of a story already annotated in this
    call takes that copy's NER output by offsets and re-runs the model only around the
    edits, and an exact reprint (same text and context) takes its facts outright
    (:mod:`pipelines.reuse`); the facts are the same, the model runs far less.
    """
    settings = settings or get_settings()
    todo = articles_to_annotate(articles)
    state: _ReuseState | None = None
    if settings.syndication_reuse and todo.height > 1:
        exact = _exact_copies(todo, fallback_anchor)
        rest = todo.filter(~pl.col("article_id").is_in(list(exact)))
        state = _ReuseState(
            reuse_mod.match_copies(rest["article_id"].to_list(), rest["text"].to_list()),
            exact=exact,
            parses=reuse_mod.ParseCache(settings.reuse_vector_rows),
            max_docs=settings.reuse_max_docs,
        )
    parts: list[Annotations] = []
    for chunk in _batches(todo, chunk_size):
        parts.append(_annotate_chunk(chunk, settings, aliases, fallback_anchor, state))
    if state is not None and state.sources:
        log.info("syndication reuse: %s", state.stats)
    if not parts:
        return _empty_annotations()
    return Annotations(
        entity_mentions=concat_frames([p.entity_mentions for p in parts]),
        article_entities=concat_frames([p.article_entities for p in parts]),
        entities=_merge_entities([p.entities for p in parts]),
        aliases=_merge_aliases([p.aliases for p in parts]),
        date_mentions=concat_frames([p.date_mentions for p in parts]),
        attributions=concat_frames([p.attributions for p in parts]),
        quarantine=concat_frames([p.quarantine for p in parts]),
    )


def restage_entities(
    articles: pl.DataFrame,
    mentions: pl.DataFrame,
    entities: pl.DataFrame,
    aliases: pl.DataFrame,
    chunk_size: int = ANNOTATION_BATCH,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A day's staged entities and aliases as :func:`annotate_articles` makes them from
    ``articles``, taken from the normalized ``mentions`` it stored for them instead of
    running the model again.

    A takedown calls it with the day's articles and mentions without the forgotten
    article (``entities`` and ``aliases`` are the day's staged rows before, see
    :func:`pipelines.entities.restaged_entity_frames`): each batch votes again, and the
    batches, which start later once an article is gone, are those an ingest without it
    would make.
    """
    todo = articles_to_annotate(articles)
    if not todo.height:
        return pl.DataFrame(), pl.DataFrame()
    if "article_id" not in mentions.columns:  # no article of the day named anything
        mentions = pl.DataFrame(schema={"article_id": pl.Utf8})
    batches = []
    for chunk in _batches(todo, chunk_size):
        batch = mentions.filter(pl.col("article_id").is_in(chunk["article_id"].implode()))
        batches.append(entities_mod.restaged_entity_frames(batch, entities, aliases))
    return (
        _merge_entities([e for e, _ in batches]),
        _merge_aliases([a for _, a in batches]),
    )


# Article columns the annotators read besides the text: relative dates resolve against
# the anchor, place linking weighs the dateline's country.
_CONTEXT_COLUMNS = ("dateline_place", "dateline_country")


def _anchor_column(frame: pl.DataFrame) -> str | None:
    return next((c for c in ("published_date", "published_at") if c in frame.columns), None)


def _exact_copies(todo: pl.DataFrame, fallback_anchor: date | None) -> dict[str, str]:
    """``{copy_id: first_id}`` for articles whose text *and* annotation context repeat an
    earlier article's: every annotator reads only these, so the copy's facts are the first
    print's, relabelled, and no doc is needed at all."""
    anchor_col = _anchor_column(todo)
    n = todo.height
    published = todo[anchor_col].to_list() if anchor_col else [None] * n
    context = [todo[c].to_list() if c in todo.columns else [None] * n for c in _CONTEXT_COLUMNS]
    first: dict[tuple[Any, ...], str] = {}
    out: dict[str, str] = {}
    for i, (article_id, text) in enumerate(
        zip(todo["article_id"].to_list(), todo["text"].to_list(), strict=True)
    ):
        key = (text, _anchor(published[i], fallback_anchor), *(col[i] for col in context))
        seen = first.setdefault(key, article_id)
        if seen != article_id:
            out[article_id] = seen
    return out


@dataclass
class _Result:
    """One article's per-article annotations, before relabelling for its exact copies."""

    raw_rows: list[dict[str, Any]]
    date_rows: list[dict[str, Any]]
    quote_rows: list[dict[str, Any]]
    mentions: list[dict[str, Any]]  # normalized, as the quote finder read them


@dataclass
class _ReuseState:
    """Cross-chunk state of syndication reuse within one ``annotate_articles`` call."""

    sources: dict[str, str]  # copy article_id -> source article_id (near copies)
    exact: dict[str, str] = field(default_factory=dict)  # exact copy -> first print
    # Source docs kept for copies in later chunks; bounded so memory stays flat.
    docs: OrderedDict[str, Doc] = field(default_factory=OrderedDict)
    results: OrderedDict[str, _Result] = field(default_factory=OrderedDict)
    # The quote finder's parsed cue sentences of text seen before (reprints repeat most of it).
    parses: reuse_mod.ParseCache = field(default_factory=reuse_mod.ParseCache)
    # The quote finder's per-sentence record of each source, and for each assembled near
    # copy the length of its opening taken from its source (quotes take that part over).
    extractions: OrderedDict[str, quotes_mod.Extraction] = field(default_factory=OrderedDict)
    prefixes: dict[str, int] = field(default_factory=dict)
    max_docs: int = 256
    stats: dict[str, int] = field(
        default_factory=lambda: {
            "scratch": 0,
            "reused": 0,
            "exact": 0,
            "fallback": 0,
            "window_chars": 0,
        }
    )

    def remember(self, article_id: str, doc: Doc) -> None:
        self.docs[article_id] = doc
        self.docs.move_to_end(article_id)
        while len(self.docs) > self.max_docs:
            self.docs.popitem(last=False)

    def keep_extraction(self, article_id: str, extraction: quotes_mod.Extraction) -> None:
        self.extractions[article_id] = extraction
        self.extractions.move_to_end(article_id)
        while len(self.extractions) > self.max_docs:
            self.extractions.popitem(last=False)

    def quote_prior(self, article_id: str) -> tuple[quotes_mod.Extraction, int] | None:
        """The source's quote record and the copy's opening taken from that source."""
        prefix = self.prefixes.pop(article_id, None)
        record = self.extractions.get(self.sources.get(article_id, ""))
        return None if prefix is None or record is None else (record, prefix)

    def keep_result(self, article_id: str, result: _Result) -> None:
        self.results[article_id] = result
        self.results.move_to_end(article_id)
        while len(self.results) > self.max_docs:
            self.results.popitem(last=False)


def _relabel(rows: list[dict[str, Any]], article_id: str) -> list[dict[str, Any]]:
    return [{**row, "article_id": article_id} for row in rows]


def _chunk_docs(
    nlp: Language,
    ids: list[str],
    texts: list[str],
    settings: Settings,
    state: _ReuseState | None,
) -> list[Doc]:
    """The NER pipeline's doc for every text; copies are assembled from their source.

    One ``nlp.pipe`` call runs every text annotated from scratch plus the windows around
    the copies' edits; a copy whose doc cannot be assembled exactly is run in full. A
    source may itself be a copy (assembled earlier in text order, or kept from an
    earlier chunk).
    """
    if state is None:
        return list(nlp_mod.pipe(nlp, texts, settings.nlp_batch_size))
    plans: dict[int, reuse_mod.CopyPlan] = {}
    kept_sources: dict[int, Doc] = {}
    in_chunk = {article_id: i for i, article_id in enumerate(ids)}
    for i, article_id in enumerate(ids):
        src = state.sources.get(article_id)
        if src is None or not (src in state.docs or in_chunk.get(src, i) < i):
            continue
        kept = state.docs.get(src)
        if kept is not None:  # held here: remembering this chunk's docs may evict it
            kept_sources[i] = kept
        source_text = nlp_mod.doc_text(kept) if kept is not None else texts[in_chunk[src]]
        plans[i] = reuse_mod.plan_copy(source_text, texts[i])
    inputs = [texts[i] for i in range(len(ids)) if i not in plans]
    for i, plan in plans.items():
        inputs += [texts[i][w.start : w.end] for w in plan.windows]
    outputs = iter(nlp_mod.pipe(nlp, inputs, settings.nlp_batch_size))
    docs: list[Doc | None] = [None] * len(ids)
    wanted = set(state.sources.values())
    for i in range(len(ids)):
        if i not in plans:
            doc = next(outputs)
            docs[i] = doc
            state.stats["scratch"] += 1
            if ids[i] in wanted:
                state.remember(ids[i], doc)
    retry: list[int] = []
    # In text order, so a copy that is the source of a later one is assembled first.
    for i, plan in plans.items():
        windows = [next(outputs) for _ in plan.windows]
        src = state.sources[ids[i]]
        source_doc = kept_sources[i] if i in kept_sources else docs[in_chunk[src]]
        assembled = (
            None
            if source_doc is None  # its source fell back to a full run below
            else reuse_mod.assemble_doc(nlp, texts[i], plan, source_doc, windows)
        )
        if assembled is None:
            retry.append(i)
            continue
        docs[i] = assembled
        if settings.quotes_enabled and plan.copied and plan.copied[0][::2] == (0, 0):
            state.prefixes[ids[i]] = plan.copied[0][1]
        state.stats["reused"] += 1
        state.stats["window_chars"] += plan.reannotated_chars
        if ids[i] in wanted:
            state.remember(ids[i], assembled)
    retried = nlp_mod.pipe(nlp, [texts[i] for i in retry], settings.nlp_batch_size)
    for i, doc in zip(retry, retried, strict=True):
        docs[i] = doc
        state.stats["fallback"] += 1
        if ids[i] in wanted:
            state.remember(ids[i], doc)
    return [d for d in docs if d is not None]


def _annotate_chunk(
    chunk: pl.DataFrame,
    settings: Settings,
    aliases: pl.DataFrame | None,
    fallback_anchor: date | None,
    state: _ReuseState | None = None,
) -> Annotations:
    nlp = ner_pipeline(settings.model)
    ids: list[str] = chunk["article_id"].to_list()
    texts: list[str] = chunk["text"].to_list()
    # Relative dates resolve against the day the page states, not its UTC conversion.
    anchor_col = _anchor_column(chunk)
    published = chunk[anchor_col].to_list() if anchor_col else [None] * len(ids)
    anchors = [_anchor(pub, fallback_anchor) for pub in published]
    # Exact copies whose first print is at hand (kept from an earlier chunk, or earlier
    # in this one) need no doc; every other article gets one.
    in_chunk = {article_id: i for i, article_id in enumerate(ids)}
    copy_of: dict[int, str] = {}
    if state is not None:
        for i, article_id in enumerate(ids):
            src = state.exact.get(article_id)
            if src is not None and (src in state.results or in_chunk.get(src, i) < i):
                copy_of[i] = src
    fresh = [i for i in range(len(ids)) if i not in copy_of]
    docs: dict[int, Doc] = dict(
        zip(
            fresh,
            _chunk_docs(nlp, [ids[i] for i in fresh], [texts[i] for i in fresh], settings, state),
            strict=True,
        )
    )
    results: dict[int, _Result] = {}

    def result_of(src: str) -> _Result:
        if src in in_chunk and in_chunk[src] in results:
            return results[in_chunk[src]]
        assert state is not None
        return state.results[src]

    raw_rows: list[dict[str, Any]] = []
    raw_by_index: dict[int, list[dict[str, Any]]] = {}
    for i, article_id in enumerate(ids):
        if i in copy_of:
            src = copy_of[i]
            src_i = in_chunk.get(src)
            src_rows = raw_by_index[src_i] if src_i is not None else result_of(src).raw_rows
            rows = _relabel(src_rows, article_id)
        else:
            rows = entities_mod.mentions_from_doc(docs[i], article_id)
        raw_by_index[i] = rows
        raw_rows.extend(rows)
    context_cols = [c for c in ("article_id", *_CONTEXT_COLUMNS) if c in chunk.columns]
    ent = entities_mod.normalize_mentions(
        _raw_mentions_frame(raw_rows), chunk.select(context_cols), aliases
    )
    by_article = _mentions_by_article(ent.mentions)
    date_rows: list[dict[str, Any]] = []
    quote_rows: list[dict[str, Any]] = []
    sources = set(state.sources.values()) if state is not None else set()
    for i, article_id in enumerate(ids):
        mentions = by_article.get(article_id, [])
        if i in copy_of:
            source = result_of(copy_of[i])
            dates = _relabel(source.date_rows, article_id)
            if not settings.quotes_enabled:
                quotes: list[dict[str, Any]] = []
            elif mentions == source.mentions:
                quotes = _relabel(source.quote_rows, article_id)
            else:  # normalization saw the copy differently (a batch-level alias): redo it
                assert state is not None
                quotes = _quote_rows(nlp(texts[i]), article_id, mentions, settings, state.parses)
                state.stats["fallback"] += 1
            if state is not None:
                state.stats["exact"] += 1
        else:
            dates = _date_rows(docs[i], article_id, anchors[i])
            quotes = []
            if settings.quotes_enabled and state is None:
                quotes = _quote_rows(docs[i], article_id, mentions, settings)
            elif settings.quotes_enabled and state is not None:
                quotes, extraction = _quote_rows_reusing(
                    docs[i], article_id, mentions, settings, state
                )
                if extraction is not None and article_id in sources:
                    state.keep_extraction(article_id, extraction)
        results[i] = _Result(raw_by_index[i], dates, quotes, mentions)
        date_rows.extend(dates)
        quote_rows.extend(quotes)
    if state is not None:
        wanted = set(state.exact.values())
        for i, article_id in enumerate(ids):
            if article_id in wanted:
                state.keep_result(article_id, results[i])
    version = {"pipeline_version": PIPELINE_VERSION}
    mentions_frame = ent.mentions.rename({"entity_id": "doc_entity_id"}).with_columns(
        pl.col("doc_entity_id").alias("entity_id"),
        pl.lit(model_version(settings.model)).alias("model_version"),
        pl.lit(PIPELINE_VERSION).alias("pipeline_version"),
    )
    article_entities = ent.article_entities.rename({"entity_id": "doc_entity_id"}).with_columns(
        pl.col("doc_entity_id").alias("entity_id")
    )
    return Annotations(
        entity_mentions=mentions_frame,
        article_entities=article_entities,
        entities=ent.entities,
        aliases=ent.aliases,
        date_mentions=_frame(date_rows, DATE_MENTION_SCHEMA).with_columns(
            pl.lit(version["pipeline_version"]).alias("pipeline_version")
        ),
        attributions=_frame(quote_rows, ATTRIBUTION_SCHEMA).with_columns(
            pl.lit(version["pipeline_version"]).alias("pipeline_version")
        ),
    )


def _date_rows(doc: Doc, article_id: str, anchor: date | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in dates_mod.find_dates(doc, anchor):
        t = m.timex
        rows.append(
            {
                "article_id": article_id,
                "sentence_index": m.sentence_index,
                "char_start": m.start,
                "char_end": m.end,
                "surface": m.text,
                "value": t.value,
                "granularity": t.granularity,
                "mod": t.mod,
                "start_date": t.start_date,
                "end_date": t.end_date,
                "is_relative": t.is_relative,
                "anchor_date": anchor,
            }
        )
    return rows


def _quote_rows_reusing(
    doc: Doc,
    article_id: str,
    mentions: list[dict[str, Any]],
    settings: Settings,
    state: _ReuseState,
) -> tuple[list[dict[str, Any]], quotes_mod.Extraction | None]:
    """:func:`_quote_rows` for reuse: a near copy takes over the attributions of the
    opening it shares with its source, and every source leaves its record for its copies."""
    found, extraction = quotes_mod.find_attributions_reusing(
        doc, mentions, settings.model, state.parses, state.quote_prior(article_id)
    )
    return _attribution_rows(found, article_id), extraction


def _quote_rows(
    doc: Doc,
    article_id: str,
    mentions: list[dict[str, Any]],
    settings: Settings,
    parses: reuse_mod.ParseCache | None = None,
) -> list[dict[str, Any]]:
    return _attribution_rows(
        quotes_mod.find_attributions(doc, mentions, settings.model, parses), article_id
    )


def _attribution_rows(found: list[dict[str, Any]], article_id: str) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "sentence_index": q["sentence_index"],
            "char_start": q["start"],
            "char_end": q["end"],
            "speaker_text": q.get("speaker_text"),
            "speaker_doc_entity_id": q.get("speaker_entity_id"),
            "speaker_entity_id": q.get("speaker_entity_id"),
            "is_anonymous": bool(q.get("is_anonymous")),
            "speaker_descriptor": q.get("speaker_descriptor"),
            "anonymity_reason": q.get("anonymity_reason"),
            "cue": q["cue"],
            "quote_type": q.get("quote_type"),
            "content": q.get("content"),
            "channel": q.get("channel"),
        }
        for q in found
    ]


DATE_MENTION_SCHEMA = pl.Schema(
    {
        "article_id": pl.Utf8,
        "sentence_index": pl.Int32,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "surface": pl.Utf8,
        "value": pl.Utf8,
        "granularity": pl.Utf8,
        "mod": pl.Utf8,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "is_relative": pl.Boolean,
        "anchor_date": pl.Date,
    }
)
ATTRIBUTION_SCHEMA = pl.Schema(
    {
        "article_id": pl.Utf8,
        "sentence_index": pl.Int32,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "speaker_text": pl.Utf8,
        "speaker_doc_entity_id": pl.Utf8,
        "speaker_entity_id": pl.Utf8,
        "is_anonymous": pl.Boolean,
        "speaker_descriptor": pl.Utf8,
        "anonymity_reason": pl.Utf8,
        "cue": pl.Utf8,
        "quote_type": pl.Utf8,
        "content": pl.Utf8,
        "channel": pl.Utf8,
    }
)


def _frame(rows: list[dict[str, Any]], schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _raw_mentions_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Raw mentions with the context words the entity rules read ("in X", "X region")."""
    return _frame(rows, pl.Schema(entities_mod.RAW_CONTEXT_SCHEMA))


def _mentions_by_article(mentions: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Each article's normalized mentions in the shape the quote finder takes."""
    out: dict[str, list[dict[str, Any]]] = {}
    if mentions.is_empty():
        return out
    has_name = "name" in mentions.columns
    for row in mentions.iter_rows(named=True):
        out.setdefault(row["article_id"], []).append(
            {
                "start": row["char_start"],
                "end": row["char_end"],
                "entity_id": row["entity_id"],
                "type": row["entity_type"],
                "name": row["name"] if has_name else row["surface"],
            }
        )
    return out


def concat_frames(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    frames = [f for f in frames if f.width]
    if not frames:
        return pl.DataFrame()
    return pl.concat(frames, how="diagonal_relaxed")


def _merge_entities(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    merged = concat_frames(frames)
    if merged.is_empty():
        return merged
    return merged.sort(["entity_id", "name"]).unique(
        subset=["entity_id"], keep="first", maintain_order=True
    )


def _merge_aliases(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    merged = concat_frames(frames)
    if merged.is_empty():
        return merged
    return merged.group_by(["alias", "entity_id"], maintain_order=True).agg(
        pl.col("entity_type").first(), pl.col("mention_count").sum()
    )


def _empty_annotations() -> Annotations:
    empty = pl.DataFrame()
    return Annotations(
        entity_mentions=empty,
        article_entities=empty,
        entities=empty,
        aliases=empty,
        date_mentions=empty,
        attributions=empty,
    )


PLACE_TYPES = ("GPE", "LOC", "FAC")


def link_datelines(articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Set ``dateline_entity_id``: the place entity the NER pass found inside the dateline.

    The dateline place is then linked like any other place (GeoNames id, country,
    coordinates) instead of staying a bare string.
    """
    if articles.is_empty() or "dateline_raw" not in articles.columns:
        return articles
    base = articles.drop("dateline_entity_id", strict=False)
    if mentions.is_empty():
        return base.with_columns(pl.lit(None, dtype=pl.Utf8).alias("dateline_entity_id"))
    spans = base.select(
        "article_id",
        pl.col("text").str.find(pl.col("dateline_raw"), literal=True).alias("dl_start"),
        pl.col("dateline_raw").str.len_chars().alias("dl_len"),
    ).filter(pl.col("dl_start").is_not_null())
    linked = (
        mentions.filter(pl.col("entity_type").is_in(PLACE_TYPES))
        .join(spans, on="article_id")
        .filter(
            (pl.col("char_start") >= pl.col("dl_start"))
            & (pl.col("char_end") <= pl.col("dl_start") + pl.col("dl_len"))
        )
        .sort("char_start")
        .group_by("article_id")
        .agg(pl.col("doc_entity_id").first().alias("dateline_entity_id"))
    )
    return base.join(linked, on="article_id", how="left")


def partition_frames(
    articles: pl.DataFrame, annotations: Annotations, quarantine: pl.DataFrame
) -> PartitionFrames:
    """Bundle one partition's outputs for the warehouse loader."""
    return PartitionFrames(
        articles=link_datelines(articles, annotations.entity_mentions),
        entity_mentions=annotations.entity_mentions,
        article_entities=annotations.article_entities,
        entities=annotations.entities,
        aliases=annotations.aliases,
        date_mentions=annotations.date_mentions,
        attributions=annotations.attributions,
        quarantine=concat_frames([quarantine, annotations.quarantine]),
    )
