"""The rankings pages: what they show, that they do not grow a query per year or province, and the
workbooks they hand out."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Role
from indices import services
from indices.models import IndexResult, IndexTarget, Province, SubIndex, SubIndexScore
from indices.validation import TableRow


@pytest.fixture
def committee(client, roles):
    client.force_login(roles[Role.COMMITTEE])
    return client


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- overview -------------------------------------------------------------------------------------------------


def test_overview_cards_show_rank_change_score_and_band(committee, pci, papi, record):
    record(pci, 2015, 62, score="50.45")
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    record(papi, 2024, 30, score="43.7")
    page = body(committee.get(reverse("indices:overview"), {"year": 2018}))
    assert 'data-testid="rank-PCI">52/63<' in page
    assert "tăng 3 bậc" in page  # up 3
    assert "so với năm 2017" in page
    assert "chưa công bố" in page  # the 2018 score is not known
    assert "Nhóm phần tư thứ tư" in page  # 52/63: bottom quarter
    assert 'data-testid="rank-PAPI"' not in page  # no PAPI result up to 2018

    page = body(committee.get(reverse("indices:overview")))  # the latest year held: 2024
    assert 'data-testid="rank-PAPI">30/63<' in page
    assert "43,70" in page and "/80" in page  # a Vietnamese decimal comma, PAPI's 80-point scale


def test_years_are_not_printed_with_a_thousands_separator(committee, pci, record):
    record(pci, 2018, 52)
    page = body(committee.get(reverse("indices:overview")))
    assert "2.018" not in page and ">2018<" in page


def test_the_sparkline_data_travel_as_json_not_as_localized_numbers(committee, pci, record):
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    response = committee.get(reverse("indices:overview"))
    sparklines = response.context["sparklines"]
    pci_line = next(s for s in sparklines if s["code"] == "PCI")
    assert pci_line == {"code": "PCI", "years": [2017, 2018], "ranks": [55, 52], "n": [63, 63]}
    assert '"years": [2017, 2018]' in response.content.decode()


def test_a_target_is_shown_with_its_gap(committee, pci, record):
    record(pci, 2018, 52)
    services.target_set(index=pci, year=2020, rank_at_most=40, score_at_least=None, document="NQ 01", by=None)
    page = body(committee.get(reverse("indices:overview"), {"year": 2018}))
    assert "Mục tiêu 2020" in page and "hạng 40 trở lên" in page and "còn cách 12 bậc" in page

    record(pci, 2020, 38)
    page = body(committee.get(reverse("indices:overview")))
    assert "đã đạt" in page


def test_the_secretariat_sets_a_target_on_the_page(client, roles, pci):
    client.force_login(roles[Role.SECRETARIAT])
    response = client.post(reverse("indices:target-list"), {"index": "PCI", "year": 2025, "rank_at_most": 30})
    assert response.status_code == 302
    target = IndexTarget.objects.get()
    assert (target.rank_at_most, target.set_by) == (30, roles[Role.SECRETARIAT])
    response = client.post(reverse("indices:target-list"), {"index": "PCI", "year": 2025})
    assert response.status_code == 400  # neither a rank nor a score


# --- history ------------------------------------------------------------------------------------------------------


def test_history_page_lists_years_newest_first_with_changes(committee, pci, record):
    record(pci, 2015, 62, score="50.45")
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    response = committee.get(reverse("indices:index-detail", args=["pci"]))
    page = body(response)
    assert page.index('data-year="2018"') < page.index('data-year="2017"') < page.index('data-year="2015"')
    assert "tăng 7 bậc" in page  # 2017 against 2015, across the missing 2016
    chart = response.context["chart"]
    assert chart["years"][:4] == [2015, 2016, 2017, 2018]
    assert chart["ranks"][:4] == [62, None, 55, 52]
    assert chart["scores"][0] == 50.45


def _table(index, year, values: dict[str, tuple[int, str, dict[str, str]]]):
    provinces = {p.name: p for p in Province.objects.filter(name__in=values)}
    rows = [
        TableRow(
            line=i,
            province_id=provinces[name].pk,
            province_name=name,
            rank=rank,
            score=Decimal(score),
            sub_scores={code: Decimal(v) for code, v in subs.items()},
        )
        for i, (name, (rank, score, subs)) in enumerate(values.items(), start=2)
    ]
    services.table_import(index=index, year=year, rows=rows, provinces_ranked=len(rows), by=None)


def test_sub_indices_against_the_national_median_and_the_best_province(committee, pci):
    _table(
        pci,
        2016,
        {
            "Hà Giang": (5, "50", {"transparency": "5"}),
            "Đà Nẵng": (1, "70", {"transparency": "9"}),
            "Quảng Ninh": (2, "65", {"transparency": "8"}),
            "Lào Cai": (3, "60", {"transparency": "7"}),
            "Cao Bằng": (4, "55", {"transparency": "6"}),
        },
    )
    components = committee.get(reverse("indices:index-detail", args=["PCI"]), {"year": 2016}).context["components"]
    composite, *subs = components.rows
    assert (composite.ours, composite.median, composite.best.names, composite.best.value) == (
        Decimal("50"),
        Decimal("60"),
        ["Đà Nẵng"],
        Decimal("70"),
    )
    assert composite.gap_to_median == Decimal("-10")
    transparency = next(r for r in subs if r.label == "Tính minh bạch")
    assert (transparency.ours, transparency.median, transparency.best.names, transparency.weight) == (
        Decimal("5"),
        Decimal("7"),
        ["Đà Nẵng"],
        Decimal("20"),
    )
    # A sub-index with no published scores has no median, and says so rather than inventing one.
    market = next(r for r in subs if r.label == "Gia nhập thị trường")
    assert market.median is None and market.held == 0


def test_no_median_from_part_of_a_table(committee, pci, record):
    record(pci, 2018, 52, score="58")
    components = committee.get(reverse("indices:index-detail", args=["PCI"]), {"year": 2018}).context["components"]
    assert components.rows[0].ours == Decimal("58")
    assert components.rows[0].median is None
    assert components.rows[0].best is None  # one province's score does not make it the best


# --- peers -------------------------------------------------------------------------------------------------------


def test_peers_default_to_the_northern_midlands_and_mountains(committee, pci, record, province):
    record(pci, 2016, 59)
    record(pci, 2016, 63, province=province("Cao Bằng"))
    record(pci, 2016, 1, province=province("Đà Nẵng"))
    response = committee.get(reverse("indices:index-compare", args=["PCI"]))
    series = response.context["comparison"].series
    names = [s.province.name for s in series]
    assert names[0] == "Hà Giang" and series[0].is_home
    assert "Cao Bằng" in names and "Sơn La" in names and "Đà Nẵng" not in names
    assert len(names) == 14


def test_the_user_picks_the_peers(committee, pci, record, province):
    record(pci, 2016, 59)
    record(pci, 2016, 1, province=province("Đà Nẵng"))
    response = committee.get(reverse("indices:index-compare", args=["PCI"]), {"p": [province("Đà Nẵng").pk]})
    comparison = response.context["comparison"]
    assert [s.province.name for s in comparison.series] == ["Hà Giang", "Đà Nẵng"]
    assert comparison.chart()["datasets"][1]["ranks"] == [1]


# --- a year's table ------------------------------------------------------------------------------------------------


def test_year_table_shows_each_provinces_change_from_its_own_last_result(committee, pci, record, province):
    record(pci, 2015, 62)
    record(pci, 2016, 59)
    record(pci, 2014, 10, province=province("Đà Nẵng"))
    record(pci, 2016, 1, province=province("Đà Nẵng"))
    table = committee.get(reverse("indices:year-detail", args=["PCI", 2016])).context["table"]
    by_name = {row.point.province_name: row for row in table.rows}
    assert by_name["Hà Giang"].point.change == 3 and by_name["Hà Giang"].is_home
    assert by_name["Đà Nẵng"].point.change == 9 and by_name["Đà Nẵng"].point.compared_with_year == 2014


# --- queries do not grow with the data ------------------------------------------------------------------------------


def _grow(pci, papi, years: int, provinces: int) -> None:
    """Whole tables for `years` years of `provinces` provinces (Hà Giang among them), with sub-index scores."""
    names = [
        "Hà Giang",
        *Province.objects.existing_in(2016).exclude(name="Hà Giang").order_by("name").values_list("name", flat=True),
    ]
    chosen = list(Province.objects.filter(name__in=names[:provinces]))
    subs = list(SubIndex.objects.filter(index=pci))
    for index in (pci, papi):
        for year in range(2010, 2010 + years):
            results = IndexResult.objects.bulk_create(
                IndexResult(
                    index=index, year=year, province=p, rank=i, provinces_ranked=provinces, score=Decimal(40 + i)
                )
                for i, p in enumerate(chosen, start=1)
            )
            if index == pci:
                SubIndexScore.objects.bulk_create(
                    SubIndexScore(result=r, sub_index=s, score=Decimal("5.5")) for r in results for s in subs
                )
        services.target_set(index=index, year=2010 + years, rank_at_most=1, score_at_least=None, by=None)


PAGES = [
    ("indices:overview", [], {}),
    ("indices:index-detail", ["PCI"], {}),
    ("indices:index-detail", ["PCI"], {"year": 2011}),
    ("indices:index-compare", ["PCI"], {}),
    ("indices:year-detail", ["PCI", 2011], {}),
    ("indices:target-list", [], {}),
]


@pytest.mark.parametrize(("name", "args", "params"), PAGES, ids=[p[0] + str(p[2]) for p in PAGES])
def test_pages_do_not_issue_a_query_per_year_or_province(
    client, roles, pci, papi, name, args, params, django_assert_max_num_queries
):
    client.force_login(roles[Role.SECRETARIAT])
    url = reverse(name, args=args)
    _grow(pci, papi, years=2, provinces=5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200

    IndexResult.objects.all().delete()
    _grow(pci, papi, years=12, provinces=63)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, params).status_code == 200
    assert len(small.captured_queries) <= 16, [q["sql"] for q in small.captured_queries]


# --- workbooks -------------------------------------------------------------------------------------------------------


def test_history_workbook(committee, pci, record):
    record(pci, 2015, 62, score="50.45")
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    response = committee.get(reverse("indices:history-export", args=["PCI"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Năm")
    data = rows[header_at + 1 :]
    assert [(r[0], r[1], r[4], r[5], r[6]) for r in data] == [
        (2015, "Hà Giang", 62, 63, None),
        (2017, "Hà Giang", 55, 63, 7),
        (2018, "Hà Giang", 52, 63, 3),
    ]
    assert data[0][2] == pytest.approx(50.45)
    assert data[2][7] == "tăng 3 bậc"


def test_text_that_looks_like_a_formula_stays_text(committee, pci):
    evil = Province.objects.create(code="evil", name='=HYPERLINK("http://example.com","x")')
    other = Province.objects.create(code="other", name="@SUM(A1)")
    IndexResult.objects.create(index=pci, year=2030, province=evil, rank=1, provinces_ranked=2, tier="+1+1")
    IndexResult.objects.create(index=pci, year=2030, province=other, rank=2, provinces_ranked=2, tier="-2")
    response = committee.get(reverse("indices:year-export", args=["PCI", 2030]))
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {cell.value: cell for row in ws.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)}
    for text in ('=HYPERLINK("http://example.com","x")', "@SUM(A1)", "+1+1", "-2"):
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix, text
