"""periods.services: the standing office opens and closes quarters, and every edit asks
period_ensure_open() first, which says in words why a period is locked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from agencies.models import Role
from periods.models import PeriodEvent, PeriodEventKind, PeriodStatus, ReportingPeriod
from periods.period import Period
from periods.services import PeriodLocked, period_close, period_ensure_open, period_open

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OPENED_AT = datetime(2019, 7, 1, 8, 0, tzinfo=TZ)
CLOSED_AT = datetime(2019, 9, 20, 10, 0, tzinfo=TZ)
REOPENED_AT = datetime(2019, 9, 23, 14, 30, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _no_language_left_active():
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def so_noi_vu(db):
    from tests.factories import AgencyFactory

    return AgencyFactory(code="SNV", name="Sở Nội vụ tỉnh Thử nghiệm", short_name="Sở Nội vụ")


@pytest.fixture
def secretariat(make_user, so_noi_vu):
    return make_user(Role.SECRETARIAT, agency=so_noi_vu, first_name="Hoàng Thị", last_name="Lan")


@pytest.fixture
def other_secretariat(make_user, so_noi_vu):
    return make_user(Role.SECRETARIAT, agency=so_noi_vu, first_name="Vũ Đức", last_name="Minh")


def open_q3(by) -> ReportingPeriod:
    with time_machine.travel(OPENED_AT, tick=False):
        return period_open(period="2019-Q3", by=by)


def close_q3(by) -> ReportingPeriod:
    with time_machine.travel(CLOSED_AT, tick=False):
        return period_close(period="2019-Q3", by=by)


# --- opening -------------------------------------------------------------------------------------------


def test_the_secretariat_opens_a_quarter(secretariat):
    row = open_q3(secretariat)
    row.refresh_from_db()
    assert row.code == "2019-Q3"
    assert row.status == PeriodStatus.OPEN
    assert row.is_open
    assert row.opened_by == secretariat
    assert row.opened_at == OPENED_AT
    assert row.closed_at is None
    assert row.closed_by is None
    assert str(row) == "Quý III/2019"

    events = list(PeriodEvent.objects.filter(period=row))
    assert [(e.kind, e.by, e.at) for e in events] == [(PeriodEventKind.OPENED, secretariat, OPENED_AT)]


def test_a_period_object_or_a_label_may_be_given(secretariat):
    assert period_open(period=Period.quarter(2019, 3), by=secretariat).code == "2019-Q3"
    assert period_open(period="Quý IV/2019", by=secretariat).code == "2019-Q4"


def test_an_open_quarter_cannot_be_opened_again(secretariat, other_secretariat):
    open_q3(secretariat)
    with pytest.raises(ValueError, match="Quý III/2019"):
        period_open(period="2019-Q3", by=other_secretariat)
    row = ReportingPeriod.objects.get(code="2019-Q3")
    assert row.opened_by == secretariat
    assert row.events.count() == 1
    assert ReportingPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2019-H1", "6 tháng đầu năm 2019"),
        ("2019-9M", "9 tháng năm 2019"),
        ("2019", "Năm 2019"),
        ("2019-06", "Tháng 6/2019"),
    ],
)
def test_only_quarters_are_opened(secretariat, code, label):
    with pytest.raises(ValueError, match=label):
        period_open(period=code, by=secretariat)
    assert not ReportingPeriod.objects.exists()
    assert not PeriodEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.HEAD, Role.COMMITTEE, Role.ADMIN])
def test_only_the_secretariat_opens_and_closes(make_user, secretariat, role):
    someone = make_user(role)
    with pytest.raises(PermissionDenied):
        period_open(period="2019-Q3", by=someone)
    assert not ReportingPeriod.objects.exists()

    open_q3(secretariat)
    with pytest.raises(PermissionDenied):
        period_close(period="2019-Q3", by=someone)
    assert ReportingPeriod.objects.get(code="2019-Q3").is_open


def test_a_deactivated_secretariat_account_cannot_open(secretariat):
    secretariat.is_active = False
    secretariat.save()
    with pytest.raises(PermissionDenied):
        period_open(period="2019-Q3", by=secretariat)


# --- closing -------------------------------------------------------------------------------------------


def test_closing_records_who_and_when(secretariat, other_secretariat):
    open_q3(secretariat)
    row = close_q3(other_secretariat)
    row.refresh_from_db()
    assert row.status == PeriodStatus.CLOSED
    assert not row.is_open
    assert row.closed_by == other_secretariat
    assert row.closed_at == CLOSED_AT
    # Who opened it is kept.
    assert row.opened_by == secretariat
    assert row.opened_at == OPENED_AT

    kinds = [(e.kind, e.by) for e in row.events.all()]
    assert kinds == [(PeriodEventKind.OPENED, secretariat), (PeriodEventKind.CLOSED, other_secretariat)]
    assert row.events.last().at == CLOSED_AT


def test_a_closed_or_never_opened_quarter_cannot_be_closed(secretariat):
    with pytest.raises(ValueError, match="Quý III/2019"):
        period_close(period="2019-Q3", by=secretariat)
    assert not ReportingPeriod.objects.exists()

    open_q3(secretariat)
    close_q3(secretariat)
    with pytest.raises(ValueError, match="Quý III/2019"):
        period_close(period="2019-Q3", by=secretariat)
    row = ReportingPeriod.objects.get(code="2019-Q3")
    assert row.closed_at == CLOSED_AT
    assert row.events.count() == 2


# --- reopening -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(secretariat, reason):
    open_q3(secretariat)
    close_q3(secretariat)
    with pytest.raises(ValueError, match="Quý III/2019"):
        period_open(period="2019-Q3", by=secretariat, reason=reason)
    row = ReportingPeriod.objects.get(code="2019-Q3")
    assert row.status == PeriodStatus.CLOSED
    assert row.closed_at == CLOSED_AT
    assert row.events.count() == 2


def test_reopening_with_a_reason_is_recorded(secretariat, other_secretariat):
    open_q3(secretariat)
    close_q3(secretariat)
    reason = "Sở Tư pháp báo cáo thiếu số liệu hồ sơ tháng 9"
    with time_machine.travel(REOPENED_AT, tick=False):
        row = period_open(period="2019-Q3", by=other_secretariat, reason=reason)
    row.refresh_from_db()
    assert row.is_open
    assert row.opened_by == other_secretariat
    assert row.opened_at == REOPENED_AT
    assert row.closed_at is None
    assert row.closed_by is None

    events = list(row.events.all())
    assert [e.kind for e in events] == [PeriodEventKind.OPENED, PeriodEventKind.CLOSED, PeriodEventKind.REOPENED]
    reopened = events[-1]
    assert (reopened.by, reopened.at, reopened.reason) == (other_secretariat, REOPENED_AT, reason)
    # Units may enter data again.
    assert period_ensure_open("2019-Q3") == row


# --- the lock every edit checks ------------------------------------------------------------------------


def test_an_open_quarter_may_be_edited(secretariat):
    row = open_q3(secretariat)
    assert period_ensure_open("2019-Q3") == row
    assert period_ensure_open(Period.quarter(2019, 3)) == row


def test_a_closed_quarter_is_locked_and_the_message_says_when_and_by_whom(secretariat):
    open_q3(secretariat)
    close_q3(secretariat)

    with pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q3")
    message = excinfo.value.message
    assert str(excinfo.value) == message
    assert "Quý III/2019" in message
    # In Vietnam time and day-first, whatever the server's clock is in.
    assert "20/09/2019" in message
    assert "10:00" in message
    assert "Hoàng Thị Lan" in message

    with translation.override("en"), pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q3")
    assert "was closed on" in excinfo.value.message
    assert "20/09/2019" in excinfo.value.message


def test_the_lock_message_uses_vietnam_time_near_midnight(secretariat):
    open_q3(secretariat)
    # 23:30 on 13/09/2019 UTC is already 06:30 on the 14th in Hà Giang.
    with time_machine.travel(datetime(2019, 9, 13, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        period_close(period="2019-Q3", by=secretariat)
    with pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q3")
    assert "14/09/2019" in excinfo.value.message
    assert "06:30" in excinfo.value.message


def test_a_never_opened_quarter_is_locked_and_the_message_says_so(db):
    with pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q4")
    assert "Quý IV/2019" in excinfo.value.message

    with translation.override("en"), pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q4")
    assert "has not been opened" in excinfo.value.message
    assert "was closed" not in excinfo.value.message


def test_the_lock_is_per_quarter(secretariat):
    open_q3(secretariat)
    close_q3(secretariat)
    with time_machine.travel(CLOSED_AT, tick=False):
        period_open(period="2019-Q4", by=secretariat)
    assert period_ensure_open("2019-Q4").code == "2019-Q4"
    with pytest.raises(PeriodLocked):
        period_ensure_open("2019-Q3")


def test_only_quarters_are_checked(db):
    with pytest.raises(ValueError, match="6 tháng đầu năm 2019"):
        period_ensure_open("2019-H1")
