"""Place linking: the seed article's places, datelines and the ambiguity rules."""

from __future__ import annotations

import pytest

from pipelines.geo import (
    country_code_for,
    country_place,
    is_notable_place,
    place_key,
    resolve_place,
)


def _in_russia(lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None and 41 <= lat <= 82 and 19 <= lon <= 180


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [("Belgorod", 578072), ("Kursk", 538560), ("Moscow", 524901)],
)
def test_seed_cities_link_to_russia(name: str, geonames_id: int) -> None:
    place = resolve_place(name)
    assert place is not None
    assert place.geonames_id == geonames_id
    assert place.country_code == "RU"
    assert place.feature == "city"
    assert _in_russia(place.lat, place.lon)
    assert place.population and place.population > 50_000


def test_dateline_place_in_caps_with_country() -> None:
    place = resolve_place("KYIV", country_hint="Ukraine")
    assert place is not None
    assert place.name == "Kyiv"
    assert place.country_code == "UA"
    assert place.admin1


def test_old_spelling_reaches_the_same_record() -> None:
    kyiv, kiev = resolve_place("Kyiv"), resolve_place("Kiev")
    assert kyiv is not None and kiev is not None
    assert kiev.geonames_id == kyiv.geonames_id


def test_countries_are_country_records_with_a_point_inside() -> None:
    russia, ukraine, us = resolve_place("Russia"), resolve_place("Ukraine"), resolve_place("U.S.")
    assert russia is not None and russia.feature == "country" and russia.country_code == "RU"
    assert _in_russia(russia.lat, russia.lon)
    assert ukraine is not None and ukraine.country_code == "UA" and ukraine.lat is not None
    assert us is not None and us.country_code == "US"
    assert country_code_for("Britain") == "GB"
    assert country_code_for("ua") == "UA"
    assert country_code_for("Kursk") is None
    assert country_place("RU") == russia


def test_population_beats_namesakes_without_context() -> None:
    moscow = resolve_place("Moscow")
    assert moscow is not None and moscow.country_code == "RU"
    paris = resolve_place("Paris", context_countries=["US"])
    assert paris is not None and paris.country_code == "FR", "context must not beat a 100x gap"


def test_dateline_hint_picks_the_small_namesake() -> None:
    place = resolve_place("PARIS", country_hint="Texas")
    assert place is not None
    assert (place.country_code, place.admin1) == ("US", "TX")
    salem = resolve_place("SALEM", country_hint="Ore.")
    assert salem is not None and salem.admin1 == "OR"


def test_context_settles_country_versus_state() -> None:
    bare = resolve_place("Georgia")
    in_us = resolve_place("Georgia", context_countries=["US"])
    assert bare is not None and bare.feature == "country" and bare.country_code == "GE"
    assert in_us is not None and in_us.feature == "us_state" and in_us.admin1 == "GA"


def test_capital_and_metropolis_beat_the_state_of_the_same_name() -> None:
    place = resolve_place("Washington")
    assert place is not None and place.admin1 == "DC"
    nyc = resolve_place("New York")
    assert nyc is not None and nyc.feature == "city" and nyc.admin1 == "NY"
    state = resolve_place("N.Y.")
    assert state is not None and state.feature == "us_state"


def test_continent_and_unknown_names() -> None:
    europe = resolve_place("Europe")
    assert europe is not None and europe.feature == "continent"
    assert resolve_place("Vyacheslav Gladkov") is None
    assert resolve_place("") is None


def test_notability_threshold() -> None:
    assert is_notable_place("Belgorod", 50_000)
    assert not is_notable_place("Belgorod", 1_000_000)
    assert is_notable_place("Ukraine", 10**12), "countries are notable at any threshold"
    assert not is_notable_place("Putin", 0)


def test_place_key_folds_case_diacritics_and_periods() -> None:
    assert place_key("U.S.") == "us"
    assert place_key("Bélgorod") == "belgorod"
    assert place_key("the Netherlands") == "netherlands"
