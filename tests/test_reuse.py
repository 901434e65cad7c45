"""Syndication reuse: copies annotated from their source equal copies annotated from scratch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import polars as pl
import pytest

from pipelines import pipeline, reuse
from pipelines.settings import get_settings

PARA = "The council met on Tuesday in Harbor City to discuss the ferry terminal plan again."


def test_plan_identical_copy_reuses_everything() -> None:
    text = "\n".join(f"{PARA} Line {i}." for i in range(6))
    plan = reuse.plan_copy(text, text)
    assert plan.windows == []
    assert plan.copied == [(0, len(text), 0)]


def test_plan_edit_reruns_only_around_the_change() -> None:
    lines = [f"{PARA} Line {i}." for i in range(20)]
    source = "\n".join(lines)
    lines[10] = lines[10].replace("ferry", "bridge")
    copy = "\n".join(lines)
    plan = reuse.plan_copy(source, copy)
    assert len(plan.windows) == 1
    window = plan.windows[0]
    edit = copy.index("bridge")
    assert window.keep_start <= edit < window.keep_end
    # the window carries real context on both sides of what it keeps
    assert window.keep_start - window.start >= reuse.MARGIN_CHARS or window.start == 0
    assert window.end - window.keep_end >= reuse.MARGIN_CHARS or window.end == len(copy)
    assert 0 < plan.reannotated_chars < len(copy)
    for start, end, shift in plan.copied:
        assert copy[start:end] == source[start + shift : end + shift]


def test_plan_shifted_copy_maps_offsets() -> None:
    lines = [f"{PARA} Line {i}." for i in range(6)]
    source = "\n".join(lines)
    copy = "\n".join(["BRUSSELS (AP) — An added first paragraph of the outlet's own.", *lines])
    plan = reuse.plan_copy(source, copy)
    assert plan.copied, plan
    for start, end, shift in plan.copied:
        assert copy[start:end] == source[start + shift : end + shift]


def test_plan_word_edit_reruns_around_the_word_not_the_paragraph() -> None:
    long_para = " ".join(f"{PARA} Clause {k}." for k in range(8))  # ~760 characters
    lines = [f"{long_para} Line {i}." for i in range(5)]
    source = "\n".join(lines)
    lines[2] = lines[2].replace("Clause 4", "Clause four", 1)
    copy = "\n".join(lines)
    plan = reuse.plan_copy(source, copy)
    assert len(plan.windows) == 1
    window = plan.windows[0]
    edit = copy.index("four")
    line_start = copy.index(lines[2])
    assert window.keep_start <= edit < window.keep_end
    # the edited paragraph itself is partly copied: only the word and its margins re-run
    assert window.start > line_start
    assert window.end < line_start + len(lines[2])
    assert window.end - window.start < 4 * reuse.MARGIN_CHARS + 40
    for start, end, shift in plan.copied:
        assert copy[start:end] == source[start + shift : end + shift]


def test_match_copies_picks_the_closest_earlier_print() -> None:
    base = "\n".join(f"{PARA} Line {i}." for i in range(6))
    other = "\n".join(f"A different story about elections, paragraph {i}, long." for i in range(6))
    texts = [base, other, base + "\nStaff writer added.", base.replace("ferry", "boat", 1)]
    found = reuse.match_copies(["a", "b", "c", "d"], texts)
    assert found == {"c": "a", "d": "a"}
    # a copy may derive from an earlier copy when that one is closer to it
    edited = base.replace("ferry", "boat", 1)
    longer = base + "\n" + f"{PARA} An added closing paragraph."
    found = reuse.match_copies(["x", "y", "z"], [edited, longer, base])
    assert found == {"y": "x", "z": "y"}


def test_exact_copies_need_the_same_text_and_context() -> None:
    day = datetime(2024, 3, 5, tzinfo=UTC)
    frame = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "e"],
            "text": [PARA, PARA, PARA, PARA, PARA + " More."],
            "published_at": [day, day, day + timedelta(days=1), day, day],
            "dateline_place": [None, None, None, "Harbor City", None],
        }
    )
    # c has another anchor date, d another dateline, e another text: only b repeats a
    assert pipeline._exact_copies(frame, None) == {"b": "a"}


def test_reuse_keeps_each_copys_own_anchor_and_dateline() -> None:
    text = (
        "HARBOR CITY (AP) — Mayor Lena Ortiz said on Tuesday that the ferry terminal "
        "will open next month.\n"
        "The council approved the plan last week, Ortiz told reporters in Harbor City."
    )
    day = datetime(2024, 3, 5, tzinfo=UTC)
    articles = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "text": [text, text, text, text],
            "published_at": [day, day, day + timedelta(days=40), day],
            "dateline_place": ["Harbor City", "Harbor City", "Harbor City", None],
        }
    )
    fresh = get_settings().model_copy(update={"syndication_reuse": False})
    reused = fresh.model_copy(update={"syndication_reuse": True})
    expected = pipeline.annotate_articles(articles, fresh)
    got = pipeline.annotate_articles(articles, reused)
    assert expected.date_mentions.height
    assert expected.date_mentions["value"].n_unique() > 1  # the anchors really differ
    for name in ("entity_mentions", "article_entities", "date_mentions", "attributions"):
        a, b = getattr(expected, name), getattr(got, name)
        assert _sorted(a).equals(_sorted(b)), name


@cache
def _sample_articles() -> pl.DataFrame:
    from pipelines.corpus import CorpusFetcher, sample_sources
    from pipelines.sources import collect

    pages = collect(sample_sources(), CorpusFetcher()).pages
    articles, _ = pipeline.stage_articles(pages, get_settings())
    return articles.filter(pl.col("nlp_skip_reason").is_null())


def _edit(text: str, kind: int) -> str:
    lines = text.split("\n")
    middle = len(lines) // 2
    if kind == 1:
        return text
    if kind == 2:
        lines[middle] = lines[middle].replace(" the ", " this ", 1)
    elif kind == 3:
        lines.append("Staff writer Dana Whitcombe in Harbor City contributed to this report.")
    elif kind == 4 and len(lines) > 2:
        lines = lines[:-1]
        lines[1] = "Updated: " + lines[1]
    elif kind == 5:
        # odd whitespace next to an edit: a no-break space, a tab, a blank line
        lines[middle] = lines[middle].replace(" the ", "\u00a0the\t", 1) + " \n"
    return "\n".join(lines)


def _with_copies(articles: pl.DataFrame, copies: int = 5) -> pl.DataFrame:
    frames = [articles]
    for kind in range(1, copies + 1):
        frames.append(
            articles.with_columns(
                (pl.col("article_id") + f"-copy{kind}").alias("article_id"),
                pl.col("text").map_elements(lambda t, k=kind: _edit(t, k), return_dtype=pl.Utf8),
            )
        )
    return pl.concat(frames)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True) if frame.height else frame


def _token_table(doc: Any) -> list[list[int]]:
    from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, NORM, ORTH, SENT_START, SPACY

    return doc.to_array([IDX, ORTH, NORM, SPACY, SENT_START, ENT_IOB, ENT_TYPE]).tolist()


@pytest.mark.parametrize("kind", [2, 3, 4, 5])
def test_assembled_doc_equals_the_copys_own_doc(kind: int) -> None:
    """Tokens (taken from the source and the windows, not re-tokenized), their norms,
    sentence starts and entities equal those of the copy's own NER doc."""
    import numpy as np

    from pipelines.nlp import ner_pipeline

    nlp = ner_pipeline(get_settings().model)
    texts = _sample_articles()["text"].to_list()[:6]
    for text in texts:
        copy = _edit(text, kind)
        plan = reuse.plan_copy(text, copy)
        assert plan.windows
        for start, end, _shift in plan.copied:  # stretches start and end at a word
            assert start == 0 or (copy[start - 1].isspace() and not copy[start].isspace())
            assert end == len(copy) or (copy[end - 1].isspace() and not copy[end].isspace())
        windows = [nlp(copy[w.start : w.end]) for w in plan.windows]
        doc = reuse.assemble_doc(nlp, copy, plan, nlp(text), windows)
        assert doc is not None
        fresh = nlp(copy)
        assert doc.text == copy
        assert _token_table(doc) == _token_table(fresh)
        if fresh.tensor is not None and fresh.tensor.size:
            assert np.array_equal(doc.tensor, fresh.tensor)


@pytest.mark.parametrize(
    "bounds",
    # The defaults; then memory bounds so small that prints and parses are evicted before
    # their copies come (those copies cost a full run, their facts must not change).
    [{}, {"reuse_max_docs": 1, "reuse_vector_rows": 50}],
    ids=["default-bounds", "tiny-bounds"],
)
def test_reuse_equals_annotating_from_scratch(bounds: dict[str, int]) -> None:
    articles = _with_copies(_sample_articles().head(8))
    fresh = get_settings().model_copy(update={"syndication_reuse": False, "quotes_enabled": True})
    reused = fresh.model_copy(update={"syndication_reuse": True, **bounds})
    # small chunks, so sources and copies also meet across chunk boundaries
    expected = pipeline.annotate_articles(articles, fresh, chunk_size=16)
    got = pipeline.annotate_articles(articles, reused, chunk_size=16)
    assert reuse.match_copies(articles["article_id"].to_list(), articles["text"].to_list())
    for name in (
        "entity_mentions",
        "article_entities",
        "entities",
        "aliases",
        "date_mentions",
        "attributions",
    ):
        a, b = getattr(expected, name), getattr(got, name)
        assert a.columns == b.columns, name
        assert _sorted(a).equals(_sorted(b)), name


def test_quote_parses_kept_for_a_reprint_give_the_same_attributions() -> None:
    from pipelines import quotes
    from pipelines.nlp import ner_pipeline

    model = get_settings().model
    nlp = ner_pipeline(model)
    first = (
        "HARBOR CITY (AP) — Mayor Lena Ortiz said on Tuesday that the ferry terminal will "
        "open next month.\n"
        '"We are ready," Ortiz told reporters. The council, she said, approved the plan.\n'
        "Critics said the cost was too high, according to a statement from the union."
    )
    reprint = first.replace("too high", "far too high").replace("Tuesday", "Monday")
    cache = reuse.ParseCache()
    for text in (first, reprint):
        expected = quotes.find_attributions(nlp(text), [], model)
        hits = cache.hits
        assert quotes.find_attributions(nlp(text), [], model, cache) == expected
        assert expected
    # the reprint's unchanged cue sentence took its parse from the first print
    assert cache.hits > hits
    assert 0 < cache.rows <= cache.max_rows


def test_parse_cache_reparses_a_sentence_whose_context_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cue sentence is taken from the cache only when the tokens its vectors read (the
    encoder's margin on both sides) are unchanged too, not merely its own words."""
    from pipelines import quotes
    from pipelines.nlp import ner_pipeline

    model = get_settings().model
    nlp = ner_pipeline(model)
    lines = [
        "Mayor Lena Ortiz said on Tuesday that the ferry terminal will open next month.",
        "The council, she said, approved the plan after a long debate about its cost.",
        "Several residents have complained about the noise for years, and they are tired.",
        "Critics said the cost was too high, according to a statement from the union.",
    ]
    first = "\n".join(lines)
    # the last word before the second line's cue sentence changes; the fourth line's
    # neighbours (and everything else in its margin) do not
    reprint = first.replace("next month.", "next week.")
    parsed: list[str] = []
    real = quotes._tag_and_parse

    def spy(nlp_: Any, docs: Any) -> list[Any]:
        out = real(nlp_, docs)
        parsed.extend(d.text for d in out)
        return out

    monkeypatch.setattr(quotes, "_tag_and_parse", spy)
    expected = quotes.find_attributions(nlp(reprint), [], model)
    cache = reuse.ParseCache()
    quotes.find_attributions(nlp(first), [], model, cache)
    parsed.clear()
    assert quotes.find_attributions(nlp(reprint), [], model, cache) == expected
    assert any(t.startswith("Mayor Lena Ortiz") for t in parsed)  # its own words changed
    assert any(t.startswith("The council") for t in parsed)  # its left margin changed
    assert not any(t.startswith("Critics") for t in parsed)  # nothing near it changed


def test_parse_cache_is_bounded_in_rows() -> None:
    import numpy as np

    cache = reuse.ParseCache(max_rows=10)
    for i in range(5):
        cache[i] = np.zeros((4, 2))
    assert cache.rows <= 10
    assert list(cache) == [3, 4]
    assert cache.get(0) is None
    assert cache.get(4) is not None


def _quote_lines() -> list[str]:
    return [
        "HARBOR CITY (AP) — Mayor Lena Ortiz said on Tuesday that the ferry terminal will "
        "open next month.",
        '"We are ready," Ortiz told reporters. The council, she said, approved the plan.',
        "The governor, Sam Reyes, said the state would pay half of the cost.",
        "Critics said the cost was too high, according to a statement from the union.",
        "The governor said he would not change his mind, and she said she agreed with him.",
        "Two officials, who spoke on condition of anonymity, said the vote was close.",
    ]


@pytest.mark.parametrize("edited", [1, 3, 4, 5])
def test_quotes_take_over_the_opening_a_near_copy_shares(
    edited: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A near copy takes over the attributions of the cue sentences before its first edit
    (state carried across sentences included), and the result equals a fresh run."""
    from pipelines import quotes
    from pipelines.nlp import ner_pipeline

    model = get_settings().model
    nlp = ner_pipeline(model)
    lines = _quote_lines()
    source = "\n".join(lines)
    lines[edited] = lines[edited].replace("said", "stated", 1)
    copy = "\n".join(lines)
    plan = reuse.plan_copy(source, copy)
    assert plan.copied[0][0] == 0 and plan.copied[0][2] == 0
    prefix = plan.copied[0][1]
    _, record = quotes.extract_reusing(nlp(source), [], model)
    assert record is not None
    expected = quotes.extract(nlp(copy), [], model)
    taken: list[int] = []
    real = quotes._taken_over

    def spy(*args: Any) -> list[Any]:
        out = real(*args)
        taken.append(len(out))
        return out

    monkeypatch.setattr(quotes, "_taken_over", spy)
    got, again = quotes.extract_reusing(nlp(copy), [], model, prior=(record, prefix))
    assert got == expected
    assert again is not None and len(again.cues) == len(record.cues)
    # every cue sentence whose line ends before the edit's margin was taken over
    assert taken == [sum(1 for c in record.cues if c.line_end < prefix and c.read_end)]
    assert (taken[0] > 0) == (edited > 1)


def test_quotes_take_over_nothing_when_the_mentions_differ() -> None:
    """Entity names are chosen per document: a copy whose normalized mentions differ in
    the shared opening runs the rules again there."""
    from pipelines import quotes
    from pipelines.nlp import ner_pipeline

    model = get_settings().model
    nlp = ner_pipeline(model)
    lines = _quote_lines()
    source = "\n".join(lines)
    lines[5] = lines[5].replace("close", "very close")
    copy = "\n".join(lines)
    prefix = reuse.plan_copy(source, copy).copied[0][1]
    doc = nlp(source)
    mentions = [
        {"start": e.start_char, "end": e.end_char, "type": e.label_, "entity_id": e.text}
        | {"name": e.text}
        for e in doc.ents
    ]
    _, record = quotes.extract_reusing(doc, mentions, model)
    assert record is not None
    renamed = [
        m | {"name": "Lena M. Ortiz"} if m["name"].endswith("Ortiz") else m for m in mentions
    ]
    assert renamed != mentions
    expected = quotes.extract(nlp(copy), renamed, model)
    assert any(a.speaker_name == "Lena M. Ortiz" for a in expected)
    got, _ = quotes.extract_reusing(nlp(copy), renamed, model, prior=(record, prefix))
    assert got == expected
