"""Entities: spaCy NER turned into a fact table of canonical people, organizations and places.

The small English model finds names well but types them badly (on the seed article it
calls Belgorod NORP and PERSON and Kursk PRODUCT), and it knows nothing about which
mentions are the same entity. Everything after recognition is therefore a batch of
polars expressions over the mention frame of many articles at once:

1. surface cleaning (NFKC, quotes, possessive, leading "the", titles before names);
2. a canonical key (casefold, diacritics folded, romanization variants merged);
3. fixed corrections: the alias table (Kremlin is ORG, "U.N." is the United Nations)
   and demonyms ("Russian" is a NORP mention linked to Russia);
4. within-document coreference of a lone surname to the one full name ending in it;
5. type voting over each document entity's mentions, then the gazetteer: a name that
   is a country, US state, continent or sizeable GeoNames city, or that is followed by
   "region"/"Oblast"/"province", is a place whatever spaCy said;
6. place linking with the article's dateline and other countries as context;
7. stable ids: a hash of the coarse class and the canonical key, or of the GeoNames id
   for linked places, so every partition computes the same id for the same entity.

Python runs only over distinct names (gazetteer lookups, hashing), never per mention.
Cross-article resolution of lone surnames ("Putin" in an article that never gives the
full name) is a separate pure function, :func:`resolve_corpus_aliases`, because only
the warehouse sees every partition and the answer must not depend on load order.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines import geo
from pipelines.nlp import doc_text, entity_spans, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

DATA_DIR = Path(__file__).resolve().parent / "data"

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
# Labels whose spans are never names; everything else (PRODUCT, WORK_OF_ART, LAW...) is
# kept as a candidate because the gazetteer may show it is a mistyped place.
NON_NAME_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
)
# Tie-break when a document entity's mentions vote evenly between labels.
LABEL_PRIORITY = {label: rank for rank, label in enumerate(KEPT_LABELS)}
CLASS_BY_TYPE = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
DATELINE_LABEL = "DATELINE"
PROPAGATED_LABEL = "PROPAGATED"
REGION_WORDS = ("region", "oblast", "province", "governorate", "krai", "oblasts", "regions")
# Only in lowercase: "Uiseong county" drops the word, "Lancaster County" is the name.
LOWER_REGION_WORDS = ("county", "district", "prefecture")
# "in X" and "near X" introduce places; used with a GeoNames match to overrule spaCy.
PLACE_PREPOSITIONS = (
    "in",
    "near",
    "outside",
    "across",
    "into",
    "from",
    "of",
    "at",
    "toward",
    "towards",
    "capital",
    "city",
    "town",
    "village",
)
# The portfolio word of a title ("Defense Minister") is not an organization's name.
TITLE_HEADS = ("minister", "secretary", "ministers", "secretaries")
# Weights of the salience formula (see _article_entities).
SALIENCE_FREQUENCY_WEIGHT = 0.6
SALIENCE_EARLINESS_WEIGHT = 0.4
ID_HEX_CHARS = 16

RAW_SCHEMA: dict[str, Any] = {
    "article_id": pl.Utf8,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface": pl.Utf8,
    "label_raw": pl.Utf8,
}
# Optional raw columns mentions_from_doc adds; normalization runs without them but
# loses the "in X" and "X region" cues.
CONTEXT_COLUMNS = ("prev_word", "next_word")
RAW_CONTEXT_SCHEMA: dict[str, Any] = {**RAW_SCHEMA, **dict.fromkeys(CONTEXT_COLUMNS, pl.Utf8)}
MENTION_SCHEMA: dict[str, Any] = {
    "article_id": pl.Utf8,
    "entity_id": pl.Utf8,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface": pl.Utf8,
    "label_raw": pl.Utf8,
    "entity_type": pl.Utf8,
    "name": pl.Utf8,
}
ENTITY_SCHEMA: dict[str, Any] = {
    "entity_id": pl.Utf8,
    "name": pl.Utf8,
    "entity_type": pl.Utf8,
    "entity_class": pl.Utf8,
    "canonical_key": pl.Utf8,
    "country_code": pl.Utf8,
    "geonames_id": pl.Int64,
    "admin1": pl.Utf8,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "population": pl.Int64,
}
ALIAS_SCHEMA: dict[str, Any] = {
    "alias": pl.Utf8,
    "entity_id": pl.Utf8,
    "entity_type": pl.Utf8,
    "mention_count": pl.Int64,
}
ARTICLE_ENTITY_SCHEMA: dict[str, Any] = {
    "article_id": pl.Utf8,
    "entity_id": pl.Utf8,
    "mention_count": pl.Int32,
    "first_char": pl.Int32,
    "salience": pl.Float64,
}
RESOLUTION_SCHEMA: dict[str, Any] = {"entity_id": pl.Utf8, "resolved_entity_id": pl.Utf8}

# An all-caps place opening a line, then an agency in brackets or a dash, optionally
# after ", Country" ("KYIV, Ukraine (AP) —"); "NATO, which ..." is not a dateline.
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'/\- ]*[A-Z.])"
    r"(?=(?:[ \t]*,[ \t]*[A-Z][^\n,]{0,40}?)?[ \t]*(?:\(|—|–|--| - ))",
    re.MULTILINE,
)
_PREV_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z\n]{0,2}$")
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+|['’]s\b)")


def _prev_word(text: str, start: int) -> re.Match[str] | None:
    """``_PREV_WORD`` ending at ``start``, scanning a short window instead of the whole text.

    An unanchored search from 0 tries every position before ``start`` (quadratic in the
    article length, the largest cost of mention extraction); the word before a name sits
    just before it. A match that touches the window edge after a letter may be a longer
    word cut short, so that rare case falls back to the full search (same result).
    """
    lo = max(0, start - 64)
    found = _PREV_WORD.search(text, lo, start)
    if (
        found is not None
        and found.start() == lo
        and lo > 0
        and text[lo - 1].isascii()
        and text[lo - 1].isalpha()
    ):
        return _PREV_WORD.search(text, 0, start)
    return found


# A repeat stands alone: no word character (or ".") before it, no word character after.
_BOUNDED = r"(?<![\w.]){}(?![\w])"


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` regex."""
    return char.isalnum() or char == "_"


def _whole_word_occurrences(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Spans ``re.finditer(_BOUNDED.format(re.escape(name)), text)`` would yield.

    A literal scan: an article has dozens of names, and compiling one regex per name
    (too many for ``re``'s cache) cost more than the rest of mention extraction.
    """
    size = len(name)
    pos = text.find(name)
    while pos >= 0:
        end = pos + size
        before = text[pos - 1] if pos else ""
        if not (before and (before == "." or _is_word_char(before))) and not (
            end < len(text) and _is_word_char(text[end])
        ):
            yield pos, end
            pos = text.find(name, end)
        else:
            pos = text.find(name, pos + 1)


# Names worth propagating: capitalized, three characters or more, one line.
_PROPAGATABLE = re.compile(r"^[A-Z][^\n]{2,}$")


@dataclass
class EntityFrames:
    """The four entity tables one batch of articles contributes to the warehouse."""

    mentions: pl.DataFrame
    entities: pl.DataFrame
    aliases: pl.DataFrame
    article_entities: pl.DataFrame


# ---------------------------------------------------------------------------- recognition


def mentions_from_doc(doc: Doc, article_id: str) -> list[dict[str, Any]]:
    """Candidate name spans of one parsed article, before any normalization.

    Three sources, each marked in ``label_raw`` so that normalization can weigh them:

    - spaCy's entities, including non-kept labels (not numbers or dates): spaCy's
      PRODUCT "Kursk" is a place, and only the gazetteer can tell;
    - ``DATELINE``: the all-caps place that opens a line ("KYIV, Ukraine (AP) —",
      "BANGKOK/YANGON (Reuters) -"), which the model misses or mistypes; it replaces
      any spaCy span it overlaps;
    - ``PROPAGATED``: a later or earlier verbatim repeat of a name spaCy tagged
      elsewhere in the same article but not there (the model tags "Kyiv" once in four).

    ``prev_word``/``next_word`` (lowercased neighbours) carry the "in X" and "X region"
    cues; normalization works without them.
    """
    text = doc_text(doc)
    sent_starts = [start for start, _ in sentence_spans(doc)] or [0]

    def sentence_of(char: int) -> int:
        return max(bisect.bisect_right(sent_starts, char) - 1, 0)

    def row(start: int, end: int, label: str) -> dict[str, Any]:
        before = _prev_word(text, start)
        after = _NEXT_WORD.match(text, end)
        return {
            "article_id": article_id,
            "sentence_index": sentence_of(start),
            "char_start": start,
            "char_end": end,
            "surface": text[start:end],
            "label_raw": label,
            "prev_word": before.group(1).lower() if before else None,
            "next_word": after.group(1).lower() if after else None,
        }

    datelines: list[tuple[int, int]] = []
    for match in _DATELINE.finditer(text):
        offset = match.start(1)
        for part in re.split(r"/", match.group(1)):
            stripped = part.strip()
            if len(stripped) >= 3:
                begin = text.index(stripped, offset)
                datelines.append((begin, begin + len(stripped)))
                offset = begin + len(stripped)
    rows = [row(a, b, DATELINE_LABEL) for a, b in datelines]
    taken = list(datelines)
    names: set[str] = set()
    for start, end, label in entity_spans(doc):
        if label in NON_NAME_LABELS:
            continue
        if any(a < end and start < b for a, b in datelines):
            continue
        rows.append(row(start, end, label))
        taken.append((start, end))
        surface = text[start:end]
        if label in KEPT_LABELS and _PROPAGATABLE.match(surface):
            names.add(surface)
    # Datelines propagate in any case ("NORTHFORK" → "Northfork schools"), names as spelt.
    repeats = [_whole_word_occurrences(text, n) for n in sorted(names, key=len, reverse=True)]
    repeats += [
        (m.span() for m in re.finditer(_BOUNDED.format(re.escape(text[a:b])), text, re.IGNORECASE))
        for a, b in datelines
    ]
    for a, b in itertools.chain.from_iterable(repeats):
        if text[a].isupper() and not any(x < b and a < y for x, y in taken):
            rows.append(row(a, b, PROPAGATED_LABEL))
            taken.append((a, b))
    rows.sort(key=lambda r: (r["char_start"], r["char_end"]))
    return rows


# ---------------------------------------------------------------------------- data tables


@lru_cache(maxsize=1)
def _title_pattern() -> str:
    """Regex for one or more leading titles; longest first so "Vice President" wins."""
    lines = (DATA_DIR / "titles.txt").read_text(encoding="utf-8").splitlines()
    titles = sorted(
        {ln.strip().rstrip(".") for ln in lines if ln.strip() and not ln.startswith("#")},
        key=len,
        reverse=True,
    )
    alternation = "|".join(re.escape(t) for t in titles)
    return rf"^(?:(?:{alternation})\.?\s+)+"


@lru_cache(maxsize=1)
def _translit_rules() -> tuple[tuple[str, str], ...]:
    with (DATA_DIR / "transliteration.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple((str(a), str(b)) for a, b in data["rules"])


@lru_cache(maxsize=1)
def _demonym_frame() -> pl.DataFrame:
    """key → country code, country entity id; plurals in -s derived for -an/-i forms."""
    with (DATA_DIR / "demonyms.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    names: list[str] = []
    codes: list[str] = []
    for code, forms in data.items():
        if code.startswith("_"):
            continue
        for form in forms:
            variants = [form]
            if form.endswith(("an", "i")):
                variants.append(form + "s")
            for v in variants:
                names.append(v)
                codes.append(code)
    frame = pl.DataFrame({"demonym": names, "demonym_country": codes})
    frame = frame.with_columns(_key_expr(pl.col("demonym"), person=False).alias("key"))
    return frame.unique(subset=["key"], keep="first", maintain_order=True).select(
        "key", "demonym_country"
    )


@lru_cache(maxsize=1)
def _alias_table() -> pl.DataFrame:
    """Fixed corrections: key → (canonical name, type)."""
    with (DATA_DIR / "entity_aliases.json").open(encoding="utf-8") as fh:
        rows = json.load(fh)["aliases"]
    frame = pl.DataFrame(
        {
            "alias_text": [r["alias"] for r in rows],
            "fixed_name": [r["name"] for r in rows],
            "fixed_type": [r["type"] for r in rows],
        }
    )
    # "U.N." and "UN" share a key: one row per key, or the join would double mentions.
    return (
        frame.with_columns(
            _key_expr(pl.col("alias_text"), person=False).alias("key"),
            _key_expr(pl.col("fixed_name"), person=False).alias("fixed_key"),
        )
        .select("key", "fixed_name", "fixed_type", "fixed_key")
        .unique(subset=["key"], keep="first", maintain_order=True)
    )


# ---------------------------------------------------------------------------- expressions


def _clean_expr(surface: pl.Expr, label: pl.Expr) -> pl.Expr:
    """Display form of a mention: what a reader would call the entity.

    A span that runs over a line break ends at it (a name never continues into the
    next paragraph or a "Read next" list); a person loses leading titles and a
    trailing score ("Jessica Pegula 7-5"); a place loses "region"/"Oblast" and a
    lowercase "county"/"district".
    """
    s = surface.str.replace(r"(?s)\n.*$", "")
    s = s.str.normalize("NFKC").str.replace_all(r"\s+", " ").str.strip_chars()
    s = s.str.replace(r"[’']s$", "").str.strip_chars("\"'“”‘’«»`()[] ,;:")
    s = s.str.replace(r"^(?i:the)\s+", "")
    s = s.str.replace(
        r"\s+(?:(?i:" + "|".join(REGION_WORDS) + r")|" + "|".join(LOWER_REGION_WORDS) + r")$", ""
    )
    untitled = s.str.replace(_title_pattern(), "").str.replace(r"(?:\s+\d+[\-–]\d+)+$", "")
    return (
        pl.when((label == "PERSON") & (untitled.str.len_chars() > 0))
        .then(untitled)
        .otherwise(s)
        .str.strip_chars()
    )


def _key_expr(name: pl.Expr, person: pl.Expr | bool) -> pl.Expr:
    """Comparison key: casefolded, diacritics and punctuation gone, variants merged.

    Non-Latin scripts are not transliterated here (see _ascii_keys); middle initials
    are dropped for people so "Donald J. Trump" keys like "Donald Trump".
    """
    k = (
        name.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[.'’\"“”`]", "")
        .str.replace_all(r"[\-‐–—_/]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    for pattern, repl in _translit_rules():
        k = k.str.replace_all(pattern, repl)
    dropped = k.str.replace_all(r" [a-z] ", " ").str.replace_all(r" [a-z] ", " ")
    if isinstance(person, bool):
        return dropped if person else k
    return pl.when(person).then(dropped).otherwise(k)


def name_key(name: str, person: bool = False) -> str:
    """The canonical key of one name, exactly as the batch expressions compute it."""
    frame = pl.DataFrame({"n": [name]}).with_columns(_key_expr(pl.col("n"), person).alias("k"))
    return _ascii_keys(frame, "k")["k"][0] or ""


def _ascii_keys(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Transliterate the few keys still outside ASCII (Cyrillic, Greek...) via anyascii."""
    odd = frame.filter(~pl.col(column).str.contains(r"^[\x00-\x7F]*$"))[column].unique()
    if odd.is_empty():
        return frame
    from anyascii import anyascii

    mapping = {v: anyascii(v).lower() for v in odd.to_list() if v is not None}
    return frame.with_columns(pl.col(column).replace(mapping))


def _stable_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def entity_id_for(entity_class: str, canonical_key: str) -> str:
    """Id of an entity not linked to GeoNames: a hash of its class and key."""
    return _stable_id(f"{entity_class}:{canonical_key}")


def place_entity_id(geonames_id: int) -> str:
    """Id of a GeoNames-linked place: a hash of the GeoNames id alone, so spelling
    variants (Kiev/Kyiv) and spaCy's GPE/LOC/FAC choice never split it."""
    return _stable_id(f"place:geonames:{geonames_id}")


def _with_ids(frame: pl.DataFrame, source: str, target: str) -> pl.DataFrame:
    """Hash the distinct id seeds in Python once each, then map them back in polars."""
    seeds = frame[source].drop_nulls().unique().to_list()
    mapping = {seed: _stable_id(seed) for seed in seeds}
    return frame.with_columns(
        pl.col(source).replace_strict(mapping, default=None, return_dtype=pl.Utf8).alias(target)
    )


# ---------------------------------------------------------------------------- gazetteer


def _gazetteer(surfaces: Iterable[str], min_population: int) -> pl.DataFrame:
    """One row per (surface, candidate place): the lookups run once per distinct name."""
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "surface_clean",
            "notable",
            "strong",
            "geonames_id",
            "place_name",
            "place_country",
            "admin1",
            "lat",
            "lon",
            "population",
            "feature",
            "base_score",
        )
    }
    for surface in surfaces:
        notable = geo.is_notable_place(surface, min_population)
        strong = geo.is_notable_place(surface, max(min_population, geo.MAJOR_CITY_POPULATION))
        for cand in geo.candidates(surface):
            p = cand.place
            rows["surface_clean"].append(surface)
            rows["notable"].append(notable)
            rows["strong"].append(strong)
            rows["geonames_id"].append(p.geonames_id)
            rows["place_name"].append(p.name)
            rows["place_country"].append(p.country_code)
            rows["admin1"].append(p.admin1)
            rows["lat"].append(p.lat)
            rows["lon"].append(p.lon)
            rows["population"].append(p.population)
            rows["feature"].append(p.feature)
            rows["base_score"].append(cand.base_score())
    return pl.DataFrame(
        rows,
        schema={
            "surface_clean": pl.Utf8,
            "notable": pl.Boolean,
            "strong": pl.Boolean,
            "geonames_id": pl.Int64,
            "place_name": pl.Utf8,
            "place_country": pl.Utf8,
            "admin1": pl.Utf8,
            "lat": pl.Float64,
            "lon": pl.Float64,
            "population": pl.Int64,
            "feature": pl.Utf8,
            "base_score": pl.Float64,
        },
    )


def _country_rows(codes: Iterable[str]) -> pl.DataFrame:
    """Country-level GeoNames records for demonym links."""
    rows = []
    for code in sorted(set(codes)):
        p = geo.country_place(code)
        if p is not None:
            rows.append(
                {
                    "demonym_country": code,
                    "c_geonames_id": p.geonames_id,
                    "c_name": p.name,
                    "c_lat": p.lat,
                    "c_lon": p.lon,
                    "c_population": p.population,
                }
            )
    schema = {
        "demonym_country": pl.Utf8,
        "c_geonames_id": pl.Int64,
        "c_name": pl.Utf8,
        "c_lat": pl.Float64,
        "c_lon": pl.Float64,
        "c_population": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _article_context(articles: pl.DataFrame | None) -> pl.DataFrame:
    """(article_id, country code) pairs that the dateline contributes as context."""
    schema = {"article_id": pl.Utf8, "ctx_country": pl.Utf8}
    if articles is None or articles.is_empty() or "article_id" not in articles.columns:
        return pl.DataFrame(schema=schema)
    cols = [c for c in ("dateline_place", "dateline_country") if c in articles.columns]
    rows: list[tuple[str, str]] = []
    for rec in articles.select(["article_id", *cols]).unique().iter_rows(named=True):
        code = geo.country_code_for(rec.get("dateline_country"))
        if code is None and rec.get("dateline_place"):
            place = geo.resolve_place(rec["dateline_place"], rec.get("dateline_country"))
            code = place.country_code if place else None
        if code:
            rows.append((rec["article_id"], code))
    return pl.DataFrame(rows, schema=schema, orient="row")


# ---------------------------------------------------------------------------- normalization


def _empty_frames() -> EntityFrames:
    return EntityFrames(
        mentions=pl.DataFrame(schema=MENTION_SCHEMA),
        entities=pl.DataFrame(schema=ENTITY_SCHEMA),
        aliases=pl.DataFrame(schema=ALIAS_SCHEMA),
        article_entities=pl.DataFrame(schema=ARTICLE_ENTITY_SCHEMA),
    )


def normalize_mentions(
    raw: pl.DataFrame,
    articles: pl.DataFrame | None = None,
    aliases: pl.DataFrame | None = None,
    *,
    min_population: int | None = None,
) -> EntityFrames:
    """Raw spaCy spans of many articles → the entity fact and dimension tables.

    Without ``aliases`` each article's ids depend on that article alone, so a
    partition's output does not depend on which other articles share its batch; with
    the warehouse's alias table a lone surname is resolved to the full-name person it
    unambiguously belongs to (the warehouse still runs :func:`resolve_corpus_aliases`
    over everything at finalize, which makes the end state order-independent).
    """
    if min_population is None:
        from pipelines.settings import get_settings

        min_population = get_settings().quality.gazetteer_min_population
    if raw.is_empty():
        return _empty_frames()
    df = raw.select(
        [pl.col(c).cast(t) for c, t in RAW_SCHEMA.items()]
        + [
            pl.col(c).cast(pl.Utf8) if c in raw.columns else pl.lit(None, dtype=pl.Utf8).alias(c)
            for c in CONTEXT_COLUMNS
        ]
    ).with_row_index("mention_row")

    # 1. cleaning and the canonical key.
    df = (
        df.with_columns(
            _clean_expr(pl.col("surface"), pl.col("label_raw")).alias("surface_clean"),
            _clean_expr(pl.col("surface"), pl.lit("")).alias("untitled_check"),
        )
        .with_columns((pl.col("surface_clean") != pl.col("untitled_check")).alias("had_title"))
        .drop("untitled_check")
    )
    df = _ascii_keys(
        df.with_columns(
            _key_expr(pl.col("surface_clean"), pl.col("label_raw") == "PERSON").alias("key")
        ),
        "key",
    )
    # A propagated repeat takes its name, key and kept-ness from the spaCy span it copies
    # (so "Chair Jerome Powell" repeated keys like the titled original), but never votes.
    sources = (
        df.filter(pl.col("label_raw") != PROPAGATED_LABEL)
        .sort("article_id", "char_start")
        .group_by("article_id", "surface", maintain_order=True)
        .agg(
            pl.col("surface_clean").first().alias("src_clean"),
            pl.col("key").first().alias("src_key"),
            pl.col("label_raw").first().alias("src_label"),
            pl.col("had_title").first().alias("src_title"),
        )
    )
    propagated = pl.col("label_raw") == PROPAGATED_LABEL
    df = (
        df.join(sources, on=["article_id", "surface"], how="left")
        .with_columns(
            pl.when(propagated).then(pl.col("src_clean")).otherwise(pl.col("surface_clean")),
            pl.when(propagated).then(pl.col("src_key")).otherwise(pl.col("key")),
            pl.when(propagated).then(pl.col("src_title")).otherwise(pl.col("had_title")),
            pl.when(propagated)
            .then(pl.col("src_label"))
            .otherwise(pl.col("label_raw"))
            .alias("effective_label"),
        )
        .drop("src_clean", "src_key", "src_label", "src_title")
        .filter(pl.col("surface_clean").str.contains(r"\p{Lu}"))
    )
    if df.is_empty():
        return _empty_frames()
    region_words = list(REGION_WORDS) + list(LOWER_REGION_WORDS)
    df = df.with_columns(
        pl.col("surface")
        .str.contains(
            r"\s(?:(?i:" + "|".join(REGION_WORDS) + r")|" + "|".join(LOWER_REGION_WORDS) + r")$"
        )
        .or_(pl.col("next_word").is_in(region_words).fill_null(False))
        .alias("region_cue"),
        (
            pl.col("prev_word").is_in(list(PLACE_PREPOSITIONS)).fill_null(False)
            & ~pl.col("next_word").is_in(["'s", "’s"]).fill_null(False)
        ).alias("place_cue"),
        pl.col("effective_label").is_in(KEPT_LABELS).alias("kept"),
        (pl.col("effective_label") == "PERSON").alias("is_person_label"),
        pl.col("key").str.count_matches(" ").add(1).alias("n_tokens"),
    )
    # Mention spans shrink to the cleaned name when it is a verbatim part of the span,
    # so "President Vladimir Putin" is stored as the span of "Vladimir Putin".
    inside = pl.col("surface").str.contains(pl.col("surface_clean"), literal=True)
    lead = pl.col("surface").str.split(pl.col("surface_clean")).list.first().str.len_chars()
    df = df.with_columns(
        pl.when(inside)
        .then(pl.col("char_start") + lead.cast(pl.Int32))
        .otherwise(pl.col("char_start"))
        .alias("char_start"),
    ).with_columns(
        pl.when(inside)
        .then(pl.col("char_start") + pl.col("surface_clean").str.len_chars().cast(pl.Int32))
        .otherwise(pl.col("char_end"))
        .alias("char_end"),
        pl.when(inside).then(pl.col("surface_clean")).otherwise(pl.col("surface")).alias("surface"),
    )

    # The portfolio word spaCy cuts out of a title ("Defense" in "Defense Minister").
    df = df.filter(
        ~(
            (pl.col("effective_label") == "ORG")
            & (pl.col("n_tokens") == 1)
            & pl.col("next_word").is_in(list(TITLE_HEADS)).fill_null(False)
        )
    )

    # 2. fixed corrections: alias table first, then demonyms (kept labels only, so a
    # LANGUAGE "Russian" never becomes a nationality).
    df = df.join(_alias_table(), on="key", how="left")
    df = df.join(_demonym_frame(), on="key", how="left").with_columns(
        pl.when(pl.col("kept") & pl.col("fixed_type").is_null())
        .then(pl.col("demonym_country"))
        .alias("demonym_country")
    )
    free = pl.col("fixed_type").is_null() & pl.col("demonym_country").is_null()

    # 3. gazetteer facts per distinct cleaned surface.
    gaz = _gazetteer(df.filter(free)["surface_clean"].unique().sort().to_list(), min_population)
    notable = gaz.select("surface_clean", "notable", "strong").unique()
    df = df.join(notable, on="surface_clean", how="left").with_columns(
        pl.col("notable").fill_null(False),
        pl.col("strong").fill_null(False),
        pl.col("notable").is_not_null().alias("known"),
    )

    # 4. within-document coreference: a one-word name → the only multi-word name in the
    # same article that ends with it, when one of the two is tagged PERSON ("Putin" →
    # "Vladimir Putin"; spaCy's ORG "Mason Rudolph" ← PERSON "Rudolph"). A notable place
    # tagged GPE/LOC stays a place, and NORP words ("Democrats") never attach.
    surname = (
        pl.col("key")
        .str.replace(r" (?:jr|sr|ii|iii|iv)$", "")
        .str.split(" ")
        .list.last()
        .alias("surname")
    )
    fulls = (
        df.filter(free & pl.col("kept") & (pl.col("n_tokens") >= 2))
        .group_by("article_id", pl.col("key").alias("full_key"))
        .agg(
            (pl.col("effective_label") == "PERSON").any().alias("full_person"),
            pl.col("key").first(),
        )
        .select("article_id", "full_key", "full_person", surname)
    )
    unique_fulls = (
        fulls.group_by("article_id", "surname")
        .agg(
            pl.col("full_key").first(),
            pl.col("full_person").first(),
            pl.col("full_key").n_unique().alias("n_full"),
        )
        .filter(pl.col("n_full") == 1)
        .drop("n_full")
    )
    corefable = (
        free
        & pl.col("effective_label").is_in(["PERSON", "ORG", "GPE", "FAC"])
        & (pl.col("n_tokens") == 1)
        & ~(pl.col("effective_label").is_in(["GPE", "LOC"]) & pl.col("notable"))
    )
    df = df.join(
        unique_fulls,
        left_on=["article_id", "key"],
        right_on=["article_id", "surname"],
        how="left",
    )
    linked = (
        corefable
        & pl.col("full_key").is_not_null()
        & (pl.col("full_person") | (pl.col("effective_label") == "PERSON"))
    )
    df = df.with_columns(
        pl.when(linked).then(pl.col("full_key")).otherwise(pl.col("key")).alias("cluster_key"),
        linked.alias("coref"),
        (linked & pl.col("full_person")).fill_null(False).alias("coref_person"),
    ).drop("full_key", "full_person")
    df = df.with_columns(
        pl.when(pl.col("fixed_key").is_not_null())
        .then(pl.col("fixed_key"))
        .otherwise(pl.col("cluster_key"))
        .alias("cluster_key")
    )

    # 5. type voting over each document entity's free mentions, then the gazetteer.
    clusters = _vote(df.filter(free))
    df = df.join(clusters, on=["article_id", "cluster_key"], how="left")
    # GPE for now; _link_places turns the ones linked to a continent into LOC.
    place_type = pl.lit("GPE")
    # Who may be overridden by the gazetteer: a mistyped NORP/FAC/PRODUCT... at the
    # population threshold; a PERSON or LOC vote only by a country, state or metropolis
    # (a lone "Elizabeth" or "Jupiter" is more often not the US city); ORG and EVENT,
    # titled names ("Queen Elizabeth") and coreferent surnames never.
    weak_vote = ~pl.col("voted").is_in(["ORG", "EVENT", "PERSON", "LOC"])
    to_place = (
        (pl.col("cluster_region") & ~pl.col("cluster_title"))
        | (
            # "in Khan Younis", "near Sagaing": a preposition of place plus a GeoNames
            # match outweighs spaCy's PERSON/ORG.
            pl.col("cluster_place_cue")
            & pl.col("cluster_known")
            & ~pl.col("cluster_title")
            & ~pl.col("cluster_coref")
            & (pl.col("voted") != "EVENT")
        )
        | ((pl.col("cluster_tokens") == 1) & pl.col("cluster_strong") & (pl.col("voted") == "ORG"))
        | (
            (pl.col("cluster_tokens") == 1)
            & ~pl.col("cluster_title")
            & ~pl.col("cluster_coref")
            & (
                (pl.col("cluster_notable") & weak_vote)
                | (pl.col("cluster_strong") & pl.col("voted").is_in(["PERSON", "LOC"]))
            )
        )
        | (
            (pl.col("cluster_tokens") >= 2)
            & pl.col("cluster_notable")
            & ~pl.col("voted").is_in(["ORG", "EVENT", "PERSON"])
        )
    )
    df = df.with_columns(
        pl.when(pl.col("fixed_type").is_not_null())
        .then(pl.col("fixed_type"))
        .when(pl.col("demonym_country").is_not_null())
        .then(pl.lit("NORP"))
        .when(pl.col("cluster_coref_person"))
        .then(pl.lit("PERSON"))
        .when(to_place)
        .then(place_type)
        # "OpenAI", "SpaceX", "NASA": inner capitals or all caps are not how people are
        # named, whatever the small model says.
        .when((pl.col("voted") == "PERSON") & pl.col("cluster_camel"))
        .then(pl.lit("ORG"))
        # An all-caps GPE that no gazetteer knows ("AI") is an acronym, not a place.
        .when(
            (pl.col("voted") == "GPE")
            & pl.col("cluster_camel")
            & ~pl.col("cluster_known")
            & ~pl.col("cluster_dateline")
        )
        .then(pl.lit(None, dtype=pl.Utf8))
        .when(pl.col("voted").is_in(KEPT_LABELS))
        .then(pl.col("voted"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
        .alias("entity_type")
    ).filter(pl.col("entity_type").is_not_null())
    if df.is_empty():
        return _empty_frames()

    # 6. place linking with context: the dateline country plus the countries the article
    # names outright (as a country or through a demonym).
    df = _link_places(df, gaz, articles)

    # 7. ids, names, and the output tables.
    df = df.with_columns(
        pl.col("entity_type").replace_strict(CLASS_BY_TYPE, return_dtype=pl.Utf8).alias("cls")
    )
    df = df.with_columns(
        pl.when(pl.col("link_geonames_id").is_not_null())
        .then(pl.lit("place:geonames:") + pl.col("link_geonames_id").cast(pl.Utf8))
        .when(pl.col("demonym_country").is_not_null())
        .then(pl.lit("place:geonames:") + pl.col("c_geonames_id").cast(pl.Utf8))
        .otherwise(pl.col("cls") + pl.lit(":") + pl.col("cluster_key"))
        .alias("id_seed")
    )
    df = _with_ids(df, "id_seed", "entity_id")
    frames = _build_frames(df)
    if aliases is not None and not aliases.is_empty():
        frames = _apply_resolution(frames, aliases)
    return frames


def _vote(free: pl.DataFrame) -> pl.DataFrame:
    """Per (article, cluster): the winning label and the facts the type rules need.

    spaCy's own spans vote; propagated repeats do not (they would only multiply the
    label of the span they copy), and a dateline votes GPE twice, since its position
    says more than the model does.
    """
    ballots = free.filter(pl.col("label_raw") != PROPAGATED_LABEL).with_columns(
        pl.when(pl.col("label_raw") == DATELINE_LABEL)
        .then(pl.lit("GPE"))
        .otherwise(pl.col("label_raw"))
        .alias("ballot"),
        pl.when(pl.col("label_raw") == DATELINE_LABEL)
        .then(pl.lit(2))
        .otherwise(pl.lit(1))
        .alias("weight"),
    )
    votes = (
        ballots.group_by("article_id", "cluster_key", "ballot")
        .agg(pl.col("weight").sum().alias("n"))
        .with_columns(
            pl.col("ballot").is_in(KEPT_LABELS).alias("is_kept"),
            pl.col("ballot")
            .replace_strict(LABEL_PRIORITY, default=len(LABEL_PRIORITY), return_dtype=pl.Int32)
            .alias("prio"),
        )
        .sort(
            ["article_id", "cluster_key", "is_kept", "n", "prio", "ballot"],
            descending=[False, False, True, True, False, False],
        )
        .unique(subset=["article_id", "cluster_key"], keep="first", maintain_order=True)
        .select("article_id", "cluster_key", pl.col("ballot").alias("voted"))
    )
    facts = free.group_by("article_id", "cluster_key").agg(
        pl.col("notable").any().alias("cluster_notable"),
        pl.col("region_cue").any().alias("cluster_region"),
        pl.col("coref").any().alias("cluster_coref"),
        pl.col("coref_person").any().alias("cluster_coref_person"),
        pl.col("strong").any().alias("cluster_strong"),
        pl.col("had_title").any().alias("cluster_title"),
        pl.col("place_cue").any().alias("cluster_place_cue"),
        (pl.col("label_raw") == DATELINE_LABEL).any().alias("cluster_dateline"),
        pl.col("known").any().alias("cluster_known"),
        pl.col("surface_clean")
        .str.contains(r"\p{Ll}\p{Lu}|^[\p{Lu}\d&.\-]{2,}$")
        .all()
        .alias("cluster_camel"),
        pl.col("cluster_key").first().str.count_matches(" ").add(1).alias("cluster_tokens"),
    )
    return votes.join(facts, on=["article_id", "cluster_key"], how="left")


def _link_places(
    df: pl.DataFrame, gaz: pl.DataFrame, articles: pl.DataFrame | None
) -> pl.DataFrame:
    """Add the chosen GeoNames record per (article, cluster) of type GPE/LOC."""
    countries = _country_rows(df["demonym_country"].drop_nulls().unique().to_list())
    df = df.join(countries, on="demonym_country", how="left")
    # A country name adds its country to the context only when no context could change
    # its reading (Russia: yes; Georgia, which may be the US state: no), else a name
    # would vote for itself.
    ranked = gaz.sort(
        ["surface_clean", "base_score", "geonames_id"], descending=[False, True, False]
    ).with_columns(
        pl.col("feature").first().over("surface_clean").alias("top_feature"),
        pl.col("place_country").first().over("surface_clean").alias("top_country"),
        pl.col("base_score").first().over("surface_clean").alias("top_score"),
    )
    rival = (
        ranked.filter(pl.col("place_country").ne_missing(pl.col("top_country")))
        .group_by("surface_clean")
        .agg(pl.col("base_score").max().alias("rival_score"))
    )
    settled = (
        ranked.filter(pl.col("top_feature") == "country")
        .select("surface_clean", "top_country", "top_score")
        .unique()
        .join(rival, on="surface_clean", how="left")
        .filter(
            pl.col("rival_score").is_null()
            | (pl.col("top_score") - pl.col("rival_score") > 2 * geo.CONTEXT_BONUS)
        )
    )
    named_countries = (
        df.filter(pl.col("entity_type") == "GPE")
        .join(settled, on="surface_clean")
        .select("article_id", pl.col("top_country").alias("ctx_country"))
    )
    demonym_countries = df.filter(pl.col("demonym_country").is_not_null()).select(
        "article_id", pl.col("demonym_country").alias("ctx_country")
    )
    context = pl.concat([_article_context(articles), named_countries, demonym_countries]).unique()
    places = df.filter(pl.col("entity_type").is_in(["GPE", "LOC"]) & pl.col("fixed_type").is_null())
    scored = (
        places.select("article_id", "cluster_key", "surface_clean", "entity_type")
        .unique()
        .join(gaz.drop("notable", "strong"), on="surface_clean", how="inner")
        # A LOC that the type rules kept (Jupiter the planet, not the Florida town)
        # may only be a continent.
        .filter((pl.col("entity_type") == "GPE") | (pl.col("feature") == "continent"))
        .join(
            context.with_columns(pl.lit(True).alias("in_ctx")),
            left_on=["article_id", "place_country"],
            right_on=["article_id", "ctx_country"],
            how="left",
        )
        .with_columns(
            (
                pl.col("base_score")
                + pl.col("in_ctx").fill_null(False).cast(pl.Float64) * geo.CONTEXT_BONUS
            ).alias("score")
        )
        .sort(
            ["article_id", "cluster_key", "score", "geonames_id"],
            descending=[False, False, True, False],
        )
        .unique(subset=["article_id", "cluster_key"], keep="first", maintain_order=True)
        .select(
            "article_id",
            "cluster_key",
            pl.col("geonames_id").alias("link_geonames_id"),
            "place_name",
            "place_country",
            "admin1",
            "lat",
            "lon",
            "population",
            pl.col("feature").alias("best_feature_linked"),
        )
    )
    df = df.join(scored, on=["article_id", "cluster_key"], how="left")
    # A continent keeps LOC; the vote used the per-surface best guess before linking.
    return df.with_columns(
        pl.when(
            pl.col("entity_type").is_in(["GPE", "LOC"])
            & pl.col("best_feature_linked").is_not_null()
            & pl.col("demonym_country").is_null()
        )
        .then(
            pl.when(pl.col("best_feature_linked") == "continent")
            .then(pl.lit("LOC"))
            .otherwise(pl.lit("GPE"))
        )
        .otherwise(pl.col("entity_type"))
        .alias("entity_type")
    )


def _pick_name(df: pl.DataFrame) -> pl.DataFrame:
    """Display name per (article, entity): GeoNames/alias names where fixed, else the
    fullest surface for people and the most frequent one otherwise; all-caps forms
    (datelines) lose to mixed case."""
    counted = (
        df.group_by("article_id", "entity_id", "surface_clean")
        .agg(pl.len().alias("n"), pl.col("entity_type").first().alias("t"))
        .with_columns(
            (pl.col("surface_clean") == pl.col("surface_clean").str.to_uppercase()).alias("caps"),
            pl.col("surface_clean").str.len_chars().alias("length"),
        )
    )
    person_first = counted.sort(
        ["article_id", "entity_id", "caps", "length", "n", "surface_clean"],
        descending=[False, False, False, True, True, False],
    )
    other_first = counted.sort(
        ["article_id", "entity_id", "caps", "n", "length", "surface_clean"],
        descending=[False, False, False, True, True, False],
    )
    persons = person_first.filter(pl.col("t") == "PERSON").unique(
        subset=["article_id", "entity_id"], keep="first", maintain_order=True
    )
    others = other_first.filter(pl.col("t") != "PERSON").unique(
        subset=["article_id", "entity_id"], keep="first", maintain_order=True
    )
    surface_names = (
        pl.concat([persons, others])
        .sort(["article_id", "entity_id", "t"])
        .unique(subset=["article_id", "entity_id"], keep="first", maintain_order=True)
        .select("article_id", "entity_id", pl.col("surface_clean").alias("surface_name"))
    )
    fixed = (
        df.select(
            "article_id",
            "entity_id",
            pl.coalesce("c_name", "place_name", "fixed_name").alias("fixed_display"),
        )
        .drop_nulls("fixed_display")
        .unique(subset=["article_id", "entity_id"], keep="first")
    )
    return surface_names.join(fixed, on=["article_id", "entity_id"], how="left").select(
        "article_id",
        "entity_id",
        pl.coalesce("fixed_display", "surface_name").alias("name"),
    )


def _build_frames(df: pl.DataFrame) -> EntityFrames:
    names = _pick_name(df)
    df = df.join(names, on=["article_id", "entity_id"], how="left")
    mentions = df.sort("article_id", "char_start", "char_end").select(
        [pl.col(c).cast(t) for c, t in MENTION_SCHEMA.items()]
    )
    # Demonym mentions describe the country; the country entity itself is a GPE.
    entity_rows = df.with_columns(
        pl.when(pl.col("demonym_country").is_not_null())
        .then(pl.lit("GPE"))
        .otherwise(pl.col("entity_type"))
        .alias("dim_type"),
        pl.coalesce("link_geonames_id", "c_geonames_id").alias("geonames_id"),
        pl.coalesce("place_country", "demonym_country").alias("country_code"),
        pl.coalesce("lat", "c_lat").alias("lat"),
        pl.coalesce("lon", "c_lon").alias("lon"),
        pl.coalesce("population", "c_population").alias("population"),
    )
    entities = _vote_entities(entity_rows)
    aliases = _aliases_of(
        df.select(pl.col("surface_clean").alias("surface"), "entity_id", "entity_type")
    )
    return EntityFrames(
        mentions=mentions,
        entities=entities,
        aliases=aliases,
        article_entities=_article_entities(mentions),
    )


def _vote_entities(entity_rows: pl.DataFrame) -> pl.DataFrame:
    """One batch's staged entity rows from its mention rows: type and name by majority
    (ties alphabetical), the place facts of the entity's first mention that has them.

    ``entity_rows`` holds one row per mention with ``entity_id``, ``article_id``,
    ``char_start``, ``dim_type``, ``name`` and the place facts; normalization builds
    them, and a takedown rebuilds them from the mentions it keeps
    (:func:`restaged_entity_frames`), so both vote through here.
    """
    type_votes = (
        entity_rows.group_by("entity_id", "dim_type")
        .agg(pl.len().alias("n"))
        .sort(["entity_id", "n", "dim_type"], descending=[False, True, False])
        .unique(subset=["entity_id"], keep="first", maintain_order=True)
        .select("entity_id", pl.col("dim_type").alias("entity_type"))
    )
    name_votes = (
        entity_rows.group_by("entity_id", "name")
        .agg(pl.len().alias("n"))
        .sort(["entity_id", "n", "name"], descending=[False, True, False])
        .unique(subset=["entity_id"], keep="first", maintain_order=True)
        .select("entity_id", "name")
    )
    facts = (
        entity_rows.sort("entity_id", "article_id", "char_start")
        .group_by("entity_id", maintain_order=True)
        .agg(
            pl.col("geonames_id").drop_nulls().first(),
            pl.col("country_code").drop_nulls().first(),
            pl.col("admin1").drop_nulls().first(),
            pl.col("lat").drop_nulls().first(),
            pl.col("lon").drop_nulls().first(),
            pl.col("population").drop_nulls().first(),
        )
    )
    entities = (
        type_votes.join(name_votes, on="entity_id")
        .join(facts, on="entity_id")
        .with_columns(
            pl.col("entity_type")
            .replace_strict(CLASS_BY_TYPE, return_dtype=pl.Utf8)
            .alias("entity_class")
        )
    )
    entities = _ascii_keys(
        entities.with_columns(
            _key_expr(pl.col("name"), pl.col("entity_type") == "PERSON").alias("canonical_key")
        ),
        "canonical_key",
    )
    return entities.sort("entity_id").select([pl.col(c).cast(t) for c, t in ENTITY_SCHEMA.items()])


# The place facts a staged entity row carries; one GeoNames record gives them all.
_PLACE_FACTS = ("geonames_id", "country_code", "admin1", "lat", "lon", "population")


def restaged_entity_frames(
    mentions: pl.DataFrame, entities: pl.DataFrame, aliases: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The staged entities and aliases one batch of articles gives, from the normalized
    mentions :func:`normalize_mentions` stored for them, through the same vote.

    A takedown needs this: a day's staged names and types are votes over its mentions,
    and without one article some go the other way. ``mentions`` are the batch's stored
    rows (``doc_entity_id``, ``char_start``, ``surface``, ``label_raw``,
    ``entity_type``, ``name``); ``entities`` and ``aliases`` are the day's staged rows
    as they were, which hold what the stored mentions do not:

    - the place facts: every mention of a place entity is linked to the one GeoNames
      record its id is made from, so the entity's row has them;
    - which mentions are demonyms: a NORP mention of an entity with a GeoNames id
      ("Russian" of Russia) votes GPE, as in :func:`_build_frames`;
    - each mention's alias, its cleaned surface: the stored span is that surface except
      when cleaning changed characters (NFKC, whitespace), and only then is the stored
      surface not among the entity's aliases and is cleaned again.
    """
    if mentions.is_empty():
        return _empty_frames().entities, _empty_frames().aliases
    rows = (
        mentions.select(
            "article_id",
            pl.col("doc_entity_id").alias("entity_id"),
            "char_start",
            "surface",
            "label_raw",
            "entity_type",
            "name",
        )
        .join(entities.select("entity_id", *_PLACE_FACTS), on="entity_id", how="left")
        .join(
            aliases.select(
                pl.col("alias").alias("surface"), "entity_id", pl.lit(True).alias("is_alias")
            ).unique(),
            on=["surface", "entity_id"],
            how="left",
        )
        .with_columns(
            pl.when((pl.col("entity_type") == "NORP") & pl.col("geonames_id").is_not_null())
            .then(pl.lit("GPE"))
            .otherwise(pl.col("entity_type"))
            .alias("dim_type"),
            pl.when(pl.col("is_alias"))
            .then(pl.col("surface"))
            .otherwise(_clean_expr(pl.col("surface"), pl.col("label_raw")))
            .alias("alias"),
        )
    )
    return _vote_entities(rows), _aliases_of(
        rows.select(pl.col("alias").alias("surface"), "entity_id", "entity_type")
    )


def _aliases_of(mentions: pl.DataFrame) -> pl.DataFrame:
    """dim_entity_alias rows: each cleaned surface form, its entity and how often it occurs."""
    return (
        mentions.group_by("surface", "entity_id", "entity_type")
        .agg(pl.len().alias("n"))
        .sort(["surface", "entity_id", "n", "entity_type"], descending=[False, False, True, False])
        .group_by("surface", "entity_id", maintain_order=True)
        .agg(pl.col("entity_type").first(), pl.col("n").sum().alias("mention_count"))
        .rename({"surface": "alias"})
        .sort("alias", "entity_id")
        .select([pl.col(c).cast(t) for c, t in ALIAS_SCHEMA.items()])
    )


def _article_entities(mentions: pl.DataFrame) -> pl.DataFrame:
    """fct_article_entity with a salience in [0, 1].

    salience = 0.6 · (mentions of the entity / mentions of the article's top entity)
             + 0.4 · (1 − first offset / article span).
    Frequency is the usual topicality signal; earliness adds the inverted pyramid
    (wire copy names its protagonists in the lede). Normalizing by the top entity
    rather than the total keeps scores comparable between short and long articles.
    """
    per = mentions.group_by("article_id", "entity_id").agg(
        pl.len().alias("mention_count"), pl.col("char_start").min().alias("first_char")
    )
    span = mentions.group_by("article_id").agg(pl.col("char_end").max().alias("span"))
    per = per.join(span, on="article_id").with_columns(
        pl.col("mention_count").max().over("article_id").alias("top")
    )
    salience = SALIENCE_FREQUENCY_WEIGHT * (
        pl.col("mention_count") / pl.col("top")
    ) + SALIENCE_EARLINESS_WEIGHT * (1.0 - pl.col("first_char") / (pl.col("span") + 1))
    return (
        per.with_columns(salience.clip(0.0, 1.0).alias("salience"))
        .sort("article_id", "first_char", "entity_id")
        .select([pl.col(c).cast(t) for c, t in ARTICLE_ENTITY_SCHEMA.items()])
    )


# ---------------------------------------------------------------------------- cross-article


def resolve_corpus_aliases(entities: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Map every entity id to its corpus-level id: a one-word person ("Putin") goes to the
    single multi-word person whose surname it is, or whose alias it already is elsewhere.

    A pure function of the two whole tables (set joins, no order-dependent state), so
    the warehouse gets the same answer whatever order partitions were loaded in. When
    two full names share the surname (Joe and Jill Biden) nothing is remapped.
    """
    if entities.is_empty():
        return pl.DataFrame(schema=RESOLUTION_SCHEMA)
    ents = entities.select("entity_id", "entity_class", "entity_type", "canonical_key").unique()
    is_person = (pl.col("entity_class") == "person") | (pl.col("entity_type") == "PERSON")
    persons = ents.filter(is_person).with_columns(
        pl.col("canonical_key").fill_null("").str.count_matches(" ").add(1).alias("n_tok")
    )
    alias_keys = pl.DataFrame(schema={"entity_id": pl.Utf8, "key": pl.Utf8})
    if aliases is not None and not aliases.is_empty():
        alias_keys = _ascii_keys(
            aliases.filter(pl.col("entity_type") == "PERSON").select(
                "entity_id", _key_expr(pl.col("alias"), True).alias("key")
            ),
            "key",
        ).unique()
    multi_from_aliases = alias_keys.filter(pl.col("key").str.contains(" "))
    full_keys = pl.concat(
        [
            persons.filter(pl.col("n_tok") >= 2).select(
                "entity_id", pl.col("canonical_key").alias("key")
            ),
            multi_from_aliases,
        ]
    ).unique()
    full_ids = full_keys.select("entity_id").unique()
    surnames = full_keys.select(
        "entity_id",
        pl.col("key")
        .str.replace(r" (?:jr|sr|ii|iii|iv)$", "")
        .str.split(" ")
        .list.last()
        .alias("surname"),
    )
    # A one-word alias that already points at a full-name entity (doc-level coref did it).
    known_short = alias_keys.filter(~pl.col("key").str.contains(" ")).join(
        full_ids, on="entity_id", how="semi"
    )
    by_surname = pl.concat([surnames, known_short.rename({"key": "surname"})]).unique()
    partials = persons.filter(pl.col("n_tok") == 1).join(full_ids, on="entity_id", how="anti")
    matches = (
        partials.select("entity_id", pl.col("canonical_key").alias("surname"))
        .join(by_surname.rename({"entity_id": "target"}), on="surname", how="inner")
        .group_by("entity_id")
        .agg(pl.col("target").n_unique().alias("n"), pl.col("target").min().alias("target"))
        .filter(pl.col("n") == 1)
        .select("entity_id", "target")
    )
    return (
        ents.select("entity_id")
        .unique()
        .join(matches, on="entity_id", how="left")
        .select("entity_id", pl.coalesce("target", "entity_id").alias("resolved_entity_id"))
        .sort("entity_id")
        .select([pl.col(c).cast(t) for c, t in RESOLUTION_SCHEMA.items()])
    )


def warehouse_resolution(entities: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame | None:
    """:func:`resolve_corpus_aliases` of the staged rows under the warehouse's column names
    (``doc_entity_id`` -> ``entity_id``), as finalize and a takedown both rebuild it."""
    if not entities.height:
        return None
    return resolve_corpus_aliases(entities, aliases).rename(
        {"entity_id": "doc_entity_id", "resolved_entity_id": "entity_id"}
    )


def _apply_resolution(frames: EntityFrames, aliases: pl.DataFrame) -> EntityFrames:
    """Remap this batch's lone surnames using the warehouse's aliases plus the batch's own."""
    combined = pl.concat(
        [
            aliases.select([pl.col(c).cast(t) for c, t in ALIAS_SCHEMA.items()]),
            frames.aliases,
        ],
        how="vertical",
    )
    mapping = resolve_corpus_aliases(frames.entities, combined).filter(
        pl.col("entity_id") != pl.col("resolved_entity_id")
    )
    if mapping.is_empty():
        return frames
    lookup = dict(
        zip(mapping["entity_id"].to_list(), mapping["resolved_entity_id"].to_list(), strict=True)
    )
    remap = pl.col("entity_id").replace(lookup)
    targets = aliases.filter(pl.col("entity_id").is_in(list(lookup.values())))
    target_names = (
        targets.sort(["entity_id", "mention_count", "alias"], descending=[False, True, False])
        .with_columns(pl.col("alias").str.count_matches(" ").alias("spaces"))
        .sort(
            ["entity_id", "spaces", "mention_count", "alias"], descending=[False, True, True, False]
        )
        .unique(subset=["entity_id"], keep="first", maintain_order=True)
        .select("entity_id", pl.col("alias").alias("target_name"))
    )
    mentions = (
        frames.mentions.with_columns(remap)
        .join(target_names, on="entity_id", how="left")
        .with_columns(
            pl.when(pl.col("target_name").is_not_null())
            .then(pl.col("target_name"))
            .otherwise(pl.col("name"))
            .alias("name"),
        )
        .select(list(MENTION_SCHEMA))
    )
    remapped_entities = frames.entities.filter(~pl.col("entity_id").is_in(list(lookup)))
    batch_aliases = (
        frames.aliases.with_columns(remap)
        .sort(["alias", "entity_id", "mention_count"], descending=[False, False, True])
        .group_by("alias", "entity_id", maintain_order=True)
        .agg(pl.col("entity_type").first(), pl.col("mention_count").sum())
        .sort("alias", "entity_id")
        .select([pl.col(c).cast(t) for c, t in ALIAS_SCHEMA.items()])
    )
    return EntityFrames(
        mentions=mentions,
        entities=remapped_entities,
        aliases=batch_aliases,
        article_entities=_article_entities(mentions),
    )


# ---------------------------------------------------------------------------- CLI helper


def annotate_entities(
    text: str,
    model: str,
    aliases: pl.DataFrame | None = None,
    dateline: str | None = None,
) -> list[dict[str, Any]]:
    """Entities of one text, in text order, for the CLI and for evaluation.

    ``dateline`` is "PLACE" or "PLACE, COUNTRY-OR-STATE"; it only feeds place
    disambiguation (a "KYIV, Ukraine" story reads "Kyiv" in Ukraine).
    """
    from pipelines.nlp import ner_pipeline

    doc = ner_pipeline(model)(text)
    raw_rows = mentions_from_doc(doc, "doc")
    if not raw_rows:
        return []
    raw = pl.DataFrame(raw_rows, schema=RAW_CONTEXT_SCHEMA, orient="row")
    articles = None
    if dateline:
        place, _, country = (part.strip() for part in dateline.partition(","))
        articles = pl.DataFrame(
            {
                "article_id": ["doc"],
                "dateline_place": [place or None],
                "dateline_country": [country or None],
            },
            schema={"article_id": pl.Utf8, "dateline_place": pl.Utf8, "dateline_country": pl.Utf8},
        )
    frames = normalize_mentions(raw, articles, aliases)
    joined = frames.mentions.join(
        frames.entities.select("entity_id", "geonames_id", "country_code"),
        on="entity_id",
        how="left",
    ).sort("char_start", "char_end")
    return [
        {
            "start": row["char_start"],
            "end": row["char_end"],
            "text": row["surface"],
            "type": row["entity_type"],
            "entity_id": row["entity_id"],
            "name": row["name"],
            "geonames_id": row["geonames_id"],
            "country_code": row["country_code"],
        }
        for row in joined.iter_rows(named=True)
    ]
