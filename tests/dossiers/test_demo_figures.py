"""The meeting of 13/06/2019 reported, for the provincial departments in the first half of 2019:
37.657 dossiers received, 33.270 resolved, 4.387 still in handling, 294 received online.
The demo data must give exactly those figures through the consolidation code, and an
independent SQL sum over the stored rows must agree."""

import pytest
from django.core.management import call_command
from django.db import connection

from agencies.models import AgencyKind
from dossiers.models import DossierRow
from dossiers.selectors import consolidation, kind_subtotal
from periods.period import Period

INDEPENDENT_SQL = """
SELECT
  SUM(CASE WHEN r.period IN ('2019-Q1', '2019-Q2') THEN x.received_online + x.received_offline ELSE 0 END)
    + SUM(CASE WHEN r.period = '2019-Q1' THEN x.carried_over ELSE 0 END),
  SUM(CASE WHEN r.period IN ('2019-Q1', '2019-Q2')
           THEN x.resolved_early + x.resolved_on_time + x.resolved_late ELSE 0 END),
  SUM(CASE WHEN r.period = '2019-Q2' THEN x.pending_within + x.pending_overdue ELSE 0 END),
  SUM(CASE WHEN r.period IN ('2019-Q1', '2019-Q2') THEN x.received_online ELSE 0 END)
FROM dossiers_dossierrow x
JOIN dossiers_dossierreport r ON r.id = x.report_id
JOIN agencies_agency a ON a.id = r.agency_id
WHERE a.kind = 'department' AND r.status = 'approved'
"""


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_first_half_2019_departments_match_the_meeting(demo):
    line = kind_subtotal(consolidation(period=Period.parse("2019-H1")), AgencyKind.DEPARTMENT)
    assert line.totals["received_total"] == 37_657  # column 3
    assert line.totals["resolved_total"] == 33_270  # column 7
    assert line.totals["pending_total"] == 4_387  # column 11
    assert line.values["received_online"] == 294  # column 4
    with connection.cursor() as cursor:
        cursor.execute(INDEPENDENT_SQL)
        assert tuple(cursor.fetchone()) == (37_657, 33_270, 4_387, 294)


def test_each_quarter_carries_over_the_pending_of_the_one_before(demo):
    rows = DossierRow.objects.values_list(
        "report__agency_id", "field_id", "report__period", "carried_over", "pending_within", "pending_overdue"
    )
    pending = {(a, f, p): pw + po for a, f, p, _c, pw, po in rows}
    checked = 0
    for agency, field, period, carried, _pw, _po in rows:
        previous = Period.parse(period).previous().code
        if (agency, field, previous) in pending:
            assert carried == pending[(agency, field, previous)]
            checked += 1
    assert checked > 100


def test_every_demo_department_and_district_reported_three_quarters(demo):
    from dossiers.models import DossierReport

    for kind, count in ((AgencyKind.DEPARTMENT, 19), (AgencyKind.DISTRICT, 11)):
        reports = DossierReport.objects.filter(agency__kind=kind, status="approved")
        assert sorted(set(reports.values_list("period", flat=True))) == ["2018-Q4", "2019-Q1", "2019-Q2"]
        assert reports.values("agency").distinct().count() == count


def test_seeding_twice_changes_nothing(demo):
    before = DossierRow.objects.count()
    call_command("seed_demo", verbosity=0)
    assert DossierRow.objects.count() == before
