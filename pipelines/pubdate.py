"""Publication date of a news page.

Evidence is consulted from the most to the least explicit: the publisher's own
structured data (JSON-LD ``datePublished`` on an article node), then the meta
tags that CMSes emit for social cards and analytics (``article:published_time``,
parsely, sailthru, Dublin Core, ``itemprop=datePublished``, ``<time pubdate>``),
then a full date in the URL path, then a date printed after a publication label
("Published: ...", "Veröffentlicht am ..."), and only then htmldate's heuristic
scan of the page text. Structured fields are written by the CMS at publish time, so they
are right far more often than dates picked out of the text, which may belong to
comments, related links or the copyright footer.

Every candidate must fall inside sanity bounds: not before
``settings.quality.earliest_pubdate`` and not after the moment the page was
fetched (plus a small tolerance for clock skew and time zones ahead of UTC).
A candidate outside the bounds is skipped and the next source is tried.

Time zones: ``published_at`` keeps the offset the page states, and callers that
need a calendar date should take ``published_at.date()`` without converting to
UTC — that is the date the page itself shows its readers. A value with no offset
stays naive rather than being guessed into UTC.

The HTML can be huge or hostile, so the parsed prefix, the number of JSON-LD
blocks and the JSON walk are all bounded, and any failure yields an empty
``PubDate`` instead of an exception.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

import lxml.html
from dateutil import parser as dateutil_parser
from lxml import etree

from pipelines.settings import Settings, get_settings

# Only this many characters of HTML are parsed: dates live in the head and the
# article header, and lxml's cost grows with the document.
MAX_HTML_CHARS = 2_000_000
# htmldate's text scan is the slow part (seconds on a multi-megabyte page of
# links), so the fallback sees a shorter prefix; article headers come early.
HTMLDATE_MAX_CHARS = 600_000
# JSON-LD limits: blocks per page, characters per block, nodes walked per block.
MAX_JSONLD_BLOCKS = 20
MAX_JSONLD_CHARS = 500_000
MAX_JSON_NODES = 2_000
# Visible text scanned when structured dates disagree.
MAX_VISIBLE_CHARS = 300_000
# Text nodes searched for a "Published:" label.
MAX_LABEL_NODES = 3_000
# Labelled strings handed to dateparser per page (each costs up to ten parses).
MAX_LABEL_TRIES = 5
# Timestamps kept per page for offset recovery.
MAX_RENDERINGS = 200
# A date string longer than this is not a date (it is prose or an attack).
MAX_DATE_CHARS = 64
# Pages are fetched "now" but may be stamped in a zone up to UTC+14; one day of
# slack also absorbs clock skew between publisher and crawler.
FUTURE_TOLERANCE = timedelta(days=1)

# schema.org types whose datePublished is the article's own date. WebPage and
# friends are a weaker signal (often the date the page template was built).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "videoobject",
    }
)
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "mediaobject"})

# Meta keys (property/name/itemprop, lower-cased) in priority order. The
# article-specific keys come first; ``date`` and ``dc.date`` are generic and
# sometimes carry a modification date, so they rank last.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article.published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "dc.date",
    "dcterms.date",
    "date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "article.updated",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
)
_PUBLISHED_RANK = {key: rank for rank, key in enumerate(PUBLISHED_META)}
_MODIFIED_RANK = {key: rank for rank, key in enumerate(MODIFIED_META)}

# /2025/03/28/, /2025-03-28, _20250328_ ... in a URL path. The separators must
# match so that an id like 2025031234 is not read as a date.
_URL_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([/_.-])([01]?[0-9])\2([0-3]?[0-9])(?![0-9])"
    r"|(?<![0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?![0-9])"
)
_ISO_SPACE_OFFSET = re.compile(r"\s+([+-][0-9]{2}:?[0-9]{2}|Z)$")
_COMPACT = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})(?:T?([0-9]{2})([0-9]{2})([0-9]{2})?)?(Z?)$")
# Abbreviations common on news sites, as UTC offsets in hours. Ambiguous ones
# (IST, CST in Asia...) are deliberately absent: no zone beats a wrong zone.
_ZONE_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}
_LOOSE_FIELD = re.compile(r'"(@type|datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{1,64})"')
# Plain strings: lxml's default "smart" results each carry a link back to their element,
# which costs an object per text node of the page and is never used here. The explicit
# descendant axes select the same nodes as "//body//text()" (every body of the document,
# whatever element the tree is rooted at) without the intermediate set of every node of
# the page that "//" builds, which made this a quarter slower.
_VISIBLE_TEXT = etree.XPath(
    "/descendant::body/descendant::text()"
    "[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]",
    smart_strings=False,
)
# "/descendant::" finds what "//" does without first listing every node of the page.
_JSONLD_SCRIPTS = etree.XPath(
    '/descendant::script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'
)
# Month names (lower case) per month in the languages most common on news
# sites, plus English abbreviations, for spotting a printed date.
_MONTH_NAMES: tuple[tuple[str, ...], ...] = tuple(
    tuple(dict.fromkeys(names.split()))
    for names in (
        "january jan jan. januar janvier enero gennaio januari janeiro jänner",
        "february feb feb. februar février febrero febbraio februari fevereiro",
        "march mar mar. märz mars marzo maart março",
        "april apr apr. avril abril aprile",
        "may mai mayo maggio mei maio",
        "june jun jun. juni juin junio giugno junho",
        "july jul jul. juli juillet julio luglio julho",
        "august aug aug. août agosto augustus",
        "september sep sep. sept. septembre septiembre settembre setembro",
        "october oct oct. oktober octobre octubre ottobre outubro",
        "november nov nov. novembre noviembre novembro",
        "december dec dec. dezember décembre diciembre dicembre dezembro",
    )
)
_PUBLISHED_LABEL = re.compile(
    r"(?:^|\s)(?:first published|published|posted|publication date|veröffentlicht|erschienen"
    r"|publié|publicado|pubblicato|gepubliceerd)(?:\s+(?:on|am|le|el|il(?!\s+y\s+a\b)|op))?\s*:?\s*"
    r"(?P<date>[^\s].{5,60})",
    re.IGNORECASE,
)
_LABEL_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
# dateparser's default parsers less "relative-time" (see _printed_date_parser).
_ABSOLUTE_PARSERS = ("timestamp", "custom-formats", "absolute-time")
_MIDNIGHT_EAST_HOURS = (22, 23)
_MIN_OFFSET = timedelta(hours=-12)
_MAX_OFFSET = timedelta(hours=14)
_LEADING_YEAR = re.compile(r"^\s*[0-9]{4}[^0-9]")
_EPOCH = re.compile(r"^[0-9]{10}(?:[0-9]{3})?$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class PubDate:
    """The original publication and last modification of a page, and which evidence gave them.

    ``method`` is one of ``"jsonld"``, ``"meta"``, ``"url"``, ``"text"`` (a
    labelled printed date), ``"htmldate"`` or None when nothing credible was found.
    """

    published_at: datetime | None
    modified_at: datetime | None
    method: str | None


EMPTY = PubDate(None, None, None)


def find_publication_date(
    html: str,
    url: str | None = None,
    fetched_at: datetime | None = None,
    settings: Settings | None = None,
    *,
    tree: Any = None,
    language: str | None = None,
) -> PubDate:
    """Best-supported original publication date of ``html``; never raises.

    ``fetched_at`` (or the WARC date) caps plausible dates; without it the cap is
    the current time. A relative label ("Published 2 days ago") counts back from
    ``fetched_at`` and is not read without it. ``tree`` is the page already parsed
    by the caller (the extractor parses every page anyway); it is only read, never
    modified, and saves a second parse of the same HTML. ``language`` (ISO 639-1, as
    staging detects it) limits the last-resort text scan to dates written in that
    language or English; without it the scan tries every language dateparser knows.
    """
    try:
        return _find(html, url, fetched_at, settings or get_settings(), tree, language)
    except Exception:  # hostile input must not take the pipeline down
        return EMPTY


def _find(
    html: str,
    url: str | None,
    fetched_at: datetime | None,
    settings: Settings,
    tree: Any = None,
    language: str | None = None,
) -> PubDate:
    # isspace() rather than strip(), which copied the whole page when it ended in a newline.
    if not isinstance(html, str) or not html or html.isspace():
        return EMPTY
    bounds = _Bounds.make(fetched_at, settings.quality.earliest_pubdate)
    if tree is None:
        tree = _parse(html[:MAX_HTML_CHARS])
    if tree is None:
        return EMPTY

    ld_published, ld_modified = _jsonld_dates(tree, bounds)
    meta = _meta_dates(tree, bounds)
    url_day = _url_date(url, bounds)
    modified = ld_modified or meta.modified

    structured = [("jsonld", ld_published)] if ld_published is not None else []
    structured += [("meta", value) for value in meta.published]
    if structured:
        day = url_day.date() if url_day else None
        localised = [
            (method, _localise(value, meta.renderings, day)) for method, value in structured
        ]
        method, local = _choose(localised, tree)
        if url_day is not None and local.date() != url_day.date():
            # The URL was minted when the story first went up; a structured
            # date on another day is a later re-publication or a CMS migration.
            return PubDate(url_day, modified, "url")
        return PubDate(local, _same_zone(modified, local), method)
    labelled = _labelled_date(tree, bounds, fetched_at)
    if url_day is not None:
        if labelled is not None and labelled.date() == url_day.date():
            return PubDate(labelled, modified, "text")  # same day, and it has the time
        return PubDate(url_day, modified, "url")
    if labelled is not None:
        return PubDate(labelled, modified, "text")
    if len(html) > HTMLDATE_MAX_CHARS:
        tree = _parse(html[:HTMLDATE_MAX_CHARS])
    fallback = _htmldate(tree, url, bounds, language) if tree is not None else None
    if fallback is not None:
        return PubDate(fallback, modified, "htmldate")
    return PubDate(None, modified, None)


def _choose(candidates: list[tuple[str, datetime]], tree: Any) -> tuple[str, datetime]:
    """The highest-priority structured date, unless the fields disagree on the day.

    When JSON-LD and the meta tags name different days, one of them is usually
    a re-publication or a template default; the day the article visibly prints
    for its readers settles it. Without such a match, priority order stands.
    """
    if len({value.date() for _, value in candidates}) == 1:
        return candidates[0]
    text = _visible_text(tree)
    for method, value in candidates:
        if _shows_date(text, value.date()):
            return method, value
    return candidates[0]


def _visible_text(tree: Any) -> str:
    """Lower-cased reader-visible text of the page, whitespace collapsed, bounded in size."""
    parts: list[str] = []
    size = 0
    for chunk in _VISIBLE_TEXT(tree):
        parts.append(str(chunk))
        size += len(chunk)
        if size > MAX_VISIBLE_CHARS:
            break
    return " ".join(" ".join(parts).split()).lower()


def _shows_date(text: str, day: date) -> bool:
    """Whether ``day`` is written in ``text`` in a common numeric or spelled-out form."""
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{d:02d}.{m:02d}.{y % 100:02d}",
    ]
    for name in _MONTH_NAMES[m - 1]:
        forms += [f"{d}. {name} {y}", f"{d} {name} {y}", f"{name} {d}, {y}", f"{name} {d} {y}"]
    # The substring test rules out almost every form without compiling a pattern for it.
    return any(
        form in text and re.search(rf"(?<![0-9]){re.escape(form)}(?![0-9])", text) is not None
        for form in forms
    )


def _labelled_date(tree: Any, bounds: _Bounds, fetched_at: datetime | None) -> datetime | None:
    """A date the page prints after a publication label ("Published: Mar. 24, 2025 at 6:15 PM CDT").

    Sites without structured dates usually print one under the headline with a
    label; taking the labelled one avoids the dates of teasers and related
    links that a whole-page scan picks up. "Updated" labels are left alone:
    they name the modification, not the publication.
    """
    tries = 0
    parser = None
    for index, chunk in enumerate(_VISIBLE_TEXT(tree)):
        if index >= MAX_LABEL_NODES or tries >= MAX_LABEL_TRIES:
            break
        match = _PUBLISHED_LABEL.search(str(chunk)[:500])
        if match is None:
            continue
        tries += 1
        candidate = re.split(r"[|·•\n]", match.group("date"))[0].strip(" ,.;")
        if parser is None:
            parser = _label_parser(fetched_at)
        parsed = _parse_printed(candidate, parser)
        if parsed is None:
            continue
        if bounds.ok(parsed):
            return parsed
    return None


def _parse_printed(text: str, parser: Any) -> datetime | None:
    """A human-written date with day, month and year, ignoring trailing words ("by Jane Doe").

    ``parser`` comes from :func:`_label_parser`, so a relative label ("2 days ago") is read
    against the page's fetch time or not at all.
    """
    tokens = text.split()
    # A printed day and year are numerals in every label language, so a prefix without a
    # digit is no date, and each refused prefix costs a full parse; most labels are
    # followed by words, not dates.
    first_digit = next((i for i, token in enumerate(tokens) if _DIGIT.search(token)), len(tokens))
    for end in range(min(len(tokens), 10), first_digit, -1):
        found = parser.get_date_data(" ".join(tokens[:end]))
        parsed = found["date_obj"]
        if parsed is not None:
            if found["period"] != "day":
                # "a month ago" names no day; a publication date must.
                return None
            offset = parsed.utcoffset()
            return parsed.replace(tzinfo=timezone(offset)) if offset is not None else parsed
    return None


def _label_parser(fetched_at: datetime | None) -> Any:
    """The parser for one page's labels.

    dateparser reads a relative label ("Published 2 days ago", "vor 3 Stunden") against
    the current time by default, which would date an archived page by the day it is
    re-processed. With the page's fetch time known, relative labels are read against it
    (giving a naive UTC time, like the instant it counts back from); without it they are
    not read at all. Building a parser costs microseconds (dateparser loads its locales
    once per process), a parse milliseconds.
    """
    if fetched_at is None:
        return _printed_date_parser()
    from dateparser.date import DateDataParser

    ref = fetched_at if fetched_at.tzinfo is not None else fetched_at.replace(tzinfo=UTC)
    return DateDataParser(
        languages=list(_LABEL_LANGUAGES),
        settings={
            "STRICT_PARSING": True,
            "RELATIVE_BASE": ref.astimezone(UTC).replace(tzinfo=None),
        },
    )


@lru_cache(maxsize=1)
def _printed_date_parser() -> Any:
    """The parser for labels of pages whose fetch time is unknown: the parsers dateparser
    runs by default, less "relative-time", which would have only the clock to count from.

    Without ``try_previous_locales`` it keeps no state between strings, so one instance
    reads every string the same way.
    """
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(_LABEL_LANGUAGES),
        settings={"STRICT_PARSING": True, "PARSERS": list(_ABSOLUTE_PARSERS)},
    )


def _localise(value: datetime, renderings: list[datetime], url_day: date | None) -> datetime:
    """Express a UTC-stamped instant in the publisher's own offset when the page reveals it.

    Many CMSes store ``datePublished`` in UTC while the article shows local
    time, so an evening story in New York carries tomorrow's UTC date. Two kinds
    of evidence recover the local day without changing the instant:

    * another rendering of the same instant on the page — a naive local time
      (``<time datetime="2023-11-08 18:09:55">``) a whole number of quarter hours
      away, or the same instant written with a non-zero offset — gives the offset
      exactly;
    * failing that, a full date in the URL one day off the UTC date: the URL was
      minted in local time, so the instant is shown in the smallest whole-hour
      offset that lands on the URL's day (the instant stays exact, the offset is
      an estimate);
    * a stamp of exactly 22:00 or 23:00 UTC is a date-only field saved as local
      midnight in Central or Eastern Europe (UTC+1/+2), so it is shown in that
      offset. A story really released on the hour at 22:00 UTC keeps its instant
      and only its displayed offset differs.
    """
    offset = value.utcoffset()
    if offset is None or offset != timedelta(0):
        return value
    wall = value.replace(tzinfo=None)
    for rendering in renderings:
        if rendering.tzinfo is None:
            if rendering.time() == time():
                continue  # a bare date says nothing about the offset
            delta = rendering - wall
        elif rendering.utcoffset() and rendering == value:
            delta = rendering.utcoffset() or timedelta(0)
        else:
            continue
        if (
            delta
            and delta % timedelta(minutes=15) == timedelta(0)
            and _MIN_OFFSET <= delta <= _MAX_OFFSET
        ):
            return value.astimezone(timezone(delta))
    if url_day is not None and abs((value.date() - url_day).days) == 1:
        for hours in sorted(range(-12, 15), key=abs):
            shifted = value.astimezone(timezone(timedelta(hours=hours)))
            if shifted.date() == url_day:
                return shifted
    if (
        value.hour in _MIDNIGHT_EAST_HOURS
        and value.minute == value.second == value.microsecond == 0
    ):
        return value.astimezone(timezone(timedelta(hours=24 - value.hour)))
    return value


def _same_zone(modified: datetime | None, published: datetime) -> datetime | None:
    """Show a UTC-stamped modification time in the offset chosen for the publication time."""
    if modified is None or modified.tzinfo is None or published.tzinfo is None:
        return modified
    if modified.utcoffset() == timedelta(0):
        return modified.astimezone(published.tzinfo)
    return modified


@dataclass(frozen=True)
class _Bounds:
    """Inclusive calendar-date window a candidate must fall in."""

    earliest: date
    latest: date

    @classmethod
    def make(cls, fetched_at: datetime | None, earliest: date) -> _Bounds:
        ref = fetched_at or datetime.now(UTC)
        if ref.tzinfo is None:
            ref = ref.replace(tzinfo=UTC)
        return cls(earliest, (ref + FUTURE_TOLERANCE).date())

    def ok(self, value: datetime | None) -> bool:
        return value is not None and self.earliest <= value.date() <= self.latest


def _parse(html: str) -> Any:
    """lxml tree of the page, or None; bytes avoid lxml's refusal of str with an encoding declaration."""
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None


def parse_datetime(value: object) -> datetime | None:
    """Read one machine-written date string; None unless year, month and day are all stated.

    Handles ISO 8601 (with ``Z``, ``+0100`` or a space before the offset), compact
    ``YYYYMMDD[THHMMSS]``, RFC 2822 (RSS style) and Unix epochs; anything else
    goes to dateutil, guarded so that a missing day or year is never filled in
    from a default.
    """
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    if _EPOCH.match(text):
        seconds = int(text[:10])
        return datetime.fromtimestamp(seconds, UTC)
    iso = _ISO_SPACE_OFFSET.sub(r"\1", text).replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    compact = _COMPACT.match(text)
    if compact:
        year, month, day, hour, minute, second, zulu = compact.groups()
        try:
            parsed = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC) if zulu else parsed
    if "," in text and text[:3].isalpha():
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    return _dateutil_strict(text)


def _dateutil_strict(text: str) -> datetime | None:
    """dateutil, accepted only when two different defaults give the same date.

    If the string lacks a day, month or year, dateutil silently copies it from
    the default; parsing twice with defaults that differ in every field exposes that.
    """
    # Year-first strings ("2020/10/04") are year-month-day everywhere; otherwise
    # day-first matches the European and most other non-US sites.
    year_first = bool(_LEADING_YEAR.match(text))
    try:
        first = dateutil_parser.parse(
            text,
            default=datetime(2001, 1, 1),
            tzinfos=_tzinfos,
            dayfirst=not year_first,
            yearfirst=year_first,
        )
        second = dateutil_parser.parse(
            text,
            default=datetime(2002, 2, 2),
            tzinfos=_tzinfos,
            dayfirst=not year_first,
            yearfirst=year_first,
        )
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None
    return first


def _tzinfos(name: str, offset: int) -> tzinfo | None:
    """Numeric offsets as fixed zones, a few common abbreviations, nothing guessed beyond that."""
    if offset:
        return timezone(timedelta(seconds=offset))
    hours = _ZONE_ABBREVIATIONS.get((name or "").upper())
    return timezone(timedelta(hours=hours)) if hours is not None else None


def _attr_value(element: Any) -> str | None:
    for attr in ("content", "datetime", "value"):
        value = element.get(attr)
        if value:
            return str(value)
    text = element.text_content() if hasattr(element, "text_content") else None
    return text.strip() if text and len(text.strip()) <= MAX_DATE_CHARS else None


@dataclass(frozen=True)
class _MetaDates:
    """Best meta-tag dates plus every timestamp rendering seen (for offset recovery)."""

    published: list[datetime]
    modified: datetime | None
    renderings: list[datetime]


# Generic keys are trusted only on <meta>, where a CMS writes them; on body
# elements the word "date" labels anything.
_META_ONLY_KEYS = frozenset({"date", "dc.date", "dcterms.date"})


def _date_carriers(tree: Any) -> Iterator[Any]:
    """The elements that can carry a date key or a rendering, in document order: every
    <time>, and the other tags only with one of the key attributes. Skipping the rest
    before building their keys spares most of the Python work on a page's many plain
    divs and links (an XPath doing the same selection costs more than this walk).
    """
    for element in tree.iter("meta", "time", "span", "div", "p", "abbr", "a", "ins", "del"):
        if (
            element.tag == "time"
            or element.get("property") is not None
            or element.get("name") is not None
            or element.get("itemprop") is not None
        ):
            yield element


def _meta_dates(tree: Any, bounds: _Bounds) -> _MetaDates:
    """Highest-priority published and modified dates from meta-like markup.

    A marker on a body element (``<time pubdate>``, ``itemprop=datePublished``
    on a span) that carries several different days is describing a list of
    teasers or comments, not the article, so such a key is ignored.
    """
    published: dict[str, list[tuple[bool, datetime]]] = {}
    modified: dict[str, list[tuple[bool, datetime]]] = {}
    renderings: list[datetime] = []
    for element in _date_carriers(tree):
        keys = [
            (element.get(attr) or "").strip().lower() for attr in ("property", "name", "itemprop")
        ]
        is_meta = element.tag == "meta"
        if element.tag == "time":
            if element.get("pubdate") is not None:
                keys.append("pubdate")
            stamp = parse_datetime(element.get("datetime"))
            if stamp is not None and len(renderings) < MAX_RENDERINGS:
                renderings.append(stamp)
        for key in keys:
            if not key or (key not in _PUBLISHED_RANK and key not in _MODIFIED_RANK):
                continue
            if not is_meta and key in _META_ONLY_KEYS:
                continue
            parsed = parse_datetime(_attr_value(element))
            if parsed is None or not bounds.ok(parsed):
                continue
            if len(renderings) < MAX_RENDERINGS:
                renderings.append(parsed)
            target = published if key in _PUBLISHED_RANK else modified
            target.setdefault(key, []).append((is_meta, parsed))
    return _MetaDates(
        _ranked(published, _PUBLISHED_RANK),
        next(iter(_ranked(modified, _MODIFIED_RANK)), None),
        renderings,
    )


def _ranked(found: dict[str, list[tuple[bool, datetime]]], rank: dict[str, int]) -> list[datetime]:
    """One value per key, best-ranked key first; ambiguous body-only keys are dropped."""
    chosen: list[datetime] = []
    for key in sorted(found, key=rank.__getitem__):
        values = found[key]
        meta_values = [value for is_meta, value in values if is_meta]
        if meta_values:
            chosen.append(meta_values[0])
        elif len({value.date() for _, value in values}) == 1:
            chosen.append(values[0][1])
    return chosen


def _jsonld_dates(tree: Any, bounds: _Bounds) -> tuple[datetime | None, datetime | None]:
    """datePublished/dateModified of the first article node; page nodes only as a fallback.

    Hand-written JSON-LD is often not valid JSON (JavaScript comments, trailing
    commas); such a block is still read with a pattern for its date fields.
    """
    article: tuple[datetime | None, datetime | None] | None = None
    page: tuple[datetime | None, datetime | None] | None = None
    scripts = _JSONLD_SCRIPTS(tree)
    for script in scripts[:MAX_JSONLD_BLOCKS]:
        raw = (script.text or "").strip()
        if not raw or len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            nodes: Iterator[dict[str, Any]] = _walk(json.loads(raw, strict=False))
        except ValueError:
            nodes = iter([_loose_jsonld(raw)])
        for node in nodes:
            types = node.get("@type")
            names = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
            published = _bounded(node.get("datePublished") or node.get("dateCreated"), bounds)
            modified = _bounded(node.get("dateModified"), bounds)
            if published is None and modified is None:
                continue
            if names & ARTICLE_TYPES:
                if article is None or (article[0] is None and published is not None):
                    article = (published, modified)
            elif names & PAGE_TYPES and page is None:
                page = (published, modified)
    return article or page or (None, None)


def _loose_jsonld(raw: str) -> dict[str, Any]:
    """The first @type and date fields of a JSON-LD block that does not parse."""
    node: dict[str, Any] = {}
    for match in _LOOSE_FIELD.finditer(raw[:MAX_JSONLD_CHARS]):
        node.setdefault(match.group(1), match.group(2))
    return node


def _bounded(value: object, bounds: _Bounds) -> datetime | None:
    if isinstance(value, list) and value:
        value = value[0]
    parsed = parse_datetime(value)
    return parsed if bounds.ok(parsed) else None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Breadth-first dict nodes of a JSON-LD document, ``@graph`` included, bounded in size."""
    queue: deque[Any] = deque([data])
    seen = 0
    while queue and seen < MAX_JSON_NODES:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            queue.extend(v for v in item.values() if isinstance(v, dict | list))


def _url_date(url: str | None, bounds: _Bounds) -> datetime | None:
    """A full year-month-day in the URL path (host and query are ignored)."""
    if not url or len(url) > 2_000:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.IGNORECASE).split("?")[0]
    for match in _URL_DATE.finditer(path):
        groups = match.groups()
        year, month, day = (groups[0], groups[2], groups[3]) if groups[0] else groups[4:7]
        try:
            value = datetime.combine(date(int(year), int(month), int(day)), time())
        except ValueError:
            continue
        if bounds.ok(value):
            return value
    return None


# htmldate's extensive search hands date-like strings to a dateparser instance that tries
# all of dateparser's ~200 locales: a string no locale reads ("Published March 24, 2025 at
# 9:52") costs ~30 ms, and the first such string in a process ~3 s of locale loading. By the
# time pubdate runs, the page's language is known, so the fallback reads its dates in that
# language and English only (the order stays dateparser's own, English first).
_HTMLDATE_LOCK = threading.Lock()
_htmldate_languages: list[tuple[str, ...] | None] = [None]


def _dateparser_languages(language: str | None) -> tuple[str, ...] | None:
    """The locales the fallback tries for a page in ``language``; None means all of them."""
    if not language:
        return None
    from dateparser.data.languages_info import language_order

    code = language.lower()
    return tuple(sorted({code, "en"})) if code in language_order else None


@lru_cache(maxsize=32)
def _external_parser(languages: tuple[str, ...], htmldate_parser: Any) -> Any:
    """htmldate's own parser settings (``htmldate_parser`` builds its parser), limited to
    ``languages``."""
    from dateparser import DateDataParser

    return DateDataParser(languages=list(languages), settings=htmldate_parser()._settings)


@contextmanager
def _htmldate_language(language: str | None) -> Iterator[None]:
    """Run htmldate with its external parser limited to the page's language.

    htmldate looks its parser up through a module function on every call, so that function
    is swapped for the duration of one ``find_date`` under a lock. Its string memo
    (``try_date_expr``) is keyed by the string alone, so it is emptied whenever the language
    changes: a result never depends on which pages came before.
    """
    import htmldate.extractors

    hx: Any = htmldate.extractors  # its parser function is replaced, which typing forbids
    codes = _dateparser_languages(language)
    with _HTMLDATE_LOCK:
        if codes != _htmldate_languages[0]:
            hx.try_date_expr.cache_clear()
            _htmldate_languages[0] = codes
        original = hx.get_external_parser
        if codes is not None:
            hx.get_external_parser = lambda: _external_parser(codes, original)
        try:
            yield
        finally:
            hx.get_external_parser = original


def _htmldate(
    tree: Any, url: str | None, bounds: _Bounds, language: str | None = None
) -> datetime | None:
    """htmldate's original-date heuristics as the last resort (date only, no time)."""
    from htmldate import find_date

    with _htmldate_language(language):
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            min_date=datetime.combine(bounds.earliest, time()),
            max_date=datetime.combine(bounds.latest, time()),
        )
    if not found:
        return None
    try:
        value = datetime.combine(date.fromisoformat(found), time())
    except ValueError:
        return None
    return value if bounds.ok(value) else None
