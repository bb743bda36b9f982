"""The demo rankings: Hà Giang's published results, the whole PCI 2016 table, the 2018 ranks of the
meeting of 13/06/2019 with changes computed from the 2017 ranks, safe to load twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from indices import selectors
from indices.models import Index, IndexResult, IndexTarget, Province, ResultChange, SubIndex, TableImport


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def counts() -> dict:
    return {
        "indices": Index.objects.count(),
        "sub_indices": SubIndex.objects.count(),
        "provinces": Province.objects.count(),
        "results": IndexResult.objects.count(),
        "changes": ResultChange.objects.count(),
        "imports": TableImport.objects.count(),
        "targets": IndexTarget.objects.count(),
    }


def test_seeding_twice_gives_the_same_data(seeded, settings):
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["indices"] == 6 and first["provinces"] == 63 and first["imports"] == 1


def test_the_2018_ranks_of_the_meeting_and_their_computed_changes(seeded):
    cards = {card.index.code: card.point for card in selectors.overview(as_of=2018).cards}
    assert {code: (p.rank, p.provinces_ranked, p.change) for code, p in cards.items() if p} == {
        "PCI": (52, 63, 3),
        "PAPI": (36, 63, 25),
        "ICT": (17, 63, 5),
    }
    assert all(p.score is None for p in cards.values() if p)  # the 2017 and 2018 scores are not known


def test_the_published_results_of_domain_md(seeded):
    def result(code, year):
        r = IndexResult.objects.get(index__code=code, year=year, province__name="Hà Giang")
        return r.rank, r.provinces_ranked, None if r.score is None else str(r.score.normalize())

    assert result("PCI", 2015) == (62, 63, "50.45")
    assert result("PCI", 2016) == (59, 63, "55.4")  # from the whole 2016 table
    assert result("PCI", 2022) == (41, 63, "64.39")
    assert result("PAPI", 2020) == (33, 63, None)
    assert result("PAPI", 2024) == (30, 63, "43.7")
    assert result("PAR", 2020) == (33, 63, None)
    assert result("SIPAS", 2020) == (25, 63, None)
    latest = {card.index.code: card.point for card in selectors.overview().cards}
    assert latest["PCI"].change == 18  # as published for 2022
    assert latest["PAR"].change == 20  # as published for 2020


def test_the_whole_pci_2016_table(seeded):
    assert IndexResult.objects.filter(index__code="PCI", year=2016).count() == 63
    assert IndexResult.objects.get(index__code="PCI", year=2016, province__name="Đà Nẵng").rank == 1


def test_our_province_merges_into_tuyen_quang(seeded):
    chain = selectors.home_chain()
    assert [p.name for p in chain.members] == ["Hà Giang", "Tuyên Quang"]
    region = Province.objects.get(name="Hà Giang").region
    assert region.is_default_peer_group and region.provinces.count() == 14
