"""Temporal normalization: seed expressions, each rule family, and the finder's offsets."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipelines.dates import find_dates_in_text, normalize, timex_record, value_granularity

FRIDAY = date(2025, 3, 28)  # the seed story's publication date, a Friday


def value(text: str, anchor: date | None = FRIDAY, sentence: str | None = None) -> str | None:
    return normalize(text, anchor, sentence).value


# --- seed (issue 6) --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", "2025-03-28"),
        ("early Friday", "2025-03-28TMO"),
        ("last summer", "2024-SU"),
        ("last year", "2024"),
        ("in recent days", "PAST_REF"),
    ],
)
def test_seed_values(text: str, expected: str) -> None:
    assert value(text) == expected


def test_seed_non_dates() -> None:
    months = normalize("months", FRIDAY)
    assert months.type == "DURATION" and months.value is None
    war = normalize("since World War II", FRIDAY)
    assert war.type == "NONE" and war.value is None


def test_seed_document_facts() -> None:
    text = (
        "In a major bet last summer, Ukraine launched an offensive, the first invasion of "
        "Russia since World War II. After months of fighting, Russia clawed back territory. "
        "In recent days, the army staged a new push. Putin proposed Friday to hold talks. "
        "In remarks broadcast early Friday, he said the term expired last year."
    )
    found = {m.text: m.timex.value for m in find_dates_in_text(text, FRIDAY)}
    assert found["last summer"] == "2024-SU"
    assert found["In recent days"] == "PAST_REF"
    assert found["Friday"] == "2025-03-28"
    assert found["early Friday"] == "2025-03-28TMO"
    assert found["last year"] == "2024"
    assert not any("World War" in t or t == "months" for t in found)


# --- weekdays and tense ----------------------------------------------------


def test_same_weekday_is_the_anchor_day_whatever_the_tense() -> None:
    assert value("Friday", sentence="The talks will resume Friday.") == "2025-03-28"
    assert value("Friday", sentence="He said Friday that talks failed.") == "2025-03-28"


def test_weekday_defaults_to_the_past() -> None:
    assert value("Tuesday") == "2025-03-25"
    assert value("Tuesday", sentence="Officials said Tuesday the vote was delayed.") == (
        "2025-03-25"
    )


def test_weekday_future_tense() -> None:
    assert value("Tuesday", sentence="The court will rule on Tuesday.") == "2025-04-01"
    assert value("Saturday", sentence="Roads stay closed until Saturday.") == "2025-03-29"


def test_last_next_weekday_skip_the_anchor_day() -> None:
    assert value("last Friday") == "2025-03-21"
    assert value("next Friday") == "2025-04-04"


def test_weekday_with_part_of_day_and_clock() -> None:
    assert value("Thursday night") == "2025-03-27TNI"
    assert value("Friday afternoon") == "2025-03-28TAF"
    assert value("late Thursday") == "2025-03-27TNI"
    assert value("3 p.m. Friday") == "2025-03-28T15:00"
    assert value("15:00 GMT Saturday", sentence="Roads stay shut until 15:00 GMT Saturday.") == (
        "2025-03-29T15:00"
    )
    timex = normalize("early Friday", FRIDAY)
    assert (timex.type, timex.granularity) == ("TIME", "part_of_day")


def test_relative_days() -> None:
    assert value("yesterday") == "2025-03-27"
    assert value("tomorrow") == "2025-03-29"
    assert value("today") == "2025-03-28"
    assert value("tonight") == "2025-03-28TNI"
    assert value("last night") == "2025-03-27TNI"


# --- last / this / next + unit, ago, earlier/later -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", "2025-W12"),
        ("this week", "2025-W13"),
        ("next week", "2025-W14"),
        ("last month", "2025-02"),
        ("next year", "2026"),
        ("this weekend", "2025-W13-WE"),
        ("last weekend", "2025-W12-WE"),
        ("last quarter", "2024-Q4"),
        ("a year earlier", "2024"),
        ("two weeks ago", "2025-W11"),
        ("three days ago", "2025-03-25"),
        ("four years ago", "2021"),
        ("earlier this month", "2025-03"),
        ("later this year", "2025"),
        ("this time last year", "2024"),
    ],
)
def test_relative_units(text: str, expected: str) -> None:
    assert value(text) == expected


def test_granularity_and_range_of_a_week() -> None:
    t = normalize("last week", FRIDAY)
    assert t.granularity == "week"
    assert (t.start_date, t.end_date) == (date(2025, 3, 17), date(2025, 3, 23))
    assert t.is_relative


# --- REFs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("in recent weeks", "PAST_REF"),
        ("the past", "PAST_REF"),
        ("in the coming days", "FUTURE_REF"),
        ("the future", "FUTURE_REF"),
    ],
)
def test_refs(text: str, expected: str) -> None:
    t = normalize(text, FRIDAY)
    assert (t.value, t.granularity, t.start_date, t.end_date) == (expected, "ref", None, None)


# --- months, seasons, quarters, halves -----------------------------------------


def test_month_names_follow_tense() -> None:
    assert value("June", sentence="Sales fell in June.") == "2024-06"
    assert value("June", sentence="The plant will open in June.") == "2025-06"
    assert value("October", sentence="The deal was signed in October.") == "2024-10"
    assert value("May", sentence="The book is due to be published in May.") == "2025-05"
    assert value("March") == "2025-03"
    assert value("last June") == "2024-06"
    assert value("early December") == "2024-12"
    assert normalize("early December", FRIDAY).mod == "START"


def test_month_day_and_absolute_dates() -> None:
    assert value("March 5, 2024") == "2024-03-05"
    assert value("5 March 2024") == "2024-03-05"
    assert value("Jan. 6") == "2025-01-06"
    assert value("Friday, March 21") == "2025-03-21"
    assert value("2024-03-05") == "2024-03-05"
    assert value("May 2010") == "2010-05"
    assert normalize("March 5, 2024", FRIDAY).is_relative is False


def test_ordinal_day_of_month() -> None:
    assert value("the 5th") == "2025-03-05"
    assert value("the 21st") == "2025-03-21"
    assert value("the 30th", sentence="The vote will be held on the 30th.") == "2025-03-30"
    assert value("the 2nd", sentence="The vote will be held on the 2nd.") == "2025-04-02"


def test_seasons() -> None:
    assert value("last summer") == "2024-SU"
    assert value("last summer", anchor=date(2025, 10, 2)) == "2025-SU"
    assert value("this summer") == "2025-SU"
    assert value("last winter") == "2024-WI"
    assert value("the summer of 2019") == "2019-SU"
    winter = normalize("last winter", FRIDAY)
    assert (winter.start_date, winter.end_date) == (date(2024, 12, 1), date(2025, 2, 28))


def test_quarters_halves_fiscal() -> None:
    assert value("the first quarter") == "2025-Q1"
    assert value("the fourth quarter") == "2024-Q4"
    assert value("the third quarter of 2024") == "2024-Q3"
    assert value("Q2 2023") == "2023-Q2"
    assert value("the second half of 2024") == "2024-H2"
    assert value("the first half") == "2025-H1"
    assert value("fiscal 2024") == "2024"
    assert value("this fiscal year") == "2025"


# --- years, decades, centuries, modifiers -------------------------------------


def test_mod_and_ranges() -> None:
    mid = normalize("mid-2024", FRIDAY)
    assert (mid.value, mid.mod, mid.granularity) == ("2024", "MID", "year")
    assert mid.start_date is not None and mid.end_date is not None
    assert date(2024, 1, 1) < mid.start_date < mid.end_date < date(2024, 12, 31)
    late = normalize("late 1990s", FRIDAY)
    assert (late.value, late.mod, late.granularity) == ("199", "END", "decade")
    assert normalize("the end of the year", FRIDAY).mod == "END"
    assert normalize("about a year ago", FRIDAY).mod == "APPROX"
    assert normalize("early 2011", FRIDAY).mod == "START"


def test_decades_and_centuries() -> None:
    assert value("the 1990s") == "199"
    assert value("the '80s") == "198"
    assert value("the 20th century") == "19"
    assert value("the 21st century") == "20"
    assert value("58", sentence="He climbed in the 1957-58 season.") == "1958"
    assert value("58") is None


# --- non-dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["for three months", "three-month", "the past two years", "90 days", "a decade"]
)
def test_durations(text: str) -> None:
    t = normalize(text, FRIDAY)
    assert (t.type, t.value) == ("DURATION", None)


def test_sets_and_non_dates() -> None:
    assert normalize("every Friday", FRIDAY).type == "SET"
    assert normalize("annually", FRIDAY).type == "SET"
    for text in ("since World War II", "the Cold War", "48", "tenure"):
        assert normalize(text, FRIDAY).type == "NONE"


# --- anchor None and the record form ---------------------------------------


def test_anchor_none_blanks_relative_values_only() -> None:
    rel = normalize("Friday", None)
    assert (rel.type, rel.value, rel.start_date, rel.is_relative) == ("DATE", None, None, True)
    assert value("last year", None) is None
    assert value("March 5, 2024", None) == "2024-03-05"
    assert value("March 21", None) == "XXXX-03-21"
    assert value("currently", None) == "PRESENT_REF"


def test_timex_record_is_json_ready() -> None:
    record = timex_record("last summer", FRIDAY)
    assert json.loads(json.dumps(record)) == record
    assert record == {
        "text": "last summer",
        "value": "2024-SU",
        "granularity": "season",
        "mod": None,
        "start_date": "2024-06-01",
        "end_date": "2024-08-31",
        "is_relative": True,
        "type": "DATE",
    }


def test_value_granularity() -> None:
    assert value_granularity("2013-W11") == "week"
    assert value_granularity("2013-W11-WE") == "weekend"
    assert value_granularity("2013-03-22TAF") == "part_of_day"
    assert value_granularity("199") == "decade"
    assert value_granularity("PAST_REF") == "ref"


# --- finder ----------------------------------------------------------------------


def test_find_dates_offsets_and_filtering() -> None:
    text = (
        "The flu pandemic of 2009-2010 killed 348 children.\n\n"
        "The season started in early December, a month earlier than usual, and officials "
        "said Thursday afternoon that it is now winding down. It lasted for three months."
    )
    mentions = find_dates_in_text(text, date(2013, 3, 22))
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.timex.type in ("DATE", "TIME")
    values = {m.text: m.timex.value for m in mentions}
    assert values["2009"] == "2009" and values["2010"] == "2010"
    assert values["early December"] == "2012-12"
    assert values["Thursday afternoon"] == "2013-03-21TAF"
    assert values["now"] == "PRESENT_REF"
    assert not any("month" in t for t in values)
    assert [m.sentence_index for m in mentions] == sorted(m.sentence_index for m in mentions)


def test_anaphoric_and_compound_forms() -> None:
    # Relative to a narrated event, not to the publication date: a date with no value.
    following = normalize("the following year", FRIDAY)
    assert (following.type, following.value) == ("DATE", None)
    assert value("the week of March 3") == "2025-W10"
    assert value("the weekend of March 8") == "2025-W10-WE"
    assert value("in 2024's first quarter") == "2024-Q1"
    assert value("last year's second half") == "2024-H2"
    assert normalize("the 0th century", FRIDAY).type == "NONE"
    assert normalize("13 p.m.", FRIDAY).type == "NONE"
