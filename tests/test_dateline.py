"""Datelines, agency names, credit lines and bylines as wire copy prints them."""

from __future__ import annotations

import pytest

from pipelines.dateline import (
    clean_byline,
    credit_agency,
    find_agency,
    find_dateline,
    is_credit_line,
    normalize_agency,
    parse_dateline,
    title_place,
)


@pytest.mark.parametrize(
    ("text", "raw", "place", "country", "agency"),
    [
        (
            "KYIV, Ukraine (AP) — Drones struck the city overnight.",
            "KYIV, Ukraine (AP) —",
            "Kyiv",
            "UA",
            "AP",
        ),
        ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON —", "Washington", "US", None),
        (
            "LONDON (Reuters) - Sterling fell against the dollar.",
            "LONDON (Reuters) -",
            "London",
            "GB",
            "Reuters",
        ),
        (
            "BEIRUT, Lebanon (AFP) — Strikes hit the south.",
            "BEIRUT, Lebanon (AFP) —",
            "Beirut",
            "LB",
            "AFP",
        ),
        (
            "NEW YORK (AP) _ Stocks closed lower on Wall Street.",
            "NEW YORK (AP) _",
            "New York",
            "US",
            "AP",
        ),
        (
            "UNITED NATIONS (AP) — The council met again.",
            "UNITED NATIONS (AP) —",
            "United Nations",
            None,
            "AP",
        ),
        (
            "SAN JUAN, Puerto Rico — Power returned to most homes.",
            "SAN JUAN, Puerto Rico —",
            "San Juan",
            "PR",
            None,
        ),
        (
            "ST. LOUIS, MISSOURI -- Officers were called at noon.",
            "ST. LOUIS, MISSOURI --",
            "St. Louis",
            "US",
            None,
        ),
        (
            "DAR ES SALAAM, Tanzania (AP) – Officials said on Monday.",
            "DAR ES SALAAM, Tanzania (AP) –",
            "Dar es Salaam",
            "TZ",
            "AP",
        ),
        (
            "McALLEN, Texas (AP) — Agents said the crossing was closed.",
            "McALLEN, Texas (AP) —",
            "McAllen",
            "US",
            "AP",
        ),
        (
            "LONDON, Nov 19 (Reuters) - Shares rose in early trade.",
            "LONDON, Nov 19 (Reuters) -",
            "London",
            "GB",
            "Reuters",
        ),
        (
            "BERLIN (dpa) - Die Regierung hat am Montag beschlossen.",
            "BERLIN (dpa) -",
            "Berlin",
            "DE",
            "dpa",
        ),
        (
            "Hong Kong (CNN Business) A muddled view of trade talks weighed.",
            "Hong Kong (CNN Business)",
            "Hong Kong",
            "HK",
            "CNN",
        ),
        ("NEW DELHI: The government announced new rules.", "NEW DELHI:", "New Delhi", "IN", None),
    ],
)
def test_datelines(
    text: str, raw: str, place: str, country: str | None, agency: str | None
) -> None:
    found = parse_dateline(text)
    assert found is not None
    assert (found.raw, found.place, found.country, found.agency) == (raw, place, country, agency)
    # The story resumes right after the dateline.
    assert text[found.end :].strip()[0].isalpha()


def test_non_latin_dateline_is_romanized() -> None:
    found = parse_dateline("МУРМАНСК — Президент заявил в четверг, что планы серьёзные.")
    assert found is not None and found.place == "Murmansk"


def test_two_city_dateline_keeps_the_first() -> None:
    found = parse_dateline("BANGKOK/YANGON (Reuters) - A powerful earthquake struck.")
    assert found is not None
    assert (found.place, found.country, found.agency) == ("Bangkok", "TH", "Reuters")


def test_us_state_region_gives_state_hint() -> None:
    found = parse_dateline("DETROIT, Mich. (AP) — Workers walked out.")
    assert found is not None
    assert (found.country, found.state, found.region) == ("US", "MI", "Mich.")


def test_agency_only_dateline() -> None:
    found = parse_dateline("(CNN)President Trump made an unscheduled trip.")
    assert found is not None
    assert found.place is None and found.agency == "CNN"


@pytest.mark.parametrize(
    "text",
    [
        "The president said the talks would resume.",
        "BREAKING — a short label, not a place",
        "DEAR ABBY: My husband and I disagree.",
        "UPDATE - the story has changed since.",
        "WASHINGTON —",
    ],
)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_dateline_found_after_a_byline_paragraph() -> None:
    paragraphs = ["By Jane Doe", "PARIS (AFP) — Protesters gathered on Saturday.", "More text."]
    found = find_dateline(paragraphs)
    assert found is not None and found.place == "Paris" and found.agency == "AFP"


def test_title_place() -> None:
    assert title_place("PORT-AU-PRINCE") == "Port-au-Prince"
    assert title_place("RIO DE JANEIRO") == "Rio de Janeiro"
    assert title_place("O'HARE") == "O'Hare"


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("The Associated Press", "AP"),
        ("AP", "AP"),
        ("Reuters staff", "Reuters"),
        ("Agence France-Presse", "AFP"),
        ("Deutsche Presse-Agentur", "dpa"),
        ("ANSA", "ANSA"),
        ("EFE", "EFE"),
        ("PA Media", "PA"),
        ("United Press International", "UPI"),
        ("Xinhua News Agency", "Xinhua"),
        ("Kyodo News", "Kyodo"),
        ("Bloomberg News", "Bloomberg"),
    ],
)
def test_normalize_agency(name: str, agency: str) -> None:
    assert normalize_agency(name) == agency


def test_short_codes_are_case_sensitive() -> None:
    # "ap" and "Pa" are words or abbreviations, never the agencies.
    assert normalize_agency("ap") is None
    assert normalize_agency("Pa") is None
    assert find_agency("the map app crashed in Pa.") is None
    assert find_agency("a story from AP on Monday") == "AP"


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("The Associated Press contributed to this report.", "AP"),
        ("Associated Press writer Ann Lee in Paris contributed.", "AP"),
        ("Reporting by Jane Doe in London; Editing by Bob Smith", "Reuters"),
        ("(Reporting by Will Dunham; Editing by Tom Brown)", "Reuters"),
        ("AFP contributed to this report", "AFP"),
        ("Copyright 2019 The Associated Press. All rights reserved.", "AP"),
    ],
)
def test_credit_lines(line: str, agency: str) -> None:
    assert is_credit_line(line)
    assert credit_agency(line) == agency


def test_story_sentences_are_not_credits() -> None:
    assert not is_credit_line("He said the report was good for the company.")
    assert not is_credit_line("Editors met on Monday to discuss the budget, officials said.")


@pytest.mark.parametrize(
    ("raw", "names", "agency"),
    [
        ("By JOHN SMITH, Associated Press", ["John Smith"], "AP"),
        ("By Jane Doe and Bob Roe, AP Science Writers", ["Jane Doe", "Bob Roe"], "AP"),
        ("Reuters staff", [], "Reuters"),
        ("By Tom Jones for The Associated Press", ["Tom Jones"], "AP"),
        ("Analysis by Chris Cillizza; CNN Editor-at-large", ["Chris Cillizza"], "CNN"),
        ("Ilana Muhlstein, MS, RDN", ["Ilana Muhlstein"], None),
        ("Mike Wuerthele; Malcolm Owen Monday, November", ["Mike Wuerthele", "Malcolm Owen"], None),
        (["Associated Press"], [], "AP"),
        (None, [], None),
    ],
)
def test_clean_byline(raw: str | list[str] | None, names: list[str], agency: str | None) -> None:
    assert clean_byline(raw) == (names, agency)
