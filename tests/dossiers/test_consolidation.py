"""Province totals built from approved quarterly reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AgencyKind
from dossiers.models import DossierReport, DossierRow, ReportStatus
from dossiers.selectors import consolidation, kind_subtotal
from periods.period import Period
from tests.dossiers.conftest import row_values
from tests.factories import AgencyFactory, FieldFactory, link_fields


def approved(agency, period, field, status=ReportStatus.APPROVED, **values):
    report, _ = DossierReport.objects.get_or_create(agency=agency, period=period, defaults={"status": status})
    DossierRow.objects.create(report=report, field=field, **row_values(**values))
    return report


@pytest.fixture
def two_quarters(unit, other_unit):
    ht = unit.field_links.get(field__code="HT").field
    kcb = other_unit.field_links.get().field
    district = AgencyFactory(code="HX", name="UBND huyện X", kind=AgencyKind.DISTRICT, parent=unit.parent)
    link_fields(district, ht)
    # Q1: carried 5, received 100; Q2 carried 10 (Q1's pending), received 100, pending at the end 10.
    approved(unit, "2019-Q1", ht)
    approved(unit, "2019-Q2", ht, carried_over=10, resolved_early=65)
    approved(other_unit, "2019-Q1", kcb, received_offline=190, resolved_on_time=130)
    approved(other_unit, "2019-Q2", kcb, status=ReportStatus.SUBMITTED)  # not approved: not counted
    approved(district, "2019-Q2", ht, received_online=0, carried_over=15)
    return unit, other_unit, district


def test_six_months_are_built_from_their_quarters(two_quarters):
    unit, other_unit, district = two_quarters
    c = consolidation(period=Period.parse("2019-H1"))
    assert c.quarters == (Period.parse("2019-Q1"), Period.parse("2019-Q2"))
    by_unit = {line.key: line for line in c.by_kind if line.level == 2}
    stp = by_unit[unit]
    assert stp.values["received_online"] == 20 and stp.values["received_offline"] == 180  # flows add up
    assert stp.values["carried_over"] == 5  # (6) from the first quarter
    assert stp.values["pending_within"] == 8 and stp.values["pending_overdue"] == 2  # (11) from the last
    assert stp.totals["received_total"] == 205 == stp.totals["resolved_total"] + stp.totals["pending_total"]
    # Sở Y tế's Q2 is only submitted: its Q1 counts, and its pending is where its approved figures end
    # (Q1), so its line still adds up: (3) = (7) + (11).
    syt = by_unit[other_unit]
    assert syt.values["received_offline"] == 190 and syt.values["pending_within"] == 8
    assert syt.totals["received_total"] == syt.totals["resolved_total"] + syt.totals["pending_total"]
    departments = kind_subtotal(c, AgencyKind.DEPARTMENT)
    assert departments.values["received_offline"] == 370
    # The district filed no Q1: its (6) is what its first approved quarter (Q2) carried over.
    assert kind_subtotal(c, AgencyKind.DISTRICT).values["carried_over"] == 15
    assert all(
        line.totals["received_total"] == line.totals["resolved_total"] + line.totals["pending_total"]
        for line in c.by_kind
    )
    assert c.total.values["received_offline"] == 370 + 90
    by_field = {line.key.code: line for line in c.by_field}
    assert by_field["HT"].values["received_offline"] == 180 + 90 and by_field["KCB"].values["received_offline"] == 190


def test_rates(two_quarters):
    c = consolidation(period=Period.parse("2019-Q1"))
    line = next(line for line in c.by_kind if line.level == 2 and line.key.code == "STP")
    assert line.on_time_rate == pytest.approx(100 * 90 / 95)  # ((8) + (9)) / (7)
    assert line.online_rate == pytest.approx(100 * 10 / 100)  # (4) / ((4) + (5))


def test_the_page_says_how_many_reports_are_missing(client, two_quarters, people):
    client.force_login(people["committee"])
    response = client.get(reverse("dossiers:consolidation"), {"period": "2019-H1"})
    c = response.context["c"]
    # Expected: 3 units x 2 quarters; approved: 4.
    assert (c.expected_reports, c.approved_reports, c.missing_reports) == (6, 4, 2)
    assert 'data-testid="missing"' in response.content.decode()


def test_a_year_uses_q4_for_pending_and_q1_for_carried_over(unit):
    ht = unit.field_links.get(field__code="HT").field
    for q in ("2019-Q1", "2019-Q2", "2019-Q3"):
        approved(unit, q, ht)
    approved(unit, "2019-Q4", ht, pending_within=4, pending_overdue=6)
    line = consolidation(period=Period.parse("2019")).total
    assert line.values["received_offline"] == 4 * 90 and line.values["carried_over"] == 5
    assert (line.values["pending_within"], line.values["pending_overdue"]) == (4, 6)


def _grow(unit, n):
    field = FieldFactory()
    for i in range(n):
        agency = AgencyFactory(code=f"G{n}-{i}", parent=unit.parent)
        link_fields(agency, field)
        for q in ("2019-Q1", "2019-Q2"):
            approved(agency, q, field)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("secretariat", reverse("dossiers:consolidation") + "?period=2019-H1"),
        ("committee", reverse("dossiers:consolidation") + "?period=2019"),
        ("secretariat", reverse("dossiers:report-list") + "?period=2019-Q2"),
        ("staff", reverse("dossiers:report-list")),
    ],
)
def test_summary_pages_do_not_grow_with_the_number_of_units(
    client, unit, people, role, url, django_assert_max_num_queries
):
    client.force_login(people[role])
    _grow(unit, 5)
    small = _queries(client, url)
    _grow(unit, 50)  # ten times as many units
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_inbox_does_not_grow_with_the_quarters(client, unit, people, django_assert_max_num_queries):
    from tests.factories import open_period

    client.force_login(people["staff"])
    open_period("2019-Q1")
    small = _queries(client, reverse("dossiers:report-list"))
    for year in range(2010, 2019):
        for q in range(1, 5):
            open_period(f"{year}-Q{q}")
    with django_assert_max_num_queries(small):
        assert client.get(reverse("dossiers:report-list")).status_code == 200
