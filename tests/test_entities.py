"""Entity normalization: the seed article end to end, and the polars rules on small frames."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from pipelines.entities import (
    KEPT_LABELS,
    RAW_CONTEXT_SCHEMA,
    RAW_SCHEMA,
    annotate_entities,
    entity_id_for,
    mentions_from_doc,
    name_key,
    normalize_mentions,
    resolve_corpus_aliases,
)
from pipelines.settings import get_settings

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_beb2e35eade3001b.txt"
MODEL = get_settings().model


def _raw(rows: list[tuple[str, int, int, str, str]], next_words: dict[int, str] | None = None):
    """Raw mention frame from (article_id, sentence, start, surface, label) tuples."""
    records: list[dict[str, Any]] = []
    for i, (aid, sent, start, surface, label) in enumerate(rows):
        records.append(
            {
                "article_id": aid,
                "sentence_index": sent,
                "char_start": start,
                "char_end": start + len(surface),
                "surface": surface,
                "label_raw": label,
                "prev_word": None,
                "next_word": (next_words or {}).get(i),
            }
        )
    return pl.DataFrame(records, schema=RAW_CONTEXT_SCHEMA, orient="row")


# ---------------------------------------------------------------------------- seed article


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("shared seed article is absent")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[dict[str, Any]]:
    return annotate_entities(seed_text, MODEL, dateline="KYIV, Ukraine")


def _by_text(seed: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in seed:
        out[m["text"]].append(m)
    return out


def test_seed_offsets_point_into_the_text(seed: list[dict[str, Any]], seed_text: str) -> None:
    assert seed == sorted(seed, key=lambda m: (m["start"], m["end"]))
    for m in seed:
        assert seed_text[m["start"] : m["end"]] == m["text"]
        assert m["type"] in KEPT_LABELS


def test_seed_putin_is_one_entity(seed: list[dict[str, Any]]) -> None:
    putin = [m for m in seed if "Putin" in m["text"]]
    assert len(putin) >= 2
    assert {m["entity_id"] for m in putin} == {putin[0]["entity_id"]}
    assert {m["name"] for m in putin} == {"Vladimir Putin"}
    assert {m["type"] for m in putin} == {"PERSON"}


@pytest.mark.parametrize(
    "person",
    [
        "Vladimir Putin",
        "Volodymyr Zelenskyy",
        "Vyacheslav Gladkov",
        "Andriy Kovalenko",
        "Valery Shiryaev",
    ],
)
def test_seed_people(seed: list[dict[str, Any]], person: str) -> None:
    found = _by_text(seed)[person]
    assert found and all(m["type"] == "PERSON" and m["name"] == person for m in found)


@pytest.mark.parametrize(("name", "geonames_id"), [("Belgorod", 578072), ("Kursk", 538560)])
def test_seed_mistyped_places_become_gpe(
    seed: list[dict[str, Any]], name: str, geonames_id: int
) -> None:
    found = _by_text(seed)[name]
    assert len(found) >= 3
    for m in found:
        assert m["type"] == "GPE"
        assert m["geonames_id"] == geonames_id
        assert m["country_code"] == "RU"


def test_seed_countries_and_capital(seed: list[dict[str, Any]]) -> None:
    by_text = _by_text(seed)
    for name, code in (("Russia", "RU"), ("Ukraine", "UA"), ("Moscow", "RU")):
        assert by_text[name] and {m["type"] for m in by_text[name]} == {"GPE"}
        assert {m["country_code"] for m in by_text[name]} == {code}
    assert {m["type"] for m in by_text["Kremlin"]} <= {"ORG", "FAC"}
    assert by_text["Kremlin"]


def test_seed_demonyms_link_to_their_country(seed: list[dict[str, Any]]) -> None:
    by_text = _by_text(seed)
    russia = by_text["Russia"][0]["entity_id"]
    ukraine = by_text["Ukraine"][0]["entity_id"]
    for surface, code, country in (
        ("Russian", "RU", russia),
        ("Ukrainian", "UA", ukraine),
        ("Ukrainians", "UA", ukraine),
    ):
        assert by_text[surface]
        for m in by_text[surface]:
            assert (m["type"], m["country_code"], m["entity_id"]) == ("NORP", code, country)


def test_seed_dateline_place(seed: list[dict[str, Any]]) -> None:
    kyiv = _by_text(seed)["KYIV"]
    assert kyiv and kyiv[0]["type"] == "GPE" and kyiv[0]["name"] == "Kyiv"
    assert kyiv[0]["country_code"] == "UA"


def test_mentions_from_doc_keeps_mistyped_candidates(seed_text: str) -> None:
    from pipelines.nlp import ner_pipeline

    doc = ner_pipeline(MODEL)(seed_text)
    rows = mentions_from_doc(doc, "a1")
    assert {
        "article_id",
        "sentence_index",
        "char_start",
        "char_end",
        "surface",
        "label_raw",
    } <= set(rows[0])
    labels = {r["label_raw"] for r in rows}
    assert "DATE" not in labels and "CARDINAL" not in labels
    kursk = [r for r in rows if r["surface"] == "Kursk"]
    assert kursk, "spaCy's PRODUCT 'Kursk' must stay a candidate for the gazetteer"
    assert all(r["next_word"] == "region" for r in kursk if r["char_start"] < 200)
    sentences = [r["sentence_index"] for r in rows]
    assert sentences == sorted(sentences) or sentences[0] == 0


def test_datelines_after_a_headline_and_propagated_repeats() -> None:
    from pipelines.nlp import ner_pipeline

    text = (
        "Quake hits Myanmar and Thailand\n"
        "BANGKOK/YANGON (Reuters) - A quake hit Mandalay on Friday. Officials in Mandalay "
        "said the toll was rising, and Mandalay residents slept outside."
    )
    rows = mentions_from_doc(ner_pipeline(MODEL)(text), "q")
    datelines = [r["surface"] for r in rows if r["label_raw"] == "DATELINE"]
    assert datelines == ["BANGKOK", "YANGON"]
    for r in rows:
        assert text[r["char_start"] : r["char_end"]] == r["surface"]
    mandalay = [r for r in rows if r["surface"] == "Mandalay"]
    assert len(mandalay) == 3, "every verbatim repeat of a tagged name is a candidate"
    assert {r["prev_word"] for r in mandalay} >= {"in", "hit"}


# ---------------------------------------------------------------------------- polars rules


def test_surface_cleaning_titles_possessive_quotes() -> None:
    raw = _raw(
        [
            ("a", 0, 0, "President Vladimir Putin", "PERSON"),
            ("a", 1, 40, "Putin’s", "PERSON"),
            ("a", 2, 80, "“Gov. Vyacheslav  Gladkov”", "PERSON"),
            ("a", 3, 120, "the Kremlin", "ORG"),
            ("a", 4, 140, "General Motors", "ORG"),
        ]
    )
    m = normalize_mentions(raw).mentions
    rows = list(zip(m["char_start"], m["char_end"], m["surface"], m["name"], strict=True))
    # Spans shrink to the name when it is a verbatim part of the raw span ...
    assert rows[0] == (10, 24, "Vladimir Putin", "Vladimir Putin")
    assert rows[1] == (40, 45, "Putin", "Vladimir Putin")
    # ... and stay as they were when cleaning changed the text inside (double space).
    assert rows[2][2] == "“Gov. Vyacheslav  Gladkov”" and rows[2][3] == "Vyacheslav Gladkov"
    assert rows[3] == (124, 131, "Kremlin", "Kremlin")
    assert rows[4][2:] == ("General Motors", "General Motors"), "titles go from people only"


def test_transliteration_variants_share_an_id_across_articles() -> None:
    raw = _raw(
        [
            ("a", 0, 0, "Volodymyr Zelenskyy", "PERSON"),
            ("b", 0, 0, "Volodymyr Zelensky", "PERSON"),
            ("c", 0, 0, "Volodymyr Zelenskiy", "ORG"),
            ("c", 1, 30, "Volodymyr Zelenskiy", "PERSON"),
            ("c", 2, 60, "Volodymyr Zelenskiy", "PERSON"),
        ]
    )
    frames = normalize_mentions(raw)
    assert frames.mentions["entity_id"].n_unique() == 1
    assert set(frames.mentions["entity_type"]) == {"PERSON"}, "type voting overrides the ORG"
    assert name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("Zelensky")
    assert name_key("Bélgorod") == "belgorod"


def test_partial_name_needs_a_unique_full_name_in_the_document() -> None:
    raw = _raw(
        [
            ("a", 0, 0, "Joe Biden", "PERSON"),
            ("a", 0, 20, "Jill Biden", "PERSON"),
            ("a", 1, 40, "Biden", "PERSON"),
            ("b", 0, 0, "Vyacheslav Gladkov", "PERSON"),
            ("b", 1, 30, "Gladkov", "ORG"),
        ]
    )
    m = normalize_mentions(raw).mentions
    a = dict(zip(m.filter(pl.col("article_id") == "a")["surface"], m["entity_id"], strict=False))
    assert len({a["Joe Biden"], a["Jill Biden"], a["Biden"]}) == 3
    b = m.filter(pl.col("article_id") == "b")
    assert b["entity_id"].n_unique() == 1
    assert set(b["entity_type"]) == {"PERSON"}


def test_coref_repairs_a_mistyped_full_name_but_not_groups() -> None:
    raw = _raw(
        [
            ("a", 0, 0, "Mason Rudolph", "ORG"),
            ("a", 1, 30, "Rudolph", "PERSON"),
            ("a", 2, 50, "Rudolph", "PERSON"),
            ("b", 0, 0, "Virginia Democrats", "PERSON"),
            ("b", 1, 30, "Democrats", "NORP"),
        ]
    )
    m = normalize_mentions(raw).mentions
    a = m.filter(pl.col("article_id") == "a")
    assert a["entity_id"].n_unique() == 1 and set(a["entity_type"]) == {"PERSON"}
    assert set(a["name"]) == {"Mason Rudolph"}
    b = m.filter(pl.col("article_id") == "b")
    assert b["entity_id"].n_unique() == 2
    assert b.filter(pl.col("surface") == "Democrats")["entity_type"][0] == "NORP"


def test_gazetteer_and_region_cue_override_spacy_labels() -> None:
    raw = _raw(
        [
            ("a", 0, 0, "Belgorod", "NORP"),
            ("a", 1, 20, "Belgorod", "PERSON"),
            ("a", 1, 30, "Belgorod", "NORP"),
            ("a", 2, 40, "Kursk", "PRODUCT"),
            ("a", 3, 60, "Sudzha", "PERSON"),
            ("a", 4, 80, "iPhone", "PRODUCT"),
            ("a", 5, 100, "Queen Elizabeth", "PERSON"),
            ("a", 6, 130, "Jupiter", "LOC"),
        ],
        next_words={4: "region"},
    )
    m = normalize_mentions(raw).mentions
    types = dict(zip(m["surface"], m["entity_type"], strict=False))
    assert types["Belgorod"] == "GPE"
    assert types["Kursk"] == "GPE"
    assert types["Sudzha"] == "GPE", "'X region' marks a place even below the gazetteer"
    assert "iPhone" not in types, "non-kept labels survive only as places"
    assert types["Elizabeth"] == "PERSON", "a title (Queen) proves a person, not Elizabeth NJ"
    assert types["Jupiter"] == "LOC", "a LOC yields only to a country, state or metropolis"
    assert set(m.filter(pl.col("surface") == "Belgorod")["entity_type"]) == {"GPE"}


def test_context_cues_camel_case_and_title_words() -> None:
    rows = [
        ("a", 0, 0, "Khan Younis", "PERSON"),
        ("a", 1, 30, "OpenAI", "PERSON"),
        ("a", 2, 50, "Defense", "ORG"),
        ("a", 3, 80, "Simon Pell\nSensible", "PERSON"),
        ("a", 4, 110, "Copenhagen", "ORG"),
    ]
    raw = _raw(rows, next_words={2: "minister"}).with_columns(
        pl.Series("prev_word", ["in", None, None, None, None])
    )
    m = normalize_mentions(raw).mentions
    types = dict(zip(m["surface"], m["entity_type"], strict=True))
    assert types["Khan Younis"] == "GPE", "'in X' plus a GeoNames match makes a place"
    assert types["OpenAI"] == "ORG", "inner capitals are not a person's name"
    assert "Defense" not in types, "the portfolio word of 'Defense Minister' is no ORG"
    assert types["Simon Pell"] == "PERSON", "a span ends at a line break"
    assert types["Copenhagen"] == "GPE", "a metropolis outweighs an ORG vote"


def test_population_threshold_is_a_setting() -> None:
    raw = _raw([("a", 0, 0, "Belgorod", "NORP")])
    assert normalize_mentions(raw, min_population=10**9).mentions["entity_type"][0] == "NORP"
    assert normalize_mentions(raw, min_population=1).mentions["entity_type"][0] == "GPE"


def test_dateline_context_disambiguates_places() -> None:
    raw = _raw([("us", 0, 0, "Georgia", "GPE"), ("ge", 0, 0, "Georgia", "GPE")])
    articles = pl.DataFrame(
        {
            "article_id": ["us", "ge"],
            "dateline_place": ["ATLANTA", "TBILISI"],
            "dateline_country": [None, "Georgia"],
        }
    )
    frames = normalize_mentions(raw, articles)
    linked = frames.mentions.join(frames.entities, on="entity_id")
    admin = dict(zip(linked["article_id"], linked["admin1"], strict=True))
    assert admin["us"] == "GA" and admin["ge"] is None


def test_ids_do_not_depend_on_batching_or_row_order() -> None:
    rows = [
        ("a", 0, 0, "Vladimir Putin", "PERSON"),
        ("a", 1, 30, "Putin", "PERSON"),
        ("a", 1, 50, "Kyiv", "GPE"),
        ("b", 0, 0, "Kiev", "GPE"),
        ("b", 0, 10, "Kremlin", "FAC"),
        ("c", 0, 0, "NATO", "ORG"),
    ]
    whole = normalize_mentions(_raw(rows))
    key = ["article_id", "char_start"]
    parts = pl.concat(
        [
            normalize_mentions(_raw(rows[3:][::-1])).mentions,
            normalize_mentions(_raw(rows[:3])).mentions,
        ]
    )
    assert whole.mentions.sort(key).equals(parts.sort(key))
    ids = dict(zip(whole.mentions["surface"], whole.mentions["entity_id"], strict=True))
    assert ids["Kyiv"] == ids["Kiev"], "linked places key on the GeoNames id"
    assert ids["Putin"] == ids["Vladimir Putin"] == entity_id_for("person", "vladimir putin")


def test_output_schemas_and_salience() -> None:
    frames = normalize_mentions(
        _raw(
            [
                ("a", 0, 0, "Vladimir Putin", "PERSON"),
                ("a", 1, 30, "Russia", "GPE"),
                ("a", 2, 60, "Putin", "PERSON"),
                ("a", 3, 90, "Russian", "NORP"),
            ]
        )
    )
    assert frames.mentions.schema["char_start"] in (pl.Int32, pl.Int64)
    assert frames.entities.schema["geonames_id"] == pl.Int64
    assert frames.entities.schema["lat"] == pl.Float64
    assert set(frames.entities.columns) >= {
        "entity_id",
        "name",
        "entity_type",
        "entity_class",
        "canonical_key",
        "country_code",
        "geonames_id",
        "admin1",
        "lat",
        "lon",
        "population",
    }
    assert frames.entities["entity_id"].is_unique().all()
    ae = frames.article_entities
    assert all(0.0 <= v <= 1.0 for v in ae["salience"].to_list())
    top = ae.sort("salience", descending=True)["entity_id"][0]
    assert frames.entities.filter(pl.col("entity_id") == top)["name"][0] == "Vladimir Putin"
    russia = frames.entities.filter(pl.col("name") == "Russia")
    assert russia["entity_type"][0] == "GPE" and russia["country_code"][0] == "RU"
    assert ae.filter(pl.col("entity_id") == russia["entity_id"][0])["mention_count"][0] == 2
    aliases = dict(zip(frames.aliases["alias"], frames.aliases["mention_count"], strict=True))
    assert aliases["Putin"] == 1 and aliases["Vladimir Putin"] == 1


def test_empty_and_all_dropped_inputs() -> None:
    empty = normalize_mentions(pl.DataFrame(schema=RAW_SCHEMA))
    assert empty.mentions.is_empty() and empty.entities.is_empty()
    dropped = normalize_mentions(_raw([("a", 0, 0, "iPhone", "PRODUCT")]))
    assert dropped.mentions.is_empty()


# ---------------------------------------------------------------------------- cross-article


def _corpus() -> tuple[pl.DataFrame, pl.DataFrame]:
    first = normalize_mentions(
        _raw(
            [
                ("a", 0, 0, "Vladimir Putin", "PERSON"),
                ("a", 1, 20, "Putin", "PERSON"),
                ("b", 0, 0, "Joe Biden", "PERSON"),
                ("c", 0, 0, "Jill Biden", "PERSON"),
            ]
        )
    )
    second = normalize_mentions(
        _raw([("d", 0, 0, "Putin", "PERSON"), ("e", 0, 0, "Biden", "PERSON")])
    )
    entities = pl.concat([first.entities, second.entities]).unique()
    aliases = pl.concat([first.aliases, second.aliases])
    return entities, aliases


def test_corpus_resolution_maps_lone_surname_when_unambiguous() -> None:
    entities, aliases = _corpus()
    res = resolve_corpus_aliases(entities, aliases)
    assert set(res.columns) == {"entity_id", "resolved_entity_id"}
    mapping = dict(zip(res["entity_id"], res["resolved_entity_id"], strict=True))
    assert mapping[entity_id_for("person", "putin")] == entity_id_for("person", "vladimir putin")
    biden = entity_id_for("person", "biden")
    assert mapping[biden] == biden, "two full names share the surname: leave it alone"
    assert set(mapping) == set(entities["entity_id"])


def test_corpus_resolution_is_order_independent() -> None:
    entities, aliases = _corpus()
    a = resolve_corpus_aliases(entities, aliases)
    b = resolve_corpus_aliases(
        entities.reverse(), aliases.sample(fraction=1.0, shuffle=True, seed=7)
    )
    assert a.equals(b)


def test_normalize_with_warehouse_aliases_resolves_partial() -> None:
    entities, aliases = _corpus()
    later = normalize_mentions(_raw([("z", 0, 0, "Putin", "PERSON")]), aliases=aliases)
    assert later.mentions["entity_id"][0] == entity_id_for("person", "vladimir putin")
    assert later.mentions["name"][0] == "Vladimir Putin"
    assert later.article_entities["entity_id"][0] == entity_id_for("person", "vladimir putin")


def test_whole_word_scan_matches_the_bounded_regex() -> None:
    """The literal repeat scan yields what the word-bounded regex would, edge cases included."""
    import re

    from pipelines.entities import _BOUNDED, _whole_word_occurrences

    text = (
        "Kyiv. Kyiv's mayor, Kyivan, .Kyiv Kyiv_ 2Kyiv Kyiv2 (Kyiv) Kyiv\n"
        "São Paulo and São Paulo's; São Pauloé São Paulo. Kyiv Kyiv"
    )
    for name in ("Kyiv", "São Paulo", "Paulo", "Kyiv Kyiv", "o"):
        expected = [m.span() for m in re.finditer(_BOUNDED.format(re.escape(name)), text)]
        assert list(_whole_word_occurrences(text, name)) == expected


def test_sentence_spans_match_doc_sents() -> None:
    from pipelines.nlp import ner_pipeline, sentence_spans

    doc = ner_pipeline(MODEL)(
        "KYIV, Ukraine (AP) — Officials met on Monday.\n\nThey said talks would resume. "
        "“We are ready,” he said.  "
    )
    assert sentence_spans(doc) == [(s.start_char, s.end_char) for s in doc.sents]
    blank = ner_pipeline(MODEL).make_doc("No sentence boundaries here. None at all ")
    assert sentence_spans(blank) == [(0, len(blank.text))]


def test_piped_docs_read_back_as_spacy_gives_them() -> None:
    """``nlp.pipe`` keeps each input as its doc's text, and the cached entity and
    sentence reads equal spaCy's own, on texts with odd whitespace and one-token docs."""
    from pipelines import nlp as nlp_mod

    nlp = nlp_mod.ner_pipeline(MODEL)
    texts = [
        "KYIV, Ukraine (AP) — Officials met Olena Zelenska on Monday.\r\n\r\nShe said so.  ",
        "  Leading spaces,\ttabs\u00a0and a non-breaking space in Paris.\n",
        "Word",
        "",
    ]
    docs = list(nlp_mod.pipe(nlp, texts, batch_size=2))
    for text, doc in zip(texts, docs, strict=True):
        assert nlp_mod.doc_text(doc) == text == doc.text
        assert nlp_mod.entity_spans(doc) == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        expected = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
        assert nlp_mod.sentence_spans(doc) == expected
    assert any(nlp_mod.entity_spans(doc) for doc in docs)


def test_model_version_is_read_without_loading_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Staging stamps the version on every article; it must not cost a model load.
    from pipelines import nlp

    loaded = nlp.ner_pipeline(MODEL).meta
    expected = f"{loaded['lang']}_{loaded['name']}-{loaded['version']}"
    nlp.model_version.cache_clear()

    def no_load(model: str) -> Any:
        raise AssertionError(f"model {model} loaded for its version")

    monkeypatch.setattr(nlp, "ner_pipeline", no_load)
    try:
        assert nlp.model_version(MODEL) == expected
    finally:
        nlp.model_version.cache_clear()
