"""Datelines, wire agencies, credit lines and bylines of news articles.

Wire copy announces where and by whom a story was filed in a few stereotyped
places: the dateline opening the first paragraph ("KYIV, Ukraine (AP) —"), credit
lines at the end ("Reporting by ...; Editing by ..."), the byline ("By JANE DOE,
Associated Press") and the page metadata. A reprint on a local site keeps those
traces even when the site's own name is all over the page, so they are the most
reliable evidence of syndication we get. The agency and place tables live in
``pipelines/data/extract_*.json`` so adding an agency is a data change, not a code one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")

# Words that open all-caps lead-ins which are labels rather than places.
_NOT_PLACES = frozenset(
    {
        "ADVERTISEMENT",
        "ANALYSIS",
        "BREAKING",
        "BREAKING NEWS",
        "COMMENTARY",
        "CORRECTION",
        "DEAR ABBY",
        "DEAR ANNIE",
        "DEAR AMY",
        "EDITORIAL",
        "EDITOR'S NOTE",
        "EXCLUSIVE",
        "FACT CHECK",
        "FILE",
        "LIVE",
        "NEW",
        "NOTE",
        "OPINION",
        "PHOTOS",
        "REVIEW",
        "SPOILER ALERT",
        "UPDATE",
        "UPDATED",
        "URGENT",
        "VIDEO",
        "WATCH",
    }
)
# Lower-case joining words inside place names ("Rio de Janeiro", "Port-au-Prince").
_PARTICLES = frozenset(
    {"al", "au", "da", "das", "de", "del", "der", "des", "di", "do", "dos", "du"}
)
_PARTICLES |= frozenset(
    {"el", "en", "es", "la", "le", "of", "on", "sur", "the", "upon", "van", "von"}
)

# Any script's capitals ("МУРМАНСК"); the all-caps test itself is done with str.isupper().
_CAPS_WORD = r"(?:Mc|Mac)?[^\W\d_](?:[^\W\d_]|['\u2019.\-])*"
_TITLE_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.\-]*|de|la|del|es|al|el|au|do|da|of)"
_REGION_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.\-]*|[A-Z]\.(?:\s?[A-Z]\.)*|de|of|and|the|la)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_SEP = r"(?:\s*(?:\u2014|\u2013|--|-|_|:)\s*)"

# ALL-CAPS place, optional ", Region", optional Reuters-style date, optional (Agency), separator.
_CAPS_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:[ \-]{_CAPS_WORD}){{0,4}})"
    rf"(?P<more>/{_CAPS_WORD}(?:[ \-]{_CAPS_WORD}){{0,3}})*"
    rf"(?:,\s*(?P<region>{_REGION_WORD}(?:\s{_REGION_WORD}){{0,3}}))?"
    rf"(?:,?\s+(?P<date>{_MONTH}))?"
    rf"(?:\s*\((?P<agency>[^()\n]{{1,40}})\))?"
    rf"(?P<sep>{_SEP})"
)
# Title-case place is only believed when an agency in parentheses follows ("Hong Kong (CNN)").
_TITLE_DATELINE = re.compile(
    rf"(?P<place>{_TITLE_WORD}(?:\s{_TITLE_WORD}){{0,4}})"
    rf"(?:,\s*(?P<region>{_REGION_WORD}(?:\s{_REGION_WORD}){{0,3}}))?"
    rf"\s*\((?P<agency>[^()\n]{{1,40}})\)"
    rf"(?P<sep>{_SEP})?"
)
_AGENCY_ONLY = re.compile(r"\((?P<agency>[^()\n]{1,40})\)(?P<sep>" + _SEP + r")?")


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline; ``end`` is the offset where the story text resumes."""

    raw: str
    place: str | None
    region: str | None
    country: str | None
    state: str | None
    agency: str | None
    end: int


@dataclass(frozen=True)
class _Agencies:
    folded: dict[str, str]  # case-insensitive aliases, casefolded
    exact: dict[str, str]  # short codes that only count in their own spelling ("AP", "PA")
    pattern: re.Pattern[str]
    exact_pattern: re.Pattern[str] | None


@lru_cache(maxsize=4)
def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _alternation(names: list[str]) -> str:
    # Longest first so "Associated Press" wins over a shorter alias inside it.
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _agencies() -> _Agencies:
    table = _load("extract_agencies.json")["agencies"]
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for canonical, spec in table.items():
        for alias in spec["aliases"]:
            folded[alias.casefold()] = canonical
        for alias in spec["case_sensitive"]:
            exact[alias] = canonical
    pattern = re.compile(rf"(?<![\w-])(?:{_alternation(list(folded))})(?![\w-])", re.IGNORECASE)
    exact_pattern = (
        re.compile(rf"(?<![\w-])(?:{_alternation(list(exact))})(?![\w-])") if exact else None
    )
    return _Agencies(folded, exact, pattern, exact_pattern)


def normalize_agency(name: str | None) -> str | None:
    """Canonical short name ("AP", "Reuters", ...) when ``name`` is exactly an agency."""
    if not name:
        return None
    agencies = _agencies()
    cleaned = re.sub(r"\s+", " ", name).strip(" .,;:-\u2014\u2013()[]")
    return agencies.exact.get(cleaned) or agencies.folded.get(cleaned.casefold())


def find_agency(text: str | None) -> str | None:
    """The first agency named anywhere in ``text`` (credit lines, bylines, metadata)."""
    if not text:
        return None
    agencies = _agencies()
    hits: list[tuple[int, str]] = []
    match = agencies.pattern.search(text)
    if match:
        hits.append((match.start(), agencies.folded[match.group(0).casefold()]))
    if agencies.exact_pattern is not None:
        exact = agencies.exact_pattern.search(text)
        if exact:
            hits.append((exact.start(), agencies.exact[exact.group(0)]))
    return min(hits)[1] if hits else None


def title_place(name: str) -> str:
    """Title-case an all-caps place ("DAR ES SALAAM" -> "Dar es Salaam")."""
    words = name.split()
    out = []
    for i, word in enumerate(words):
        parts = word.split("-")
        cased = []
        for j, part in enumerate(parts):
            low = part.lower()
            if (i or j) and low in _PARTICLES:
                cased.append(low)
            elif low.startswith("mc") and len(low) > 2:
                cased.append("Mc" + low[2:].capitalize())
            else:
                cased.append(_capitalize(low))
        out.append("-".join(cased))
    return " ".join(out)


def _capitalize(word: str) -> str:
    # "st." -> "St.", "o'hare" -> "O'Hare"; abbreviations with inner dots stay upper ("U.S.").
    if re.fullmatch(r"(?:[a-z]\.){2,}", word):
        return word.upper()
    pieces = re.split(r"(['\u2019])", word)
    return "".join(p.capitalize() if p not in ("'", "\u2019") else p for p in pieces)


def _latin(name: str) -> str:
    """Romanize a non-Latin place ("Мурманск" -> "Murmansk") so gazetteer lookups work.

    Latin names keep their diacritics ("São Paulo"); only other scripts are converted.
    """
    if all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name):
        return name
    from anyascii import anyascii

    return str(anyascii(name))


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _region_code(region: str) -> tuple[str | None, str | None]:
    places = _load("extract_places.json")
    states: dict[str, str] = places["us_states"]
    if region in states:
        return "US", states[region]
    aliases: dict[str, str] = places["country_aliases"]
    if region in aliases:
        return aliases[region], None
    return _country_by_name(region), None


def _country_by_name(name: str) -> str | None:
    try:
        import pycountry

        return str(pycountry.countries.lookup(name).alpha_2)
    except (LookupError, ImportError):
        return None


def _locate(place: str, region: str | None) -> tuple[str | None, str | None]:
    if region:
        country, state = _region_code(region)
        if country:
            return country, state
    standalone: dict[str, str] = _load("extract_places.json")["standalone"]
    code = standalone.get(place) or standalone.get(_ascii(place))
    if code is not None:
        country, _, state = code.partition("/")
        return country or None, state or None
    aliases: dict[str, str] = _load("extract_places.json")["country_aliases"]
    return aliases.get(place) or _country_by_name(place), None


def _tidy_region(region: str | None) -> str | None:
    if not region:
        return None
    region = region.strip()
    if region.isupper() and not re.fullmatch(r"(?:[A-Z]\.\s?)+", region):
        region = title_place(region)
    return region


def _has_story_after(text: str, end: int) -> bool:
    # Some lower-case prose must follow, in any script, or it was a headline in caps.
    rest = text[end : end + 80]
    return sum(1 for ch in rest if ch.islower()) >= 2


def parse_dateline(text: str) -> Dateline | None:
    """Dateline at the very start of ``text`` (leading whitespace ignored), or None."""
    if not text:
        return None
    offset = len(text) - len(text.lstrip())
    head = text[offset : offset + 200]
    for pattern, caps in ((_CAPS_DATELINE, True), (_TITLE_DATELINE, False)):
        match = pattern.match(head)
        if match is None:
            continue
        place = match.group("place").strip()
        if caps and (place in _NOT_PLACES or not place.isupper() and "Mc" not in place):
            continue
        if caps and sum(1 for ch in place if ch.isupper()) < 2:
            continue
        agency_raw = match.group("agency")
        agency = normalize_agency(agency_raw) if agency_raw else None
        if agency_raw and agency is None and not caps:
            continue
        if not caps and match.group("sep") is None and agency is None:
            continue
        end = offset + match.end()
        if not _has_story_after(text, end):
            continue
        region = _tidy_region(match.group("region"))
        pretty = _latin(title_place(place) if caps else place)
        country, state = _locate(pretty, region)
        raw = text[offset:end].strip()
        return Dateline(raw, pretty, region, country, state, agency, end)
    match = _AGENCY_ONLY.match(head)
    if match:
        agency = normalize_agency(match.group("agency"))
        end = offset + match.end()
        if agency and _has_story_after(text, end):
            return Dateline(text[offset:end].strip(), None, None, None, None, agency, end)
    return None


def find_dateline(paragraphs: list[str], max_paragraphs: int = 8) -> Dateline | None:
    """The dateline opening one of the first paragraphs.

    Bylines, standfirsts and "Key points" boxes may precede the first paragraph of
    the story, so several paragraphs are tried; the patterns are strict enough that
    a later paragraph rarely opens with something dateline-shaped.
    """
    for paragraph in paragraphs[:max_paragraphs]:
        found = parse_dateline(paragraph)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------- credit lines

_CREDIT_SOURCES = (
    r"\bcontributed (?:reporting|to this (?:report|story|article)|this report)\b",
    r"\bcontributed\b.{0,40}\breport",
    r"\b(?:writers?|reporters?|correspondents?|journalists?)\b.{0,160}\bcontributed\.?$",
    r"^\(?\s*(?:additional\s+)?reporting by\b",
    r"^\(?\s*(?:writing|editing|compiled|edited|written) by\b.{0,200}$",
    r"^\(?\s*(?:with|includes?) (?:files|reporting|material) from\b",
    r"^[\u2014\u2013-]+\s*with (?:files|reporting) from\b",
    r"^this (?:story|article|report) (?:was|has been|is) (?:originally )?"
    r"(?:published|produced|provided|written|distributed|adapted)\b",
    r"^(?:copyright|\u00a9)\s*(?:\d{4}\s*)?.{0,60}\ball rights reserved\b",
    r"^(?:copyright|\u00a9)\s*\d{4}\s+(?:the\s+)?(?:associated press|reuters|afp|bloomberg)\b",
    r"^source:\s*\w.{0,60}$",
)


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# A line is a credit when one pattern matches. The patterns anchored at the start are tried
# there alone and the others in one scan of the line: that costs half of eleven searches
# (one alternation of all eleven costs more, as it tries the anchored ones everywhere).
_CREDIT_AT_START = _any_of([p for p in _CREDIT_SOURCES if p.startswith("^")])
_CREDIT_ANYWHERE = _any_of([p for p in _CREDIT_SOURCES if not p.startswith("^")])
_REUTERS_CREDIT = re.compile(r"\b(?:reporting|editing|writing) by\b", re.IGNORECASE)


def is_credit_line(line: str) -> bool:
    """True for attribution lines such as "The Associated Press contributed to this report"."""
    stripped = line.strip()
    if not stripped or len(stripped) > 400:
        return False
    return bool(_CREDIT_AT_START.match(stripped) or _CREDIT_ANYWHERE.search(stripped))


_CONTRIBUTION = re.compile(r"\bcontributed\b", re.IGNORECASE)


def is_contribution(line: str) -> bool:
    """A credit for help with the story ("... contributed to this report"), not authorship."""
    return bool(_CONTRIBUTION.search(line))


def credit_agency(line: str) -> str | None:
    """The agency a credit line attributes; "Reporting by ...; Editing by ..." is Reuters' house style."""
    agency = find_agency(line)
    if agency is not None:
        return agency
    if _REUTERS_CREDIT.search(line) and ";" in line:
        return "Reuters"
    return None


# --------------------------------------------------------------------- bylines

_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|story|words|reporting|text|photos?|analysis|commentary|opinion|"
    r"review|interview)\s+)?(?:by|from|von|par|por)\b[:\s]*",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:(?:senior|chief|staff|special|contributing|national|political|science|business|"
    r"medical|legal|sports|white house|foreign|global|investigative|associated press|ap|"
    r"reuters|afp)\s+)*(?:writers?|reporters?|correspondents?|editors?|columnists?|"
    r"contributors?|staff|journalists?|bureau chief|producers?)\b.*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&|,|\n|/)\s*", re.IGNORECASE)


def clean_byline(raw: str | list[str] | None) -> tuple[list[str], str | None]:
    """Author names from a byline, plus the agency it credits ("By JANE DOE, Associated Press")."""
    if not raw:
        return [], None
    texts = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    agency: str | None = None
    for text in texts:
        for part in _SPLIT.split(text):
            part = _BY_PREFIX.sub("", part).strip(" .,:-\u2014\u2013")
            part = re.sub(r"\S+@\S+|@\w+|https?://\S+", "", part).strip()
            if not part:
                continue
            found = normalize_agency(part) or (find_agency(part) if _ROLE.search(part) else None)
            if found is None:
                found = _trailing_agency(part)
                if found is not None:
                    part = _strip_agency_suffix(part)
            if found is not None:
                agency = agency or found
                remainder = _ROLE.sub("", part).strip(" .,:-")
                if not remainder or normalize_agency(part) or normalize_agency(remainder):
                    continue
            part = _ROLE.sub("", part).strip(" .,:-")
            part = _BIO_TAIL.sub("", _BY_PREFIX.sub("", part)).strip()
            if not _looks_like_name(part):
                continue
            if part.isupper():
                part = title_place(part)
            if part not in names:
                names.append(part)
    return names, agency


def _trailing_agency(part: str) -> str | None:
    match = re.search(r"\b(?:for|of|with)\s+(?:the\s+)?(.+)$", part, re.IGNORECASE)
    return normalize_agency(match.group(1)) if match else None


def _strip_agency_suffix(part: str) -> str:
    return re.sub(r"\s+\b(?:for|of|with)\s+(?:the\s+)?.+$", "", part, flags=re.IGNORECASE)


_NOT_NAME_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|june|july|august|september|october|november|december|updated|published|com|org|"
    r"net|news|staff|admin|editor|team|desk|bureau|newsroom)\b",
    re.IGNORECASE,
)
# Biography tails trafilatura sometimes keeps: "Phil Helsel is a reporter ...".
# Dates glued to the name by templates: "Malcolm Owen Monday, November 18".
_BIO_TAIL = re.compile(
    r"\s+(?:is|was|has|covers|writes|reports|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|updated|published)\b.*$",
    re.IGNORECASE,
)


# Professional suffixes split off by the comma in "Jane Doe, MS, RDN".
_CREDENTIAL = re.compile(r"^(?:[A-Z][a-z]?\.?){1,4}$|^(?i:ph\.?d|m\.?d|rdn?|cpt|cscs|jr|sr)\.?$")


def _looks_like_name(part: str) -> bool:
    if _NOT_NAME_WORDS.search(part) or _CREDENTIAL.match(part) or len(part) <= 3:
        return False
    words = part.split()
    if not 1 <= len(words) <= 5 or len(part) > 60:
        return False
    if re.search(r"\d|https?:|www\.", part):
        return False
    return any(w[:1].isupper() for w in words)
