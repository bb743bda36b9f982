""" "My reports": what each quarter asks of the unit, under a frozen clock."""

import datetime as dt

import time_machine
from django.urls import reverse

from dossiers import services
from dossiers.selectors import inbox
from periods.services import period_close
from tests.dossiers.conftest import row_values
from tests.factories import open_period

NOON = dt.timezone(dt.timedelta(hours=7))


def states(user):
    return {e.period.code: e.state for e in inbox(user=user)}


def test_each_quarter_says_what_it_asks(unit, people):
    sec = people["secretariat"]
    open_period("2019-Q2", by=sec)
    open_period("2019-Q3", by=sec)
    report = services.report_get_or_create(agency=unit, period="2019-Q2", by=people["staff"])
    fields = list(report.rows.values_list("field_id", flat=True))
    services.report_save(
        report_id=report.pk,
        values={f: row_values() for f in fields},
        expected_version=report.version,
        by=people["staff"],
    )
    services.report_submit(report_id=report.pk, by=people["head"])
    open_period("2019-Q1", by=sec)
    period_close(period="2019-Q1", by=sec)  # closed, and Sở Tư pháp never filed it
    with time_machine.travel(dt.datetime(2019, 9, 10, 12, tzinfo=NOON), tick=False):
        assert states(people["staff"]) == {
            "2019-Q3": "due",  # open, due 20/09/2019
            "2019-Q2": "submitted",
            "2019-Q1": "missing",
        }
    with time_machine.travel(dt.datetime(2019, 9, 21, 12, tzinfo=NOON), tick=False):
        assert states(people["staff"])["2019-Q3"] == "overdue"
    with time_machine.travel(dt.datetime(2019, 10, 2, 12, tzinfo=NOON), tick=False):
        assert states(people["staff"])["2019-Q4"] == "not_open"  # the current quarter, not opened yet


def test_a_merged_unit_has_nothing_due_after_it_closed(client, unit, people):
    unit.closed_on = dt.date(2025, 6, 30)
    unit.save()
    open_period("2019-Q3", by=people["secretariat"])
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, tzinfo=NOON), tick=False):
        codes = set(states(people["staff"]))
        assert "2019-Q3" in codes and "2026-Q4" not in codes
        client.force_login(people["staff"])
        page = client.get(reverse("dossiers:report-list")).content.decode()
    assert "Quý IV/2026" not in page
