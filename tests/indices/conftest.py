"""Fixtures of the rankings tests: the real reference data (63 provinces, six regions, the six indices
as the demo defines them) and small helpers to record published results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agencies.models import Role
from indices import demo, services
from indices.models import Index, IndexResult, Province


@pytest.fixture
def reference(db):
    """Regions, the 63 provinces with the 2025 mergers, Hà Giang as ours, and the six indices."""
    demo.seed_reference(by=None)


@pytest.fixture
def pci(reference) -> Index:
    return Index.objects.get(code="PCI")


@pytest.fixture
def papi(reference) -> Index:
    return Index.objects.get(code="PAPI")


@pytest.fixture
def home(reference) -> Province:
    return Province.objects.get(code="ha-giang")


@pytest.fixture
def province(reference):
    def get(name: str) -> Province:
        return Province.objects.get(name=name)

    return get


@pytest.fixture
def record(reference):
    """record(index, year, rank, n=63, province=Hà Giang, score=None): a published result, via the service."""

    def make(index: Index, year: int, rank: int, n: int = 63, province: Province | None = None, score=None):
        return services.result_record(
            index=index,
            year=year,
            province=province or Province.objects.get(code="ha-giang"),
            rank=rank,
            provinces_ranked=n,
            score=None if score is None else Decimal(str(score)),
            by=None,
        )

    return make


@pytest.fixture
def roles(db, make_user):
    """One person per role, all in the same department."""
    from tests.factories import AgencyFactory

    unit = AgencyFactory(code="IDX-UNIT", name="Sở Nội vụ thử")
    return {role: make_user(role, unit, username=f"idx_{role}") for role in Role.values}


def results_snapshot() -> list[tuple]:
    return list(
        IndexResult.objects.order_by("index_id", "year", "province_id").values_list(
            "index_id", "year", "province_id", "rank", "provinces_ranked", "score", "tier"
        )
    )
