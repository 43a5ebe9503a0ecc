"""Time zones by city name, in Arabic and English, from CLDR's exemplar cities."""

from __future__ import annotations

import pytest

from bot.zones import zone_for_city


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("دمشق", "Asia/Damascus"),
        ("Damascus", "Asia/Damascus"),
        ("damascus", "Asia/Damascus"),
        ("الرياض", "Asia/Riyadh"),
        ("تونس", "Africa/Tunis"),
        ("القاهرة", "Africa/Cairo"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("باريس", "Europe/Paris"),
    ],
)
def test_a_city_names_its_zone_in_either_language(name: str, zone: str) -> None:
    assert zone_for_city(name) == zone


@pytest.mark.parametrize("name", ["", "Olympus", "المريخ", "Mars/Olympus"])
def test_an_unknown_city_names_no_zone(name: str) -> None:
    assert zone_for_city(name) is None
