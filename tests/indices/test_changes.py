"""Rank changes and quartile bands are computed from the published ranks, never typed: across a missing
year, after a year is removed, when the number of provinces changes, across the 2025 merger and a change
of method."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from agencies.models import Role
from indices import display, ranking, selectors, services
from indices.models import IndexResult, MethodologyPeriod, Province, ResultChange
from indices.ranking import ChangeKind, Method, NotComparable, Point
from indices.validation import TableInvalid


def by_year(series):
    return {p.year: p for p in series}


# --- the rule itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "n", "band"),
    [
        (1, 63, 1),
        (15, 63, 1),
        (16, 63, 2),
        (31, 63, 2),
        (32, 63, 3),
        (47, 63, 3),
        (48, 63, 4),
        (63, 63, 4),
        (1, 34, 1),
        (8, 34, 1),
        (9, 34, 2),
        (34, 34, 4),
        (1, 1, 4),
    ],
)
def test_band_is_the_quarter_of_the_ranking(rank, n, band):
    assert ranking.band(rank, n) == band


def test_band_refuses_a_rank_outside_the_ranking():
    with pytest.raises(ValueError):
        ranking.band(64, 63)


def test_change_is_previous_minus_current_positive_up():
    series = ranking.annotate([Point(2017, 55, 63), Point(2018, 52, 63), Point(2019, 60, 63), Point(2020, 60, 63)])
    assert [(p.change, p.change_kind) for p in series] == [
        (None, ChangeKind.FIRST),
        (3, ChangeKind.UP),
        (-8, ChangeKind.DOWN),
        (0, ChangeKind.SAME),
    ]


def test_a_method_marked_not_comparable_stops_the_change_a_new_scale_only_flags_it():
    points = [Point(2017, 61, 63), Point(2018, 36, 63)]
    comparable = ranking.annotate(points, [Method(2011, "6"), Method(2018, "8", ranks_comparable=True)])
    assert comparable[1].change == 25 and comparable[1].method_changed
    broken = ranking.annotate(points, [Method(2011, "6"), Method(2018, "8", ranks_comparable=False)])
    assert broken[1].change is None and broken[1].not_comparable == NotComparable.METHOD


# --- through the services and selectors ------------------------------------------------------------------------


def test_change_across_a_missing_year_is_against_the_last_year_with_a_result(pci, record):
    record(pci, 2015, 62)
    record(pci, 2018, 52)
    series = by_year(selectors.home_series(pci))
    assert series[2018].change == 10
    assert series[2018].compared_with_year == 2015
    assert series[2018].skipped_years


def test_the_2018_ranks_of_the_meeting(pci, papi, record, reference):
    from indices.models import Index

    ict = Index.objects.get(code="ICT")
    for index, r2017, r2018 in ((pci, 55, 52), (papi, 61, 36), (ict, 22, 17)):
        record(index, 2017, r2017)
        record(index, 2018, r2018)
    changes = {card.index.code: card.point.change for card in selectors.overview(as_of=2018).cards if card.point}
    assert changes == {"PCI": 3, "PAPI": 25, "ICT": 5}
    # PAPI's method changed in 2018 (80 points instead of 60): the rank change stands, the scores do not compare.
    assert by_year(selectors.home_series(papi))[2018].method_changed


def test_removing_a_year_takes_its_arrow_away_and_the_next_year_compares_further_back(pci, record, client, roles):
    record(pci, 2016, 59)
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    series = by_year(selectors.home_series(pci))
    assert (series[2017].change, series[2018].change) == (4, 3)

    services.year_delete(index=pci, year=2017, by=None, reason="Nhập nhầm năm")
    series = by_year(selectors.home_series(pci))
    assert 2017 not in series
    assert series[2018].change == 7 and series[2018].compared_with_year == 2016
    change = ResultChange.objects.filter(year=2017).get(field="rank", new_value="")
    assert (change.old_value, change.new_value, change.reason) == ("55/63", "", "Nhập nhầm năm")

    # Remove the latest year: the overview's arrow for it goes, the card shows 2016 → …
    services.year_delete(index=pci, year=2018, by=None, reason="Chưa công bố chính thức")
    client.force_login(roles[Role.COMMITTEE])
    card = next(c for c in client.get(reverse("indices:overview")).context["overview"].cards if c.index.code == "PCI")
    assert (card.point.year, card.point.rank, card.point.change_kind) == (2016, 59, ChangeKind.FIRST)


def test_removing_a_year_through_the_page(pci, record, client, roles):
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    client.force_login(roles[Role.SECRETARIAT])
    url = reverse("indices:year-delete", args=["PCI", 2017])
    assert client.post(url, {"reason": ""}).status_code == 400  # a reason is required
    assert client.post(url, {"reason": "Số liệu sai"}).status_code == 302
    point = by_year(selectors.home_series(pci))[2018]
    assert point.change_kind == ChangeKind.FIRST and point.change is None
    body = client.get(reverse("indices:index-detail", args=["PCI"])).content.decode()
    assert 'data-year="2017"' not in body


def test_a_change_in_the_number_of_provinces_is_not_subtracted(pci, record, province):
    record(pci, 2024, 41, n=63)
    record(pci, 2025, 20, n=34, province=province("Tuyên Quang"))
    point = by_year(selectors.home_series(pci))[2025]
    assert point.change is None
    assert point.change_kind == ChangeKind.NOT_COMPARABLE
    assert point.not_comparable == NotComparable.PROVINCES_RANKED
    assert (point.previous.rank, point.previous.provinces_ranked) == (41, 63)
    assert point.band == 3  # 20/34 is in the third quarter, as 41/63 was
    with translation.override("vi"):
        assert display.change_text(point) == "không so sánh được: số tỉnh được xếp hạng đổi từ 63 sang 34"
    with translation.override("en"):
        assert display.change_text(point) == "not comparable: 63 then 34 provinces ranked"


def test_the_series_continues_across_the_merger_and_the_chart_marks_it(pci, record, province):
    hg, tq = province("Hà Giang"), province("Tuyên Quang")
    assert (hg.dissolved_on, hg.merged_into) == (dt.date(2025, 6, 30), tq)
    record(pci, 2023, 45, province=hg)
    record(pci, 2024, 41, province=hg)
    record(pci, 2024, 30, province=tq)  # Tuyên Quang's own result before the merger is not ours
    record(pci, 2025, 12, n=34, province=tq)
    record(pci, 2026, 10, n=34, province=tq)

    series = selectors.home_series(pci)
    assert [(p.year, p.province_name, p.rank) for p in series] == [
        (2023, "Hà Giang", 45),
        (2024, "Hà Giang", 41),
        (2025, "Tuyên Quang", 12),
        (2026, "Tuyên Quang", 10),
    ]
    merged = by_year(series)[2025]
    assert merged.province_changed and merged.change is None  # 63 → 34 provinces
    assert by_year(series)[2026].change == 2 and not by_year(series)[2026].province_changed

    history = selectors.index_history(pci)
    chart = history.chart()
    assert chart["years"] == [2023, 2024, 2025, 2026]
    assert chart["provinces"] == ["Hà Giang", "Hà Giang", "Tuyên Quang", "Tuyên Quang"]
    assert chart["markers"] == [{"year": 2025, "kind": "merger", "label": "Hà Giang → Tuyên Quang (01/07/2025)"}]
    # A year's whole table of 2025 has Tuyên Quang as ours.
    assert selectors.year_table(pci, 2025).rows[0].is_home


def test_the_merger_is_marked_even_before_a_result_after_it(pci, record):
    record(pci, 2022, 41)
    chart = selectors.index_history(pci).chart()
    assert chart["years"][-1] == 2025 and chart["ranks"][-1] is None
    assert [m["year"] for m in chart["markers"]] == [2025]


def test_provinces_that_existed_in_a_year_come_from_the_registry(reference):
    assert Province.objects.existing_in(2024).count() == 63
    # The registry holds the mergers DOMAIN.md names; an administrator loads the rest of the 34.
    assert Province.objects.existing_in(2025).count() == 63 - 11
    assert not Province.objects.existing_in(2025).filter(name="Hà Giang").exists()


def test_the_database_refuses_a_rank_outside_the_ranking(pci, home):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(index=pci, year=2016, province=home, rank=64, provinces_ranked=63)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(index=pci, year=2016, province=home, rank=0, provinces_ranked=63)
    IndexResult.objects.create(index=pci, year=2016, province=home, rank=59, provinces_ranked=63)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(index=pci, year=2016, province=home, rank=58, provinces_ranked=63)


def test_a_single_result_must_agree_with_the_year_on_the_number_of_provinces(pci, record, province):
    record(pci, 2016, 1, province=province("Đà Nẵng"))
    with pytest.raises(TableInvalid) as excinfo:
        record(pci, 2016, 59, n=64)
    assert excinfo.value.issues[0].kind == "provinces_ranked"
    with pytest.raises(TableInvalid):
        record(pci, 2016, 64, n=63)
    with pytest.raises(TableInvalid):  # Hà Giang no longer existed in 2025
        record(pci, 2025, 5, n=34)


def test_recording_the_same_result_twice_writes_no_history(pci, record):
    record(pci, 2018, 52)
    count = ResultChange.objects.count()
    record(pci, 2018, 52)
    assert ResultChange.objects.count() == count
    record(pci, 2018, 51, score="60.5")
    changed = set(
        ResultChange.objects.filter(year=2018).exclude(old_value="").values_list("field", "old_value", "new_value")
    )
    assert changed == {("rank", "52", "51")}
    assert ResultChange.objects.filter(year=2018, field="score", new_value="60.5").exists()


def test_a_new_method_splits_the_history_table(papi, record):
    record(papi, 2017, 61)
    record(papi, 2018, 36, score="40.5")
    history = selectors.index_history(papi)
    rows = {row.point.year: row for row in history.rows}
    assert rows[2018].method_starts and rows[2018].score_max == Decimal("80")
    assert rows[2017].score_max == Decimal("60")
    assert [m.kind for m in history.markers] == ["method", "merger"]
    MethodologyPeriod.objects.filter(index=papi, first_year=2018).update(ranks_comparable=False)
    assert by_year(selectors.home_series(papi))[2018].change is None
