"""The demo data tells one consistent story: a KIM named after a kelurahan is registered there, and
an item about a kecamatan targets that kecamatan."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from jembatan.communities.demo import KIMS
from jembatan.newsroom.demo import ITEMS

REGIONS = Path(__file__).resolve().parents[2] / "jembatan" / "regions" / "data" / "19.71"


def _names(filename: str) -> dict[str, str]:
    with open(REGIONS / filename, encoding="utf-8") as handle:
        return {row[0]: row[-1] for row in csv.reader(handle) if row and re.match(r"^\d", row[0])}


def test_every_demo_kim_is_registered_in_the_kelurahan_it_is_named_after():
    villages = _names("villages.csv")
    for name, village_code, *_rest in KIMS:
        assert villages[village_code].lower() in name.lower(), f"{name} is registered in {villages[village_code]}"


def test_a_demo_item_that_names_a_kecamatan_targets_that_kecamatan():
    districts = _names("districts.csv")
    checked = 0
    for _kind, title, summary, _body, _sources, _topics, _agency, district_code, _village, _status in ITEMS:
        named = re.search(r"Kecamatan ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", f"{title} {summary}")
        if named:
            checked += 1
            assert district_code, f"{title!r} names Kecamatan {named.group(1)} but targets the whole city"
            assert districts[district_code] == named.group(1), f"{title!r} targets {districts[district_code]}"
    assert checked >= 1


def test_a_demo_item_for_a_kelurahan_names_that_kelurahan():
    villages = _names("villages.csv")
    for _kind, title, summary, _body, _sources, _topics, _agency, _district, village_code, _status in ITEMS:
        if village_code:
            assert villages[village_code] in f"{title} {summary}", f"{title!r} targets {villages[village_code]}"


def test_the_demo_news_shows_the_indonesian_stemming(db, django_capture_on_commit_callbacks):
    """On a fresh demo site, these searches find something (every word in some inflected form)."""
    import io

    from django.core.management import call_command

    from jembatan.search import selectors

    with django_capture_on_commit_callbacks(execute=True):  # the index is written after the commit
        call_command("seed_demo", "--force", stdout=io.StringIO())
    for query in ("pembangunan jalan", "jalan rusak", "banjir", "perbaikan jalan"):
        assert selectors.search(query).total >= 1, query
        assert not selectors.search(query).matched_any, query
